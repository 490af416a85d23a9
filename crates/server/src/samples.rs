//! Seed 002's free `/v1/sample/*` routes: no key, no charge, always the same
//! vehicle (the 2013 Ford F-150, [`SAMPLE_VIN`]), each answer computed live
//! by the paid twin's own code from this server's data, so a partner can learn
//! every shape before paying. Each is the twin's answer plus `sample: true`
//! and a `note`; a missing data set is the twin's free `503`. The lookups run
//! in the bounded CPU queue, so a flood of samples is answered `503 busy`
//! rather than starving the paid routes.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use shopbench_app::{Costs, Country};
use shopbench_core::Vin;
use shopbench_recalls::{KnownIssuesReport, RecallsReport, ReliabilityReport};
use shopbench_vindecode::Decoded;
use shopbench_wire::{ForVin, Sample, SampleCosts, VehicleData, SAMPLE_VIN};

use crate::problem::{ApiError, ProblemDoc};
use crate::vehicle_data::{
    costs_answer, decode_answer, known_issues_answer, recalls_answer, reliability_answer,
    DecodeAnswer, KnownIssuesAnswer, RecallsAnswer, ReliabilityAnswer,
};
use crate::AppState;

type St = State<Arc<AppState>>;

/// The purchase-cost previews: a $25,000 private sale in each country.
const CA_QUERY: [(&str, &str); 3] = [
    ("province", "ON"),
    ("price", "25000"),
    ("sale_type", "private"),
];
const US_QUERY: [(&str, &str); 3] = [
    ("state", "CA"),
    ("price", "25000"),
    ("sale_type", "private"),
];

fn sample_vin() -> Vin {
    SAMPLE_VIN.parse().expect("the sample VIN is a VIN")
}

#[utoipa::path(
    get,
    path = "/v1/sample/decode",
    tag = "samples",
    responses(
        (status = 200, description = "GET /v1/decode's answer for the sample VIN (free)", body = Sample<VehicleData<Decoded>>),
        (status = 503, description = "vPIC not installed, or the server busy", body = ProblemDoc, content_type = "application/problem+json")
    )
)]
/// `GET /v1/sample/decode`: the sample VIN decoded, free.
pub(crate) async fn sample_decode(State(st): St) -> Result<Json<Sample<DecodeAnswer>>, ApiError> {
    Ok(Json(Sample::new(decode_answer(&st, sample_vin()).await?)))
}

#[utoipa::path(
    get,
    path = "/v1/sample/recalls",
    tag = "samples",
    responses(
        (status = 200, description = "GET /v1/recalls's answer for the sample VIN (free)", body = Sample<VehicleData<ForVin<RecallsReport>>>),
        (status = 503, description = "vPIC or the recalls data not installed, or the server busy", body = ProblemDoc, content_type = "application/problem+json")
    )
)]
/// `GET /v1/sample/recalls`: the sample vehicle's recalls, free.
pub(crate) async fn sample_recalls(State(st): St) -> Result<Json<Sample<RecallsAnswer>>, ApiError> {
    Ok(Json(Sample::new(recalls_answer(&st, sample_vin()).await?)))
}

#[utoipa::path(
    get,
    path = "/v1/sample/reliability",
    tag = "samples",
    responses(
        (status = 200, description = "GET /v1/reliability's answer for the sample VIN (free)", body = Sample<VehicleData<ForVin<ReliabilityReport>>>),
        (status = 503, description = "vPIC or the recalls and complaints data not installed, or the server busy", body = ProblemDoc, content_type = "application/problem+json")
    )
)]
/// `GET /v1/sample/reliability`: the sample vehicle's reliability snapshot, free.
pub(crate) async fn sample_reliability(
    State(st): St,
) -> Result<Json<Sample<ReliabilityAnswer>>, ApiError> {
    Ok(Json(Sample::new(
        reliability_answer(&st, sample_vin()).await?,
    )))
}

#[utoipa::path(
    get,
    path = "/v1/sample/known-issues",
    tag = "samples",
    responses(
        (status = 200, description = "GET /v1/known-issues's answer for the sample VIN, whatever its status (free)", body = Sample<VehicleData<ForVin<KnownIssuesReport>>>),
        (status = 503, description = "vPIC or the complaints data not installed, or the server busy", body = ProblemDoc, content_type = "application/problem+json")
    )
)]
/// `GET /v1/sample/known-issues`: the sample vehicle's known issues as they
/// are (`ok`, `insufficient_data` or `synthesis_unavailable`), free.
pub(crate) async fn sample_known_issues(
    State(st): St,
) -> Result<Json<Sample<KnownIssuesAnswer>>, ApiError> {
    Ok(Json(Sample::new(
        known_issues_answer(&st, sample_vin()).await?,
    )))
}

#[utoipa::path(
    get,
    path = "/v1/sample/purchase-costs",
    tag = "samples",
    responses(
        (status = 200, description = "GET /v1/ca/purchase-costs for Ontario and /v1/us/purchase-costs for California, $25,000 private sales (free)", body = Sample<VehicleData<SampleCosts>>)
    )
)]
/// `GET /v1/sample/purchase-costs`: one preview per country, free.
pub(crate) async fn sample_purchase_costs(
) -> Result<Json<Sample<VehicleData<SampleCosts>>>, ApiError> {
    let (Costs::Ca(ca), Costs::Us(us)) = (
        costs_answer(Country::Ca, &CA_QUERY)?,
        costs_answer(Country::Us, &US_QUERY)?,
    ) else {
        return Err(ApiError::Internal(
            "the sample costs came back for the wrong country".into(),
        ));
    };
    Ok(Json(Sample::new(VehicleData::new(SampleCosts { ca, us }))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_costs_sample_is_the_seeds_ontario_and_california_figures() {
        let Json(s) = sample_purchase_costs().await.unwrap();
        assert!(s.sample);
        let costs = &s.answer.answer;
        // Seed 002: ON $25,000 private → sales tax 3,250 + UVIP 20 + permit and plate 59.
        assert_eq!(costs.ca.total_known_cad.get(), 332_900);
        assert_eq!(costs.ca.province, "ON");
        assert_eq!(costs.us.state, "CA");
        // Seed 002: California $25,000 private → 1,812.50 tax + 28 title known.
        assert_eq!(costs.us.total_known_usd.get(), 184_050);
    }
}
