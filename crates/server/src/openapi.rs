//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations; served at `/openapi.json` and committed as
//! `crates/server/openapi.json` (a test fails when the two drift).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

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
        crate::problem::ProblemDoc,
        crate::limits::CaseRequestDoc,
        crate::estimates::EstimateRequestDoc,
        crate::estimates::EstimateAreaDoc,
        shopbench_wire::Health,
        shopbench_wire::Account,
        shopbench_wire::CaseCreated,
        shopbench_wire::StoredCase,
        shopbench_wire::DiagnoseRequest,
        shopbench_wire::DiagnosisAccepted,
        shopbench_wire::DiagnosisStatus,
        shopbench_wire::DeliveryList,
        shopbench_wire::EstimateCreated,
        shopbench_wire::EstimateAccepted,
        shopbench_wire::EstimateState,
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
