//! Seed 001's repair-cost data and seed 002's vehicle data, read into the
//! server's own types (`shopbench-wire`), and the API's `/discovery`.

use reqwest::Method;
use serde::de::DeserializeOwned;
use shopbench_wire::{
    Billed, CaCosts, DamageTypeDetail, DamageTypeList, Decoded, Discovery, ForVin, Inspection,
    InspectionRequest, KnownIssuesReport, LaborRates, RecallsReport, ReliabilityReport, Sample,
    SampleCosts, StateList, UsCosts, VehicleData, VehicleDetail, VehicleList,
};

use crate::{Client, ClientError};

/// A path segment with everything but unreserved characters percent-encoded
/// (`Land Rover` → `Land%20Rover`).
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Client {
    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        self.send(self.request(Method::GET, path).query(query))
            .await
    }

    /// `GET /v1/decode?vin=`: the VIN decoded offline with vPIC (seed 002).
    pub async fn decode_vin(&self, vin: &str) -> Result<Billed<VehicleData<Decoded>>, ClientError> {
        self.get("/v1/decode", &[("vin", vin)]).await
    }

    /// `GET /v1/recalls?vin=`: US and Canadian recalls (seed 002).
    pub async fn recalls(
        &self,
        vin: &str,
    ) -> Result<Billed<VehicleData<ForVin<RecallsReport>>>, ClientError> {
        self.get("/v1/recalls", &[("vin", vin)]).await
    }

    /// `GET /v1/reliability?vin=`: complaint and recall counts (seed 002).
    pub async fn reliability(
        &self,
        vin: &str,
    ) -> Result<Billed<VehicleData<ForVin<ReliabilityReport>>>, ClientError> {
        self.get("/v1/reliability", &[("vin", vin)]).await
    }

    /// `GET /v1/known-issues?vin=`: complaints grouped into failure modes
    /// (seed 002); `charged` is false when none were named.
    pub async fn known_issues(
        &self,
        vin: &str,
    ) -> Result<Billed<VehicleData<ForVin<KnownIssuesReport>>>, ClientError> {
        self.get("/v1/known-issues", &[("vin", vin)]).await
    }

    /// `GET /v1/us/purchase-costs` with seed 002's parameters, e.g.
    /// `[("state", "CA"), ("price", "25000"), ("sale_type", "private")]`.
    pub async fn us_purchase_costs(
        &self,
        params: &[(&str, &str)],
    ) -> Result<Billed<VehicleData<UsCosts>>, ClientError> {
        self.get("/v1/us/purchase-costs", params).await
    }

    /// `GET /v1/ca/purchase-costs`, e.g. `[("province", "ON"), ("price", "25000"), ("sale_type", "private")]`.
    pub async fn ca_purchase_costs(
        &self,
        params: &[(&str, &str)],
    ) -> Result<Billed<VehicleData<CaCosts>>, ClientError> {
        self.get("/v1/ca/purchase-costs", params).await
    }

    /// `POST /v1/inspection`: the used-car inspection of a saved scan.
    pub async fn inspection(
        &self,
        req: &InspectionRequest,
    ) -> Result<Billed<VehicleData<Inspection>>, ClientError> {
        self.send(self.request(Method::POST, "/v1/inspection").json(req))
            .await
    }

    /// `POST /v1/inspection` with `Accept: application/pdf`: the inspection's PDF.
    pub async fn inspection_pdf(&self, req: &InspectionRequest) -> Result<Vec<u8>, ClientError> {
        let resp = self
            .request(Method::POST, "/v1/inspection")
            .header(reqwest::header::ACCEPT, "application/pdf")
            .json(req)
            .send()
            .await?;
        if resp.status().is_success() {
            return Ok(resp.bytes().await?.to_vec());
        }
        Err(Self::error_of(resp).await)
    }

    /// `GET /v1/sample/decode` (free, no key needed).
    pub async fn sample_decode(&self) -> Result<Sample<VehicleData<Decoded>>, ClientError> {
        self.get("/v1/sample/decode", &[]).await
    }

    /// `GET /v1/sample/recalls` (free, no key needed).
    pub async fn sample_recalls(
        &self,
    ) -> Result<Sample<VehicleData<ForVin<RecallsReport>>>, ClientError> {
        self.get("/v1/sample/recalls", &[]).await
    }

    /// `GET /v1/sample/reliability` (free, no key needed).
    pub async fn sample_reliability(
        &self,
    ) -> Result<Sample<VehicleData<ForVin<ReliabilityReport>>>, ClientError> {
        self.get("/v1/sample/reliability", &[]).await
    }

    /// `GET /v1/sample/known-issues` (free, no key needed).
    pub async fn sample_known_issues(
        &self,
    ) -> Result<Sample<VehicleData<ForVin<KnownIssuesReport>>>, ClientError> {
        self.get("/v1/sample/known-issues", &[]).await
    }

    /// `GET /v1/sample/purchase-costs`: Ontario and California, $25,000
    /// private (free, no key needed).
    pub async fn sample_purchase_costs(
        &self,
    ) -> Result<Sample<VehicleData<SampleCosts>>, ClientError> {
        self.get("/v1/sample/purchase-costs", &[]).await
    }

    /// `GET /v1/vehicles` (seed 001, free).
    pub async fn vehicles(&self) -> Result<VehicleList, ClientError> {
        self.get("/v1/vehicles", &[]).await
    }

    /// `GET /v1/vehicles/{make}/{model}` (seed 001).
    pub async fn vehicle(
        &self,
        make: &str,
        model: &str,
    ) -> Result<Billed<VehicleDetail>, ClientError> {
        let path = format!("/v1/vehicles/{}/{}", segment(make), segment(model));
        self.get(&path, &[]).await
    }

    /// `GET /v1/states` (seed 001, free).
    pub async fn states(&self) -> Result<StateList, ClientError> {
        self.get("/v1/states", &[]).await
    }

    /// `GET /v1/labor-rates/{state}` (seed 001).
    pub async fn labor_rates(&self, state: &str) -> Result<Billed<LaborRates>, ClientError> {
        self.get(&format!("/v1/labor-rates/{}", segment(state)), &[])
            .await
    }

    /// `GET /v1/damage-types` (seed 001, free).
    pub async fn damage_types(&self) -> Result<DamageTypeList, ClientError> {
        self.get("/v1/damage-types", &[]).await
    }

    /// `GET /v1/damage-types/{type}` (seed 001).
    pub async fn damage_type(&self, kind: &str) -> Result<Billed<DamageTypeDetail>, ClientError> {
        self.get(&format!("/v1/damage-types/{}", segment(kind)), &[])
            .await
    }

    /// `GET /discovery`: every route, its key and its price (no key needed).
    pub async fn discovery(&self) -> Result<Discovery, ClientError> {
        self.get("/discovery", &[]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(segment("Land Rover"), "Land%20Rover");
        assert_eq!(segment("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(segment("Mercedes-Benz"), "Mercedes-Benz");
    }
}
