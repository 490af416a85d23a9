//! Every HTTP error in one place: [`ApiError`] renders RFC 9457
//! `application/problem+json`; the conventions middleware adds the request id
//! and turns any other error response (framework rejections, 404/405) into a
//! problem too.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// The problem document (RFC 9457), with extension members flattened in.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Stable problem type URI, `urn:shopbench:problem:<slug>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short, stable summary of the type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What happened in this occurrence and what to do.
    pub detail: String,
    /// The request id (also in the `X-Request-ID` header).
    pub request_id: Option<String>,
    /// Type-specific members (`balance`, `reset_at`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The media type of problems.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An API error: each variant is one stable problem type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ApiError {
    /// 400: a parameter or field is invalid.
    InvalidRequest(String),
    /// 400: the body is not the JSON we expect.
    InvalidJson(String),
    /// 401: no, malformed, unknown or revoked key.
    Unauthorized(String),
    /// 402: the credit balance does not cover the price.
    InsufficientCredits {
        /// Current balance.
        balance: i64,
        /// The price of the call.
        price: i64,
    },
    /// 403: the engine asked for is not in the key's plan.
    EngineNotAvailable(String),
    /// 404: no such object for this key (including other tenants' objects).
    NotFound(String),
    /// 409: the first request with this Idempotency-Key is still running.
    IdempotencyInFlight,
    /// 409: the object's current state forbids the change (a photo damage areas
    /// were marked on, an estimate the detector is still reading).
    Conflict(String),
    /// 405: the route does not answer this method (`HEAD` on a keyed route).
    MethodNotAllowed {
        /// The methods it does answer, sent as the `Allow` header.
        allow: String,
        /// What to do instead.
        detail: String,
    },
    /// 413: body too large.
    PayloadTooLarge(String),
    /// 415: not JSON.
    UnsupportedMediaType(String),
    /// 422: the Idempotency-Key was already used with a different request.
    IdempotencyMismatch,
    /// 429: a rate limit is exhausted.
    RateLimited {
        /// Which window.
        scope: &'static str,
        /// Its limit.
        limit: u32,
        /// Seconds until a request will be accepted.
        retry_after: u64,
        /// Unix seconds of the window reset.
        reset_unix: i64,
    },
    /// 408: the body did not arrive in time.
    RequestTimeout(String),
    /// 422: the input is well-formed but cannot be answered (e.g. an undecodable VIN).
    Unprocessable(String),
    /// 422: a case with nothing to diagnose (the engine's `no_evidence`), refused uncharged.
    NoEvidence(String),
    /// 503: a data set the endpoint needs is not installed.
    Unavailable(String),
    /// 503: every CPU slot is taken; come back after `retry_after` seconds.
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 500: our fault; the detail is logged, never sent.
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::*;
        match self {
            InvalidRequest(_) => (
                StatusCode::BAD_REQUEST,
                "invalid-request",
                "Invalid request",
            ),
            InvalidJson(_) => (StatusCode::BAD_REQUEST, "invalid-json", "Invalid JSON body"),
            Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            EngineNotAvailable(_) => (
                StatusCode::FORBIDDEN,
                "engine-not-available",
                "Engine not available",
            ),
            InsufficientCredits { .. } => (
                StatusCode::PAYMENT_REQUIRED,
                "insufficient-credits",
                "Insufficient credits",
            ),
            NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            IdempotencyInFlight => (
                StatusCode::CONFLICT,
                "idempotency-key-in-use",
                "Idempotency key in use",
            ),
            Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            MethodNotAllowed { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
            ),
            UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            IdempotencyMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            ),
            RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Rate limit exceeded",
            ),
            RequestTimeout(_) => (
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Request timeout",
            ),
            Unprocessable(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                "Cannot be processed",
            ),
            NoEvidence(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "no-evidence",
                "Nothing to diagnose",
            ),
            Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy", "Server busy"),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
            ),
        }
    }

    /// The problem document for this error (without a request id yet).
    pub fn problem(&self) -> Problem {
        let (status, slug, title) = self.parts();
        let mut extra = Map::new();
        let detail = match self {
            ApiError::InvalidRequest(d)
            | ApiError::InvalidJson(d)
            | ApiError::Unauthorized(d)
            | ApiError::EngineNotAvailable(d)
            | ApiError::NotFound(d)
            | ApiError::Conflict(d)
            | ApiError::PayloadTooLarge(d)
            | ApiError::UnsupportedMediaType(d)
            | ApiError::RequestTimeout(d)
            | ApiError::Unprocessable(d)
            | ApiError::NoEvidence(d)
            | ApiError::Unavailable(d)
            | ApiError::MethodNotAllowed { detail: d, .. } => d.clone(),
            ApiError::InsufficientCredits { balance, price } => {
                extra.insert("balance".into(), (*balance).into());
                extra.insert("price".into(), (*price).into());
                format!(
                    "this call costs {price} credits and the balance is {balance}; nothing was charged — top up and retry"
                )
            }
            ApiError::Busy { retry_after } => format!(
                "every slot for heavy work is taken; nothing was charged — retry in {retry_after} s"
            ),
            ApiError::IdempotencyInFlight => {
                "a request with this Idempotency-Key is still being processed; retry after it finishes".into()
            }
            ApiError::IdempotencyMismatch => {
                "this Idempotency-Key was already used with a different request (method, path or body); use a new key for a new request".into()
            }
            ApiError::RateLimited {
                scope,
                limit,
                retry_after,
                reset_unix,
            } => {
                extra.insert("limit_scope".into(), (*scope).into());
                extra.insert("limit".into(), (*limit).into());
                extra.insert("retry_after".into(), (*retry_after).into());
                extra.insert(
                    "reset_at".into(),
                    crate::util::rfc3339(reset_unix * 1000).into(),
                );
                format!("the {scope} limit of {limit} requests is exhausted; retry after {retry_after} s")
            }
            ApiError::Internal(_) => {
                "the server failed to handle this request; retry, and quote the request_id if it persists".into()
            }
        };
        Problem {
            type_: format!("urn:shopbench:problem:{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: clipped(detail),
            request_id: None,
            extra,
        }
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        if e.is_overload() {
            // Logged like a fault (an operator wants to see it), answered
            // like a full queue: the client retries, nothing was done.
            eprintln!("shopbench-server: database overloaded: {e}");
            return ApiError::Busy { retry_after: 1 };
        }
        if let crate::Error::NulInText = e {
            return ApiError::InvalidRequest(e.to_string());
        }
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            eprintln!("shopbench-server: internal error: {detail}");
        }
        let problem = self.problem();
        let mut resp = problem_response(&problem);
        if let ApiError::RateLimited {
            retry_after,
            limit,
            reset_unix,
            ..
        } = self
        {
            // The window that refused: its limit, nothing left, when it frees.
            let h = resp.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            h.insert("x-ratelimit-limit", HeaderValue::from(limit));
            h.insert("x-ratelimit-remaining", HeaderValue::from(0u32));
            h.insert("x-ratelimit-reset", HeaderValue::from(reset_unix));
        }
        if let ApiError::MethodNotAllowed { allow, .. } = &self {
            if let Ok(v) = HeaderValue::from_str(allow) {
                resp.headers_mut().insert(header::ALLOW, v);
            }
        }
        if let ApiError::Busy { retry_after } = self {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let ApiError::IdempotencyInFlight = self {
            // The first request is still running: a client's retry loop needs a pause to wait.
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(1u32));
        }
        if let ApiError::Unauthorized(_) = self {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp.extensions_mut().insert(problem);
        resp
    }
}

/// The most of a detail a problem carries. serde quotes the input it could
/// not read: a 100 KB value must not come back as a 100 KB answer.
const DETAIL_MAX_CHARS: usize = 1_000;

/// `detail` cut to [`DETAIL_MAX_CHARS`], an ellipsis marking the cut.
fn clipped(detail: String) -> String {
    if detail.chars().count() <= DETAIL_MAX_CHARS {
        return detail;
    }
    let mut cut: String = detail.chars().take(DETAIL_MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Renders a problem as a response.
pub(crate) fn problem_response(p: &Problem) -> Response {
    let body = serde_json::to_vec(p).expect("a problem serializes");
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() =
        StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    resp
}

/// A problem for an error response some other layer produced (framework
/// rejections, unknown routes, wrong methods); `text` is its plain body.
pub(crate) fn generic_problem(status: StatusCode, text: &str) -> Problem {
    let (slug, title) = match status.as_u16() {
        400 => ("invalid-request", "Invalid request"),
        404 => ("not-found", "Not found"),
        405 => ("method-not-allowed", "Method not allowed"),
        408 => ("request-timeout", "Request timeout"),
        413 => ("payload-too-large", "Payload too large"),
        415 => ("unsupported-media-type", "Unsupported media type"),
        422 => ("invalid-request", "Invalid request"),
        s if s >= 500 => ("internal", "Internal server error"),
        _ => ("http-error", "HTTP error"),
    };
    let detail = if status.is_server_error() || text.trim().is_empty() {
        match status.as_u16() {
            404 => "no such endpoint; see /openapi.json for the API".to_string(),
            405 => "this endpoint does not accept this method".to_string(),
            s if s >= 500 => "the server failed to handle this request; retry, and quote the request_id if it persists".to_string(),
            _ => status.canonical_reason().unwrap_or("error").to_string(),
        }
    } else {
        text.trim().chars().take(500).collect()
    };
    Problem {
        type_: format!("urn:shopbench:problem:{slug}"),
        title: title.into(),
        status: status.as_u16(),
        detail,
        request_id: None,
        extra: Map::new(),
    }
}

/// A JSON body extractor whose rejection is an [`ApiError`]: wrong media
/// type → 415, too large → 413, malformed or mistyped → 400 with serde's
/// message (field and position).
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let value = json_value(req, state).await?;
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| ApiError::InvalidJson(e.to_string()))
    }
}

/// The request's `Content-Type` as sent, and its lower-case essence (no parameters).
pub(crate) fn content_type(req: &Request) -> (String, String) {
    content_type_of(req.headers())
}

/// [`content_type`] from the headers alone (the idempotency fingerprint has
/// the request's parts, not the request).
pub(crate) fn content_type_of(headers: &axum::http::HeaderMap) -> (String, String) {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (ct, essence)
}

/// Whether a media type essence is JSON (`application/json` or `…+json`).
pub(crate) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// Reads a JSON body as a [`Value`] with the same rejections as [`ApiJson`].
pub(crate) async fn json_value<S: Send + Sync>(
    req: Request,
    _state: &S,
) -> Result<Value, ApiError> {
    let (_, essence) = content_type(&req);
    if !is_json(&essence) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "send the body as JSON with `Content-Type: application/json` (got '{}')",
            if essence.is_empty() { "none" } else { &essence }
        )));
    }
    let limit = req
        .extensions()
        .get::<BodyLimit>()
        .copied()
        .unwrap_or(BodyLimit::new(1 << 20));
    let bytes = read_body(req.into_body(), limit).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::InvalidJson(format!("body is not valid JSON: {e}")))
}

/// The body rules in force, put in request extensions by the router: at
/// most `bytes`, no pause between chunks longer than `stall`, all of it
/// within `total`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit {
    pub bytes: usize,
    pub stall: std::time::Duration,
    pub total: std::time::Duration,
}

impl BodyLimit {
    /// `bytes` with the default timeouts.
    pub fn new(bytes: usize) -> BodyLimit {
        let t = crate::Timeouts::default();
        BodyLimit {
            bytes,
            stall: t.body_stall,
            total: t.body_total,
        }
    }
}

/// Reads a body of at most `rules.bytes` bytes, arriving at a pace (see [`BodyLimit`]). A larger one is a 413, but it is
/// drained first (up to 8 × the limit) so the client reads our answer rather
/// than a reset connection.
pub(crate) async fn read_body(body: Body, rules: BodyLimit) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    let limit = rules.bytes;
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let mut total = 0usize;
    let deadline = tokio::time::Instant::now() + rules.total;
    let slow = || {
        ApiError::RequestTimeout(format!(
            "the body stopped arriving (no data for {} s, or not all of it within {} s) — send it whole",
            rules.stall.as_secs(),
            rules.total.as_secs()
        ))
    };
    loop {
        let wait = rules
            .stall
            .min(deadline.saturating_duration_since(tokio::time::Instant::now()));
        let Ok(next) = tokio::time::timeout(wait, stream.next()).await else {
            return Err(slow());
        };
        let Some(chunk) = next else { break };
        let chunk =
            chunk.map_err(|e| ApiError::InvalidRequest(format!("cannot read the body: {e}")))?;
        total += chunk.len();
        if total <= limit {
            buf.extend_from_slice(&chunk);
        } else if total > limit.saturating_mul(8) {
            break;
        }
    }
    if total > limit {
        return Err(ApiError::PayloadTooLarge(format!(
            "the body is larger than the limit of {limit} bytes"
        )));
    }
    Ok(Bytes::from(buf))
}

/// An RFC 9457 problem (`application/problem+json`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct ProblemDoc {
    /// Stable type URI, `urn:shopbench:problem:<slug>`.
    #[schema(rename = "type")]
    type_: String,
    /// Short summary of the type.
    title: String,
    /// HTTP status.
    status: u16,
    /// What happened and what to do.
    detail: String,
    /// The request id, also in `X-Request-ID`.
    request_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regression_a_huge_value_came_back_whole_in_the_problem_detail() {
        let echoed = format!(
            "unknown variant `{}`, expected one of …",
            "x".repeat(100_000)
        );
        let p = ApiError::InvalidJson(echoed).problem();
        assert_eq!(p.detail.chars().count(), DETAIL_MAX_CHARS);
        assert!(p.detail.ends_with('…'));
        let short = ApiError::InvalidJson("missing field `case_id`".into()).problem();
        assert_eq!(short.detail, "missing field `case_id`");
    }

    #[test]
    fn regression_a_409_in_flight_said_retry_but_not_when() {
        let resp = ApiError::IdempotencyInFlight.into_response();
        assert_eq!(resp.status(), 409);
        assert_eq!(resp.headers()[header::RETRY_AFTER], "1");
    }

    /// Regression (CI, too many clients): three servers' pools on a busy
    /// PostgreSQL answered `500`; an overloaded database is a `503` to retry.
    #[test]
    fn an_exhausted_database_pool_is_a_503_with_retry_after_not_a_500() {
        let resp = ApiError::from(crate::Error::PoolExhausted(16)).into_response();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(resp.headers()[header::RETRY_AFTER], "1");
        let opening = crate::Error::Open {
            target: "postgres://db".into(),
            reason: Box::new(crate::Error::PoolExhausted(16)),
        };
        assert_eq!(ApiError::from(opening).problem().status, 503);
        let fault = crate::Error::InvalidMode("x".into());
        assert_eq!(ApiError::from(fault).problem().status, 500);
    }
}
