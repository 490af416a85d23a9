//! `/llms.txt` and `/discovery`, written from the OpenAPI document (itself
//! generated from the route table) and the price table: what a route is,
//! whether it needs a key and what it costs are read, never retyped.

use std::collections::BTreeMap;

use shopbench_wire::{Discovery, Endpoint, Parameter, DISCLAIMER, SAMPLE_VIN};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{OpenApi, RefOr, Required};

use crate::tables::{self, PRICES};

const AUTH: &str = "Send `Authorization: Bearer sk_test_…` (sandbox credits, test objects) or \
`sk_live_…`; keys are issued by the operator (`shopbench admin key create`). Routes marked \
\"no key\" answer without one.";

const PRICING: &str = "Prepaid credits (1 credit = seed 002's $0.01). A route's price is drawn \
only from a computed, billable answer; errors and refusals are free, and a short balance is a \
402 that charges nothing.";

/// [`PRICING`] and the one route whose price is a rule, not a figure.
fn pricing() -> String {
    format!(
        "{PRICING} {} is priced by tokens: {}; its `credits` is the least an answer costs.",
        tables::CHAT_ENDPOINT,
        tables::chat_price_rule()
    )
}

/// Every route of `doc` as `(method, path, operation)`, in path order.
pub(crate) fn operations(doc: &OpenApi) -> Vec<(&'static str, &str, &Operation)> {
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                out.push((method, path.as_str(), op));
            }
        }
    }
    out
}

/// The credits `method path` draws, from [`PRICES`] (an endpoint there is
/// `METHOD /path` or `METHOD /a, /b`); for chat, priced by tokens, the least
/// an answer costs; 0 when it is not a priced operation.
pub(crate) fn credits(method: &str, path: &str) -> i64 {
    if price_rule(method, path).is_some() {
        return tables::chat_minimum_credits();
    }
    PRICES
        .iter()
        .find(|p| priced_routes(p.endpoint).any(|(m, r)| m == method && r == path))
        .map_or(0, |p| p.credits)
}

/// How `method path` is priced when it is not one figure: the chat rule,
/// as the chat handler charges it ([`tables::chat_credits`]).
fn price_rule(method: &str, path: &str) -> Option<String> {
    let (m, p) = tables::CHAT_ENDPOINT.split_once(' ')?;
    (m == method && p == path).then(tables::chat_price_rule)
}

/// `METHOD /a, /b` → `(METHOD, /a)`, `(METHOD, /b)`.
fn priced_routes(endpoint: &str) -> impl Iterator<Item = (&str, &str)> {
    let (method, paths) = endpoint.split_once(' ').unwrap_or((endpoint, ""));
    paths.split(", ").map(move |p| (method, p.trim()))
}

/// Whether the route sits behind the key gate (it names the bearer scheme).
fn key_required(op: &Operation) -> bool {
    let bearer = SecurityRequirement::new("bearer", Vec::<String>::new());
    op.security.as_ref().is_some_and(|s| s.contains(&bearer))
}

/// What a successful answer is: the description of the first 2xx response.
fn summary(op: &Operation) -> String {
    op.responses
        .responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))
        .and_then(|(_, r)| match r {
            RefOr::T(r) => Some(r.description.clone()),
            RefOr::Ref(_) => None,
        })
        .unwrap_or_default()
}

fn parameters(op: &Operation) -> Vec<Parameter> {
    op.parameters
        .iter()
        .flatten()
        .map(|p| Parameter {
            name: p.name.clone(),
            location: match p.parameter_in {
                ParameterIn::Path => "path",
                ParameterIn::Query => "query",
                ParameterIn::Header => "header",
                ParameterIn::Cookie => "cookie",
            }
            .into(),
            required: matches!(p.required, Required::True),
            description: p.description.clone().unwrap_or_default(),
        })
        .collect()
}

fn endpoint(method: &str, path: &str, op: &Operation) -> Endpoint {
    Endpoint {
        method: method.into(),
        path: path.into(),
        tag: op
            .tags
            .as_ref()
            .and_then(|t| t.first().cloned())
            .unwrap_or_default(),
        summary: match price_rule(method, path) {
            Some(rule) => format!("{} — priced by tokens: {rule}", summary(op)),
            None => summary(op),
        },
        key_required: key_required(op),
        credits: credits(method, path),
        parameters: parameters(op),
    }
}

/// `GET /discovery`.
pub(crate) fn discovery(doc: &OpenApi) -> Discovery {
    Discovery {
        service: "shopbench".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        description: doc.info.description.clone().unwrap_or_default(),
        openapi: "/openapi.json".into(),
        llms_txt: "/llms.txt".into(),
        auth: AUTH.into(),
        pricing: pricing(),
        sample_vin: SAMPLE_VIN.into(),
        endpoints: operations(doc)
            .into_iter()
            .map(|(m, p, op)| endpoint(m, p, op))
            .collect(),
        disclaimer: DISCLAIMER.into(),
    }
}

/// `GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=]`.
fn call(e: &Endpoint) -> String {
    let mut out = format!("{} {}", e.method, e.path);
    let query = e.parameters.iter().filter(|p| p.location == "query");
    for (i, p) in query.enumerate() {
        let sep = if i == 0 { '?' } else { '&' };
        if p.required {
            out.push_str(&format!("{sep}{}=", p.name));
        } else {
            out.push_str(&format!("[{sep}{}=]", p.name));
        }
    }
    out
}

fn terms(e: &Endpoint) -> String {
    if let Some(rule) = price_rule(&e.method, &e.path) {
        return rule;
    }
    match (e.key_required, e.credits) {
        (false, _) => "free, no key".into(),
        (true, 0) => "free with a key".into(),
        (true, 1) => "1 credit".into(),
        (true, n) => format!("{n} credits"),
    }
}

/// `GET /llms.txt` (llmstxt.org's layout): the API's title and purpose, how
/// to authenticate and pay, every route by group with its terms, the disclaimer.
pub(crate) fn llms_txt(doc: &OpenApi) -> String {
    let d = discovery(doc);
    let mut out = format!("# {}\n\n> {}\n\n", doc.info.title, d.description);
    out.push_str(&format!(
        "- Discovery: {} (JSON), {} (OpenAPI 3.1), {} (this file)\n",
        "/discovery", d.openapi, d.llms_txt
    ));
    out.push_str(&format!("- Keys: {}\n- Prices: {}\n", d.auth, d.pricing));
    out.push_str(&format!(
        "- Samples: the /v1/sample/* routes always answer about VIN {} (2013 Ford F-150), free, in the paid route's shape plus `sample` and `note`.\n",
        d.sample_vin
    ));
    out.push_str(
        "- Errors: RFC 9457 `application/problem+json` with a stable `type`; every vehicle-data answer is a JSON object with a top-level `disclaimer`.\n",
    );
    let mut groups: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for e in &d.endpoints {
        groups.entry(e.tag.as_str()).or_default().push(e);
    }
    for (tag, endpoints) in groups {
        out.push_str(&format!("\n## {tag}\n\n"));
        for e in endpoints {
            out.push_str(&format!("- `{}` ({}): {}\n", call(e), terms(e), e.summary));
        }
    }
    out.push_str(&format!("\n## Disclaimer\n\n{}\n", d.disclaimer));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priced_endpoints_with_several_paths_split_into_routes() {
        let routes: Vec<_> = priced_routes("GET /v1/a/{x}, /v1/b, /v1/c/{y}").collect();
        assert_eq!(
            routes,
            [("GET", "/v1/a/{x}"), ("GET", "/v1/b"), ("GET", "/v1/c/{y}")]
        );
        assert_eq!(credits("GET", "/v1/labor-rates/{state}"), 1);
        assert_eq!(credits("GET", "/v1/known-issues"), 25);
        assert_eq!(credits("GET", "/v1/reliability"), 5);
        assert_eq!(credits("GET", "/v1/cases/{id}"), 0);
    }

    #[test]
    fn chat_is_listed_with_its_token_price_never_as_free() {
        assert_eq!(credits("POST", "/v1/chat"), 1);
        let d = discovery(crate::openapi::document());
        let chat = d.endpoints.iter().find(|e| e.path == "/v1/chat").unwrap();
        assert_ne!(terms(chat), "free with a key");
        assert!(
            terms(chat).starts_with("1 credit per 100 tokens"),
            "{}",
            terms(chat)
        );
        assert!(
            chat.summary.contains(&tables::chat_price_rule()),
            "{}",
            chat.summary
        );
        assert!(d.pricing.contains(&tables::chat_price_rule()));
    }

    #[test]
    fn a_call_shows_required_and_optional_query_parameters() {
        let p = |name: &str, required| Parameter {
            name: name.into(),
            location: "query".into(),
            required,
            description: String::new(),
        };
        let e = Endpoint {
            method: "GET".into(),
            path: "/v1/us/purchase-costs".into(),
            tag: "vehicle data".into(),
            summary: String::new(),
            key_required: true,
            credits: 2,
            parameters: vec![p("state", true), p("price", true), p("year", false)],
        };
        assert_eq!(call(&e), "GET /v1/us/purchase-costs?state=&price=[&year=]");
        assert_eq!(terms(&e), "2 credits");
    }
}
