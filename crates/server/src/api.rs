//! Handlers: thin adapters from HTTP to the engines and the tables.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{Map, Value};
use shopbench_diagnosis::CaseInput;
use shopbench_wire::{
    Account, CaseCreated, DeliveryList, DiagnoseRequest, DiagnosisAccepted, DiagnosisError,
    DiagnosisStatus, EngineInfo, Health, Price, RateLimits, StoredCase, Usage,
};

use crate::billing::{charge_in, RequestId};
use crate::chat::engine_runs;
use crate::db::{cases, deliveries, jobs, ledger, tenants::Tenant};
use crate::problem::ProblemDoc;
use crate::problem::{json_value, ApiError, ApiJson};
use crate::ratelimit::Budget;
use crate::tables::{self, price, PRICES};
use crate::util::{month_start_ms, new_id, now_ms, rfc3339};
use crate::AppState;

pub(crate) type St = State<Arc<AppState>>;

#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses(
        (status = 200, description = "Alive", body = Health)
    )
)]
/// `GET /health`: liveness, no key needed.
pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        ok: true,
        service: "shopbench".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        ts: rfc3339(now_ms()),
    })
}

#[utoipa::path(
    get,
    path = "/v1/account",
    tag = "account",
    responses(
        (status = 200, description = "Plan, credit balance, usage and rate-limit budget", body = Account),
    )
)]
/// `GET /v1/account`: plan, balance, usage this month, rate-limit budget, prices.
pub(crate) async fn account(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(budget): Extension<Budget>,
) -> Result<Json<Account>, ApiError> {
    let since = month_start_ms(now_ms());
    let (balance, (calls, spent)) = st.db.run(|c| {
        Ok::<_, crate::Error>((
            ledger::balance(c, &t.partner_id, t.mode)?,
            ledger::usage_since(c, &t.partner_id, t.mode, since)?,
        ))
    })?;
    let plan = tables::plan(&t.plan).unwrap_or(tables::PLANS[0]);
    Ok(Json(Account {
        partner_id: t.partner_id,
        partner: t.partner_name,
        mode: t.mode,
        key_id: t.key_id,
        plan: plan.id.into(),
        plan_name: plan.name.into(),
        credit_balance: balance,
        usage: Usage {
            period_start: rfc3339(since),
            billable_calls: calls,
            credits_spent: spent,
        },
        rate_limits: RateLimits {
            per_minute: budget.per_minute,
            per_hour: budget.per_hour,
            per_day: budget.per_day,
            remaining_minute: budget.remaining_minute,
            remaining_hour: budget.remaining_hour,
            remaining_day: budget.remaining_day,
            reset_at: rfc3339(budget.reset * 1000),
        },
        prices: PRICES
            .iter()
            .map(|p| Price {
                operation: p.operation.into(),
                endpoint: p.endpoint.into(),
                credits: p.credits,
            })
            .collect(),
        default_engine: tables::CHAT_ENGINES[0].id.into(),
        engines_available: tables::CHAT_ENGINES
            .iter()
            .filter(|e| tables::plan_allows(plan.id, e) && engine_runs(&st.cfg.assistant, e))
            .map(|e| e.id.into())
            .collect(),
        engines: tables::CHAT_ENGINES
            .iter()
            .map(|e| EngineInfo {
                id: e.id.into(),
                multiplier: e.multiplier_tenths as f64 / 10.0,
                minimum_plan: e.minimum_plan.into(),
                available: engine_runs(&st.cfg.assistant, e),
                use_case: e.use_case.into(),
            })
            .collect(),
    }))
}

/// Top-level and `vehicle` fields a case may carry (from the engine's own
/// serialization, so they cannot drift from `CaseInput`).
fn check_case_fields(v: &Value) -> Result<(), ApiError> {
    let Value::Object(obj) = v else {
        return Err(ApiError::InvalidJson("a case is a JSON object".into()));
    };
    let known = serde_json::to_value(CaseInput::default()).expect("CaseInput serializes");
    let known = known.as_object().expect("CaseInput is an object");
    unknown_fields(obj, known, "")?;
    if let (Some(Value::Object(vehicle)), Some(Value::Object(kv))) =
        (obj.get("vehicle"), known.get("vehicle"))
    {
        unknown_fields(vehicle, kv, "vehicle.")?;
    }
    Ok(())
}

fn unknown_fields(
    obj: &Map<String, Value>,
    known: &Map<String, Value>,
    at: &str,
) -> Result<(), ApiError> {
    if let Some(k) = obj.keys().find(|k| !known.contains_key(*k)) {
        let mut names: Vec<&str> = known.keys().map(String::as_str).collect();
        names.sort_unstable();
        return Err(ApiError::InvalidJson(format!(
            "unknown field `{at}{k}`; expected one of: {}",
            names.join(", ")
        )));
    }
    Ok(())
}

#[utoipa::path(
    post,
    path = "/v1/cases",
    tag = "diagnosis",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(content = crate::limits::CaseRequestDoc, description = "The case: vehicle, mileage, complaint, symptoms, findings, dtcs, freeze_frame, readings, test_results (each within the limits table)", content_type = "application/json"),
    responses(
        (status = 201, description = "Case created", body = CaseCreated),
        (status = 400, description = "Invalid JSON, unknown field, a field over its limit, or a trouble code that is not one (named: `dtcs[2]: '' is not a trouble code`); nothing is saved", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A vehicle year later than next year's models (named: the newest accepted), or Idempotency-Key reused with another body; nothing is saved", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `POST /v1/cases`: store a case (free) → `201 {case_id}`.
pub(crate) async fn create_case(
    State(st): St,
    Extension(t): Extension<Tenant>,
    req: Request,
) -> Result<Response, ApiError> {
    let value = json_value(req, &()).await?;
    check_case_fields(&value)?;
    let case: CaseInput =
        serde_json::from_value(value).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    crate::limits::check_case(&case)?;
    crate::intake::check_codes(&case)?;
    crate::intake::check_model_year("vehicle.year", case.vehicle.year)?;
    let input = serde_json::to_string(&case).map_err(|e| ApiError::Internal(e.to_string()))?;
    let id = new_id("case");
    let created = st
        .db
        .run(|c| cases::insert_case(c, &id, &t.partner_id, t.mode, &input))?;
    let body = CaseCreated {
        object: "case".into(),
        mode: t.mode,
        created_at: rfc3339(created),
        case_id: id,
    };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/v1/cases/{}", body.case_id))],
        Json(body),
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/v1/cases/{id}",
    tag = "diagnosis",
    params(("id" = String, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = StoredCase),
        (status = 404, description = "No such case for this key", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/cases/{id}`: the case as stored.
pub(crate) async fn get_case(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Json<StoredCase>, ApiError> {
    let (input, created) = st
        .db
        .run(|c| cases::case(c, &id, &t.partner_id, t.mode))?
        .ok_or_else(|| ApiError::NotFound(format!("no case '{id}' for this key")))?;
    let input: CaseInput =
        serde_json::from_str(&input).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(StoredCase {
        case_id: id,
        object: "case".into(),
        mode: t.mode,
        created_at: rfc3339(created),
        input,
    }))
}

#[utoipa::path(
    post,
    path = "/v1/diagnose",
    tag = "diagnosis",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(content = DiagnoseRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Accepted: poll `poll_url`", body = DiagnosisAccepted),
        (status = 400, description = "Invalid body", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such case for this key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "Same Idempotency-Key in flight", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "The case has nothing to diagnose (`no-evidence`: no valid code, no recognised symptom, nothing the engine can rank; uncharged, no job), or Idempotency-Key reused with another body", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `POST /v1/diagnose`: charge, queue the job → `202 {diagnosis_id, status: "processing"}`.
pub(crate) async fn diagnose(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    ApiJson(body): ApiJson<DiagnoseRequest>,
) -> Result<Response, ApiError> {
    has_evidence(&st, &t, &body.case_id).await?;
    let id = new_id("dgn");
    let cost = price("diagnosis.run");
    let created = st.db.tx(|tx| {
        if cases::case(tx, &body.case_id, &t.partner_id, t.mode)?.is_none() {
            return Err(no_case(&body.case_id));
        }
        let created = cases::insert_diagnosis(tx, &id, &t.partner_id, t.mode, &body.case_id)?;
        charge_in(tx, &t, &rid, "diagnosis.run", Some(&id))?;
        jobs::enqueue(tx, "diagnose", &id)?;
        Ok(created)
    })?;
    st.jobs.notify_one();
    let body = DiagnosisAccepted {
        object: "diagnosis".into(),
        case_id: body.case_id,
        status: "processing".into(),
        mode: t.mode,
        created_at: rfc3339(created),
        poll_url: format!("/v1/diagnoses/{id}"),
        credits_charged: cost,
        diagnosis_id: id.clone(),
    };
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/v1/diagnoses/{id}"))],
        Json(body),
    )
        .into_response())
}

fn no_case(case_id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "no case '{case_id}' for this key — create it with POST /v1/cases"
    ))
}

/// Refuses (404, or 422 with nothing to diagnose) before anything is
/// charged. The engine's check runs on a blocking thread, off the async
/// threads, but not in the CPU queue: accepting a diagnosis is not one of
/// the steps `--cpu-slots` sheds (the case limits keep it to milliseconds).
async fn has_evidence(st: &Arc<AppState>, t: &Tenant, case_id: &str) -> Result<(), ApiError> {
    let (input, _) = st
        .db
        .run(|c| cases::case(c, case_id, &t.partner_id, t.mode))?
        .ok_or_else(|| no_case(case_id))?;
    let case: CaseInput = serde_json::from_str(&input)
        .map_err(|e| ApiError::Internal(format!("stored case: {e}")))?;
    let kb = st.kb;
    tokio::task::spawn_blocking(move || crate::intake::check_evidence(kb, &case))
        .await
        .map_err(|e| ApiError::Internal(format!("the evidence check stopped: {e}")))?
}

#[utoipa::path(
    get,
    path = "/v1/diagnoses/{id}",
    tag = "diagnosis",
    params(("id" = String, Path, description = "Diagnosis id")),
    responses(
        (status = 200, description = "Status, stage, progress and, once complete, the result", body = DiagnosisStatus),
        (status = 404, description = "No such diagnosis for this key", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/diagnoses/{id}`: status and progress; the result once complete.
pub(crate) async fn get_diagnosis(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let row = st
        .db
        .run(|c| cases::diagnosis(c, &id, &t.partner_id, t.mode))?
        .ok_or_else(|| ApiError::NotFound(format!("no diagnosis '{id}' for this key")))?;
    let body = DiagnosisStatus {
        diagnosis_id: row.id,
        object: "diagnosis".into(),
        case_id: row.case_id,
        status: row.status,
        stage: row.stage,
        progress: row.progress,
        mode: t.mode,
        created_at: rfc3339(row.created_at),
        completed_at: row.completed_at.map(rfc3339),
        error: row.error.map(|message| DiagnosisError {
            code: "processing_error".into(),
            message,
        }),
        result: None,
        bulletins: None,
    };
    // The stored bulletins and result (~18 KB) go out as stored, in the
    // fields the type declares: parsing the result into a `Diagnosis` and
    // printing it again was most of this endpoint's CPU time.
    let mut out = serde_json::to_string(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    for (field, raw) in [("bulletins", row.bulletins), ("result", row.result)] {
        if let Some(raw) = raw {
            out = json_with_raw_field(out, field, &raw)?;
        }
    }
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

/// `object` (a printed JSON object) with one more field whose value is the
/// JSON text `raw`, spliced in unparsed (only checked to be one well-formed
/// JSON value, which costs no allocation).
fn json_with_raw_field(object: String, field: &str, raw: &str) -> Result<String, ApiError> {
    serde_json::from_str::<serde::de::IgnoredAny>(raw)
        .map_err(|e| ApiError::Internal(format!("stored {field} is not JSON: {e}")))?;
    let mut out = object;
    if out.pop() != Some('}') {
        return Err(ApiError::Internal(format!("{field}: not a JSON object")));
    }
    if !out.ends_with('{') {
        out.push(',');
    }
    out.push_str(&Value::from(field).to_string());
    out.push(':');
    out.push_str(raw);
    out.push('}');
    Ok(out)
}

#[utoipa::path(
    get,
    path = "/v1/webhook-deliveries",
    tag = "webhooks",
    params(("limit" = Option<String>, Query, description = "1..100 (default 20)")),
    responses(
        (status = 200, description = "Recent deliveries with their attempts", body = DeliveryList),
        (status = 400, description = "Bad limit", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/webhook-deliveries?limit=N`: recent deliveries and every attempt.
pub(crate) async fn webhook_deliveries(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<DeliveryList>, ApiError> {
    let limit = crate::util::page_limit(&q)?;
    let list = st
        .db
        .run(|c| deliveries::list(c, &t.partner_id, t.mode, limit))?;
    Ok(Json(DeliveryList { data: list }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_field_is_spliced_as_stored_and_parses_back_to_the_same_value() {
        let stored = r#"{"causes":[{"name":"Misfire","score":0.8125}],"note":"a \"quoted\" é"}"#;
        let out = json_with_raw_field(
            json!({"status": "complete", "progress": 100}).to_string(),
            "result",
            stored,
        )
        .unwrap();
        assert!(out.ends_with(&format!(r#","result":{stored}}}"#)), "{out}");
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["status"], "complete");
        assert_eq!(
            back["result"],
            serde_json::from_str::<Value>(stored).unwrap()
        );
        let only: Value = serde_json::from_str(
            &json_with_raw_field(json!({}).to_string(), "result", "[1,2]").unwrap(),
        )
        .unwrap();
        assert_eq!(only, json!({"result": [1, 2]}));
    }

    #[test]
    fn a_corrupt_stored_value_is_an_internal_error_not_broken_json() {
        for bad in ["", "{\"a\":", "{} {}", "nope"] {
            let err = json_with_raw_field(json!({"a": 1}).to_string(), "result", bad).unwrap_err();
            assert!(matches!(err, ApiError::Internal(_)), "{bad:?}: {err:?}");
        }
    }
}
