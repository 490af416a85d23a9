//! Seed 001's read-only repair-cost data API and the diagnosis report PDF.
//! Lists are free; detail calls cost [`crate::PRICES`]' `data.detail`. The
//! answers are the estimate engine's own typed documents, so
//! `/openapi.json` carries their schemas.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use shopbench_diagnosis::{CaseInput, Diagnosis};
use shopbench_estimate::{
    DamageTypeDetail, DamageTypeList, EstimateError, LaborRates, StateList, VehicleDetail,
    VehicleList,
};
use shopbench_report::{render_diagnosis, PaperSize};
use shopbench_wire::Billed;

use crate::billing::charge_sync;
use crate::billing::RequestId;
use crate::db::cases;
use crate::db::tenants::Tenant;
use crate::problem::ApiError;
use crate::problem::ProblemDoc;
use crate::AppState;

type St = State<Arc<AppState>>;

/// Unknown things named in the path are 404s (seed 001); other errors 400.
fn estimate_error(e: EstimateError) -> ApiError {
    match e {
        EstimateError::UnknownVehicle { .. }
        | EstimateError::UnknownState { .. }
        | EstimateError::UnknownDamageType { .. } => ApiError::NotFound(e.to_string()),
        other => ApiError::InvalidRequest(other.to_string()),
    }
}

/// A billed detail answer: computed first, charged only on success.
fn billed<T>(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    answer: Result<T, EstimateError>,
) -> Result<Json<Billed<T>>, ApiError> {
    charged(st, t, rid, "data.detail", answer.map_err(estimate_error)?)
}

/// Charges `operation` for a computed answer and marks the answer charged;
/// a short balance is a 402 and nothing is charged.
pub(crate) fn charged<T>(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    operation: &str,
    body: T,
) -> Result<Json<Billed<T>>, ApiError> {
    let credits_charged = charge_sync(st, t, rid, operation)?;
    Ok(Json(Billed {
        body,
        charged: true,
        credits_charged,
    }))
}

#[utoipa::path(
    get,
    path = "/v1/vehicles",
    tag = "repair data",
    responses(
        (status = 200, description = "Vehicles by make (free)", body = VehicleList),
    )
)]
/// `GET /v1/vehicles` (free).
pub(crate) async fn vehicles() -> Json<VehicleList> {
    Json(shopbench_estimate::list_vehicles())
}

#[utoipa::path(
    get,
    path = "/v1/vehicles/{make}/{model}",
    tag = "repair data",
    params(("make" = String, Path, description = "Make"), ("model" = String, Path, description = "Model")),
    responses(
        (status = 200, description = "Repair cost data for a vehicle", body = Billed<VehicleDetail>),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown vehicle (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/vehicles/{make}/{model}`.
pub(crate) async fn vehicle_detail(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path((make, model)): Path<(String, String)>,
) -> Result<Json<Billed<VehicleDetail>>, ApiError> {
    billed(
        &st,
        &t,
        &rid,
        shopbench_estimate::vehicle_detail(&make, &model),
    )
}

#[utoipa::path(
    get,
    path = "/v1/states",
    tag = "repair data",
    responses(
        (status = 200, description = "States with labor-rate summaries (free)", body = StateList),
    )
)]
/// `GET /v1/states` (free).
pub(crate) async fn states() -> Json<StateList> {
    Json(shopbench_estimate::list_states())
}

#[utoipa::path(
    get,
    path = "/v1/labor-rates/{state}",
    tag = "repair data",
    params(("state" = String, Path, description = "Two-letter state")),
    responses(
        (status = 200, description = "Labor rates of a state", body = Billed<LaborRates>),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown state (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/labor-rates/{state}`.
pub(crate) async fn labor_rates(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path(state): Path<String>,
) -> Result<Json<Billed<LaborRates>>, ApiError> {
    billed(&st, &t, &rid, shopbench_estimate::labor_rates(&state))
}

#[utoipa::path(
    get,
    path = "/v1/damage-types",
    tag = "repair data",
    responses(
        (status = 200, description = "Damage types (free)", body = DamageTypeList),
    )
)]
/// `GET /v1/damage-types` (free).
pub(crate) async fn damage_types() -> Json<DamageTypeList> {
    Json(shopbench_estimate::list_damage_types())
}

#[utoipa::path(
    get,
    path = "/v1/damage-types/{type}",
    tag = "repair data",
    params(("type" = String, Path, description = "Damage type")),
    responses(
        (status = 200, description = "Cost ranges of a damage type", body = Billed<DamageTypeDetail>),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown damage type (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/damage-types/{type}`.
pub(crate) async fn damage_type(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path(kind): Path<String>,
) -> Result<Json<Billed<DamageTypeDetail>>, ApiError> {
    billed(&st, &t, &rid, shopbench_estimate::damage_type(&kind))
}

#[utoipa::path(
    get,
    path = "/v1/diagnoses/{id}/report.pdf",
    tag = "diagnosis",
    params(("id" = String, Path, description = "Diagnosis id"), ("paper" = Option<String>, Query, description = "letter or a4")),
    responses(
        (status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "Bad paper size", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such complete diagnosis for this key", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]` (free once the diagnosis is paid).
pub(crate) async fn diagnosis_report(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let paper: PaperSize = match q.get("paper") {
        Some(p) => p
            .parse()
            .map_err(|e: shopbench_report::ReportError| ApiError::InvalidRequest(e.to_string()))?,
        None => PaperSize::Letter,
    };
    let (row, input) = st.db.run(|c| {
        let row = cases::diagnosis(c, &id, &t.partner_id, t.mode)?
            .ok_or_else(|| ApiError::NotFound(format!("no diagnosis '{id}' for this key")))?;
        let input = cases::case_input(c, &row.case_id)?;
        Ok::<_, ApiError>((row, input))
    })?;
    let (Some(result), Some(input)) = (row.result, input) else {
        return Err(ApiError::NotFound(format!(
            "diagnosis '{id}' is {}; its report exists once it is complete",
            row.status
        )));
    };
    let case: CaseInput =
        serde_json::from_str(&input).map_err(|e| ApiError::Internal(e.to_string()))?;
    let diagnosis: Diagnosis =
        serde_json::from_str(&result).map_err(|e| ApiError::Internal(e.to_string()))?;
    let shop = crate::util::issuing_shop(&t.partner_name);
    let pdf = st
        .cpu
        .run(move || Ok(render_diagnosis(&shop, &case, &diagnosis, paper)))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{id}.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}
