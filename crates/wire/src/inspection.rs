//! The used-car inspection (issue 16, item 6): one car's scan, its VIN's
//! vehicle data and the costs of buying it, as one document a buyer reads —
//! `shopbench inspect`'s JSON and PDF, and `POST /v1/inspection`'s answer.
//!
//! Every part that could not be read says so ([`Section::missing`] and
//! [`Inspection::gaps`]): an empty list here means "read, and there were
//! none", never "not looked at".

use serde::{Deserialize, Serialize};
use shopbench_costs::{CaCosts, UsCosts};
use shopbench_recalls::{KnownIssuesReport, RecallsReport};
use shopbench_vindecode::Decoded;

/// `POST /v1/inspection`'s body: a saved scan and the purchase question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// The car's scan, as `shopbench scan --json` prints it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub scan: serde_json::Value,
    /// The all-module scan, as `shopbench scan --modules --json` prints it (optional).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub modules: Option<serde_json::Value>,
    /// A US state (two letters, or DC): give this or `province`.
    #[serde(default)]
    pub state: Option<String>,
    /// A Canadian province or territory: give this or `state`.
    #[serde(default)]
    pub province: Option<String>,
    /// The asking price, e.g. `"25000"`.
    pub price: String,
    /// `private` (the default) or `dealer`.
    #[serde(default)]
    pub sale_type: Option<String>,
    /// US: the exact county/city surtax in percent, e.g. `"2.25"` (else the costs show its range).
    #[serde(default)]
    pub local_rate: Option<String>,
    /// The trade-in allowance, e.g. `"5000"`, where the rules credit it
    /// (as the purchase-cost endpoints' `trade_in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_in: Option<String>,
    /// Canada: a gift between family members (as `family_gift` there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_gift: Option<bool>,
    /// Canada: the buyer moves plates they already have (as `buyer_has_plates` there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_has_plates: Option<bool>,
}

/// A part of the inspection that comes from a data source: what it said,
/// or why it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section<T> {
    /// The source's answer, when it could be read (null when it could not).
    // utoipa drops an `Option`'s null when the `Option` holds a type
    // parameter and the schema is composed (the `Section_*` schemas gave
    // `data` as T alone, and `data: null` failed them); inlined, `data` is
    // `oneOf: [null, T]`.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub data: Option<T>,
    /// Why there is no answer (no VIN, no vPIC file, no recall data for this car).
    pub missing: Option<String>,
}

impl<T> Section<T> {
    /// A section that was read.
    pub fn found(data: T) -> Section<T> {
        Section {
            data: Some(data),
            missing: None,
        }
    }

    /// A section that could not be read, and why.
    pub fn missing(reason: impl Into<String>) -> Section<T> {
        Section {
            data: None,
            missing: Some(reason.into()),
        }
    }
}

/// How much a line of the summary asks for the buyer's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth asking the seller about, or having checked.
    Attention,
    /// Nothing found.
    Ok,
    /// Could not be checked.
    Unknown,
}

/// One line of the summary at the top of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// How much it matters.
    pub level: Level,
    /// The finding in plain words.
    pub text: String,
}

/// The "were the codes just cleared?" signals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClearedSignals {
    /// In plain words: "The codes were cleared 12 km (7 mi) ago …".
    pub statement: String,
    /// True when the counters or the readiness monitors point to a recent
    /// clear; null when the car reports neither.
    pub recent: Option<bool>,
    /// Why `recent` is what it is, one sentence per signal.
    pub signals: Vec<String>,
    /// Engine warm-ups since the clear (01 30), where reported.
    pub warm_ups: Option<u32>,
    /// Distance driven since the clear, km (01 31), where reported.
    pub distance_km: Option<f64>,
    /// Engine running time since the clear, minutes (01 4E), where reported.
    pub minutes: Option<f64>,
}

/// One trouble code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeLine {
    /// `P0171`, or `C0035-1C` from a module.
    pub code: String,
    /// `stored`, `pending`, `permanent`, or a module code's status in words.
    pub status: String,
    /// What it means.
    pub meaning: String,
}

/// The codes of one module (an emission ECU over OBD-II, or any module over UDS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleCodes {
    /// `ECU 7E8 (engine, ECM-EngineControl)` or `ABS/ESC (7B0)`.
    pub module: String,
    /// `OBD-II` or `UDS`.
    pub via: String,
    /// Its codes.
    pub codes: Vec<CodeLine>,
    /// `no codes`, `codes NOT READ — …`, …
    pub note: Option<String>,
}

/// Every code the scan read, per module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Codes {
    /// True when every list of every module was read (only then is "no
    /// codes" a fact).
    pub complete: bool,
    /// The check-engine lamp, where reported.
    pub mil_on: Option<bool>,
    /// Each OBD-II list in words: `stored codes (03): none`, `… NOT READ — why`.
    pub lists: Vec<String>,
    /// The modules, emission ECUs first.
    pub modules: Vec<ModuleCodes>,
}

/// The readiness monitors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessView {
    /// Monitors that have run since the codes were cleared.
    pub complete: Vec<String>,
    /// Monitors that have not.
    pub incomplete: Vec<String>,
}

/// One identification value (mode 09 or a module's UDS identification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentLine {
    /// Who reported it (`ECU 7E8`, `ABS/ESC (7B0)`).
    pub source: String,
    /// What it is (`VIN`, `ECU name`, `Software version`).
    pub label: String,
    /// Its value.
    pub value: String,
}

/// The purchase costs, for the country asked (each carries its own `country`:
/// `US` or `CA`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum InspectionCosts {
    /// A US state or DC (seed 002's shape).
    Us(UsCosts),
    /// A Canadian province or territory.
    Ca(CaCosts),
}

/// The used-car inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    /// The VIN the car reported, where it did.
    pub vin: Option<String>,
    /// The adapter and protocol the scan was made with.
    pub scanned_with: String,
    /// The findings a buyer reads first.
    pub summary: Vec<Finding>,
    /// The VIN decoded offline (NHTSA vPIC).
    pub vehicle: Section<Decoded>,
    /// Were the codes just cleared?
    pub recently_cleared: ClearedSignals,
    /// Trouble codes per module.
    pub codes: Codes,
    /// Readiness monitors.
    pub readiness: Section<ReadinessView>,
    /// Mode 09 and module identification.
    pub identification: Vec<IdentLine>,
    /// US and Canadian recalls for the make, model and year.
    pub recalls: Section<RecallsReport>,
    /// Owner complaints grouped into failure modes.
    pub known_issues: Section<KnownIssuesReport>,
    /// Government taxes and fees of buying it.
    pub costs: InspectionCosts,
    /// Everything this inspection could not check, in plain words.
    pub gaps: Vec<String>,
}

/// How many module names a grouped line lists before "and N more".
const NAMES_LISTED: usize = 4;

impl Codes {
    /// The modules without codes, one line per thing they said, in the order
    /// first seen: `(note, "ECU 7E8 (engine) (OBD-II): no codes")`, or for a
    /// group `(note, "62 modules — A, B, C, D and 58 more: codes NOT READ — …")`.
    pub fn without_codes(&self) -> Vec<(&str, String)> {
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for m in self.modules.iter().filter(|m| m.codes.is_empty()) {
            let note = m.note.as_deref().unwrap_or("no codes");
            let name = format!("{} ({})", m.module, m.via);
            match groups.iter_mut().find(|(n, _)| *n == note) {
                Some((_, names)) => names.push(name),
                None => groups.push((note, vec![name])),
            }
        }
        groups
            .into_iter()
            .map(|(note, names)| (note, grouped_line(note, &names)))
            .collect()
    }
}

fn grouped_line(note: &str, names: &[String]) -> String {
    if names.len() == 1 {
        return format!("{}: {note}", names[0]);
    }
    let shown = names[..names.len().min(NAMES_LISTED)].join(", ");
    let more = names.len().saturating_sub(NAMES_LISTED);
    let more = match more {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("{} modules — {shown}{more}: {note}", names.len())
}

/// A count in words: the number, or `not known` when its source was never
/// imported or fetched (`None`: not looked at, which is not 0).
pub fn count_or_not_known(n: Option<impl std::fmt::Display>) -> String {
    n.map_or_else(|| "not known".to_string(), |n| n.to_string())
}

/// A recalls answer's counts in words, US then Canada ([`count_or_not_known`]).
pub fn recall_counts(r: &RecallsReport) -> (String, String) {
    (
        count_or_not_known(r.counts.us),
        count_or_not_known(r.counts.canada),
    )
}
