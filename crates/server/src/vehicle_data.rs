//! Seed 002's vehicle-data routes: VIN decode, recalls, reliability, known
//! issues and purchase costs. Each answer is computed by `shopbench_app` (the
//! CLI's own path), carries the seed's `disclaimer`, and is charged only once
//! it is computed and billable; every refusal is free.
//!
//! The VIN routes read the vPIC file and the recalls cache offline: the
//! server never calls NHTSA or Transport Canada while a partner waits.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::{Extension, Json};
use shopbench_app::VehicleDataSource;
use shopbench_app::{decode_vin, parse_costs_query, recalls_vehicle, AppError, Costs, Country};
use shopbench_core::Vin;
use shopbench_recalls::{
    Error as RecallsError, KnownIssuesReport, Network, RecallsReport, ReliabilityReport,
};
use shopbench_vindecode::{Decoded, Error as VinError};
use shopbench_wire::{Billed, CaCosts, ForVin, UsCosts, VehicleData};

use crate::billing::RequestId;
use crate::data_api::charged;
use crate::db::tenants::Tenant;
use crate::problem::{ApiError, ProblemDoc};
use crate::AppState;

type St = State<Arc<AppState>>;
/// The query string, one value per name (the gate refuses repeats).
type Params = Query<HashMap<String, String>>;

/// `GET /v1/decode`'s answer.
pub(crate) type DecodeAnswer = VehicleData<Decoded>;
/// `GET /v1/recalls`'s answer.
pub(crate) type RecallsAnswer = VehicleData<ForVin<RecallsReport>>;
/// `GET /v1/reliability`'s answer.
pub(crate) type ReliabilityAnswer = VehicleData<ForVin<ReliabilityReport>>;
/// `GET /v1/known-issues`'s answer.
pub(crate) type KnownIssuesAnswer = VehicleData<ForVin<KnownIssuesReport>>;

/// The `vin` query parameter, checked; any other parameter is refused.
pub(crate) fn vin_param(q: &HashMap<String, String>) -> Result<Vin, ApiError> {
    if let Some(k) = q.keys().find(|k| k.as_str() != "vin") {
        return Err(ApiError::InvalidRequest(format!(
            "unknown query parameter '{k}'; accepted: vin"
        )));
    }
    let raw = q.get("vin").ok_or_else(|| {
        ApiError::InvalidRequest("vin is required (e.g. vin=1FTFW1ET5DFC10312)".into())
    })?;
    raw.trim().parse().map_err(|e| {
        ApiError::InvalidRequest(format!(
            "invalid VIN '{raw}': {e} (must be 17 characters A-Z and 0-9, no I, O or Q)"
        ))
    })
}

/// What a vehicle-data refusal is on the wire: a bad VIN 400, an
/// unresolvable one 422, a data set not installed 503, anything else 500.
fn refusal(e: AppError) -> ApiError {
    match e {
        AppError::Core(_) | AppError::Vin(VinError::MalformedVin(_)) => {
            ApiError::InvalidRequest(e.to_string())
        }
        AppError::Vin(VinError::DatasetMissing { .. } | VinError::Dataset { .. }) => {
            ApiError::Unavailable(format!("VIN decoding is not installed on this server: {e}"))
        }
        AppError::Vin(_) => {
            ApiError::Unprocessable(format!("vPIC could not resolve this VIN: {e}"))
        }
        AppError::Unresolved { .. } => ApiError::Unprocessable(e.to_string()),
        AppError::Recalls(RecallsError::NoData { .. }) => ApiError::Unavailable(format!(
            "recall and complaint data are not installed on this server: {e}"
        )),
        other => ApiError::Internal(format!("vehicle data: {other}")),
    }
}

/// The server's vehicle data: its vPIC file and recalls cache, offline.
pub(crate) fn source(st: &AppState) -> VehicleDataSource {
    VehicleDataSource {
        vpic: st.cfg.vpic_path.clone(),
        recalls: st.cfg.recalls_path.clone(),
        network: Network::Offline,
        now: crate::util::now_ms() / 1000,
    }
}

/// Runs one lookup off the async threads, in the bounded CPU queue (a full
/// queue is a free `503`).
async fn lookup<T, F>(st: &AppState, ask: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: AsyncFnOnce(&VehicleDataSource) -> Result<T, AppError> + Send + 'static,
{
    let src = source(st);
    st.cpu
        .run(move || {
            // Offline, the lookup does no I/O beyond the two SQLite files.
            tokio::runtime::Handle::current()
                .block_on(ask(&src))
                .map_err(refusal)
        })
        .await
}

/// The decode of `vin`, with make, model and year resolved (seed 002: 422 otherwise).
pub(crate) async fn decode_answer(st: &AppState, vin: Vin) -> Result<DecodeAnswer, ApiError> {
    let decoded = lookup(st, async move |src: &VehicleDataSource| {
        let d = decode_vin(&src.vpic, &vin)?;
        recalls_vehicle(&d)?;
        Ok(d)
    })
    .await?;
    Ok(VehicleData::new(decoded))
}

/// One report about the vehicle `vin` decodes to, with the VIN and the disclaimer.
async fn for_vin<T, F>(st: &AppState, vin: Vin, ask: F) -> Result<VehicleData<ForVin<T>>, ApiError>
where
    T: Send + 'static,
    F: AsyncFnOnce(&VehicleDataSource, &Vin) -> Result<T, AppError> + Send + 'static,
{
    let name = vin.as_str().to_string();
    let report = lookup(st, async move |src: &VehicleDataSource| {
        ask(src, &vin).await
    })
    .await?;
    Ok(VehicleData::new(ForVin::new(name, report)))
}

/// The recalls of the vehicle `vin` decodes to.
pub(crate) async fn recalls_answer(st: &AppState, vin: Vin) -> Result<RecallsAnswer, ApiError> {
    for_vin(st, vin, async |src: &VehicleDataSource, vin: &Vin| {
        src.recalls(vin).await
    })
    .await
}

/// The reliability snapshot of the vehicle `vin` decodes to.
pub(crate) async fn reliability_answer(
    st: &AppState,
    vin: Vin,
) -> Result<ReliabilityAnswer, ApiError> {
    for_vin(st, vin, async |src: &VehicleDataSource, vin: &Vin| {
        src.reliability(vin).await
    })
    .await
}

/// The known issues of the vehicle `vin` decodes to.
pub(crate) async fn known_issues_answer(
    st: &AppState,
    vin: Vin,
) -> Result<KnownIssuesAnswer, ApiError> {
    for_vin(st, vin, async |src: &VehicleDataSource, vin: &Vin| {
        src.known_issues(vin).await
    })
    .await
}

/// Purchase costs for named parameters, read as the CLI and the desktop read
/// them, the year from the server's clock.
pub(crate) fn costs_answer(country: Country, q: &[(&str, &str)]) -> Result<Costs, ApiError> {
    let query =
        parse_costs_query(country, q).map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    shopbench_app::purchase_costs(&query, crate::util::now_ms() / 1000)
        .map_err(|e| ApiError::InvalidRequest(e.to_string()))
}

#[utoipa::path(
    get,
    path = "/v1/decode",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN", pattern = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$")),
    responses(
        (status = 200, description = "The VIN decoded offline with NHTSA vPIC (seed 002's vehicle shape)", body = Billed<VehicleData<Decoded>>),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "vPIC could not resolve make, model and year (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "vPIC not installed, or the server busy (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/decode?vin=` (seed 002): offline vPIC decode.
pub(crate) async fn decode(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Params,
) -> Result<Json<Billed<DecodeAnswer>>, ApiError> {
    let answer = decode_answer(&st, vin_param(&q)?).await?;
    charged(&st, &t, &rid, "vin.decode", answer)
}

#[utoipa::path(
    get,
    path = "/v1/recalls",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN", pattern = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$")),
    responses(
        (status = 200, description = "US (NHTSA) and Canadian (Transport Canada) recalls for the VIN's make, model and year (seed 002)", body = Billed<VehicleData<ForVin<RecallsReport>>>),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "VIN not resolvable to make, model and year (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "vPIC or the recalls data not installed, or the server busy (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/recalls?vin=` (seed 002): the VIN decoded offline, then the
/// recalls cache (imported NHTSA flat files and earlier fetches).
pub(crate) async fn recalls(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Params,
) -> Result<Json<Billed<RecallsAnswer>>, ApiError> {
    let answer = recalls_answer(&st, vin_param(&q)?).await?;
    charged(&st, &t, &rid, "vin.recalls", answer)
}

#[utoipa::path(
    get,
    path = "/v1/reliability",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN", pattern = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$")),
    responses(
        (status = 200, description = "Owner-complaint totals, top components, crash/fire/injury sums and US + Canadian recall counts: raw counts, not a rating (seed 002)", body = Billed<VehicleData<ForVin<ReliabilityReport>>>),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "VIN not resolvable to make, model and year (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "vPIC or the recalls and complaints data not installed, or the server busy (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/reliability?vin=` (seed 002): the complaint and recall counts of
/// the VIN's make, model and year, from the recalls cache.
pub(crate) async fn reliability(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Params,
) -> Result<Json<Billed<ReliabilityAnswer>>, ApiError> {
    let answer = reliability_answer(&st, vin_param(&q)?).await?;
    charged(&st, &t, &rid, "vin.reliability", answer)
}

#[utoipa::path(
    get,
    path = "/v1/known-issues",
    tag = "vehicle data",
    params(("vin" = String, Query, description = "17-character VIN", pattern = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$")),
    responses(
        (status = 200, description = "Owner complaints grouped into named failure modes, every cited ODI number checked against the complaints (status ok, charged); status insufficient_data (under 15 complaints) or synthesis_unavailable are answered uncharged (seed 002)", body = Billed<VehicleData<ForVin<KnownIssuesReport>>>),
        (status = 400, description = "Invalid VIN (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "VIN not resolvable to make, model and year (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "vPIC or the complaints data not installed, or the server busy (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/known-issues?vin=` (seed 002): failure modes from the VIN's owner
/// complaints; charged only when it names some (`status: "ok"`).
pub(crate) async fn known_issues(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Params,
) -> Result<Json<Billed<KnownIssuesAnswer>>, ApiError> {
    let answer = known_issues_answer(&st, vin_param(&q)?).await?;
    if answer.answer.report.issues.status != "ok" {
        // Below the threshold or nothing grounded: answered, never charged.
        return Ok(Json(Billed {
            body: answer,
            charged: false,
            credits_charged: 0,
        }));
    }
    charged(&st, &t, &rid, "vin.known_issues", answer)
}

#[utoipa::path(
    get,
    path = "/v1/us/purchase-costs",
    tag = "vehicle data",
    params(("state" = String, Query, description = "Two-letter state or DC"), ("price" = String, Query, description = "Sale price, USD"), ("sale_type" = String, Query, description = "private or dealer"), ("trade_in" = Option<String>, Query, description = "Trade-in value, USD"), ("local_rate" = Option<String>, Query, description = "County/city rate, percent (at most the state's maximum; ignored where there is none)"), ("year" = Option<String>, Query, description = "Year of delivery (rules that change by year); default this year")),
    responses(
        (status = 200, description = "Itemized US purchase costs (seed 002)", body = Billed<VehicleData<UsCosts>>),
        (status = 400, description = "Invalid parameter (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=&local_rate=&year=]` (seed 002).
pub(crate) async fn us_purchase_costs(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Billed<VehicleData<UsCosts>>>, ApiError> {
    let Costs::Us(costs) = costs_answer(Country::Us, &pairs(&q))? else {
        return Err(ApiError::Internal(
            "US costs answered for another country".into(),
        ));
    };
    charged(&st, &t, &rid, "costs.us", VehicleData::new(costs))
}

#[utoipa::path(
    get,
    path = "/v1/ca/purchase-costs",
    tag = "vehicle data",
    params(("province" = String, Query, description = "Province or territory code"), ("price" = String, Query, description = "Sale price, CAD"), ("sale_type" = String, Query, description = "private or dealer"), ("trade_in" = Option<String>, Query, description = "Trade-in value, CAD (dealer sales, where the province deducts it)"), ("buyer_has_plates" = Option<String>, Query, description = "true or false"), ("family_gift" = Option<String>, Query, description = "true or false")),
    responses(
        (status = 200, description = "Itemized Canadian purchase costs (seed 002)", body = Billed<VehicleData<CaCosts>>),
        (status = 400, description = "Invalid parameter (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/ca/purchase-costs?province=&price=&sale_type=[&trade_in=&buyer_has_plates=&family_gift=]` (seed 002).
pub(crate) async fn ca_purchase_costs(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Billed<VehicleData<CaCosts>>>, ApiError> {
    let Costs::Ca(costs) = costs_answer(Country::Ca, &pairs(&q))? else {
        return Err(ApiError::Internal(
            "Canadian costs answered for another country".into(),
        ));
    };
    charged(&st, &t, &rid, "costs.ca", VehicleData::new(costs))
}

fn pairs(q: &[(String, String)]) -> Vec<(&str, &str)> {
    q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_vin_parameter_is_required_checked_and_alone() {
        assert_eq!(
            vin_param(&q(&[("vin", " 1ftfw1et5dfc10312 ")]))
                .unwrap()
                .as_str(),
            "1FTFW1ET5DFC10312"
        );
        for bad in [
            q(&[]),
            q(&[("vin", "1FTFW1ET5DFC1031")]),
            q(&[("vin", "IFTFW1ET5DFC10312")]),
            q(&[("vin", "1FTFW1ET5DFC10312"), ("year", "2013")]),
        ] {
            assert!(
                matches!(vin_param(&bad), Err(ApiError::InvalidRequest(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn refusals_map_to_400_422_503_and_500() {
        let no_data = AppError::Recalls(RecallsError::NoData {
            vehicle: "2013 FORD F-150".into(),
            reason: "nothing imported".into(),
        });
        assert!(matches!(refusal(no_data), ApiError::Unavailable(d) if d.contains("data import")));
        let missing = AppError::Vin(VinError::DatasetMissing {
            path: "/nowhere/vpic.lite.db".into(),
        });
        assert!(matches!(refusal(missing), ApiError::Unavailable(_)));
        let unresolved = AppError::Unresolved {
            vin: "1FTFW1ET5DFC10312".into(),
            missing: "model year".into(),
        };
        assert!(matches!(refusal(unresolved), ApiError::Unprocessable(_)));
        let unknown_wmi = AppError::Vin(VinError::UnknownWmi {
            vin: "9ZZZZ1ET5DFC10312".into(),
            wmi: "9ZZ".into(),
        });
        assert!(matches!(refusal(unknown_wmi), ApiError::Unprocessable(_)));
        let broken = AppError::invalid("x", "y");
        assert!(matches!(refusal(broken), ApiError::Internal(_)));
    }
}
