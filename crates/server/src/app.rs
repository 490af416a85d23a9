//! The router and the middleware every request passes through.
//!
//! Outermost first: `conventions` (request id, problem+json for every error,
//! panics → 500 problem), then for the keyed routes: `no_head` (`HEAD` →
//! 405, never billed), `gate` (key → tenant, rate limits and their headers,
//! `Idempotency-Key` on POST), then the handler.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::FutureExt;

use crate::db::{idempotency, tenants};
use crate::fingerprint::fingerprint;
use crate::problem::{
    generic_problem, problem_response, read_body, ApiError, BodyLimit, Problem, PROBLEM_JSON,
};
use crate::ratelimit::{self, Budget};
use crate::tables::{self, PLANS};
use crate::util::{new_id, now_ms};
use crate::{estimates, AppState};

pub use crate::billing::RequestId;

/// The routes of [`crate::openapi`]'s table: the keyed ones behind [`gate`].
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let (keyed, _) = crate::openapi::keyed().split_for_parts();
    let (public, _) = crate::openapi::public().split_for_parts();
    Router::new()
        .merge(public)
        .merge(
            keyed
                .route_layer(from_fn_with_state(state.clone(), gate))
                .route_layer(from_fn(no_head)),
        )
        .fallback(|| async {
            ApiError::NotFound(
                "no such endpoint; see /discovery or /openapi.json for the API".into(),
            )
        })
        .layer(DefaultBodyLimit::max(state.cfg.max_body_bytes))
        .layer(from_fn(conventions))
        .with_state(state)
}

/// Request id on every response; every error response is a problem with it.
async fn conventions(mut req: Request, next: Next) -> Response {
    let id = RequestId(new_id("req"));
    req.extensions_mut().insert(id.clone());
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let resp = match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(resp) => resp,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            ApiError::Internal(format!("panic in {method} {path}: {what}")).into_response()
        }
    };
    let mut resp = if resp.status().is_client_error() || resp.status().is_server_error() {
        as_problem(resp, &id).await
    } else {
        resp
    };
    if resp.status().is_server_error() {
        eprintln!(
            "shopbench-server: {} {method} {path} [{}]",
            resp.status().as_u16(),
            id.0
        );
    }
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

async fn as_problem(resp: Response, id: &RequestId) -> Response {
    let status = resp.status();
    let own = resp.extensions().get::<Problem>().cloned();
    let (mut parts, body) = resp.into_parts();
    let mut problem = match own {
        Some(p) => p,
        None => {
            let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
            generic_problem(status, &String::from_utf8_lossy(&text))
        }
    };
    problem.request_id = Some(id.0.clone());
    let fresh = problem_response(&problem);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    Response::from_parts(parts, fresh.into_body())
}

/// `HEAD` on a keyed route: `405` with `Allow`, before the key gate.
/// axum answers `HEAD` on every GET route by running the GET handler and
/// dropping the body, so a `HEAD` on a paid route was charged (25 credits on
/// `/v1/known-issues`) for an answer nobody could read. Every keyed route
/// refuses it — free ones too, so that no route added later can be billed
/// for it — while the keyless routes (`/health`, the discovery documents,
/// the samples), which cost nothing, still answer it.
async fn no_head(req: Request, next: Next) -> Response {
    if req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let allow = path.map(allowed_methods).unwrap_or_default();
    let allow = if allow.is_empty() {
        "GET".to_string()
    } else {
        allow
    };
    ApiError::MethodNotAllowed {
        detail: format!(
            "HEAD is not answered on keyed routes (it would run, and bill, the request without its answer); send {allow}"
        ),
        allow,
    }
    .into_response()
}

/// The methods the route table documents for `path` (`GET`, `POST`, …).
fn allowed_methods(path: &str) -> String {
    let doc = crate::openapi::document();
    crate::discovery::operations(doc)
        .into_iter()
        .filter(|(_, p, _)| *p == path)
        .map(|(m, _, _)| m)
        .collect::<Vec<_>>()
        .join(", ")
}

fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::Unauthorized(
            "missing Authorization header: send `Authorization: Bearer sk_test_…` or `sk_live_…`"
                .into(),
        )
    })?;
    // The auth scheme is case-insensitive (RFC 9110 §11.1): `BEARER k` is `Bearer k`.
    value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .ok_or_else(|| {
            ApiError::Unauthorized("the Authorization header must be `Bearer <key>`".into())
        })
}

fn rate_headers(headers: &mut HeaderMap, b: &Budget) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(b.per_minute));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(b.remaining()));
    headers.insert("x-ratelimit-reset", HeaderValue::from(b.reset));
}

/// Authentication, rate limiting and idempotency for `/v1`.
async fn gate(
    State(st): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let key = bearer(req.headers())?;
    let tenant = st
        .db
        .run(|c| tenants::authenticate(c, key))?
        .ok_or_else(|| ApiError::Unauthorized("unknown or revoked API key".into()))?;
    let plan = tables::plan(&tenant.plan).unwrap_or(PLANS[0]);
    let caller = ratelimit::Caller {
        key_id: &tenant.key_id,
        partner_id: &tenant.partner_id,
        mode: tenant.mode,
        plan,
    };
    let budget = st.limiter.check(&st.db, caller, now_ms())?;
    req.extensions_mut().insert(tenant.clone());
    // Estimates carry up to five 10 MB photos in base64; every other body is small.
    let body_limit = if req.method() == Method::POST && req.uri().path() == "/v1/estimates" {
        estimates::MAX_ESTIMATE_BODY_BYTES.max(st.cfg.max_body_bytes)
    } else {
        st.cfg.max_body_bytes
    };
    let body_limit = BodyLimit {
        bytes: body_limit,
        stall: st.cfg.timeouts.body_stall,
        total: st.cfg.timeouts.body_total,
    };
    req.extensions_mut().insert(body_limit);
    req.extensions_mut().insert(budget);
    let mut resp = match single_valued_query(&req) {
        Err(e) => e.into_response(),
        Ok(()) => idempotent_or_not(&st, &tenant, body_limit, req, next)
            .await
            .unwrap_or_else(IntoResponse::into_response),
    };
    rate_headers(resp.headers_mut(), &budget);
    Ok(resp)
}

/// Refuses a query parameter given more than once (`price=25000&…&price=1`):
/// no route takes a list, and "the last one wins" charged a request the
/// partner did not mean.
fn single_valued_query(req: &Request) -> Result<(), ApiError> {
    let Some(q) = req.uri().query() else {
        return Ok(());
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q).unwrap_or_default();
    let mut seen: Vec<&str> = Vec::new();
    for (name, _) in &pairs {
        if seen.contains(&name.as_str()) {
            return Err(ApiError::InvalidRequest(format!(
                "query parameter '{name}' given more than once — give it once"
            )));
        }
        seen.push(name);
    }
    Ok(())
}

/// Runs the request, through the idempotency store when it carries a key.
async fn idempotent_or_not(
    st: &AppState,
    tenant: &tenants::Tenant,
    body_limit: BodyLimit,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let idem_key = match req.headers().get("idempotency-key") {
        Some(v) if req.method() == Method::POST => {
            let k = v.to_str().map_err(|_| {
                ApiError::InvalidRequest("Idempotency-Key must be visible ASCII".into())
            })?;
            if k.is_empty() || k.len() > 255 {
                return Err(ApiError::InvalidRequest(
                    "Idempotency-Key must be 1 to 255 characters (a UUID is a good choice)".into(),
                ));
            }
            Some(k.to_string())
        }
        _ => None,
    };
    match idem_key {
        Some(k) => idempotent(st, tenant, &k, body_limit, req, next).await,
        None => Ok(next.run(req).await),
    }
}

/// Runs a request carrying an `Idempotency-Key` once: the first answer
/// that succeeds is kept and replayed for the same key and request (method,
/// URI and body content, see [`crate::fingerprint`]); the same key with
/// another request, or while the first is still running, is refused.
async fn idempotent(
    st: &AppState,
    tenant: &tenants::Tenant,
    key: &str,
    body_limit: BodyLimit,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let bytes = read_body(body, body_limit).await?;
    let fingerprint = fingerprint_off_thread(&parts, &bytes).await?;
    let begun = st
        .db
        .tx(|tx| idempotency::begin(tx, &tenant.partner_id, tenant.mode, key, &fingerprint))?;
    match begun {
        idempotency::Begin::Mismatch => Err(ApiError::IdempotencyMismatch),
        idempotency::Begin::InFlight => Err(ApiError::IdempotencyInFlight),
        idempotency::Begin::Replay {
            status,
            content_type,
            location,
            body,
        } => Ok(replayed(status, content_type, location, body)),
        idempotency::Begin::Fresh => {
            let resp = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            if resp.status().is_success() {
                return kept(st, tenant, key, resp).await;
            }
            st.db
                .run(|c| idempotency::release(c, &tenant.partner_id, tenant.mode, key))?;
            Ok(resp)
        }
    }
}

/// [`fingerprint`] on a blocking thread: parsing a 70 MB estimate body
/// should not hold up the async threads that answer everyone else.
async fn fingerprint_off_thread(
    parts: &axum::http::request::Parts,
    body: &bytes::Bytes,
) -> Result<Vec<u8>, ApiError> {
    let (method, uri, headers) = (
        parts.method.clone(),
        parts.uri.clone(),
        parts.headers.clone(),
    );
    let body = body.clone();
    tokio::task::spawn_blocking(move || fingerprint(&method, &uri, &headers, &body))
        .await
        .map_err(|e| ApiError::Internal(format!("fingerprinting the request: {e}")))
}

/// A kept answer sent again, marked `Idempotent-Replayed: true`.
fn replayed(
    status: u16,
    content_type: Option<String>,
    location: Option<String>,
    body: Vec<u8>,
) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::LOCATION, location),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            resp.headers_mut().insert(name, v);
        }
    }
    resp.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    resp
}

/// Keeps a successful answer (status, content type, location, body) under
/// the key, then sends it.
async fn kept(
    st: &AppState,
    tenant: &tenants::Tenant,
    key: &str,
    resp: Response,
) -> Result<Response, ApiError> {
    let (parts, body) = resp.into_parts();
    let body = to_bytes(body, usize::MAX)
        .await
        .map_err(|e| ApiError::Internal(format!("reading our own response: {e}")))?;
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(String::from)
    };
    let headers = idempotency::Headers {
        content_type: header(header::CONTENT_TYPE),
        location: header(header::LOCATION),
    };
    let status = parts.status.as_u16();
    st.db.run(|c| {
        idempotency::store(
            c,
            &tenant.partner_id,
            tenant.mode,
            key,
            status,
            &headers,
            &body,
        )
    })?;
    Ok(Response::from_parts(parts, Body::from(body)))
}
