//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations; served at `/openapi.json` and committed as
//! `crates/server/openapi.json` (a test fails when the two drift).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// An RFC 9457 problem (`application/problem+json`).
#[derive(ToSchema)]
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

/// The body of `POST /v1/estimates` (JSON; the same fields as multipart form parts).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct EstimateRequestDoc {
    /// The main photo: base64 or a `data:image/jpeg;base64,…` URL (multipart: a file part). JPEG, PNG or WebP, ≤ 10 MB.
    photo: Option<String>,
    /// Up to four more photos, the same way.
    additional_photos: Option<Vec<String>>,
    /// Make, e.g. `Toyota`.
    vehicle_make: String,
    /// Model, e.g. `Camry`.
    vehicle_model: String,
    /// Model year.
    vehicle_year: u16,
    /// Vehicle class, needed only for a vehicle not in `GET /v1/vehicles`.
    vehicle_class: Option<String>,
    /// Two-letter state (default `CA`); sets the labor rates.
    state: Option<String>,
    /// The shop is in a metro area (the state's metro premium applies).
    metro: Option<bool>,
    /// `oem` (default), `aftermarket` or `used`.
    part_preference: Option<String>,
    /// The damage the partner marked (multipart: a JSON array as text).
    areas: Vec<EstimateAreaDoc>,
}

/// One marked damage area.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct EstimateAreaDoc {
    /// Panel, e.g. `front_bumper`, `front_fender_left`.
    location: String,
    /// Damage type (`GET /v1/damage-types`), e.g. `dent`.
    #[schema(rename = "type")]
    type_: String,
    /// `minor`, `moderate` or `severe`.
    severity: String,
    /// Index of the photo it is marked on (0 = `photo`).
    photo: Option<u32>,
    /// Box on that photo as fractions: `{x, y, w, h}`.
    #[schema(value_type = Option<Object>)]
    region: Option<String>,
}

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "shopbench partner API",
        description = "Vehicle diagnosis, repair-cost data, VIN decoding and purchase costs for approved partner platforms. Authenticate with `Authorization: Bearer sk_test_…` or `sk_live_…`. Errors are RFC 9457 problems.",
        version = "1"
    ),
    paths(
        crate::api::health,
        crate::api::account,
        crate::api::create_case,
        crate::api::get_case,
        crate::api::diagnose,
        crate::api::get_diagnosis,
        crate::api::webhook_deliveries,
        crate::api::us_purchase_costs,
        crate::api::ca_purchase_costs,
        crate::data_api::diagnosis_report,
        crate::data_api::decode,
        crate::data_api::recalls,
        crate::estimates::create_estimate,
        crate::estimates::get_estimate,
        crate::estimates::get_insurance,
        crate::data_api::vehicles,
        crate::data_api::vehicle_detail,
        crate::data_api::states,
        crate::data_api::labor_rates,
        crate::data_api::damage_types,
        crate::data_api::damage_type,
    ),
    components(schemas(
        ProblemDoc,
        EstimateRequestDoc,
        EstimateAreaDoc,
        shopbench_wire::Health,
        shopbench_wire::Account,
        shopbench_wire::CaseCreated,
        shopbench_wire::StoredCase,
        shopbench_wire::DiagnoseRequest,
        shopbench_wire::DiagnosisAccepted,
        shopbench_wire::DiagnosisStatus,
        shopbench_wire::DeliveryList,
        shopbench_wire::EstimateCreated,
        shopbench_wire::Event,
    )),
    modifiers(&Bearer)
)]
struct ApiDoc;

/// The document as pretty JSON (what `/openapi.json` serves).
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerate with `UPDATE_OPENAPI=1 cargo test -p shopbench-server openapi`.
    #[test]
    fn committed_openapi_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        let now = openapi_json() + "\n";
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            std::fs::write(path, &now).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == now,
            "crates/server/openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p shopbench-server openapi"
        );
        assert!(now.contains("\"openapi\": \"3.1"));
    }
}
