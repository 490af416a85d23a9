//! `POST /v1/inspection`: the used-car inspection from a saved scan, computed
//! by `shopbench_app::inspection` (the CLI's `shopbench inspect` path) with
//! the server's vPIC file and recalls cache, offline. JSON by default; the
//! PDF when the request's `Accept` names `application/pdf`. Charged once the
//! answer is made; every refusal is free.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::de::DeserializeOwned;
use shopbench_app::inspection::inspect;
use shopbench_app::{Costs, Country};
use shopbench_obd::modules::ModuleScan;
use shopbench_obd::ScanReport;
use shopbench_report::{render_inspection, PaperSize};
use shopbench_wire::{Billed, Inspection, InspectionRequest, VehicleData};

use crate::billing::{charge_sync, RequestId};
use crate::data_api::charged;
use crate::db::tenants::Tenant;
use crate::problem::{ApiError, ApiJson, ProblemDoc};
use crate::vehicle_data::{costs_answer, source};
use crate::AppState;

/// The operation id of [`crate::tables::PRICES`].
const OPERATION: &str = "inspection.report";

fn saved<T: DeserializeOwned>(
    field: &str,
    v: serde_json::Value,
    what: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(v).map_err(|e| {
        ApiError::InvalidRequest(format!("{field}: not the JSON `{what}` prints ({e})"))
    })
}

/// The purchase costs: `state` or `province`, `price`, `sale_type` (default
/// private), `local_rate` (US; refused for a province, as by the costs route).
fn costs(r: &InspectionRequest) -> Result<Costs, ApiError> {
    let (country, region) = match (&r.state, &r.province) {
        (Some(s), None) => (Country::Us, ("state", s.as_str())),
        (None, Some(p)) => (Country::Ca, ("province", p.as_str())),
        _ => {
            return Err(ApiError::InvalidRequest(
                "give exactly one of state (US, e.g. \"CA\") or province (Canada, e.g. \"ON\")"
                    .into(),
            ))
        }
    };
    let sale = r.sale_type.as_deref().unwrap_or("private");
    let mut params = vec![region, ("price", r.price.as_str()), ("sale_type", sale)];
    params.extend(r.local_rate.as_deref().map(|v| ("local_rate", v)));
    params.extend(r.trade_in.as_deref().map(|v| ("trade_in", v)));
    let flag = |on: bool| if on { "true" } else { "false" };
    params.extend(r.family_gift.map(|v| ("family_gift", flag(v))));
    params.extend(r.buyer_has_plates.map(|v| ("buyer_has_plates", flag(v))));
    costs_answer(country, &params)
}

fn wants_pdf(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/pdf"))
}

#[utoipa::path(
    post,
    path = "/v1/inspection",
    tag = "vehicle data",
    request_body = InspectionRequest,
    responses(
        (status = 200, description = "The used-car inspection: summary, VIN decode, codes cleared signals, codes per module, readiness, recalls (US + Canada), known issues, identification, purchase costs and what could not be checked; the PDF with `Accept: application/pdf`", content(
            (Billed<VehicleData<Inspection>> = "application/json"),
            (Vec<u8> = "application/pdf")
        )),
        (status = 400, description = "A scan that is not `shopbench scan --json`'s, or a bad state, province or price (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `POST /v1/inspection`: a saved scan (and module scan) with the buyer's
/// state or province and price → the inspection, JSON or PDF.
pub(crate) async fn inspection(
    State(st): State<Arc<AppState>>,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<InspectionRequest>,
) -> Result<Response, ApiError> {
    let costs = costs(&req)?;
    let scan: ScanReport = saved("scan", req.scan, "shopbench scan --json")?;
    let modules: Option<ModuleScan> = req
        .modules
        .map(|m| saved("modules", m, "shopbench scan --modules --json"))
        .transpose()?;
    let src = source(&st);
    let answer = st
        .cpu
        .run(move || {
            // Offline: the lookups read two SQLite files and never wait on the network.
            Ok(tokio::runtime::Handle::current().block_on(inspect(
                &src,
                &scan,
                modules.as_ref(),
                costs,
            )))
        })
        .await?;
    if !wants_pdf(&headers) {
        return Ok(charged(&st, &t, &rid, OPERATION, VehicleData::new(answer))?.into_response());
    }
    let shop = crate::util::issuing_shop(&t.partner_name);
    let pdf = st
        .cpu
        .run(move || Ok(render_inspection(&shop, &answer, PaperSize::Letter)))
        .await?;
    charge_sync(&st, &t, &rid, OPERATION)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"inspection.pdf\"",
            ),
        ],
        pdf,
    )
        .into_response())
}
