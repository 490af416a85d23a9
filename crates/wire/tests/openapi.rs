//! The schemas these shapes give `/openapi.json` (the server builds the
//! document from them) say what serde writes: every enum's values are the
//! strings the JSON carries, and every field that can be null is nullable.
//! Generated clients validate real answers against them.

use serde::Serialize;
use serde_json::Value;
use shopbench_core::VinWarning;
use shopbench_costs::{CaCosts, Confidence, LineKind, SaleType, UsCosts};
use shopbench_estimate::{DamageType, DentSize, Severity, VehicleClass, View};
use shopbench_recalls::{KnownIssuesReport, RecallsReport, ReliabilityReport};
use shopbench_vindecode::Decoded;
use shopbench_wire::*;
use utoipa::{OpenApi, PartialSchema};

/// Every shape of the wire crate, with the engine answers it embeds (and the
/// generic ones as the server's routes fill them in).
#[derive(OpenApi)]
#[openapi(components(schemas(
    Health,
    Account,
    Usage,
    RateLimits,
    Price,
    ChatTurn,
    ChatRequest,
    ChatCitation,
    ChatDelta,
    ChatDone,
    ChatAnswer,
    ConversationSummary,
    ConversationList,
    ConversationMessage,
    ConversationDetail,
    EngineInfo,
    CaseCreated,
    StoredCase,
    DiagnoseRequest,
    DiagnosisAccepted,
    DiagnosisError,
    DiagnosisStatus,
    DiagnosisBulletins,
    BulletinMatch,
    CloseCaseRequest,
    CaseClosed,
    Discovery,
    Endpoint,
    Parameter,
    EstimateInput,
    EstimateArea,
    PhotoMeta,
    EstimateCreated,
    EstimateAccepted,
    EstimateProcessing,
    EstimateFailure,
    EstimateFailed,
    EstimateState,
    InspectionRequest,
    Inspection,
    Event,
    Attempt,
    Delivery,
    DeliveryList,
    DamageTypeDetail,
    DamageTypeList,
    LaborRates,
    StateList,
    VehicleDetail,
    VehicleList,
    View,
    DentSize,
    Billed<VehicleData<CaCosts>>,
    Billed<VehicleData<UsCosts>>,
    Billed<VehicleData<Decoded>>,
    Billed<VehicleData<ForVin<KnownIssuesReport>>>,
    Billed<VehicleData<ForVin<RecallsReport>>>,
    Billed<VehicleData<ForVin<ReliabilityReport>>>,
    Sample<VehicleData<SampleCosts>>,
)))]
struct Wire;

fn document() -> Value {
    serde_json::to_value(Wire::openapi()).unwrap()
}

/// What serde writes for each value.
fn written<T: Serialize>(values: &[T]) -> Vec<Value> {
    values
        .iter()
        .map(|v| serde_json::to_value(v).unwrap())
        .collect()
}

/// The `enum` list of a type's own schema.
fn listed<T: PartialSchema>(name: &str) -> Vec<Value> {
    let schema = serde_json::to_value(T::schema()).unwrap();
    schema["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}'s schema has no enum: {schema}"))
        .clone()
}

macro_rules! checked {
    ($($t:ident: $values:expr),+ $(,)?) => {
        vec![$((stringify!($t), listed::<$t>(stringify!($t)), written($values))),+]
    };
}

/// `crates/estimate`'s `vocabulary!` enums: their name, what their schema
/// lists, and what serde writes for every value.
fn vocabularies() -> Vec<(&'static str, Vec<Value>, Vec<Value>)> {
    checked!(
        DamageType: DamageType::ALL,
        Severity: Severity::ALL,
        View: View::ALL,
        VehicleClass: VehicleClass::ALL,
        DentSize: DentSize::ALL,
    )
}

/// Every enum of the document, the same way.
fn enums() -> Vec<(&'static str, Vec<Value>, Vec<Value>)> {
    let mut out = vocabularies();
    out.extend(checked!(
        Level: &[Level::Attention, Level::Ok, Level::Unknown],
        Mode: &[Mode::Test, Mode::Live],
        SaleType: &[SaleType::Private, SaleType::Dealer],
        Confidence: &[Confidence::High, Confidence::Medium],
        LineKind: &[
            LineKind::Tax,
            LineKind::Fee,
            LineKind::MarketEstimate,
            LineKind::Informational,
        ],
    ));
    // An internally tagged enum: its `kind` is the enum.
    let warning = VinWarning::CheckDigitMismatch {
        found: '2',
        expected: 'X',
    };
    let schema = serde_json::to_value(VinWarning::schema()).unwrap();
    out.push((
        "VinWarning.kind",
        schema["oneOf"][0]["properties"]["kind"]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("VinWarning's schema has no kind: {schema}"))
            .clone(),
        vec![serde_json::to_value(&warning).unwrap()["kind"].clone()],
    ));
    out
}

/// `vocabulary!` wrote `#[serde(rename = "scratch")]` on `Scratch`: serde
/// honoured it, utoipa's derive did not see it (a `literal` fragment reaches
/// a derive in an invisible group), and the document listed `Scratch`,
/// `PaintChip`, `Midsize`… where the server sends and accepts `scratch`,
/// `paint_chip`, `midsize`.
#[test]
fn regression_vocabulary_enums_listed_rust_names_not_the_json_values() {
    let model = include_str!("../../estimate/src/model.rs");
    let vocabularies = vocabularies();
    assert_eq!(
        vocabularies.len(),
        model.matches("\nvocabulary!(").count(),
        "crates/estimate/src/model.rs declares another vocabulary! enum: check it in vocabularies()"
    );
    let doc = document();
    for (name, listed, written) in &vocabularies {
        assert_eq!(
            listed, written,
            "{name}: the schema's values are not serde's"
        );
        // As the document gives it.
        let schema = &doc["components"]["schemas"][name];
        assert_eq!(
            schema["enum"].as_array(),
            Some(written),
            "{name} in the document: {schema}"
        );
    }
}

/// Every `enum` list anywhere in the document (components, inline, map keys).
fn enum_lists(value: &Value, at: &str, out: &mut Vec<(String, Vec<Value>)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get("enum") {
                out.push((at.to_string(), list.clone()));
            }
            for (k, v) in map {
                enum_lists(v, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                enum_lists(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_enum_of_the_document_is_what_serde_writes() {
    let checked = enums();
    for (name, listed, written) in &checked {
        assert_eq!(
            listed, written,
            "{name}: the schema's values are not serde's"
        );
    }
    let mut found = Vec::new();
    enum_lists(&document(), "", &mut found);
    assert!(found.len() >= checked.len(), "{found:?}");
    for (at, list) in found {
        assert!(
            checked.iter().any(|(_, _, written)| *written == list),
            "{at}: {list:?} is not what serde writes for a checked enum — add its type to enums()"
        );
    }
}

/// Whether a schema admits `null`.
fn admits_null(schema: &Value) -> bool {
    match &schema["type"] {
        Value::String(t) if t == "null" => return true,
        Value::Array(types) if types.iter().any(|t| t == "null") => return true,
        _ => {}
    }
    ["oneOf", "anyOf"].iter().any(|k| {
        schema[k]
            .as_array()
            .is_some_and(|items| items.iter().any(admits_null))
    })
}

/// Fields left out of `required` that are never null: serde defaults that
/// are not `Option`s (`schema/property`).
const ABSENT_NOT_NULL: &[&str] = &[
    "EstimateCreated/proposals",
    "EstimateInput/areas",
    "EstimateInput/metro",
    "EstimateInput/views",
];

/// Every property that may be left out, as `schema/property`, with its schema.
fn optional_properties(value: &Value, schema: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                let required = map.get("required").and_then(Value::as_array);
                for (name, property) in properties {
                    if !required.is_some_and(|r| r.iter().any(|r| r == name)) {
                        out.push((format!("{schema}/{name}"), property.clone()));
                    }
                }
            }
            for v in map.values() {
                optional_properties(v, schema, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                optional_properties(v, schema, out);
            }
        }
        _ => {}
    }
}

/// `Section<T>`'s `data: Option<T>` came out as T alone in the
/// `Section_*` schemas (utoipa drops the `Option`'s null where it composes
/// a type parameter), and every inspection of a scan without readiness, or
/// of a VIN with no vPIC file, sent `data: null` against it.
#[test]
fn regression_inspection_section_data_was_not_nullable() {
    let doc = document();
    let schemas = doc["components"]["schemas"].as_object().unwrap();

    let missing = serde_json::to_value(Section::<ReadinessView>::missing("no readiness")).unwrap();
    assert!(missing["data"].is_null(), "{missing}");
    let sections: Vec<_> = schemas
        .iter()
        .filter(|(name, _)| name.starts_with("Section_"))
        .collect();
    assert_eq!(sections.len(), 4, "{:?}", schemas.keys());
    for (name, schema) in sections {
        let data = &schema["properties"]["data"];
        assert!(admits_null(data), "{name}.data: {data}");
        let alternatives = data["oneOf"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![data.clone()]);
        assert!(
            alternatives.iter().any(|a| a["type"] != "null"),
            "{name}.data lost T: {data}"
        );
    }

    // Every field that may be left out (an `Option`, or a serde default)
    // may be null too, but for the defaults listed.
    let mut optional = Vec::new();
    for (name, schema) in schemas {
        optional_properties(schema, name, &mut optional);
    }
    assert!(optional.len() > 40, "{}", optional.len());
    let wrong: Vec<_> = optional
        .iter()
        .filter(|(at, property)| admits_null(property) == ABSENT_NOT_NULL.contains(&at.as_str()))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
