//! `POST /v1/cases/{id}/close`: a partner closes a case with what fixed the
//! car; the tenant's later diagnoses of similar cars learn from it (the same
//! rule as the shop's own closed cases, `shopbench_diagnosis::history`).

use axum::extract::{Path, State};
use axum::{Extension, Json};
use shopbench_app::fixes::cause_for_words;
use shopbench_wire::{CaseClosed, CloseCaseRequest};

use crate::api::St;
use crate::db::fixes::{self, Fix};
use crate::db::{cases, tenants::Tenant};
use crate::problem::ProblemDoc;
use crate::problem::{ApiError, ApiJson};
use crate::util::rfc3339;

/// The longest words or parts list kept.
const MAX_TEXT: usize = 500;

/// The request's fields checked one by one, each refusal naming its field.
fn check(req: &CloseCaseRequest) -> Result<(), ApiError> {
    let bad = |field: &str, why: &str| Err(ApiError::InvalidRequest(format!("{field}: {why}")));
    let words = req.fixed_by.trim().chars().count();
    if words == 0 || words > MAX_TEXT {
        return bad("fixed_by", "say what fixed the car, in 1 to 500 characters");
    }
    if req
        .parts
        .as_deref()
        .is_some_and(|p| p.chars().count() > MAX_TEXT)
    {
        return bad("parts", "at most 500 characters");
    }
    if req.labor_hours.is_some_and(|h| !(0.0..=500.0).contains(&h)) {
        return bad("labor_hours", "between 0 and 500 hours");
    }
    if req
        .cost_cents
        .is_some_and(|c| !(0..=100_000_000).contains(&c))
    {
        return bad("cost_cents", "between 0 and 100000000 cents");
    }
    Ok(())
}

#[utoipa::path(
    post,
    path = "/v1/cases/{id}/close",
    tag = "diagnosis",
    params(("id" = String, Path, description = "Case id")),
    request_body(content = CloseCaseRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Closed (again): the fix and the cause it counts for", body = CaseClosed),
        (status = 400, description = "Invalid body or field, or a cause the diagnosis does not know", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such case for this key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `POST /v1/cases/{id}/close`: keep what fixed the car (free); the tenant's
/// later diagnoses of similar cars count it, citing this case.
pub(crate) async fn close_case(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CloseCaseRequest>,
) -> Result<Json<CaseClosed>, ApiError> {
    check(&req)?;
    let cause = match req
        .cause
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) if st.kb.cause(c).is_none() => {
            return Err(ApiError::InvalidRequest(format!(
                "cause: '{c}' is not a cause the diagnosis knows (use an id a diagnosis names)"
            )))
        }
        Some(c) => Some(c.to_string()),
        None => cause_for_words(st.kb, &req.fixed_by),
    };
    let fixed_by = req.fixed_by.trim().to_string();
    let fix = Fix {
        fixed_by: &fixed_by,
        cause_id: cause.as_deref(),
        parts: req.parts.as_deref().unwrap_or_default().trim(),
        labor_hours: req.labor_hours,
        cost_cents: req.cost_cents,
    };
    let closed = st.db.tx(|tx| {
        if cases::case(tx, &id, &t.partner_id, t.mode)?.is_none() {
            return Err(ApiError::NotFound(format!("no case '{id}' for this key")));
        }
        Ok(fixes::close(tx, &id, &t.partner_id, t.mode, &fix)?)
    })?;
    Ok(Json(CaseClosed {
        case_id: id,
        object: "case_fix".into(),
        fixed_by,
        cause,
        closed_at: rfc3339(closed),
    }))
}
