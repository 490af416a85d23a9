//! Seed 001's read-only repair-cost data API and the diagnosis report PDF.
//! Lists are free; detail calls cost [`crate::PRICES`]' `data.detail`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use serde_json::Value;
use shopbench_diagnosis::{CaseInput, Diagnosis};
use shopbench_estimate::EstimateError;
use shopbench_report::{render_diagnosis, PaperSize, Shop};

use crate::billing::charge_sync;
use crate::billing::RequestId;
use crate::db::cases;
use crate::db::tenants::Tenant;
use crate::problem::ApiError;
use crate::problem::ProblemDoc;
use crate::AppState;

type St = State<Arc<AppState>>;

fn to_json<T: Serialize>(v: T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Unknown things named in the path are 404s (seed 001); other errors 400.
fn estimate_error(e: EstimateError) -> ApiError {
    match e {
        EstimateError::UnknownVehicle { .. }
        | EstimateError::UnknownState { .. }
        | EstimateError::UnknownDamageType { .. } => ApiError::NotFound(e.to_string()),
        other => ApiError::InvalidRequest(other.to_string()),
    }
}

/// A free list answer.
fn free<T: Serialize>(v: T) -> Result<Json<Value>, ApiError> {
    Ok(Json(to_json(v)?))
}

/// A billed detail answer: computed first, charged only on success.
fn billed<T: Serialize>(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    answer: Result<T, EstimateError>,
) -> Result<Json<Value>, ApiError> {
    let v = to_json(answer.map_err(estimate_error)?)?;
    charged(st, t, rid, "data.detail", v)
}

/// Charges `operation` for a computed answer and marks the answer charged;
/// a short balance is a 402 and nothing is charged.
pub(crate) fn charged(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    operation: &str,
    mut body: Value,
) -> Result<Json<Value>, ApiError> {
    let cost = charge_sync(st, t, rid, operation)?;
    body["charged"] = true.into();
    body["credits_charged"] = cost.into();
    Ok(Json(body))
}

#[utoipa::path(
    get,
    path = "/v1/vehicles",
    tag = "repair data",
    responses(
        (status = 200, description = "Vehicles by make (free)", body = Object),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/vehicles` (free).
pub(crate) async fn vehicles() -> Result<Json<Value>, ApiError> {
    free(shopbench_estimate::list_vehicles())
}

#[utoipa::path(
    get,
    path = "/v1/vehicles/{make}/{model}",
    tag = "repair data",
    params(("make" = String, Path, description = "Make"), ("model" = String, Path, description = "Model")),
    responses(
        (status = 200, description = "Repair cost data for a vehicle", body = Object),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown vehicle (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/vehicles/{make}/{model}`.
pub(crate) async fn vehicle_detail(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path((make, model)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
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
        (status = 200, description = "States with labor-rate summaries (free)", body = Object),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/states` (free).
pub(crate) async fn states() -> Result<Json<Value>, ApiError> {
    free(shopbench_estimate::list_states())
}

#[utoipa::path(
    get,
    path = "/v1/labor-rates/{state}",
    tag = "repair data",
    params(("state" = String, Path, description = "Two-letter state")),
    responses(
        (status = 200, description = "Labor rates of a state", body = Object),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown state (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/labor-rates/{state}`.
pub(crate) async fn labor_rates(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path(state): Path<String>,
) -> Result<Json<Value>, ApiError> {
    billed(&st, &t, &rid, shopbench_estimate::labor_rates(&state))
}

#[utoipa::path(
    get,
    path = "/v1/damage-types",
    tag = "repair data",
    responses(
        (status = 200, description = "Damage types (free)", body = Object),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/damage-types` (free).
pub(crate) async fn damage_types() -> Result<Json<Value>, ApiError> {
    free(shopbench_estimate::list_damage_types())
}

#[utoipa::path(
    get,
    path = "/v1/damage-types/{type}",
    tag = "repair data",
    params(("type" = String, Path, description = "Damage type")),
    responses(
        (status = 200, description = "Cost ranges of a damage type", body = Object),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "Unknown damage type (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/damage-types/{type}`.
pub(crate) async fn damage_type(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Path(kind): Path<String>,
) -> Result<Json<Value>, ApiError> {
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
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
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
    let shop = Shop::new(&t.partner_name, &[]);
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

/// The `vin` query parameter decoded offline with vPIC, with make, model and
/// year resolved. Invalid VIN → 400, unresolvable → 422, no data set → 503.
async fn decode_vin(
    st: &AppState,
    q: &HashMap<String, String>,
) -> Result<shopbench_vindecode::Decoded, ApiError> {
    use shopbench_vindecode::{Decoder, Error as VinError};
    if let Some(k) = q.keys().find(|k| k.as_str() != "vin") {
        return Err(ApiError::InvalidRequest(format!(
            "unknown query parameter '{k}'; accepted: vin"
        )));
    }
    let raw = q.get("vin").ok_or_else(|| {
        ApiError::InvalidRequest("vin is required (e.g. vin=1FTFW1ET5DFC10312)".into())
    })?;
    let vin: shopbench_core::Vin = raw.trim().parse().map_err(|e| {
        ApiError::InvalidRequest(format!(
            "invalid VIN '{raw}': {e} (must be 17 characters A-Z and 0-9, no I, O or Q)"
        ))
    })?;
    let path = st.cfg.vpic_path.clone();
    let decoded = tokio::task::spawn_blocking(move || {
        Decoder::open_for(&path, std::slice::from_ref(&vin)).and_then(|d| d.decode(&vin))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("decoding: {e}")))?;
    let decoded = match decoded {
        Ok(d) => d,
        Err(e @ (VinError::DatasetMissing { .. } | VinError::Dataset { .. })) => {
            return Err(ApiError::Unavailable(format!(
                "VIN decoding is not installed on this server: {e}"
            )))
        }
        Err(e @ VinError::MalformedVin(_)) => return Err(ApiError::InvalidRequest(e.to_string())),
        Err(e) => {
            return Err(ApiError::Unprocessable(format!(
                "vPIC could not resolve this VIN: {e}"
            )))
        }
    };
    let v = &decoded.vehicle;
    if v.make.is_none() || v.model.is_none() || v.year.is_none() {
        return Err(ApiError::Unprocessable(format!(
            "vPIC could not resolve make, model and year for {}",
            decoded.vin
        )));
    }
    Ok(decoded)
}

#[utoipa::path(
    get,
    path = "/v1/decode",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN")),
    responses(
        (status = 200, description = "Decoded vehicle (seed 002)", body = Object),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "Not resolvable (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "Data set not installed", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/decode?vin=` (seed 002): offline vPIC decode. Invalid VIN → 400,
/// unresolvable → 422, no data set → 503; all uncharged.
pub(crate) async fn decode(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let decoded = decode_vin(&st, &q).await?;
    charged(&st, &t, &rid, "vin.decode", to_json(&decoded)?)
}

#[utoipa::path(
    get,
    path = "/v1/recalls",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN")),
    responses(
        (status = 200, description = "US (NHTSA) and Canadian (Transport Canada) recalls for the VIN's make, model and year (seed 002)", body = Object),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "VIN not resolvable to make, model and year (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "vPIC or the recalls data set not installed (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/recalls?vin=` (seed 002): the VIN decoded offline, then the
/// recalls cache (imported NHTSA flat files and earlier fetches) read offline.
/// Errors (bad VIN 400, unresolvable 422, no data installed 503) are uncharged.
pub(crate) async fn recalls(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    use shopbench_recalls::{Error as RecallsError, Lookup, Network, Store, Vehicle};

    let decoded = decode_vin(&st, &q).await?;
    let v = &decoded.vehicle;
    let (Some(year), Some(make), Some(model)) = (v.year, v.make.as_deref(), v.model.as_deref())
    else {
        return Err(ApiError::Unprocessable(format!(
            "vPIC could not resolve make, model and year for {}",
            decoded.vin
        )));
    };
    let vehicle = Vehicle::new(year, make, model);
    let path = st.cfg.recalls_path.clone();
    if !path.is_file() {
        return Err(ApiError::Unavailable(
            "recall data is not installed on this server (the operator imports it with `shopbench data import nhtsa-recalls FILE`)".into(),
        ));
    }
    let now = crate::util::now_ms() / 1000;
    let report = tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&path)?;
        let mut lookup = Lookup::new(&mut store, Network::Offline, now);
        // Offline, the lookup does no I/O beyond the SQLite file.
        tokio::runtime::Handle::current().block_on(lookup.recalls(&vehicle))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("reading recalls: {e}")))?;
    let report = match report {
        Ok(r) => r,
        Err(e @ RecallsError::NoData { .. }) => {
            return Err(ApiError::Unavailable(format!(
                "recall data is not installed on this server: {e}"
            )))
        }
        Err(e) => return Err(ApiError::Internal(format!("recalls cache: {e}"))),
    };
    let mut body = to_json(&report)?;
    body["vin"] = decoded.vin.clone().into();
    charged(&st, &t, &rid, "vin.recalls", body)
}
