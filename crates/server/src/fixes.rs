//! `POST /v1/cases/{id}/close`: a partner closes a case with what fixed the
//! car; the tenant's later diagnoses of similar cars learn from it (the same
//! rule as the shop's own closed cases, `shopbench_diagnosis::history`).

use axum::extract::{Path, State};
use axum::{Extension, Json};
use shopbench_app::fixes::{close_again, fix_in_words, settle_fix, CaseFix};
use shopbench_app::AppError;
use shopbench_wire::{CaseClosed, CloseCaseRequest};

use crate::api::St;
use crate::db::fixes::{self, Fix};
use crate::db::{cases, tenants::Tenant};
use crate::problem::ProblemDoc;
use crate::problem::{ApiError, ApiJson};
use crate::util::rfc3339;

/// The request as the shop's workflow reads a fix, checked and its cause
/// settled there (`shopbench_app::fixes::settle_fix`: the same limits as the
/// CLI and the desktop); a refusal names the request's field.
fn settled(
    kb: &shopbench_diagnosis::Knowledge,
    req: &CloseCaseRequest,
) -> Result<CaseFix, ApiError> {
    let cost_cents = match req.cost_cents {
        Some(c) => Some(u64::try_from(c).map_err(|_| {
            ApiError::InvalidRequest("cost_cents: between 0 and 100000000 cents".into())
        })?),
        None => None,
    };
    let given = CaseFix {
        cause_id: req.cause.clone(),
        parts: req.parts.clone().unwrap_or_default(),
        labor_hours: req.labor_hours,
        cost_cents,
        ..fix_in_words(&req.fixed_by)
    };
    settle_fix(kb, &given).map_err(|e| match e {
        AppError::Invalid { field, reason } => {
            let field = match field.as_str() {
                "hours" => "labor_hours",
                "cost" => "cost_cents",
                other => other,
            };
            ApiError::InvalidRequest(format!("{field}: {reason}"))
        }
        other => ApiError::Internal(other.to_string()),
    })
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
    )
)]
/// `POST /v1/cases/{id}/close`: keep what fixed the car (free); the tenant's
/// later diagnoses of similar cars count it, citing this case.
pub(crate) async fn close_case(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CloseCaseRequest>,
) -> Result<Json<CaseClosed>, ApiError> {
    let fix = settled(st.kb, &req)?;
    let (closed, cause) = st.db.tx(|tx| {
        if cases::case(tx, &id, &t.partner_id, t.mode)?.is_none() {
            return Err(ApiError::NotFound(format!("no case '{id}' for this key")));
        }
        // Closing again keeps what the new close does not give (as the CLI
        // and the desktop do: shopbench_app::fixes::close_again).
        let before = fixes::earlier(tx, &id, &t.partner_id, t.mode)?;
        let fix = close_again(before.as_ref(), fix.clone());
        let row = Fix {
            fixed_by: &fix.fixed_by,
            cause_id: fix.cause_id.as_deref(),
            parts: &fix.parts,
            labor_hours: fix.labor_hours,
            cost_cents: fix.cost_cents.map(|c| c as i64),
        };
        Ok((
            fixes::close(tx, &id, &t.partner_id, t.mode, &row)?,
            fix.cause_id,
        ))
    })?;
    Ok(Json(CaseClosed {
        case_id: id,
        object: "case_fix".into(),
        fixed_by: fix.fixed_by,
        cause,
        closed_at: rfc3339(closed),
    }))
}
