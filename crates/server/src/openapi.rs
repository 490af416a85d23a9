//! The route table, once. Every route is registered here with its
//! `#[utoipa::path]` annotation (utoipa-axum's `routes!`), so the router the
//! server answers with, the OpenAPI 3.1 document (`/openapi.json`, committed
//! as `crates/server/openapi.json`; a test fails when the two drift),
//! `/llms.txt` and `/discovery` all come from the same list: a route cannot
//! be answered without being documented, nor documented without being
//! answered.

use std::sync::{Arc, OnceLock};

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use shopbench_wire::Discovery;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::limits::NamedValueLimits;
use crate::{
    api, chat, data_api, discovery, estimate_photos, estimates, inspection, samples, vehicle_data,
    AppState,
};

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

/// The document's head: title, description, the bearer scheme and the
/// request shapes that no response names. The paths come from [`public`] and [`keyed`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "shopbench partner API",
        description = "Vehicle diagnosis, body-shop estimates, repair-cost data, VIN decoding, recalls, reliability, known issues and purchase costs for approved partner platforms. Authenticate with `Authorization: Bearer sk_test_…` or `sk_live_…`; the /v1/sample/* routes and the discovery surface need no key. Errors are RFC 9457 problems.",
        version = "1"
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
        shopbench_wire::ChatDelta,
        shopbench_wire::ChatDone,
    )),
    modifiers(&Bearer, &NamedValueLimits)
)]
struct ApiDoc;

type Table = OpenApiRouter<Arc<AppState>>;

/// Routes answered without a key: liveness, the discovery surface and seed
/// 002's free samples.
pub(crate) fn public() -> Table {
    OpenApiRouter::new()
        .routes(routes!(api::health))
        .routes(routes!(openapi_document))
        .routes(routes!(llms_txt))
        .routes(routes!(discovery_document))
        .routes(routes!(samples::sample_decode))
        .routes(routes!(samples::sample_recalls))
        .routes(routes!(samples::sample_reliability))
        .routes(routes!(samples::sample_known_issues))
        .routes(routes!(samples::sample_purchase_costs))
}

/// Routes behind the key gate (authentication, rate limits, idempotency).
pub(crate) fn keyed() -> Table {
    OpenApiRouter::new()
        .routes(routes!(api::account))
        .routes(routes!(api::create_case))
        .routes(routes!(api::get_case))
        .routes(routes!(crate::fixes::close_case))
        .routes(routes!(api::diagnose))
        .routes(routes!(api::get_diagnosis))
        .routes(routes!(api::webhook_deliveries))
        .routes(routes!(chat::chat))
        .routes(routes!(chat::list_conversations))
        .routes(routes!(chat::get_conversation))
        .routes(routes!(data_api::diagnosis_report))
        .routes(routes!(estimates::create_estimate))
        .routes(routes!(estimates::get_estimate))
        .routes(routes!(estimates::get_insurance))
        .routes(routes!(estimate_photos::delete_estimate_photo))
        .routes(routes!(data_api::vehicles))
        .routes(routes!(data_api::vehicle_detail))
        .routes(routes!(data_api::states))
        .routes(routes!(data_api::labor_rates))
        .routes(routes!(data_api::damage_types))
        .routes(routes!(data_api::damage_type))
        .routes(routes!(vehicle_data::decode))
        .routes(routes!(vehicle_data::recalls))
        .routes(routes!(vehicle_data::reliability))
        .routes(routes!(vehicle_data::known_issues))
        .routes(routes!(vehicle_data::us_purchase_costs))
        .routes(routes!(vehicle_data::ca_purchase_costs))
        .routes(routes!(inspection::inspection))
}

/// The OpenAPI document of every route in [`public`] and [`keyed`].
pub(crate) fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = OpenApiRouter::<Arc<AppState>>::with_openapi(ApiDoc::openapi())
            .merge(public())
            .into_openapi();
        let mut gated = keyed().into_openapi();
        behind_the_key(&mut gated);
        doc.merge(gated);
        doc
    })
}

/// What every route of [`keyed`] shares, written once rather than on each
/// route: the bearer key it requires, and the two answers the key gate gives
/// before the route's own work — 401 for a missing, unknown or revoked key and
/// 429 past the rate limit, both RFC 9457 problems.
fn behind_the_key(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{security::SecurityRequirement, Content, Ref, RefOr, ResponseBuilder};
    let gate = [
        ("401", "Missing, unknown or revoked key"),
        ("429", "Rate limited; see Retry-After"),
    ];
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            op.security = Some(vec![SecurityRequirement::new(
                "bearer",
                Vec::<String>::new(),
            )]);
            for (status, why) in gate {
                let problem = Content::new(Some(Ref::from_schema_name("ProblemDoc")));
                let answer = ResponseBuilder::new()
                    .description(why)
                    .content("application/problem+json", problem)
                    .build();
                op.responses
                    .responses
                    .insert(status.into(), RefOr::T(answer));
            }
        }
    }
}

/// The document as pretty JSON (what `/openapi.json` serves).
pub fn openapi_json() -> String {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .expect("the OpenAPI document serializes")
    })
    .clone()
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This document (OpenAPI 3.1), generated from the route table", content_type = "application/json", body = Object))
)]
/// `GET /openapi.json`: the OpenAPI 3.1 document, no key needed.
pub(crate) async fn openapi_document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json())
}

#[utoipa::path(
    get,
    path = "/llms.txt",
    tag = "meta",
    responses((status = 200, description = "Every route as text for language models (llmstxt.org), generated from the route table", content_type = "text/plain", body = String))
)]
/// `GET /llms.txt`: the routes, prices and conventions as Markdown text, no key needed.
pub(crate) async fn llms_txt() -> impl IntoResponse {
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| discovery::llms_txt(document()));
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.clone(),
    )
}

#[utoipa::path(
    get,
    path = "/discovery",
    tag = "meta",
    responses((status = 200, description = "Every route as JSON (method, path, key, credits, parameters), generated from the route table", body = Discovery))
)]
/// `GET /discovery`: the routes as JSON, no key needed.
pub(crate) async fn discovery_document() -> Json<Discovery> {
    static DOC: OnceLock<Discovery> = OnceLock::new();
    Json(DOC.get_or_init(|| discovery::discovery(document())).clone())
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

    /// The server with data paths that do not exist (the VIN routes answer 503).
    fn router() -> axum::Router {
        let cfg = crate::Config {
            vpic_path: "/nonexistent/vpic.lite.db".into(),
            recalls_path: "/nonexistent/nhtsa.db".into(),
            ..crate::Config::default()
        };
        crate::Server::new(crate::Db::open_in_memory().unwrap(), cfg)
            .unwrap()
            .router()
    }

    fn public_paths() -> Vec<String> {
        public().into_openapi().paths.paths.into_keys().collect()
    }

    #[tokio::test]
    async fn every_documented_route_is_answered_by_the_router_behind_the_right_gate() {
        use tower::ServiceExt;
        let public = public_paths();
        let ops = discovery::operations(document());
        assert_eq!(
            ops.len(),
            37,
            "routes added or removed: update this count and the READMEs"
        );
        for (method, path, op) in ops {
            let uri = path.replace('{', "x").replace('}', "");
            let req = axum::http::Request::builder()
                .method(method)
                .uri(&uri)
                .body(axum::body::Body::empty())
                .unwrap();
            let status = router().oneshot(req).await.unwrap().status().as_u16();
            assert!(
                status != 404 && status != 405,
                "{method} {path} is documented but not routed ({status})"
            );
            let keyed = op.security.is_some();
            assert_eq!(
                keyed,
                !public.contains(&path.to_string()),
                "{method} {path}: documented security disagrees with the gate"
            );
            if keyed {
                assert_eq!(status, 401, "{method} {path} answered without a key");
            }
        }
    }

    #[test]
    fn llms_txt_and_discovery_list_every_route_of_the_document() {
        let doc = document();
        let text = discovery::llms_txt(doc);
        let found = discovery::discovery(doc);
        let ops = discovery::operations(doc);
        assert_eq!(found.endpoints.len(), ops.len());
        for (method, path, _) in ops {
            assert!(
                text.contains(&format!("`{method} {path}")),
                "{method} {path} missing from /llms.txt"
            );
            assert!(
                found
                    .endpoints
                    .iter()
                    .any(|e| e.method == method && e.path == path),
                "{method} {path} missing from /discovery"
            );
        }
    }

    #[test]
    fn every_priced_endpoint_is_a_route() {
        let ops = discovery::operations(document());
        for price in crate::PRICES {
            let (method, paths) = price.endpoint.split_once(' ').unwrap();
            for path in paths.split(", ") {
                assert!(
                    ops.iter().any(|(m, p, _)| *m == method && *p == path),
                    "{} prices {method} {path}, which is not a route",
                    price.operation
                );
            }
        }
    }

    /// Whether the schema (resolving `$ref` and `allOf`) requires `field`.
    fn requires(doc: &serde_json::Value, schema: &serde_json::Value, field: &str) -> bool {
        if let Some(r) = schema["$ref"].as_str() {
            let name = r.trim_start_matches("#/components/schemas/");
            return requires(doc, &doc["components"]["schemas"][name], field);
        }
        let own = schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|f| f == field));
        own || schema["allOf"]
            .as_array()
            .is_some_and(|all| all.iter().any(|s| requires(doc, s, field)))
    }

    #[test]
    fn every_vehicle_data_answer_carries_the_disclaimer() {
        let doc: serde_json::Value = serde_json::from_str(&openapi_json()).unwrap();
        let mut checked = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            let op = &item["get"];
            let tag = op["tags"][0].as_str().unwrap_or_default();
            if tag != "vehicle data" && tag != "samples" {
                continue;
            }
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
            assert!(
                requires(&doc, schema, "disclaimer"),
                "{path}: its answer has no required disclaimer"
            );
            checked += 1;
        }
        assert_eq!(
            checked, 11,
            "decode, recalls, reliability, known issues, 2 costs, 5 samples"
        );
    }

    #[test]
    fn routes_are_added_only_through_the_table() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "openapi.rs") || path.is_dir() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for call in [".route(", ".nest(", ".route_service(", ".nest_service("] {
                assert!(
                    !text.contains(call),
                    "{} adds a route with {call}: register it in openapi.rs's table so it is documented",
                    path.display()
                );
            }
        }
    }
}
