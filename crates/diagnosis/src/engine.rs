//! The diagnosis engine: evidence in, ranked causes, a plan and a confidence out.
//!
//! The method is described in the crate documentation (`# Method`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use shopbench_core::{Dtc, DtcCatalog, Likelihood, Vin};

use crate::complaints::OwnerComplaints;
use crate::cylinders::{misfires_really, misfiring_cylinders, step_name};
use crate::history::{shop_hits, similar_fixes, ConfirmedFix};
use crate::input::{
    CaseInput, DistanceUnit, DtcEntry, DtcStatus, Mileage, SymptomTag, TestOutcome, TestResult,
    VehicleId,
};
use crate::knowledge::{
    CauseDef, ComboRule, Knowledge, MakePattern, MileageBand, ReadingRule, TestDef,
};
use crate::words::{TextSource, WordsRead};

/// The engine's name and method version, recorded with each result.
pub const ENGINE_VERSION: &str = concat!(
    "shopbench-diagnosis ",
    env!("CARGO_PKG_VERSION"),
    " / naive-bayes-log-odds v1"
);

const UNEXPLAINED_CODE_LR: f64 = 0.35;
const PENDING_FACTOR: f64 = 0.8;
const OBDEX_PRIOR: f64 = 0.005;
const MAX_PLAN_STEPS: usize = 6;
/// Confidence = p_top^CONFIDENCE_EXPONENT × (1 − CONFIDENCE_THIN_EVIDENCE · e^(−n/2)).
/// Fitted (in-sample, two parameters) to the 108 labelled cases: the raw top
/// probability was under-confident (stated 50 % bin right 78 % of the time).
const CONFIDENCE_EXPONENT: f64 = 0.8;
const CONFIDENCE_THIN_EVIDENCE: f64 = 0.15;

/// The result of one diagnosis run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// [`ENGINE_VERSION`].
    pub engine_version: String,
    /// Candidate causes, most probable first; probabilities sum to 1 (or the list is empty).
    pub causes: Vec<RankedCause>,
    /// What to do next, cheap-and-decisive first.
    pub plan: Vec<PlanStep>,
    /// Overall confidence in the top cause, 0–1.
    pub confidence: f64,
    /// `high` / `medium` / `low` / `none`.
    pub confidence_label: String,
    /// Data that would sharpen the result.
    pub raise_confidence: Vec<String>,
    /// Problems with the input.
    pub warnings: Vec<InputWarning>,
    /// The codes as understood.
    pub codes: Vec<CodeReport>,
    /// Symptom tags used (given and derived from the complaint).
    pub symptoms: Vec<SymptomTag>,
}

/// One candidate cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedCause {
    /// Cause id (curated, or `obdex:<id>` from the generic catalogue).
    pub id: String,
    /// What to tell the technician.
    pub name: String,
    /// VehicleId system.
    pub system: String,
    /// Posterior probability, 0–1.
    pub probability: f64,
    /// Evidence raising it, strongest first.
    pub evidence_for: Vec<Evidence>,
    /// Evidence lowering it, strongest first.
    pub evidence_against: Vec<Evidence>,
    /// Typical repair cost.
    pub cost: CostBand,
}

/// A repair cost band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostBand {
    /// ISO currency of the amounts.
    pub currency: String,
    /// Parts, low–high, in cents.
    pub parts_cents: Option<[u64; 2]>,
    /// Parts and labor together, low–high, in cents (generic catalogue only).
    pub total_cents: Option<[u64; 2]>,
    /// Labor hours, low–high.
    pub labor_hours: Option<[f64; 2]>,
}

/// What produced a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A trouble code.
    Code,
    /// A code this cause does not explain.
    Unexplained,
    /// A combination of codes.
    Combination,
    /// A symptom tag.
    Symptom,
    /// A live-data or freeze-frame condition.
    Reading,
    /// The odometer.
    Mileage,
    /// A make/engine pattern.
    Make,
    /// Keywords in the technician's findings.
    Finding,
    /// A recorded test result.
    Test,
    /// Fixes the shop confirmed on similar cars (its closed cases).
    ShopHistory,
    /// NHTSA owner complaints about the vehicle's systems.
    OwnerComplaints,
}

/// One piece of evidence and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Kind.
    pub kind: EvidenceKind,
    /// The code, rule, tag or step id that produced it.
    pub source: String,
    /// Human explanation.
    pub detail: String,
    /// Likelihood ratio as applied.
    pub likelihood_ratio: f64,
    /// `ln(likelihood_ratio)`: its additive weight on the log-odds.
    pub weight: f64,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    /// Step id (the test id; record results under it).
    pub id: String,
    /// 1-based position.
    pub order: usize,
    /// What to do.
    pub instruction: String,
    /// Tools.
    pub tool: String,
    /// The normal result; seeing it is a pass.
    pub expected: String,
    /// Typical minutes.
    pub minutes: f64,
    /// Candidate causes it confirms or rules out.
    pub checks: Vec<String>,
    /// Where to go if it passes.
    pub on_pass: NextAction,
    /// Where to go if it fails.
    pub on_fail: NextAction,
}

/// Where a step leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum NextAction {
    /// Go to this step.
    Step {
        /// Its id.
        step_id: String,
    },
    /// Stop here.
    Conclude {
        /// The cause the result points at, if any.
        cause: Option<String>,
        /// What to do.
        text: String,
    },
}

/// How a code was understood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeReport {
    /// The code.
    pub code: String,
    /// Its title from the generic catalogue, if any.
    pub title: Option<String>,
    /// Status as read.
    pub status: DtcStatus,
    /// Where its causes came from.
    pub knowledge: CodeKnowledge,
}

/// Which layer supplied a code's causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKnowledge {
    /// The curated layer.
    Curated,
    /// The OBDex catalogue's causes (and the family, if any).
    Generic,
    /// Only its SAE family.
    Family,
    /// Nothing known: wiring / component / module fallback.
    Fallback,
}

/// A problem with the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputWarning {
    /// Kind.
    pub kind: WarningKind,
    /// What happened and what to do.
    pub message: String,
}

/// Kinds of input warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// A code that does not parse; skipped.
    MalformedCode,
    /// A code listed twice; counted once.
    DuplicateCode,
    /// A code no layer knows; generic fallback used.
    UnknownCode,
    /// The same step recorded as pass and fail; both ignored.
    ContradictoryResults,
    /// A test result for a step the knowledge does not have.
    UnknownStep,
    /// No codes and no usable complaint.
    NoEvidence,
    /// VIN does not parse or its check digit fails.
    Vin,
    /// Make not recognised; make patterns cannot apply.
    UnknownMake,
    /// A reading name the rules do not use; ignored.
    UnknownReading,
    /// A reading outside any plausible range; ignored.
    ImplausibleReading,
    /// Symptoms or readings that cannot both be true; both kept, check them.
    ContradictoryFindings,
}

// ---------------------------------------------------------------------------

/// A cause under consideration and what the case says about it so far.
struct Cand {
    id: String,
    name: String,
    system: String,
    prior: f64,
    cost: CostBand,
    /// Strongest link from each code (already raised to the code's pending factor).
    code_lrs: BTreeMap<Dtc, f64>,
    /// Why each code links here: the text of its strongest link (when that beats 1).
    code_why: BTreeMap<Dtc, String>,
    /// Link from each symptom tag.
    symptom_lrs: BTreeMap<SymptomTag, f64>,
    evidence: Vec<Evidence>,
}

impl Cand {
    /// A candidate with no evidence yet.
    fn new(id: String, name: String, system: String, prior: f64, cost: CostBand) -> Cand {
        Cand {
            id,
            name,
            system,
            prior,
            cost,
            code_lrs: BTreeMap::new(),
            code_why: BTreeMap::new(),
            symptom_lrs: BTreeMap::new(),
            evidence: Vec::new(),
        }
    }

    fn curated(c: &CauseDef, currency: &str) -> Cand {
        let cost = CostBand {
            currency: currency.to_string(),
            parts_cents: Some(c.parts_cents),
            total_cents: None,
            labor_hours: Some(c.labor_hours),
        };
        Cand::new(
            c.id.clone(),
            c.name.clone(),
            c.system.clone(),
            c.prior,
            cost,
        )
    }

    /// A cause only the generic catalogue names: a low prior, its cost in euros.
    fn obdex(
        key: String,
        label: &str,
        system: &str,
        cost_eur: Option<[f64; 2]>,
        hours: Option<[f64; 2]>,
    ) -> Cand {
        let cost = CostBand {
            currency: "EUR".into(),
            parts_cents: None,
            total_cents: cost_eur
                .map(|[a, b]| [(a * 100.0).round() as u64, (b * 100.0).round() as u64]),
            labor_hours: hours,
        };
        Cand::new(
            key,
            label.to_string(),
            system.to_string(),
            OBDEX_PRIOR,
            cost,
        )
    }

    /// Adds a piece of evidence; a likelihood ratio of 1 says nothing and is dropped.
    fn push(
        &mut self,
        kind: EvidenceKind,
        source: impl Into<String>,
        detail: impl Into<String>,
        lr: f64,
    ) {
        if (lr - 1.0).abs() < 1e-12 {
            return;
        }
        self.evidence.push(Evidence {
            kind,
            source: source.into(),
            detail: detail.into(),
            likelihood_ratio: lr,
            weight: lr.ln(),
        });
    }
}

enum CauseRef<'a> {
    Curated(usize),
    Obdex {
        id: &'a str,
        label: &'a str,
        system: String,
        cost_eur: Option<[f64; 2]>,
        hours: Option<[f64; 2]>,
    },
}

/// The candidate causes, by id. Codes, symptoms, failed tests and strong
/// findings add candidates; every other piece of evidence only moves the
/// candidates already there.
struct Candidates<'k> {
    kb: &'k Knowledge,
    by_id: BTreeMap<String, Cand>,
}

impl<'k> Candidates<'k> {
    fn new(kb: &'k Knowledge) -> Candidates<'k> {
        Candidates {
            kb,
            by_id: BTreeMap::new(),
        }
    }

    /// The candidate for a cause, added if it is not one yet.
    fn ensure(&mut self, r: &CauseRef<'_>) -> &mut Cand {
        let kb = self.kb;
        match r {
            CauseRef::Curated(i) => {
                let c = &kb.causes[*i];
                self.by_id
                    .entry(c.id.clone())
                    .or_insert_with(|| Cand::curated(c, &kb.currency))
            }
            CauseRef::Obdex {
                id,
                label,
                system,
                cost_eur,
                hours,
            } => {
                let key = format!("obdex:{id}");
                self.by_id
                    .entry(key.clone())
                    .or_insert_with(|| Cand::obdex(key, label, system, *cost_eur, *hours))
            }
        }
    }

    /// The candidate for a curated cause id taken from the knowledge, added
    /// if need be. The knowledge is validated on load: every cause id its
    /// rules, symptoms and tests name exists.
    fn ensure_curated(&mut self, id: &str) -> &mut Cand {
        let i = *self
            .kb
            .cause_index
            .get(id)
            .expect("knowledge validated: every linked cause exists");
        self.ensure(&CauseRef::Curated(i))
    }
}

fn system_of(code: Dtc) -> String {
    let s = code.to_string();
    match &s[..2] {
        "P0" | "P2" => match &s[2..3] {
            "0" | "1" | "2" => "air_fuel".into(),
            "3" => "ignition".into(),
            "4" => "emissions".into(),
            "5" => "speed_idle".into(),
            "6" => "engine_management".into(),
            "7" | "8" | "9" => "transmission".into(),
            _ => "powertrain".into(),
        },
        _ => match &s[..1] {
            "B" => "body".into(),
            "C" => "chassis".into(),
            "U" => "network".into(),
            _ => "powertrain".into(),
        },
    }
}

fn likelihood_lr(l: Likelihood) -> f64 {
    match l {
        Likelihood::High => 8.0,
        Likelihood::Medium => 4.0,
        Likelihood::Low => 2.0,
    }
}

/// The causes a code points to, and which layer supplied them.
fn code_links<'a>(kb: &Knowledge, code: Dtc) -> (CodeKnowledge, Vec<(CauseRef<'a>, f64, String)>) {
    let mut out: Vec<(CauseRef<'a>, f64, String)> = Vec::new();
    if let Some(links) = kb.codes.get(&code) {
        for l in links {
            out.push((
                CauseRef::Curated(kb.cause_index[&l.cause]),
                l.lr,
                format!("{code} (curated link)"),
            ));
        }
        return (CodeKnowledge::Curated, out);
    }
    let mut layer = CodeKnowledge::Fallback;
    if let Some(info) = DtcCatalog::generic().get(code) {
        if !info.causes.is_empty() {
            layer = CodeKnowledge::Generic;
        }
        let info: &'static shopbench_core::CodeInfo = info; // the catalogue lives for the program
        for c in &info.causes {
            let lr = likelihood_lr(c.likelihood);
            let why = format!(
                "{code}: OBDex lists \"{}\" as {:?} likelihood",
                c.label, c.likelihood
            )
            .to_lowercase();
            match kb.obdex_alias.get(&c.id) {
                Some(&i) => out.push((CauseRef::Curated(i), lr, why)),
                None => out.push((
                    CauseRef::Obdex {
                        id: &c.id,
                        label: &c.label,
                        system: system_of(code),
                        cost_eur: info.cost_eur,
                        hours: info.hours,
                    },
                    lr,
                    why,
                )),
            }
        }
    }
    for f in &kb.families {
        if f.from <= code && code <= f.to {
            if layer == CodeKnowledge::Fallback {
                layer = CodeKnowledge::Family;
            }
            for (cause, lr) in &f.links {
                out.push((
                    CauseRef::Curated(kb.cause_index[cause]),
                    *lr,
                    format!("{code} is in the {} family ({})", f.name, f.id),
                ));
            }
        }
    }
    if layer == CodeKnowledge::Fallback {
        for (cause, lr) in [
            ("circuit_wiring_fault", 4.0),
            ("component_failed", 4.0),
            ("module_fault", 1.5),
        ] {
            out.push((
                CauseRef::Curated(kb.cause_index[cause]),
                lr,
                format!("{code}: no specific knowledge — generic circuit causes"),
            ));
        }
    }
    (layer, out)
}

/// The reading names the rules use (freeze frame and live data alike); other
/// names are reported as unknown and ignored. Importers map their own names
/// onto these.
pub const KNOWN_READINGS: &[&str] = &[
    "ltft_b1",
    "ltft_b2",
    "stft_b1",
    "stft_b2",
    "ltft_b1_2500",
    "ltft_b2_2500",
    "stft_b1_2500",
    "stft_b2_2500",
    "maf",
    "rpm",
    "idle_rpm",
    "coolant_temp",
    "coolant_temp_max",
    "iat",
    "ect_cold_soak",
    "iat_cold_soak",
    "o2_b1s1_v",
    "o2_b1s2_v",
    "o2_b2s1_v",
    "o2_b2s2_v",
    "o2_b1s1_min_v",
    "o2_b1s1_max_v",
    "o2_b1s2_min_v",
    "o2_b1s2_max_v",
    "o2_b1s1_span_v",
    "o2_b1s2_span_v",
    "fuel_pressure_kpa",
    "fuel_pressure_psi",
    "cam_crank_offset_deg",
    "battery_v",
    "charging_v",
    "cranking_v",
    "parasitic_draw_ma",
    "boost_desired_kpa",
    "boost_actual_kpa",
    "map_kpa",
    "baro_kpa",
    "load_pct",
    "speed_kmh",
    "speed_mph",
    "throttle_pct",
    "timing_advance",
    "maf_gps_per_litre_idle",
    "vacuum_inhg",
    "fuel_level_pct",
    "engine_runtime_s",
    "catalyst_temp",
];

fn parse_displacement(engine: &str) -> Option<f64> {
    let e = engine.to_lowercase();
    let b = e.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let num: Option<f64> = e[start..i].parse().ok();
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if let Some(n) = num {
                if j < b.len()
                    && (b[j] == b'l' || b[j] == b't')
                    && (0.6..=10.0).contains(&n)
                    && e[start..i].contains('.')
                {
                    return Some(n);
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

fn is_v_engine(engine: &str) -> bool {
    let e = engine.to_lowercase();
    let inline = [
        "i4", "i5", "i6", "l4", "l6", "inline", "straight", "4-cyl", "4 cyl", "flat", "h4", "boxer",
    ]
    .iter()
    .any(|k| e.contains(k));
    let v = ["v6", "v8", "v10", "v12", "w12", "vr6"]
        .iter()
        .any(|k| e.contains(k));
    v || (!inline && parse_displacement(&e).is_some_and(|d| d >= 3.3))
}

/// Raw and derived readings (see the crate docs for names).
pub(crate) fn derive_readings(
    case: &CaseInput,
    written: &BTreeMap<String, f64>,
    warnings: &mut Vec<InputWarning>,
) -> BTreeMap<String, f64> {
    let mut r = accepted_readings(case, written, warnings);
    // Every derivation reads the accepted readings only, never another's result.
    let measured = Measured { r: &r, case };
    let d: Vec<(&str, f64)> = DERIVED
        .iter()
        .filter_map(|row| (row.derive)(&measured).map(|v| (row.name, v)))
        .collect();
    for (k, v) in d {
        r.insert(k.to_string(), v);
    }
    r
}

/// The readings the rules may use: freeze frame, then readings written in the
/// notes (only where nothing was measured), then live data, a later value
/// replacing an earlier one. Unknown names and implausible values are left
/// out with a warning.
fn accepted_readings(
    case: &CaseInput,
    written: &BTreeMap<String, f64>,
    warnings: &mut Vec<InputWarning>,
) -> BTreeMap<String, f64> {
    let mut r: BTreeMap<String, f64> = BTreeMap::new();
    // Readings written in the notes count only where nothing was measured.
    let from_words = written
        .iter()
        .filter(|(k, _)| !case.readings.contains_key(*k) && !case.freeze_frame.contains_key(*k));
    for (k, v) in case
        .freeze_frame
        .iter()
        .chain(from_words)
        .chain(case.readings.iter())
    {
        if !is_known_reading(k) {
            warnings.push(InputWarning {
                kind: WarningKind::UnknownReading,
                message: format!("reading `{k}` is not used by any rule; ignored (see the crate docs for PID names)"),
            });
            continue;
        }
        if !is_plausible_reading(k, *v) {
            warnings.push(InputWarning {
                kind: WarningKind::ImplausibleReading,
                message: format!(
                    "reading `{k}` = {v} is outside any plausible range; ignored — check the unit"
                ),
            });
            continue;
        }
        r.insert(k.clone(), *v);
    }
    r
}

/// A name some rule uses: one of [`KNOWN_READINGS`] or a per-cylinder count.
fn is_known_reading(k: &str) -> bool {
    KNOWN_READINGS.contains(&k)
        || k.starts_with("misfire_cyl_")
        || k.starts_with("compression_cyl_")
}

/// A finite value in the range a real car can show for this kind of reading,
/// so a wrong unit (°F as °C, mV as V) is caught instead of scored.
fn is_plausible_reading(k: &str, v: f64) -> bool {
    v.is_finite()
        && match k {
            s if s.starts_with("ltft") || s.starts_with("stft") => (-60.0..=60.0).contains(&v),
            "coolant_temp" | "coolant_temp_max" | "iat" | "ect_cold_soak" | "iat_cold_soak" => {
                (-50.0..=150.0).contains(&v)
            }
            "battery_v" | "charging_v" | "cranking_v" => (0.0..=20.0).contains(&v),
            s if s.ends_with("_v") => (-0.5..=5.5).contains(&v),
            _ => (-1000.0..=100_000.0).contains(&v),
        }
}

/// What a derivation reads: the accepted readings and the case (for the
/// engine size and the raw live data).
struct Measured<'a> {
    r: &'a BTreeMap<String, f64>,
    case: &'a CaseInput,
}

impl Measured<'_> {
    /// An accepted reading.
    fn get(&self, k: &str) -> Option<f64> {
        self.r.get(k).copied()
    }

    /// The accepted readings among `keys`, in that order.
    fn all(&self, keys: &[&str]) -> Vec<f64> {
        keys.iter().filter_map(|k| self.get(k)).collect()
    }

    /// The accepted readings whose names start with `prefix` (per cylinder).
    fn with_prefix(&self, prefix: &str) -> Vec<f64> {
        self.r
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| *v)
            .collect()
    }
}

/// One derived reading: its name and the pure function that computes it
/// (`None`: not enough readings). A row's value replaces a reading of the
/// same name.
struct Derived {
    name: &'static str,
    derive: fn(&Measured) -> Option<f64>,
}

impl Derived {
    /// A row of [`DERIVED`].
    const fn new(name: &'static str, derive: fn(&Measured) -> Option<f64>) -> Derived {
        Derived { name, derive }
    }
}

/// The derived readings, a row each. Adding one is adding a row.
const DERIVED: &[Derived] = &[
    Derived::new("ltft_max", ltft_max),
    Derived::new("ltft_min", ltft_min),
    Derived::new("ltft_bank_diff", ltft_bank_diff),
    Derived::new("ltft_max_2500", ltft_max_2500),
    Derived::new("maf_gps_per_litre_idle", maf_per_litre_idle),
    Derived::new("fuel_pressure_kpa", fuel_pressure_kpa),
    Derived::new("coolant_temp_max", coolant_temp_max),
    Derived::new("ect_iat_cold_diff", ect_iat_cold_diff),
    Derived::new("o2_b1s1_span_v", |m| o2_span(m, "b1s1")),
    Derived::new("o2_b1s1_v", |m| o2_mean(m, "b1s1")),
    Derived::new("o2_b1s2_span_v", |m| o2_span(m, "b1s2")),
    Derived::new("o2_b1s2_v", |m| o2_mean(m, "b1s2")),
    Derived::new("misfire_total", misfire_total),
    Derived::new("misfire_max_share", misfire_max_share),
    Derived::new("misfire_cyls_active", misfire_cyls_active),
    Derived::new("compression_min_ratio", compression_min_ratio),
    Derived::new("cam_crank_offset_abs_deg", cam_crank_offset_abs),
    Derived::new("boost_deficit_kpa", boost_deficit_kpa),
];

/// The largest value, if any.
fn max_of(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().cloned().fold(f64::MIN, f64::max))
}

/// The smallest value, if any.
fn min_of(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().cloned().fold(f64::MAX, f64::min))
}

/// The larger of the two banks' long-term fuel trims.
fn ltft_max(m: &Measured) -> Option<f64> {
    max_of(&m.all(&["ltft_b1", "ltft_b2"]))
}

/// The smaller of the two banks' long-term fuel trims.
fn ltft_min(m: &Measured) -> Option<f64> {
    min_of(&m.all(&["ltft_b1", "ltft_b2"]))
}

/// The larger of the two banks' long-term fuel trims at 2500 rpm.
fn ltft_max_2500(m: &Measured) -> Option<f64> {
    max_of(&m.all(&["ltft_b1_2500", "ltft_b2_2500"]))
}

/// How far the cam is off the crank, either way.
fn cam_crank_offset_abs(m: &Measured) -> Option<f64> {
    m.get("cam_crank_offset_deg").map(f64::abs)
}

/// How far the two banks' long-term fuel trims are apart (a fault on one bank).
fn ltft_bank_diff(m: &Measured) -> Option<f64> {
    match m.all(&["ltft_b1", "ltft_b2"])[..] {
        [b1, b2] => Some((b1 - b2).abs()),
        _ => None,
    }
}

/// Idle airflow per litre of displacement: as
/// measured, or MAF over the engine size when the MAF was read at idle.
fn maf_per_litre_idle(m: &Measured) -> Option<f64> {
    if let Some(v) = m.get("maf_gps_per_litre_idle") {
        return Some(v);
    }
    let maf = m.get("maf")?;
    let disp = m
        .case
        .vehicle
        .engine
        .as_deref()
        .and_then(parse_displacement)?;
    m.get("rpm")
        .is_none_or(|rpm| rpm < 1000.0)
        .then(|| maf / disp)
}

/// Fuel pressure in kPa, converted from psi where that is what was read.
fn fuel_pressure_kpa(m: &Measured) -> Option<f64> {
    m.get("fuel_pressure_kpa")
        .or_else(|| m.get("fuel_pressure_psi").map(|p| p * 6.894_757))
}

/// The hottest coolant seen, else the live coolant temperature — only as
/// accepted: a value left out as implausible (a °F figure typed as °C) is
/// left out here too, as its warning says.
fn coolant_temp_max(m: &Measured) -> Option<f64> {
    m.get("coolant_temp_max").or_else(|| m.get("coolant_temp"))
}

/// Coolant and intake sensors after a cold soak should agree.
fn ect_iat_cold_diff(m: &Measured) -> Option<f64> {
    Some((m.get("ect_cold_soak")? - m.get("iat_cold_soak")?).abs())
}

/// An oxygen sensor's minimum and maximum voltage, when both were read.
fn o2_min_max(m: &Measured, s: &str) -> Option<(f64, f64)> {
    Some((
        m.get(&format!("o2_{s}_min_v"))?,
        m.get(&format!("o2_{s}_max_v"))?,
    ))
}

/// An oxygen sensor's voltage swing (a lazy sensor barely switches): as
/// given, else its maximum less its minimum.
fn o2_span(m: &Measured, s: &str) -> Option<f64> {
    m.get(&format!("o2_{s}_span_v"))
        .or_else(|| o2_min_max(m, s).map(|(lo, hi)| hi - lo))
}

/// An oxygen sensor's voltage: as given, else the middle of its swing.
fn o2_mean(m: &Measured, s: &str) -> Option<f64> {
    m.get(&format!("o2_{s}_v"))
        .or_else(|| o2_min_max(m, s).map(|(lo, hi)| (hi + lo) / 2.0))
}

/// The misfire counts per cylinder (a negative count as 0), their total and
/// the worst cylinder's count.
fn misfires(m: &Measured) -> (Vec<f64>, f64, f64) {
    let counts: Vec<f64> = m
        .with_prefix("misfire_cyl_")
        .into_iter()
        .map(|v| v.max(0.0))
        .collect();
    let total: f64 = counts.iter().sum();
    let worst = counts.iter().cloned().fold(0.0, f64::max);
    (counts, total, worst)
}

/// All misfires counted, when any cylinder's count was read.
fn misfire_total(m: &Measured) -> Option<f64> {
    let (counts, total, _) = misfires(m);
    (!counts.is_empty()).then_some(total)
}

/// The worst cylinder's share of all misfires (one cylinder or all of them).
fn misfire_max_share(m: &Measured) -> Option<f64> {
    let (_, total, worst) = misfires(m);
    (total > 0.0).then(|| worst / total)
}

/// How many cylinders really misfire ([`misfires_really`]).
fn misfire_cyls_active(m: &Measured) -> Option<f64> {
    let (counts, total, worst) = misfires(m);
    let active = counts
        .iter()
        .filter(|&&c| misfires_really(c, worst))
        .count();
    (total > 0.0).then_some(active as f64)
}

/// The weakest cylinder's compression as a share of the strongest, with at
/// least two cylinders measured.
fn compression_min_ratio(m: &Measured) -> Option<f64> {
    let comp = m.with_prefix("compression_cyl_");
    if comp.len() < 2 {
        return None;
    }
    let max = comp.iter().cloned().fold(f64::MIN, f64::max);
    let min = comp.iter().cloned().fold(f64::MAX, f64::min);
    (max > 0.0).then(|| min / max)
}

/// How much boost the turbo falls short of what the ECU asks.
fn boost_deficit_kpa(m: &Measured) -> Option<f64> {
    Some(m.get("boost_desired_kpa")? - m.get("boost_actual_kpa")?)
}

const MAKES: &[&str] = &[
    "acura",
    "alfa romeo",
    "audi",
    "bmw",
    "buick",
    "cadillac",
    "chevrolet",
    "chrysler",
    "citroen",
    "dacia",
    "dodge",
    "fiat",
    "ford",
    "genesis",
    "gmc",
    "honda",
    "hyundai",
    "infiniti",
    "isuzu",
    "jaguar",
    "jeep",
    "kia",
    "land rover",
    "lexus",
    "lincoln",
    "mazda",
    "mercedes-benz",
    "mercury",
    "mini",
    "mitsubishi",
    "nissan",
    "opel",
    "peugeot",
    "pontiac",
    "porsche",
    "ram",
    "renault",
    "saab",
    "saturn",
    "scion",
    "seat",
    "skoda",
    "smart",
    "subaru",
    "suzuki",
    "tesla",
    "toyota",
    "vauxhall",
    "volkswagen",
    "volvo",
];

pub(crate) fn normalise_make(m: &str) -> String {
    let m = m.trim().to_lowercase();
    match m.as_str() {
        "chevy" => "chevrolet".into(),
        "vw" => "volkswagen".into(),
        "mercedes" | "mercedes benz" => "mercedes-benz".into(),
        _ => m,
    }
}

/// What the complaint and the findings say — symptom phrases and written
/// readings, each with the words that said it (see `words.rs`).
pub(crate) fn read_words(kb: &Knowledge, case: &CaseInput) -> WordsRead {
    let mut w = WordsRead::default();
    kb.vocabulary
        .read(&case.complaint, TextSource::Complaint, &mut w);
    kb.vocabulary
        .read(&case.findings, TextSource::Findings, &mut w);
    w
}

/// Symptom tags given plus those the words say. "Cranks but won't start" and
/// "won't crank" are more precise than a plain no-start, which they replace;
/// "check engine light only" is dropped when anything else was said.
pub(crate) fn symptom_tags(case: &CaseInput, words: &WordsRead) -> Vec<SymptomTag> {
    let mut tags: BTreeSet<SymptomTag> = case.symptoms.iter().copied().collect();
    tags.extend(words.tags.keys().copied());
    if tags.contains(&SymptomTag::CrankNoStart) || tags.contains(&SymptomTag::NoCrank) {
        tags.remove(&SymptomTag::NoStart);
    }
    if tags.len() > 1 && !case.symptoms.contains(&SymptomTag::CheckEngineLightOnly) {
        tags.remove(&SymptomTag::CheckEngineLightOnly);
    }
    tags.into_iter().collect()
}

/// How a symptom came to be: the words that said it, or given as a tag.
fn symptom_origin(case: &CaseInput, words: &WordsRead, tag: SymptomTag) -> String {
    match words.tags.get(&tag) {
        Some((src, q)) if !case.symptoms.contains(&tag) => {
            format!("{}: \"{q}\" → {tag}", src.as_str())
        }
        _ => format!("symptom given: {tag}"),
    }
}

fn combine(lrs: &BTreeMap<impl Ord + Copy, f64>) -> Vec<(usize, f64)> {
    // rank each entry's positive strength, strongest first; weight 1, 1/2, 1/4, ...
    let mut v: Vec<(usize, f64)> = lrs.values().enumerate().map(|(i, &lr)| (i, lr)).collect();
    v.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    let mut out = vec![(0usize, 1.0f64); v.len()];
    for (rank, (i, _)) in v.iter().enumerate() {
        out[*i] = (*i, 0.5f64.powi(rank as i32));
    }
    out
}

// ---------------------------------------------------------------------------
// Step 1 — understand the case: what the input says, checked and normalised,
// with every input warning in the order the input is read.

/// The vehicle as the rules match on it.
#[derive(Debug, Clone, PartialEq)]
struct VehicleFacts {
    /// Make, normalised (`Chevy` → `chevrolet`); `None` when not given.
    make: Option<String>,
    /// Model, lower case; empty when not given.
    model: String,
    /// Engine description, lower case; empty when not given.
    engine: String,
    /// Model year.
    year: Option<u16>,
}

/// One trouble code as understood: its status and what the knowledge links it to.
struct ReadCode {
    code: Dtc,
    status: DtcStatus,
    /// Which knowledge layer supplied the links.
    layer: CodeKnowledge,
    /// (cause, likelihood ratio, why) from [`code_links`].
    links: Vec<(CauseRef<'static>, f64, String)>,
}

impl ReadCode {
    /// A pending code is seen once, not yet confirmed: its links count at
    /// [`PENDING_FACTOR`] (as a power of the likelihood ratio).
    fn factor(&self) -> f64 {
        if self.status == DtcStatus::Pending {
            PENDING_FACTOR
        } else {
            1.0
        }
    }
}

/// Everything the later steps read about a case: checked, normalised and
/// looked up once.
struct Understood<'c, 'k> {
    vehicle: VehicleFacts,
    /// Valid codes, each once, sorted (the scan tool's order does not matter).
    codes: Vec<ReadCode>,
    /// The same codes as text, for the rules that name codes.
    code_set: BTreeSet<String>,
    /// Symptom tags given and derived from the complaint and findings.
    tags: Vec<SymptomTag>,
    /// For each tag, how it came to be (the words that said it).
    tag_origin: BTreeMap<SymptomTag, String>,
    /// Readings written in the complaint or findings, with their words.
    written: BTreeMap<String, String>,
    /// Plausible known readings plus the derived ones ([`derive_readings`]).
    readings: BTreeMap<String, f64>,
    /// Findings and complaint, lower case: what finding keywords are matched in.
    findings_text: String,
    /// The misfiring cylinders the codes or the misfire counts name
    /// ([`misfiring_cylinders`]), for the plan's wording.
    cylinders: Vec<u8>,
    /// Recorded results that count (not contradictory, known step), by step id.
    tests: BTreeMap<&'c str, RecordedTest<'k>>,
    /// Problems with the input, in the order [`understand`] gives.
    warnings: Vec<InputWarning>,
}

/// A recorded result of a test the knowledge has.
#[derive(Debug, Clone, Copy)]
struct RecordedTest<'k> {
    test: &'k TestDef,
    outcome: TestOutcome,
}

/// Step 1: reads the whole case. Warnings come out in a fixed order —
/// vehicle, codes, nothing-to-go-on, readings, contradictions, unknown codes,
/// recorded tests — which is part of the output and must not change.
fn understand<'c, 'k>(kb: &'k Knowledge, case: &'c CaseInput) -> Understood<'c, 'k> {
    let (vehicle, mut warnings) = read_vehicle(&case.vehicle);
    let (codes, code_warnings) = read_codes(&case.dtcs);
    warnings.extend(code_warnings);
    let words = read_words(kb, case);
    let tags = symptom_tags(case, &words);
    warnings.extend(no_evidence_warning(case, codes.is_empty(), &tags));
    let written: BTreeMap<String, f64> = words
        .readings
        .iter()
        .map(|(k, (v, ..))| (k.clone(), *v))
        .collect();
    let readings = derive_readings(case, &written, &mut warnings);
    contradictions(&tags, &readings, &mut warnings);
    let (codes, lookup_warnings) = look_up_codes(kb, codes);
    warnings.extend(lookup_warnings);
    let (tests, test_warnings) = read_test_results(kb, &case.test_results);
    warnings.extend(test_warnings);
    let dtcs: Vec<Dtc> = codes.iter().map(|c| c.code).collect();
    let cylinders = misfiring_cylinders(&dtcs, &readings);
    Understood {
        vehicle,
        code_set: codes.iter().map(|c| c.code.to_string()).collect(),
        codes,
        tag_origin: tags
            .iter()
            .map(|t| (*t, symptom_origin(case, &words, *t)))
            .collect(),
        written: words
            .readings
            .iter()
            .filter(|(k, _)| !case.readings.contains_key(*k) && !case.freeze_frame.contains_key(*k))
            .map(|(k, (_, src, q))| (k.clone(), format!("{}: \"{q}\"", src.as_str())))
            .collect(),
        tags,
        readings,
        findings_text: findings_text(case),
        cylinders,
        tests,
        warnings,
    }
}

/// Normalises the vehicle for the make patterns and warns about a VIN that
/// does not parse or fails its check digit, and about a make nobody knows
/// (its patterns cannot apply).
fn read_vehicle(v: &VehicleId) -> (VehicleFacts, Vec<InputWarning>) {
    let mut warnings: Vec<InputWarning> =
        v.vin.as_ref().and_then(vin_warning).into_iter().collect();
    let make = v.make.as_deref().map(normalise_make);
    if let Some(m) = &make {
        if !m.is_empty() && !MAKES.contains(&m.as_str()) {
            warnings.push(InputWarning {
                kind: WarningKind::UnknownMake,
                message: format!(
                    "make `{m}` is not recognised; make-specific patterns will not apply"
                ),
            });
        }
    }
    let facts = VehicleFacts {
        make,
        model: v.model.clone().unwrap_or_default().to_lowercase(),
        engine: v.engine.clone().unwrap_or_default().to_lowercase(),
        year: v.year,
    };
    (facts, warnings)
}

/// A VIN whose check digit fails: kept (the plate may be right and the
/// typing wrong), with a warning. A malformed VIN never reaches the engine:
/// the case is refused where it is read.
fn vin_warning(vin: &Vin) -> Option<InputWarning> {
    (!vin.check_digit_ok()).then(|| InputWarning {
        kind: WarningKind::Vin,
        message: format!(
            "VIN {vin}: check digit should be {} — kept as given; re-read it from the windshield plate",
            vin.expected_check_digit()
        ),
    })
}

/// Parses the codes as read: malformed ones are skipped, a code listed twice
/// counts once (a stored or permanent reading beats a pending one), and the
/// list is sorted so the result does not depend on the scan tool's order.
fn read_codes(dtcs: &[DtcEntry]) -> (Vec<(Dtc, DtcStatus)>, Vec<InputWarning>) {
    let mut warnings = Vec::new();
    let mut codes: Vec<(Dtc, DtcStatus)> = Vec::new();
    for e in dtcs {
        match e.code.trim().to_uppercase().parse::<Dtc>() {
            Ok(d) => {
                if let Some(prev) = codes.iter_mut().find(|(c, _)| *c == d) {
                    warnings.push(InputWarning {
                        kind: WarningKind::DuplicateCode,
                        message: format!("{d} is listed twice; counted once"),
                    });
                    if prev.1 == DtcStatus::Pending {
                        prev.1 = e.status;
                    }
                } else {
                    codes.push((d, e.status));
                }
            }
            Err(err) => warnings.push(InputWarning {
                kind: WarningKind::MalformedCode,
                message: format!(
                    "`{}` is not a trouble code ({err}); skipped — codes look like P0171",
                    e.code
                ),
            }),
        }
    }
    codes.sort_by_key(|(d, _)| *d);
    (codes, warnings)
}

/// Nothing to go on: no valid code and no recognised symptom. The message
/// says which of the two to add.
fn no_evidence_warning(
    case: &CaseInput,
    no_codes: bool,
    tags: &[SymptomTag],
) -> Option<InputWarning> {
    if !(no_codes && tags.is_empty()) {
        return None;
    }
    Some(InputWarning {
        kind: WarningKind::NoEvidence,
        message: if case.complaint.trim().is_empty() {
            "no trouble codes and an empty complaint: nothing to diagnose — read codes or describe the symptom".into()
        } else {
            "no trouble codes and no recognised symptom in the complaint — add symptom tags or read codes".into()
        },
    })
}

/// Looks up what each code links to ([`code_links`]), once, and warns about
/// codes no layer knows (generic circuit causes are used for them).
fn look_up_codes(
    kb: &Knowledge,
    codes: Vec<(Dtc, DtcStatus)>,
) -> (Vec<ReadCode>, Vec<InputWarning>) {
    let mut warnings = Vec::new();
    let read = codes
        .into_iter()
        .map(|(code, status)| {
            let (layer, links) = code_links(kb, code);
            if layer == CodeKnowledge::Fallback {
                warnings.push(InputWarning {
                    kind: WarningKind::UnknownCode,
                    message: format!(
                        "{code} is not in the curated layer or the generic catalogue{}; using generic circuit causes",
                        if code.is_manufacturer_specific() { " (manufacturer-specific — check the OEM service information)" } else { "" }
                    ),
                });
            }
            ReadCode { code, status, layer, links }
        })
        .collect();
    (read, warnings)
}

/// How a code was understood, for the report: its catalogue title, status
/// and the knowledge layer its causes came from.
fn code_report(c: &ReadCode) -> CodeReport {
    CodeReport {
        code: c.code.to_string(),
        title: DtcCatalog::generic().get(c.code).map(|i| i.title.clone()),
        status: c.status,
        knowledge: c.layer,
    }
}

/// The recorded test results that count. A step recorded both as pass and
/// as fail is ignored entirely (the technician must repeat it), and so is a
/// step the knowledge has no test for; both are warned about.
fn read_test_results<'c, 'k>(
    kb: &'k Knowledge,
    recorded: &'c [TestResult],
) -> (BTreeMap<&'c str, RecordedTest<'k>>, Vec<InputWarning>) {
    let mut outcomes: BTreeMap<&str, TestOutcome> = BTreeMap::new();
    let mut contradictory: BTreeSet<&str> = BTreeSet::new();
    for t in recorded {
        match outcomes.get(t.step_id.as_str()) {
            Some(o) if *o != t.outcome => {
                contradictory.insert(t.step_id.as_str());
            }
            _ => {
                outcomes.insert(t.step_id.as_str(), t.outcome);
            }
        }
    }
    let mut warnings = Vec::new();
    for s in &contradictory {
        outcomes.remove(s);
        warnings.push(InputWarning {
            kind: WarningKind::ContradictoryResults,
            message: format!("step `{s}` is recorded both as pass and as fail; both ignored — repeat the test and record one result"),
        });
    }
    let mut tests = BTreeMap::new();
    for (step, outcome) in outcomes {
        match kb.test(step) {
            Some(test) => {
                tests.insert(step, RecordedTest { test, outcome });
            }
            None => warnings.push(InputWarning {
                kind: WarningKind::UnknownStep,
                message: format!("step `{step}` is not a known test; its result is ignored"),
            }),
        }
    }
    (tests, warnings)
}

/// The technician's findings and the customer's complaint, lower case, in
/// one text: finding keywords are looked for in both.
fn findings_text(case: &CaseInput) -> String {
    format!(
        "{} \n {}",
        case.findings.to_lowercase(),
        case.complaint.to_lowercase()
    )
}

// ---------------------------------------------------------------------------
// Step 2 — the candidate causes.

/// Something in the case each candidate must account for — a code or a
/// complaint — and the candidates that do.
struct ToExplain {
    /// The code or the symptom tag.
    source: String,
    /// What a candidate that does not explain it is told.
    detail: String,
    /// The likelihood ratio against a candidate that does not explain it.
    unexplained_lr: f64,
    /// The candidates that explain it.
    explained_by: BTreeSet<String>,
}

/// The candidate causes — every cause a code, a symptom, a failed test or a
/// fault the technician has seen points at — and what each code and
/// complaint needs explained.
fn gather_candidates<'k>(
    kb: &'k Knowledge,
    facts: &Understood<'_, '_>,
    findings: &[RuleHit<'_>],
) -> (Candidates<'k>, Vec<ToExplain>) {
    let mut cands = Candidates::new(kb);
    let mut to_explain = link_codes(&mut cands, &facts.codes);
    to_explain.extend(link_symptoms(&mut cands, &facts.tags));
    add_failed_test_candidates(&mut cands, &facts.tests);
    add_strong_finding_candidates(&mut cands, findings);
    (cands, to_explain)
}

/// Makes every cause a code links to a candidate, and records on it the
/// code's strongest link and why (a pending code's link raised to
/// [`PENDING_FACTOR`]). Returns what each code needs explained.
fn link_codes(cands: &mut Candidates<'_>, codes: &[ReadCode]) -> Vec<ToExplain> {
    let mut out = Vec::new();
    for rc in codes {
        let mut ids = BTreeSet::new();
        for (r, lr, why) in &rc.links {
            let c = cands.ensure(r);
            let e = c.code_lrs.entry(rc.code).or_insert(1.0);
            if *lr > *e {
                *e = *lr;
                c.code_why.insert(rc.code, why.clone());
            }
            ids.insert(c.id.clone());
        }
        let factor = rc.factor();
        for id in &ids {
            if let Some(lr) = cands
                .by_id
                .get_mut(id)
                .and_then(|c| c.code_lrs.get_mut(&rc.code))
            {
                *lr = lr.powf(factor);
            }
        }
        out.push(ToExplain {
            source: rc.code.to_string(),
            detail: format!("does not explain {}", rc.code),
            unexplained_lr: UNEXPLAINED_CODE_LR.powf(factor),
            explained_by: ids,
        });
    }
    out
}

/// Makes every cause a symptom tag links to a candidate and records the
/// link on it. Returns what each tag needs explained (a tag the knowledge
/// does not define links nothing and counts against nothing).
fn link_symptoms(cands: &mut Candidates<'_>, tags: &[SymptomTag]) -> Vec<ToExplain> {
    let kb = cands.kb;
    let mut out = Vec::new();
    for tag in tags {
        let Some(def) = kb.symptoms.iter().find(|s| s.tag == *tag) else {
            continue;
        };
        let mut ids = BTreeSet::new();
        for (cause, lr) in &def.links {
            let c = cands.ensure_curated(cause);
            c.symptom_lrs.insert(*tag, *lr);
            ids.insert(c.id.clone());
        }
        out.push(ToExplain {
            source: tag.as_str().to_string(),
            detail: format!("does not explain the complaint ({tag})"),
            unexplained_lr: def.unexplained_lr,
            explained_by: ids,
        });
    }
    out
}

/// A test that found a fault makes the causes it points at strongly
/// (fail LR ≥ 3) candidates, even when no code or symptom did.
fn add_failed_test_candidates(
    cands: &mut Candidates<'_>,
    tests: &BTreeMap<&str, RecordedTest<'_>>,
) {
    for r in tests.values().filter(|r| r.outcome == TestOutcome::Fail) {
        for g in r.test.targets.iter().filter(|g| g.fail_lr >= 3.0) {
            cands.ensure_curated(&g.cause);
        }
    }
}

/// A fault the technician has seen (a finding with LR ≥ 5) makes its cause
/// a candidate even when no code or symptom did.
fn add_strong_finding_candidates(cands: &mut Candidates<'_>, findings: &[RuleHit<'_>]) {
    for hit in findings {
        for (cause, _) in hit.effects.iter().filter(|(_, lr)| *lr >= 5.0) {
            cands.ensure_curated(cause);
        }
    }
}

// ---------------------------------------------------------------------------
// Step 3 — code and symptom evidence on each candidate, and explaining away.

/// Turns a candidate's code links into evidence. Codes are correlated
/// (P0171 and P0174 are one lean condition seen twice), so they count
/// 1, ½, ¼, … strongest first ([`combine`]) — a soft noisy-OR.
fn weigh_code_links(c: &mut Cand) {
    let weights = combine(&c.code_lrs);
    let entries: Vec<(Dtc, f64)> = c.code_lrs.iter().map(|(d, l)| (*d, *l)).collect();
    for (i, (code, lr)) in entries.iter().enumerate() {
        let w = weights[i].1;
        let applied = lr.powf(w);
        let mut detail = c.code_why.remove(code).unwrap_or_else(|| code.to_string());
        if w < 1.0 {
            detail.push_str(&format!(
                " — counted at {:.0} % (correlated with stronger codes)",
                w * 100.0
            ));
        }
        c.push(EvidenceKind::Code, code.to_string(), detail, applied);
    }
}

/// Turns a candidate's symptom links into evidence, diminishing the same
/// way as its codes ([`combine`]).
fn weigh_symptom_links(c: &mut Cand, origin: &BTreeMap<SymptomTag, String>) {
    let weights = combine(&c.symptom_lrs);
    let entries: Vec<(SymptomTag, f64)> = c.symptom_lrs.iter().map(|(t, l)| (*t, *l)).collect();
    for (i, (tag, lr)) in entries.iter().enumerate() {
        let w = weights[i].1;
        c.push(
            EvidenceKind::Symptom,
            tag.as_str(),
            origin
                .get(tag)
                .cloned()
                .unwrap_or_else(|| format!("symptom given: {tag}")),
            lr.powf(w),
        );
    }
}

/// At most this many codes and complaints a candidate does not explain are
/// listed one by one; more are one piece of evidence naming the first few,
/// so a case with a hundred codes does not give every candidate a hundred
/// lines (the result of a case at the server's limits was 1.8 MB).
const UNEXPLAINED_LISTED: usize = 8;

/// Explaining away: a code or complaint a candidate does not explain
/// counts against it.
fn explain_away(c: &mut Cand, to_explain: &[ToExplain]) {
    let missed: Vec<&ToExplain> = to_explain
        .iter()
        .filter(|t| !t.explained_by.contains(&c.id))
        .collect();
    if missed.len() <= UNEXPLAINED_LISTED {
        for t in missed {
            c.push(
                EvidenceKind::Unexplained,
                t.source.as_str(),
                t.detail.as_str(),
                t.unexplained_lr,
            );
        }
        return;
    }
    let named: Vec<&str> = missed.iter().take(5).map(|t| t.source.as_str()).collect();
    let lr = missed.iter().map(|t| t.unexplained_lr).product();
    c.push(
        EvidenceKind::Unexplained,
        format!("{} items", missed.len()),
        format!(
            "does not explain {} of the case's codes and complaints ({}, and {} more)",
            missed.len(),
            named.join(", "),
            missed.len() - named.len()
        ),
        lr,
    );
}

// ---------------------------------------------------------------------------
// Step 4 — the knowledge's rules that hold for this case (code combinations,
// readings, mileage bands, make patterns, finding keywords).

/// A knowledge rule that holds for this case: what to show the technician
/// and the causes it moves (only those already among the candidates).
struct RuleHit<'k> {
    kind: EvidenceKind,
    /// The rule's id (`mileage` for a mileage band).
    source: &'k str,
    detail: String,
    /// (cause, likelihood ratio) pairs.
    effects: Cow<'k, [(String, f64)]>,
}

impl Candidates<'_> {
    /// Applies a rule's effects to the causes already among the candidates.
    fn apply(&mut self, hit: &RuleHit<'_>) {
        for (cause, lr) in hit.effects.iter() {
            if let Some(c) = self.by_id.get_mut(cause) {
                // Rules count at full weight. `powf(1.0)` is the identity, but
                // it is the arithmetic the golden output was made with; kept
                // so the output stays bit for bit (tests/split_parity.rs).
                c.push(hit.kind, hit.source, hit.detail.as_str(), lr.powf(1.0));
            }
        }
    }
}

/// The code-combination rules that hold (e.g. P0171 with P0174: both banks
/// lean, a cause both banks share).
fn combination_hits<'k>(kb: &'k Knowledge, facts: &Understood<'_, '_>) -> Vec<RuleHit<'k>> {
    let v_engine = is_v_engine(&facts.vehicle.engine);
    kb.combos
        .iter()
        .filter(|r| combination_holds(r, &facts.code_set, v_engine))
        .map(|r| RuleHit {
            kind: EvidenceKind::Combination,
            source: &r.id,
            detail: r.note.clone(),
            effects: Cow::Borrowed(&r.effects),
        })
        .collect()
}

/// Whether a combination rule holds for these codes: all of `all_of`, at
/// least `min_count` of `any_of`, one of `any2_of`, none of `none_of`, at
/// most `max_count` of `max_of`, at least `min_total` codes, and the engine
/// layout it requires. A rule naming neither `all_of` nor `any_of` never holds.
fn combination_holds(r: &ComboRule, codes: &BTreeSet<String>, v_engine: bool) -> bool {
    let count = |list: &[String]| list.iter().filter(|c| codes.contains(c.as_str())).count();
    let ok = r.all_of.iter().all(|c| codes.contains(c.as_str()))
        && (r.any_of.is_empty() || count(&r.any_of) >= r.min_count.unwrap_or(1))
        && (r.any2_of.is_empty() || count(&r.any2_of) >= 1)
        && count(&r.none_of) == 0
        && r.max_count.is_none_or(|m| count(&r.max_of) <= m)
        && r.min_total.is_none_or(|m| codes.len() >= m)
        && match r.requires.as_deref() {
            Some("v_engine") => v_engine,
            Some(_) => false,
            None => true,
        };
    ok && !(r.all_of.is_empty() && r.any_of.is_empty())
}

/// The reading rules whose every condition holds; the detail shows the
/// readings that met them.
fn reading_hits<'k>(
    kb: &'k Knowledge,
    readings: &BTreeMap<String, f64>,
    written: &BTreeMap<String, String>,
) -> Vec<RuleHit<'k>> {
    kb.readings
        .iter()
        .filter_map(|r| {
            let mut shown = conditions_met(r, readings)?;
            for ((k, ..), s) in r.all.iter().zip(shown.iter_mut()) {
                if let Some(w) = written.get(k) {
                    s.push_str(&format!(" from {w}"));
                }
            }
            Some(RuleHit {
                kind: EvidenceKind::Reading,
                source: &r.id,
                detail: format!("{} ({})", r.note, shown.join(", ")),
                effects: Cow::Borrowed(&r.effects),
            })
        })
        .collect()
}

/// Each condition of a reading rule as met (`ltft_b1 = 21.00 > 10`), or
/// `None` as soon as one is not (a missing reading meets nothing).
fn conditions_met(r: &ReadingRule, readings: &BTreeMap<String, f64>) -> Option<Vec<String>> {
    r.all
        .iter()
        .map(|(k, op, th)| match readings.get(k) {
            Some(v) if op.holds(*v, *th) => Some(format!("{k} = {v:.2} {} {th}", op.symbol())),
            _ => None,
        })
        .collect()
}

/// The mileage bands the odometer falls in (wear-out causes rise with
/// miles). A negative or non-finite odometer reading is ignored.
fn mileage_hits(kb: &Knowledge, mileage: Option<Mileage>) -> Vec<RuleHit<'static>> {
    let Some(m) = mileage.filter(|m| m.value.is_finite() && m.value >= 0.0) else {
        return Vec::new();
    };
    let miles = m.miles();
    let reading = match m.unit {
        DistanceUnit::Mi => format!("{miles:.0} mi"),
        DistanceUnit::Km => format!("{:.0} km ({miles:.0} mi)", m.value),
    };
    kb.mileage
        .iter()
        .filter(|b| b.min.is_none_or(|lo| miles >= lo) && b.max.is_none_or(|hi| miles <= hi))
        .map(|b| RuleHit {
            kind: EvidenceKind::Mileage,
            source: "mileage",
            detail: format!("{reading} is {}", band_text(b)),
            effects: Cow::Owned(vec![(b.cause.clone(), b.lr)]),
        })
        .collect()
}

/// A mileage band in the technician's words: `over 100k mi`, `60k–100k mi`.
fn band_text(b: &MileageBand) -> String {
    match (b.min, b.max) {
        (Some(lo), None) => format!("over {:.0}k mi", lo / 1000.0),
        (None, Some(hi)) => format!("under {:.0}k mi", hi / 1000.0),
        (Some(lo), Some(hi)) => format!("{:.0}k–{:.0}k mi", lo / 1000.0, hi / 1000.0),
        (None, None) => "any mileage".into(),
    }
}

/// The make patterns (known failures of a make, model, engine and years)
/// that fit the vehicle and are triggered by the case's codes or symptoms.
fn make_hits<'k>(kb: &'k Knowledge, facts: &Understood<'_, '_>) -> Vec<RuleHit<'k>> {
    kb.makes
        .iter()
        .filter(|p| make_pattern_holds(p, &facts.vehicle, &facts.code_set, &facts.tags))
        .map(|p| RuleHit {
            kind: EvidenceKind::Make,
            source: &p.id,
            detail: p.note.clone(),
            effects: Cow::Borrowed(&p.effects),
        })
        .collect()
}

/// Whether a make pattern fits: the make matches, the model and engine
/// contain one of the pattern's (if it names any), the year is in range
/// (an unknown year never is), and one of its codes or symptoms is present
/// (a pattern naming none always triggers).
fn make_pattern_holds(
    p: &MakePattern,
    v: &VehicleFacts,
    codes: &BTreeSet<String>,
    tags: &[SymptomTag],
) -> bool {
    let Some(mk) = &v.make else {
        return false;
    };
    let make_ok = p.make.iter().any(|m| normalise_make(m) == *mk);
    let model_ok = p.model.is_empty() || p.model.iter().any(|m| v.model.contains(m.as_str()));
    let engine_ok = p.engine.is_empty() || p.engine.iter().any(|e| v.engine.contains(e.as_str()));
    let year_ok = match (p.years, v.year) {
        (Some([lo, hi]), Some(y)) => (lo..=hi).contains(&y),
        (Some(_), None) => false,
        (None, _) => true,
    };
    let trig = (p.any_codes.is_empty() && p.any_tags.is_empty())
        || p.any_codes.iter().any(|c| codes.contains(c.as_str()))
        || p.any_tags.iter().any(|t| tags.contains(t));
    make_ok && model_ok && engine_ok && year_ok && trig
}

/// The finding rules whose keywords appear in the findings or complaint
/// text; the detail quotes the first keyword found.
fn finding_hits<'k>(kb: &'k Knowledge, findings_text: &str) -> Vec<RuleHit<'k>> {
    let tokens = kb.vocabulary.tokens(findings_text);
    kb.findings
        .iter()
        .filter_map(|f| {
            let k = f
                .compiled
                .iter()
                .find_map(|p| kb.vocabulary.find(&tokens, findings_text, p))?;
            Some(RuleHit {
                kind: EvidenceKind::Finding,
                source: &f.id,
                detail: format!("findings mention \"{k}\""),
                effects: Cow::Borrowed(&f.effects),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Step 5 — recorded test results.

/// Recorded results: each cause a test targets moves by the test's pass or
/// fail likelihood ratio. The evidence names the test as the plan does, with
/// the case's misfiring `cylinders` ([`step_name`]).
fn apply_test_results(
    cands: &mut Candidates<'_>,
    tests: &BTreeMap<&str, RecordedTest<'_>>,
    cylinders: &[u8],
) {
    for (step, r) in tests {
        for g in &r.test.targets {
            if let Some(c) = cands.by_id.get_mut(&g.cause) {
                let (lr, what) = match r.outcome {
                    TestOutcome::Pass => (g.pass_lr, "passed"),
                    TestOutcome::Fail => (g.fail_lr, "failed (fault found)"),
                };
                c.push(
                    EvidenceKind::Test,
                    *step,
                    format!("{} {what}", step_name(r.test, cylinders)),
                    lr,
                );
            }
        }
    }
}

/// Step 4b: each cause that fixed similar cars in this shop becomes a
/// candidate (when the knowledge has it) and gains its [`ShopHit`] ratio.
fn apply_shop_history(
    cands: &mut Candidates<'_>,
    case: &CaseInput,
    facts: &Understood<'_, '_>,
    fixes: &[ConfirmedFix],
) {
    let make = case.vehicle.make.as_deref().unwrap_or_default();
    let similar = similar_fixes(make, &facts.code_set, fixes);
    for hit in shop_hits(&similar) {
        if !cands.kb.cause_index.contains_key(&hit.cause) {
            continue;
        }
        let c = cands.ensure_curated(&hit.cause);
        let detail = hit.detail(&c.name);
        c.push(
            EvidenceKind::ShopHistory,
            "shop_history",
            detail,
            hit.likelihood_ratio(),
        );
    }
}

/// Step 4c: every candidate in a system the vehicle's owners complain about
/// far more than usual gains the complaints' small ratio (see
/// [`OwnerComplaints`]).
fn apply_owner_complaints(cands: &mut Candidates<'_>, complaints: Option<&OwnerComplaints>) {
    let Some(complaints) = complaints else {
        return;
    };
    for c in cands.by_id.values_mut() {
        if let Some((lr, detail)) = complaints.evidence(&c.system) {
            c.push(
                EvidenceKind::OwnerComplaints,
                "nhtsa_complaints",
                detail,
                lr,
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Step 6 — combine and rank, then confidence and what would raise it.

/// Combines and ranks: each candidate's log-odds ([`log_odds`]) become
/// probabilities by normalising the odds over the candidates (one root cause
/// is assumed). Most probable first; ties by id.
fn rank(cands: Candidates<'_>) -> Vec<RankedCause> {
    let scored: Vec<(f64, Cand)> = cands
        .by_id
        .into_values()
        .map(|c| (log_odds(&c), c))
        .collect();
    let max = scored
        .iter()
        .map(|(s, _)| *s)
        .fold(f64::NEG_INFINITY, f64::max);
    let z: f64 = scored.iter().map(|(s, _)| (s - max).exp()).sum();
    let mut causes: Vec<RankedCause> = scored
        .into_iter()
        .map(|(s, c)| {
            let p = if z > 0.0 { (s - max).exp() / z } else { 0.0 };
            ranked_cause(c, p)
        })
        .collect();
    causes.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.id.cmp(&b.id))
    });
    causes
}

/// A candidate's log-odds: `ln(prior / (1 − prior))` plus the weight
/// (`ln LR`) of every piece of its evidence.
fn log_odds(c: &Cand) -> f64 {
    (c.prior / (1.0 - c.prior)).ln() + c.evidence.iter().map(|e| e.weight).sum::<f64>()
}

/// A candidate as reported: its evidence split into for and against, each
/// strongest first (ties by source, then in the order it was gathered).
fn ranked_cause(c: Cand, probability: f64) -> RankedCause {
    let mut pos: Vec<Evidence> = c
        .evidence
        .iter()
        .filter(|e| e.weight > 0.0)
        .cloned()
        .collect();
    let mut neg: Vec<Evidence> = c
        .evidence
        .iter()
        .filter(|e| e.weight < 0.0)
        .cloned()
        .collect();
    pos.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.source.cmp(&b.source)));
    neg.sort_by(|a, b| a.weight.total_cmp(&b.weight).then(a.source.cmp(&b.source)));
    RankedCause {
        id: c.id,
        name: c.name,
        system: c.system,
        probability,
        evidence_for: pos,
        evidence_against: neg,
        cost: c.cost,
    }
}

/// Confidence in the top cause: p_top^0.8 × (1 − 0.15·e^(−n/2)), n = its
/// distinct pieces of strong (LR ≥ 2) evidence — a high share built on one
/// code is worth less than one built on codes, readings and a test. 0 when
/// there is no candidate.
fn confidence(causes: &[RankedCause]) -> f64 {
    let Some(top) = causes.first() else {
        return 0.0;
    };
    let strong: BTreeSet<(EvidenceKind, &str)> = top
        .evidence_for
        .iter()
        .filter(|e| e.likelihood_ratio >= 2.0)
        .map(|e| (e.kind, e.source.as_str()))
        .collect();
    top.probability.powf(CONFIDENCE_EXPONENT)
        * (1.0 - CONFIDENCE_THIN_EVIDENCE * (-(strong.len() as f64) / 2.0).exp())
}

/// `high` (≥ 0.6), `medium` (≥ 0.3), `low` (> 0) or `none`.
fn confidence_label(confidence: f64) -> String {
    match confidence {
        c if c >= 0.6 => "high",
        c if c >= 0.3 => "medium",
        c if c > 0.0 => "low",
        _ => "none",
    }
    .to_string()
}

/// What would sharpen the result, in this order: the readings the
/// knowledge asks for when these codes or symptoms are present and none of
/// them was taken; the odometer; make, year and engine; doing the plan's
/// first step.
fn raise_confidence(
    kb: &Knowledge,
    case: &CaseInput,
    facts: &Understood<'_, '_>,
    causes: &[RankedCause],
    plan: &[PlanStep],
) -> Vec<String> {
    let mut raise = Vec::new();
    for a in &kb.ask {
        let relevant = a
            .when_codes
            .iter()
            .any(|c| facts.code_set.contains(c.as_str()))
            || a.when_tags.iter().any(|t| facts.tags.contains(t));
        let missing = !a.needs_any.iter().any(|k| facts.readings.contains_key(k));
        if relevant && missing {
            raise.push(a.text.clone());
        }
    }
    if case.mileage.is_none() && !causes.is_empty() {
        raise.push("Record the odometer reading (mileage bands shift wear-out causes)".into());
    }
    if let Some(ask) = vehicle_ask(&facts.vehicle).filter(|_| !causes.is_empty()) {
        raise.push(ask.into());
    }
    if let Some(step) = plan.first() {
        raise.push(format!(
            "Do step 1 ({}) and record the result under `{}`, then re-run",
            step.instruction, step.id
        ));
    }
    raise
}

/// What the plan asks of the vehicle: only what the case lacks (a case
/// naming a 2014 Honda Civic was asked for its make and model year too).
fn vehicle_ask(v: &VehicleFacts) -> Option<&'static str> {
    Some(
        match (v.make.is_none(), v.year.is_none(), v.engine.is_empty()) {
            (false, false, false) => return None,
            (true, true, true) => {
                "Give make, model year and engine (make-specific failure patterns need them)"
            }
            (true, true, false) => {
                "Give make and model year (make-specific failure patterns need them)"
            }
            (true, false, true) => {
                "Give make and engine (make-specific failure patterns need them)"
            }
            (false, true, true) => {
                "Give model year and engine (make-specific failure patterns need them)"
            }
            (true, false, false) => "Give the make (make-specific failure patterns need it)",
            (false, true, false) => "Give the model year (make-specific failure patterns need it)",
            (false, false, true) => "Give the engine (make-specific failure patterns need it)",
        },
    )
}

// ---------------------------------------------------------------------------

/// Diagnoses one case. Pure and deterministic; see the module docs for the method.
pub fn diagnose(kb: &Knowledge, case: &CaseInput) -> Diagnosis {
    diagnose_with_history(kb, case, &[])
}

/// Diagnoses one case with the shop's confirmed fixes as evidence: a cause
/// that fixed similar cars (same make, a code in common) becomes a candidate
/// and gains a bounded likelihood ratio (see [`ConfirmedFix`]).
pub fn diagnose_with_history(
    kb: &Knowledge,
    case: &CaseInput,
    fixes: &[ConfirmedFix],
) -> Diagnosis {
    diagnose_in(
        kb,
        case,
        Context {
            fixes,
            complaints: None,
        },
    )
}

/// What the engine may weigh beyond the case itself, each optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The shop's confirmed fixes of other cars ([`ConfirmedFix`]).
    pub fixes: &'a [ConfirmedFix],
    /// NHTSA owner complaints about the vehicle ([`OwnerComplaints`]).
    pub complaints: Option<&'a OwnerComplaints>,
}

/// Diagnoses one case with what the shop knows beyond it: its confirmed
/// fixes of similar cars and the owner complaints about the vehicle.
pub fn diagnose_in(kb: &Knowledge, case: &CaseInput, context: Context<'_>) -> Diagnosis {
    // 1. Understand the case: vehicle, codes, symptoms, readings, recorded
    //    tests, and every input warning.
    let facts = understand(kb, case);
    // 2. Candidates: the causes the codes, symptoms, failed tests and strong
    //    findings point at.
    let findings = finding_hits(kb, &facts.findings_text);
    let (mut cands, to_explain) = gather_candidates(kb, &facts, &findings);
    // 3. Code and symptom evidence, and explaining away.
    for c in cands.by_id.values_mut() {
        weigh_code_links(c);
        weigh_symptom_links(c, &facts.tag_origin);
        explain_away(c, &to_explain);
    }
    // 4. The rules that hold, in this order (it is the evidence's order).
    for hit in &rule_hits(kb, case, &facts, findings) {
        cands.apply(hit);
    }
    // 4b. What fixed similar cars in this shop.
    apply_shop_history(&mut cands, case, &facts, context.fixes);
    // 4c. What the vehicle's owners complain about to NHTSA.
    apply_owner_complaints(&mut cands, context.complaints);
    // 5. Recorded test results.
    apply_test_results(&mut cands, &facts.tests, &facts.cylinders);
    // 6. Combine and rank, plan the next tests, state the confidence.
    let causes = rank(cands);
    let plan = make_plan(kb, &causes, &facts.tests, &facts.cylinders);
    let confidence = confidence(&causes);
    let raise_confidence = raise_confidence(kb, case, &facts, &causes, &plan);
    Diagnosis {
        engine_version: ENGINE_VERSION.to_string(),
        causes,
        plan,
        confidence,
        confidence_label: confidence_label(confidence),
        raise_confidence,
        warnings: facts.warnings,
        codes: facts.codes.iter().map(code_report).collect(),
        symptoms: facts.tags,
    }
}

/// The knowledge's rules that hold for a case — code combinations, reading
/// conditions, mileage bands, make patterns, finding keywords — in the order
/// [`diagnose`] applies them.
fn rule_hits<'k>(
    kb: &'k Knowledge,
    case: &CaseInput,
    facts: &Understood<'_, 'k>,
    findings: Vec<RuleHit<'k>>,
) -> Vec<RuleHit<'k>> {
    [
        combination_hits(kb, facts),
        reading_hits(kb, &facts.readings, &facts.written),
        mileage_hits(kb, case.mileage),
        make_hits(kb, facts),
        findings,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A knowledge rule that holds for a case, with every cause it moves —
/// whether or not a code or a symptom made that cause a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleMet {
    /// Which kind of rule (combination, reading, mileage, make, finding).
    pub kind: EvidenceKind,
    /// The rule's id (`mileage` for a mileage band), as evidence names it.
    pub id: String,
    /// What it says about this case, as evidence shows it.
    pub detail: String,
    /// (cause id, likelihood ratio) pairs, as the knowledge gives them.
    pub effects: Vec<(String, f64)>,
}

/// `test`'s name for `case`, as its plan steps and evidence name it: naming
/// the misfiring cylinders the case names ("Swap cylinder 4's coil with a
/// neighbouring cylinder's") where the test has the words for it, else the
/// test's name — so a report names a recorded result's test as the plan does.
pub fn test_name_in<'t>(kb: &Knowledge, case: &CaseInput, test: &'t TestDef) -> Cow<'t, str> {
    step_name(test, &understand(kb, case).cylinders)
}

/// The rules that hold for `case`, in the order [`diagnose`] applies them:
/// what the case's readings, codes, mileage, vehicle and words say even when
/// nothing names a candidate cause yet ("LTFT +18 %" alone ranks nothing,
/// but the lean-trim rule holds and names the causes it raises).
pub fn rules_that_hold(kb: &Knowledge, case: &CaseInput) -> Vec<RuleMet> {
    let facts = understand(kb, case);
    let findings = finding_hits(kb, &facts.findings_text);
    rule_hits(kb, case, &facts, findings)
        .into_iter()
        .map(|h| RuleMet {
            kind: h.kind,
            id: h.source.to_string(),
            detail: h.detail,
            effects: h.effects.into_owned(),
        })
        .collect()
}

/// Pairs of facts that cannot both hold: kept (the engine cannot know which
/// is wrong), but the technician is told to re-check.
fn contradictions(
    tags: &[SymptomTag],
    readings: &BTreeMap<String, f64>,
    warnings: &mut Vec<InputWarning>,
) {
    let has = |t: SymptomTag| tags.contains(&t);
    let mut say = |m: String| {
        warnings.push(InputWarning {
            kind: WarningKind::ContradictoryFindings,
            message: m,
        })
    };
    if has(SymptomTag::NoCrank) && has(SymptomTag::CrankNoStart) {
        say("the complaint says both \"won't crank\" and \"cranks but won't start\" — confirm which it is".into());
    }
    if let Some(t) = readings.get("coolant_temp_max") {
        if has(SymptomTag::Overheating) && *t < 80.0 {
            say(format!("overheating complaint but coolant peaked at {t} °C — check the gauge, the ECT sensor or the reading"));
        }
    }
    if let (Some(b), Some(c)) = (readings.get("battery_v"), readings.get("charging_v")) {
        if c < b {
            say(format!("charging voltage {c} V is below resting voltage {b} V — swapped readings, or the alternator is not charging at all"));
        }
    }
    if let (Some(a), Some(b)) = (readings.get("ltft_max"), readings.get("ltft_min")) {
        if *a > 20.0 && *b < -20.0 {
            say(format!("one bank reads {a} % and the other {b} % fuel trim — check bank assignment before trusting both"));
        }
    }
}

/// The plan: the chosen tests ([`choose_tests`]) as steps, each naming the
/// misfiring `cylinders` where its knowledge has the words for it.
fn make_plan(
    kb: &Knowledge,
    causes: &[RankedCause],
    done: &BTreeMap<&str, RecordedTest<'_>>,
    cylinders: &[u8],
) -> Vec<PlanStep> {
    let prob: BTreeMap<&str, f64> = causes
        .iter()
        .map(|c| (c.id.as_str(), c.probability))
        .collect();
    let chosen = choose_tests(kb, &prob, done);
    (0..chosen.len())
        .map(|k| plan_step(kb, causes, &prob, &chosen, k, cylinders))
        .collect()
}

/// The tests worth doing, best first: each time the one that tells the
/// likely causes apart most per minute (a step the mechanic recorded is not
/// asked again), the causes it checks then weighing a quarter as much, so
/// the next step looks elsewhere; at most [`MAX_PLAN_STEPS`].
fn choose_tests(
    kb: &Knowledge,
    prob: &BTreeMap<&str, f64>,
    done: &BTreeMap<&str, RecordedTest<'_>>,
) -> Vec<usize> {
    let mut w = prob.clone();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < MAX_PLAN_STEPS {
        let mut best: Option<(f64, usize)> = None;
        for (i, t) in kb.tests.iter().enumerate() {
            if chosen.contains(&i) || done.contains_key(t.id.as_str()) {
                continue;
            }
            let gain: f64 = t
                .targets
                .iter()
                .filter_map(|g| {
                    w.get(g.cause.as_str())
                        .map(|p| p * (g.fail_lr.ln() - g.pass_lr.ln()).abs())
                })
                .sum();
            let value = gain / (t.minutes + 5.0);
            if value > 0.002 && best.is_none_or(|(b, _)| value > b) {
                best = Some((value, i));
            }
        }
        let Some((_, i)) = best else { break };
        for g in &kb.tests[i].targets {
            if let Some(p) = w.get_mut(g.cause.as_str()) {
                *p *= 0.25;
            }
        }
        chosen.push(i);
    }
    chosen
}

/// Step `k` of the plan: the test's instruction (its name for the
/// `cylinders`, [`step_name`]), tool and expected result, the causes it
/// checks, and where a pass or a fail leads.
fn plan_step(
    kb: &Knowledge,
    causes: &[RankedCause],
    prob: &BTreeMap<&str, f64>,
    chosen: &[usize],
    k: usize,
    cylinders: &[u8],
) -> PlanStep {
    let t = &kb.tests[chosen[k]];
    let next = match chosen.get(k + 1) {
        Some(&i) => NextAction::Step {
            step_id: kb.tests[i].id.clone(),
        },
        None => NextAction::Conclude {
            cause: None,
            text: "Record the results and re-run the diagnosis with them".into(),
        },
    };
    let on_fail = fault_found(t, causes, prob).unwrap_or_else(|| next.clone());
    PlanStep {
        id: t.id.clone(),
        order: k + 1,
        instruction: format!("{} — {}", step_name(t, cylinders), t.procedure),
        tool: t.tool.clone(),
        expected: t.expected.clone(),
        minutes: t.minutes,
        checks: t
            .targets
            .iter()
            .filter(|g| prob.contains_key(g.cause.as_str()))
            .map(|g| g.cause.clone())
            .collect(),
        on_pass: next,
        on_fail,
    }
}

/// Where a failed test leads when it all but proves one cause (a fail
/// ratio of 5 or more on the cause it points to most): that fault found.
fn fault_found(
    t: &TestDef,
    causes: &[RankedCause],
    prob: &BTreeMap<&str, f64>,
) -> Option<NextAction> {
    let (_, g) = t
        .targets
        .iter()
        .filter_map(|g| prob.get(g.cause.as_str()).map(|p| (p * g.fail_lr.ln(), g)))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cause.cmp(&a.1.cause)))?;
    if g.fail_lr < 5.0 {
        return None;
    }
    let name = causes
        .iter()
        .find(|c| c.id == g.cause)
        .map(|c| c.name.as_str())
        .unwrap_or(&g.cause);
    Some(NextAction::Conclude {
        cause: Some(g.cause.clone()),
        text: format!("Fault found: {name}. Repair it, clear codes, verify; re-run the diagnosis if the symptom remains"),
    })
}

#[cfg(test)]
mod tests {

    /// Readings alone rank nothing (no code or symptom names a cause), but
    /// the rules they meet still say which causes they raise.
    #[test]
    fn rules_that_hold_name_causes_even_without_candidates() {
        let kb = Knowledge::embedded();
        let mut case = CaseInput::default();
        case.readings.insert("ltft_b1".into(), 18.0);
        assert!(diagnose(kb, &case).causes.is_empty());
        let met = rules_that_hold(kb, &case);
        let lean = met.iter().find(|r| r.id == "ltft_high").expect("lean rule");
        assert_eq!(lean.kind, EvidenceKind::Reading);
        assert!(lean
            .effects
            .iter()
            .any(|(c, lr)| c == "vacuum_leak" && *lr > 1.0));
        for r in &met {
            assert!(kb.rule(&r.id).is_some(), "{}", r.id);
        }
    }
    use super::*;
    use crate::input::Mileage;

    /// Regression: a live coolant temperature refused as implausible (200,
    /// a normal 93 °C typed in °F) was warned "ignored" and still scored as
    /// the hottest coolant seen, firing "Coolant above 110 °C".
    #[test]
    fn regression_an_implausible_coolant_temperature_was_scored_as_overheating() {
        let mut case = CaseInput::default();
        case.readings.insert("coolant_temp".into(), 200.0);
        let d = diagnose(Knowledge::embedded(), &case);
        assert!(d
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::ImplausibleReading));
        let met = rules_that_hold(Knowledge::embedded(), &case);
        assert!(
            !met.iter().any(|r| r.id == "coolant_hot"),
            "{:?}",
            met.iter().map(|r| &r.id).collect::<Vec<_>>()
        );
        case.readings.insert("coolant_temp".into(), 118.0);
        let met = rules_that_hold(Knowledge::embedded(), &case);
        assert!(
            met.iter().any(|r| r.id == "coolant_hot"),
            "a real 118 °C still counts"
        );
    }

    /// Regression (issue 18, item 7): a case with 100 codes gave each of its
    /// ~100 candidates a line for every code it does not explain, a 1.8 MB
    /// result. Past [`UNEXPLAINED_LISTED`] they are one line, whose ratio is
    /// the product of theirs, so the ranking is what the lines gave.
    #[test]
    fn many_unexplained_codes_are_one_piece_of_evidence_not_one_each() {
        let codes: Vec<String> = (0..100).map(|i| format!("P{:04X}", i)).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let d = diagnose(Knowledge::embedded(), &case(&refs));
        assert!(d.causes.len() > 20, "{}", d.causes.len());
        for c in &d.causes {
            let lines: Vec<&Evidence> = c
                .evidence_against
                .iter()
                .filter(|e| e.kind == EvidenceKind::Unexplained)
                .collect();
            assert!(
                lines.len() <= UNEXPLAINED_LISTED,
                "{}: {}",
                c.id,
                lines.len()
            );
        }
        let grouped = d
            .causes
            .iter()
            .flat_map(|c| &c.evidence_against)
            .find(|e| e.source.ends_with(" items"))
            .expect("a cause that leaves most codes unexplained");
        assert!(
            grouped.detail.starts_with("does not explain ") && grouped.detail.contains("more)"),
            "{}",
            grouped.detail
        );
        assert!((grouped.weight - grouped.likelihood_ratio.ln()).abs() < 1e-9);
        let size = serde_json::to_string(&d).unwrap().len();
        assert!(size < 400_000, "{size} bytes");
    }

    fn case(codes: &[&str]) -> CaseInput {
        CaseInput {
            dtcs: codes.iter().map(|c| DtcEntry::stored(c)).collect(),
            ..Default::default()
        }
    }

    fn rank(d: &Diagnosis, id: &str) -> usize {
        d.causes
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    }

    fn p(d: &Diagnosis, id: &str) -> f64 {
        d.causes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.probability)
            .unwrap_or(0.0)
    }

    #[test]
    fn both_banks_lean_favours_shared_causes_over_bank_specific() {
        let kb = Knowledge::embedded();
        let one = diagnose(
            kb,
            &CaseInput {
                vehicle: VehicleId {
                    engine: Some("4.6L V8".into()),
                    ..Default::default()
                },
                ..case(&["P0171"])
            },
        );
        let both = diagnose(
            kb,
            &CaseInput {
                vehicle: VehicleId {
                    engine: Some("4.6L V8".into()),
                    ..Default::default()
                },
                ..case(&["P0171", "P0174"])
            },
        );
        assert!(p(&both, "vacuum_leak") > p(&one, "vacuum_leak"));
        assert!(p(&both, "injector_clogged") < p(&one, "injector_clogged"));
        assert!(p(&both, "fuel_pump_weak") > p(&one, "fuel_pump_weak"));
        assert_eq!(both.causes[0].id, "vacuum_leak");
        assert!(both.causes[0]
            .evidence_for
            .iter()
            .any(|e| e.source == "lean_both_banks"));
    }

    #[test]
    fn single_cylinder_misfire_points_at_the_coil_and_the_swap_test_comes_early() {
        let kb = Knowledge::embedded();
        let d = diagnose(kb, &case(&["P0300", "P0303"]));
        assert_eq!(
            d.causes[0].id,
            "ignition_coil",
            "{:?}",
            d.causes.iter().take(3).map(|c| &c.id).collect::<Vec<_>>()
        );
        assert!(
            d.plan.iter().take(2).any(|s| s.id == "coil_swap"),
            "{:?}",
            d.plan.iter().map(|s| &s.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn recording_a_test_result_reranks() {
        let kb = Knowledge::embedded();
        let mut c = case(&["P0300", "P0303"]);
        let before = diagnose(kb, &c);
        assert_eq!(before.causes[0].id, "ignition_coil");
        c.test_results.push(TestResult {
            step_id: "coil_swap".into(),
            outcome: TestOutcome::Pass,
            note: None,
        });
        let after = diagnose(kb, &c);
        assert_ne!(after.causes[0].id, "ignition_coil");
        assert!(p(&after, "ignition_coil") < p(&before, "ignition_coil") / 3.0);
        assert!(
            !after.plan.iter().any(|s| s.id == "coil_swap"),
            "a done step is not planned again"
        );
        let ev = &after
            .causes
            .iter()
            .find(|x| x.id == "ignition_coil")
            .unwrap()
            .evidence_against;
        assert!(ev
            .iter()
            .any(|e| e.kind == EvidenceKind::Test && e.source == "coil_swap"));
    }

    #[test]
    fn readings_separate_vacuum_leak_from_fuel_delivery() {
        let kb = Knowledge::embedded();
        let mut c = case(&["P0171", "P0174"]);
        c.readings.insert("ltft_b1".into(), 22.0);
        c.readings.insert("ltft_b2".into(), 20.0);
        c.readings.insert("ltft_b1_2500".into(), 3.0);
        assert_eq!(diagnose(kb, &c).causes[0].id, "vacuum_leak");
        c.readings.insert("ltft_b1_2500".into(), 19.0);
        c.readings.insert("fuel_pressure_kpa".into(), 200.0);
        let d = diagnose(kb, &c);
        assert_eq!(
            d.causes[0].id,
            "fuel_pump_weak",
            "{:?}",
            d.causes.iter().take(3).map(|c| &c.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn symptom_only_complaints_get_causes() {
        let kb = Knowledge::embedded();
        let d = diagnose(
            kb,
            &CaseInput {
                complaint: "Car cranks but won't start after sitting".into(),
                ..Default::default()
            },
        );
        assert_eq!(d.symptoms, vec![SymptomTag::CrankNoStart]);
        assert!(rank(&d, "fuel_pump_failed") < 3);
        let d = diagnose(
            kb,
            &CaseInput {
                complaint: "battery keeps dying overnight".into(),
                ..Default::default()
            },
        );
        assert!(
            rank(&d, "parasitic_draw") < 2,
            "{:?}",
            d.causes.iter().map(|c| &c.id).collect::<Vec<_>>()
        );
        let d = diagnose(
            kb,
            &CaseInput {
                complaint: "squeal when braking".into(),
                ..Default::default()
            },
        );
        assert_eq!(d.causes[0].id, "brake_pads_worn");
    }

    #[test]
    fn codes_outside_the_curated_layer_use_generic_data_then_family_then_fallback() {
        let kb = Knowledge::embedded();
        let d = diagnose(kb, &case(&["P0309"]));
        assert_eq!(d.codes[0].knowledge, CodeKnowledge::Generic);
        assert!(
            rank(&d, "ignition_coil") < 3,
            "{:?}",
            d.causes.iter().map(|c| &c.id).collect::<Vec<_>>()
        );
        let d = diagnose(kb, &case(&["P1234"]));
        assert_eq!(d.codes[0].knowledge, CodeKnowledge::Fallback);
        assert!(d
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::UnknownCode));
        assert!(!d.causes.is_empty());
    }

    #[test]
    fn bad_input_is_warned_about() {
        let kb = Knowledge::embedded();
        let mut c = case(&["P0171", "XYZ", "P0171"]);
        c.vehicle.make = Some("Zastava Motors".into());
        c.vehicle.vin = Some("1HGCM82633A004353".parse().unwrap()); // check digit should be 2
        c.test_results.push(TestResult {
            step_id: "smoke_intake".into(),
            outcome: TestOutcome::Pass,
            note: None,
        });
        c.test_results.push(TestResult {
            step_id: "smoke_intake".into(),
            outcome: TestOutcome::Fail,
            note: None,
        });
        c.test_results.push(TestResult {
            step_id: "made_up".into(),
            outcome: TestOutcome::Fail,
            note: None,
        });
        c.readings.insert("ltft_b1".into(), 400.0);
        c.complaint = "won't crank, and sometimes cranks but won't start".into();
        let d = diagnose(kb, &c);
        let kinds: Vec<WarningKind> = d.warnings.iter().map(|w| w.kind).collect();
        for k in [
            WarningKind::MalformedCode,
            WarningKind::DuplicateCode,
            WarningKind::UnknownMake,
            WarningKind::Vin,
            WarningKind::ContradictoryResults,
            WarningKind::UnknownStep,
            WarningKind::ImplausibleReading,
            WarningKind::ContradictoryFindings,
        ] {
            assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
        }
        let empty = diagnose(kb, &CaseInput::default());
        assert!(empty.causes.is_empty() && empty.confidence == 0.0);
        assert_eq!(empty.warnings[0].kind, WarningKind::NoEvidence);
    }

    #[test]
    fn make_pattern_and_mileage_move_the_ranking() {
        let kb = Knowledge::embedded();
        let base = case(&["P0300"]);
        let gm = CaseInput {
            vehicle: VehicleId {
                make: Some("Chevrolet".into()),
                model: Some("Silverado".into()),
                year: Some(2011),
                engine: Some("5.3L V8".into()),
                vin: None,
            },
            ..base.clone()
        };
        assert!(p(&diagnose(kb, &gm), "afm_lifter") > 3.0 * p(&diagnose(kb, &base), "afm_lifter"));
        let old = CaseInput {
            mileage: Some(Mileage {
                value: 160_000.0,
                unit: crate::input::DistanceUnit::Mi,
            }),
            ..base.clone()
        };
        let new = CaseInput {
            mileage: Some(Mileage {
                value: 30_000.0,
                unit: crate::input::DistanceUnit::Mi,
            }),
            ..base
        };
        assert!(
            p(&diagnose(kb, &old), "spark_plugs_worn") > p(&diagnose(kb, &new), "spark_plugs_worn")
        );
    }

    #[test]
    fn plan_links_steps_and_evidence_points_at_sources() {
        let kb = Knowledge::embedded();
        let d = diagnose(kb, &case(&["P0420"]));
        assert!(!d.plan.is_empty());
        for (i, s) in d.plan.iter().enumerate() {
            assert_eq!(s.order, i + 1);
            if let NextAction::Step { step_id } = &s.on_pass {
                assert_eq!(step_id, &d.plan[i + 1].id);
            }
        }
        assert!(d.causes[0]
            .evidence_for
            .iter()
            .any(|e| e.kind == EvidenceKind::Code && e.source == "P0420"));
        assert_eq!(d.engine_version, ENGINE_VERSION);
    }

    #[test]
    fn a_strong_finding_makes_its_cause_a_candidate() {
        let kb = Knowledge::embedded();
        let c = CaseInput {
            findings: "cooling fan never turns on at 105 C".into(),
            ..Default::default()
        };
        let d = diagnose(kb, &c);
        assert_eq!(d.causes[0].id, "radiator_fan");
        assert!(d.causes[0]
            .evidence_for
            .iter()
            .any(|e| e.kind == EvidenceKind::Finding));
        let weak = CaseInput {
            findings: "nothing unusual".into(),
            ..Default::default()
        };
        assert!(diagnose(kb, &weak).causes.is_empty());
    }

    #[test]
    fn displacement_and_layout_are_read_from_the_engine_text() {
        assert_eq!(parse_displacement("2.4L I4 2AZ-FE"), Some(2.4));
        assert_eq!(parse_displacement("2.0T TSI"), Some(2.0));
        assert_eq!(parse_displacement("V8"), None);
        assert!(is_v_engine("5.3L V8"));
        assert!(!is_v_engine("2.5L H4 EJ25"));
    }

    // --- step 1: understand the case ----------------------------------------

    #[test]
    fn the_vehicle_is_normalised_and_a_bad_vin_or_make_warned_about() {
        let (v, w) = read_vehicle(&VehicleId {
            vin: Some("1HGCM82633A004352".parse().unwrap()),
            make: Some(" Chevy ".into()),
            model: Some("Silverado".into()),
            year: Some(2011),
            engine: Some("5.3L V8".into()),
        });
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(v.make.as_deref(), Some("chevrolet"));
        assert_eq!(
            (v.model.as_str(), v.engine.as_str()),
            ("silverado", "5.3l v8")
        );
        let (v, w) = read_vehicle(&VehicleId {
            vin: Some("1HGCM82633A004353".parse().unwrap()),
            make: Some("Zastava".into()),
            ..Default::default()
        });
        let kinds: Vec<WarningKind> = w.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [WarningKind::Vin, WarningKind::UnknownMake]);
        assert_eq!(
            (v.model.as_str(), v.engine.as_str(), v.year),
            ("", "", None)
        );
        let good: Vin = "1HGCM82633A004352".parse().unwrap();
        assert!(vin_warning(&good).is_none());
    }

    #[test]
    fn codes_are_parsed_once_each_and_sorted() {
        let mut dtcs = vec![DtcEntry::stored("P0174"), DtcEntry::stored("bad")];
        dtcs.push(DtcEntry {
            status: DtcStatus::Pending,
            ..DtcEntry::stored("P0171")
        });
        dtcs.push(DtcEntry::stored(" p0171 "));
        let (codes, w) = read_codes(&dtcs);
        let shown: Vec<String> = codes.iter().map(|(d, s)| format!("{d} {s:?}")).collect();
        assert_eq!(shown, ["P0171 Stored", "P0174 Stored"]);
        let kinds: Vec<WarningKind> = w.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [WarningKind::MalformedCode, WarningKind::DuplicateCode]
        );
    }

    #[test]
    fn nothing_to_go_on_is_warned_about_with_what_to_add() {
        let empty = CaseInput::default();
        assert!(no_evidence_warning(&empty, true, &[])
            .is_some_and(|w| w.message.contains("empty complaint")));
        let vague = CaseInput {
            complaint: "feels funny".into(),
            ..Default::default()
        };
        assert!(no_evidence_warning(&vague, true, &[])
            .is_some_and(|w| w.message.contains("no recognised symptom")));
        assert!(no_evidence_warning(&vague, false, &[]).is_none());
        assert!(no_evidence_warning(&vague, true, &[SymptomTag::RoughIdle]).is_none());
    }

    #[test]
    fn codes_are_looked_up_once_and_unknown_ones_warned_about() {
        let kb = Knowledge::embedded();
        let codes =
            ["P0171", "P0309", "P1234"].map(|c| (c.parse::<Dtc>().unwrap(), DtcStatus::Stored));
        let (read, w) = look_up_codes(kb, codes.to_vec());
        let layers: Vec<CodeKnowledge> = read.iter().map(|c| c.layer).collect();
        assert_eq!(
            layers,
            [
                CodeKnowledge::Curated,
                CodeKnowledge::Generic,
                CodeKnowledge::Fallback
            ]
        );
        assert!(read.iter().all(|c| !c.links.is_empty()));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.starts_with("P1234") && w[0].message.contains("manufacturer-specific")
        );
        let report = code_report(&read[0]);
        assert_eq!(
            (report.code.as_str(), report.knowledge),
            ("P0171", CodeKnowledge::Curated)
        );
        assert!(report.title.is_some());
    }

    #[test]
    fn contradictory_and_unknown_test_results_are_dropped() {
        let kb = Knowledge::embedded();
        let r = |step: &str, outcome| TestResult {
            step_id: step.into(),
            outcome,
            note: None,
        };
        let recorded = [
            r("smoke_intake", TestOutcome::Pass),
            r("coil_swap", TestOutcome::Fail),
            r("smoke_intake", TestOutcome::Fail),
            r("made_up", TestOutcome::Pass),
            r("coil_swap", TestOutcome::Fail),
        ];
        let (tests, w) = read_test_results(kb, &recorded);
        assert_eq!(tests.keys().copied().collect::<Vec<_>>(), ["coil_swap"]);
        assert_eq!(tests["coil_swap"].outcome, TestOutcome::Fail);
        assert_eq!(tests["coil_swap"].test.id, "coil_swap");
        let kinds: Vec<WarningKind> = w.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [WarningKind::ContradictoryResults, WarningKind::UnknownStep]
        );
    }

    #[test]
    fn understanding_keeps_the_warning_order_and_builds_the_findings_text_once() {
        let kb = Knowledge::embedded();
        let mut c = case(&["XYZ", "P1234"]);
        c.vehicle.vin = Some("1HGCM82633A004353".parse().unwrap());
        c.readings.insert("nonsense".into(), 1.0);
        c.complaint = "Won't crank, cranks but won't start".into();
        c.findings = "Fuse Blown".into();
        c.test_results.push(TestResult {
            step_id: "made_up".into(),
            outcome: TestOutcome::Pass,
            note: None,
        });
        let facts = understand(kb, &c);
        let kinds: Vec<WarningKind> = facts.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [
                WarningKind::Vin,
                WarningKind::MalformedCode,
                WarningKind::UnknownReading,
                WarningKind::ContradictoryFindings,
                WarningKind::UnknownCode,
                WarningKind::UnknownStep,
            ]
        );
        assert_eq!(
            facts.findings_text,
            "fuse blown \n won't crank, cranks but won't start"
        );
        assert_eq!(facts.code_set.iter().collect::<Vec<_>>(), ["P1234"]);
    }

    // --- step 2: candidates and their code and symptom evidence ------------

    fn read_code(kb: &Knowledge, code: &str, status: DtcStatus) -> ReadCode {
        let code: Dtc = code.parse().expect("a valid code");
        let (layer, links) = code_links(kb, code);
        ReadCode {
            code,
            status,
            layer,
            links,
        }
    }

    fn bare(id: &str) -> Cand {
        Cand::curated(Knowledge::embedded().cause(id).expect("known cause"), "USD")
    }

    #[test]
    fn a_candidate_is_added_once() {
        let kb = Knowledge::embedded();
        let mut cands = Candidates::new(kb);
        cands.ensure_curated("vacuum_leak").prior = 0.5;
        assert_eq!(cands.ensure_curated("vacuum_leak").prior, 0.5);
        assert_eq!(cands.by_id.len(), 1);
    }

    #[test]
    fn code_links_keep_the_strongest_link_and_weaken_pending_codes() {
        let kb = Knowledge::embedded();
        let mut cands = Candidates::new(kb);
        let codes = [
            read_code(kb, "P0171", DtcStatus::Stored),
            read_code(kb, "P0302", DtcStatus::Pending),
        ];
        let to_explain = link_codes(&mut cands, &codes);
        let vacuum = &cands.by_id["vacuum_leak"];
        let p0171: Dtc = "P0171".parse().unwrap();
        let p0302: Dtc = "P0302".parse().unwrap();
        assert_eq!(vacuum.code_lrs[&p0171], 14.0);
        assert_eq!(vacuum.code_lrs[&p0302], 2.0f64.powf(PENDING_FACTOR));
        assert_eq!(vacuum.code_why[&p0171], "P0171 (curated link)");
        assert_eq!(to_explain.len(), 2);
        assert_eq!(to_explain[0].source, "P0171");
        assert_eq!(
            to_explain[1].unexplained_lr,
            UNEXPLAINED_CODE_LR.powf(PENDING_FACTOR)
        );
        assert!(to_explain[1].explained_by.contains("ignition_coil"));
        assert!(!to_explain[0].explained_by.contains("ignition_coil"));
    }

    #[test]
    fn symptom_links_add_candidates_and_say_what_they_explain() {
        let kb = Knowledge::embedded();
        let mut cands = Candidates::new(kb);
        let to_explain = link_symptoms(&mut cands, &[SymptomTag::CrankNoStart]);
        assert_eq!(
            cands.by_id["fuel_pump_failed"].symptom_lrs[&SymptomTag::CrankNoStart],
            20.0
        );
        assert_eq!(to_explain.len(), 1);
        assert_eq!(to_explain[0].unexplained_lr, 0.3);
        assert_eq!(
            to_explain[0].detail,
            "does not explain the complaint (crank_no_start)"
        );
        assert_eq!(to_explain[0].explained_by.len(), cands.by_id.len());
    }

    #[test]
    fn only_a_failed_test_adds_the_causes_it_points_at_strongly() {
        let kb = Knowledge::embedded();
        let smoke = kb.test("smoke_intake").expect("known test");
        let mut tests = BTreeMap::new();
        tests.insert(
            "smoke_intake",
            RecordedTest {
                test: smoke,
                outcome: TestOutcome::Pass,
            },
        );
        let mut cands = Candidates::new(kb);
        add_failed_test_candidates(&mut cands, &tests);
        assert!(cands.by_id.is_empty());
        tests.insert(
            "smoke_intake",
            RecordedTest {
                test: smoke,
                outcome: TestOutcome::Fail,
            },
        );
        add_failed_test_candidates(&mut cands, &tests);
        let ids: Vec<&str> = cands.by_id.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "boost_leak",
                "brake_booster_leak",
                "pcv_fault",
                "vacuum_leak"
            ]
        );
    }

    #[test]
    fn correlated_codes_count_less_the_weaker_they_are() {
        let mut c = bare("vacuum_leak");
        let (a, b): (Dtc, Dtc) = ("P0171".parse().unwrap(), "P0174".parse().unwrap());
        c.code_lrs.insert(a, 4.0);
        c.code_lrs.insert(b, 9.0);
        c.code_why.insert(b, "why P0174".into());
        weigh_code_links(&mut c);
        let shown: Vec<(&str, &str, f64)> = c
            .evidence
            .iter()
            .map(|e| (e.source.as_str(), e.detail.as_str(), e.likelihood_ratio))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "P0171",
                    "P0171 — counted at 50 % (correlated with stronger codes)",
                    2.0
                ),
                ("P0174", "why P0174", 9.0),
            ]
        );
    }

    #[test]
    fn symptoms_diminish_too_and_a_neutral_link_is_no_evidence() {
        let mut c = bare("vacuum_leak");
        c.symptom_lrs.insert(SymptomTag::RoughIdle, 16.0);
        c.symptom_lrs.insert(SymptomTag::Stalling, 4.0);
        c.symptom_lrs.insert(SymptomTag::Hesitation, 1.0);
        weigh_symptom_links(&mut c, &BTreeMap::new());
        let shown: Vec<(&str, f64)> = c
            .evidence
            .iter()
            .map(|e| (e.source.as_str(), e.likelihood_ratio))
            .collect();
        assert_eq!(shown, [("rough_idle", 16.0), ("stalling", 2.0)]);
        assert_eq!(c.evidence[0].detail, "symptom given: rough_idle");
    }

    #[test]
    fn what_a_candidate_does_not_explain_counts_against_it() {
        let mut c = bare("vacuum_leak");
        let t = |source: &str, lr: f64, ids: &[&str]| ToExplain {
            source: source.into(),
            detail: format!("does not explain {source}"),
            unexplained_lr: lr,
            explained_by: ids.iter().map(|s| s.to_string()).collect(),
        };
        explain_away(
            &mut c,
            &[
                t("P0300", 0.35, &["ignition_coil"]),
                t("P0171", 0.35, &["vacuum_leak"]),
                t("stalling", 0.5, &[]),
            ],
        );
        let shown: Vec<(EvidenceKind, &str, f64)> = c
            .evidence
            .iter()
            .map(|e| (e.kind, e.source.as_str(), e.likelihood_ratio))
            .collect();
        assert_eq!(
            shown,
            [
                (EvidenceKind::Unexplained, "P0300", 0.35),
                (EvidenceKind::Unexplained, "stalling", 0.5)
            ]
        );
    }

    // --- step 3: rules that hold, then recorded tests ----------------------

    fn codes_set(codes: &[&str]) -> BTreeSet<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_combination_needs_all_enough_none_and_the_right_engine() {
        let rule: ComboRule = serde_json::from_value(serde_json::json!({
            "id": "one_bank", "any_of": ["P0171", "P0174"], "max_of": ["P0171", "P0174"],
            "max_count": 1, "requires": "v_engine", "note": "", "effects": []
        }))
        .expect("rule");
        assert!(combination_holds(&rule, &codes_set(&["P0171"]), true));
        assert!(!combination_holds(&rule, &codes_set(&["P0171"]), false));
        assert!(!combination_holds(
            &rule,
            &codes_set(&["P0171", "P0174"]),
            true
        ));
        let empty: ComboRule = serde_json::from_value(serde_json::json!({
            "id": "x", "none_of": ["P0300"], "note": "", "effects": []
        }))
        .expect("rule");
        assert!(!combination_holds(&empty, &codes_set(&["P0171"]), true));
        let kb = Knowledge::embedded();
        let lean = case(&["P0171", "P0174"]);
        let facts = understand(kb, &lean);
        let hits = combination_hits(kb, &facts);
        assert!(hits.iter().any(|h| h.source == "lean_both_banks"));
        assert!(hits.iter().all(|h| h.kind == EvidenceKind::Combination));
    }

    #[test]
    fn a_reading_rule_shows_the_readings_that_met_it() {
        let rule: ReadingRule = serde_json::from_value(serde_json::json!({
            "id": "lean_idle", "all": [["ltft_b1", "gt", 10], ["ltft_b1_2500", "lt", 8]],
            "note": "lean at idle only", "effects": [["vacuum_leak", 3]]
        }))
        .expect("rule");
        let mut r = BTreeMap::from([("ltft_b1".to_string(), 21.0)]);
        assert_eq!(conditions_met(&rule, &r), None);
        r.insert("ltft_b1_2500".into(), 3.0);
        assert_eq!(
            conditions_met(&rule, &r).expect("met"),
            ["ltft_b1 = 21.00 > 10", "ltft_b1_2500 = 3.00 < 8"]
        );
        r.insert("ltft_b1_2500".into(), 9.0);
        assert_eq!(conditions_met(&rule, &r), None);
        let kb = Knowledge::embedded();
        let empty = case(&[]);
        assert!(reading_hits(kb, &understand(kb, &empty).readings, &BTreeMap::new()).is_empty());
    }

    #[test]
    fn mileage_bands_are_told_in_miles_and_a_bad_odometer_is_ignored() {
        let band = |min, max| MileageBand {
            cause: "x".into(),
            min,
            max,
            lr: 2.0,
        };
        assert_eq!(band_text(&band(Some(100_000.0), None)), "over 100k mi");
        assert_eq!(band_text(&band(None, Some(60_000.0))), "under 60k mi");
        assert_eq!(
            band_text(&band(Some(60_000.0), Some(100_000.0))),
            "60k–100k mi"
        );
        assert_eq!(band_text(&band(None, None)), "any mileage");
        let kb = Knowledge::embedded();
        let km = Mileage {
            value: 241_402.0,
            unit: crate::input::DistanceUnit::Km,
        };
        let hits = mileage_hits(kb, Some(km));
        assert!(!hits.is_empty());
        assert!(hits
            .iter()
            .all(|h| h.source == "mileage" && h.detail.starts_with("241402 km (150000 mi) is ")));
        let bad = Mileage {
            value: -1.0,
            unit: crate::input::DistanceUnit::Mi,
        };
        assert!(mileage_hits(kb, Some(bad)).is_empty() && mileage_hits(kb, None).is_empty());
    }

    /// A case on a "Honda Civic 2014" was told to "Give make, model year and
    /// engine" when only the engine was missing, and its 193,000 km were
    /// shown only as "119925 mi".
    #[test]
    fn regression_plan_asked_for_the_make_and_year_the_case_already_had() {
        let v = |make: Option<&str>, year, engine: &str| VehicleFacts {
            make: make.map(Into::into),
            model: "civic".into(),
            engine: engine.into(),
            year,
        };
        let civic = v(Some("honda"), Some(2014), "");
        assert_eq!(
            vehicle_ask(&civic),
            Some("Give the engine (make-specific failure patterns need it)")
        );
        assert_eq!(vehicle_ask(&v(Some("honda"), Some(2014), "1.8l")), None);
        assert!(vehicle_ask(&v(None, None, ""))
            .unwrap()
            .starts_with("Give make, model year and engine"));
        assert!(vehicle_ask(&v(Some("honda"), None, "1.8l"))
            .unwrap()
            .starts_with("Give the model year"));
        let km = Mileage {
            value: 193_000.0,
            unit: crate::input::DistanceUnit::Km,
        };
        let hits = mileage_hits(Knowledge::embedded(), Some(km));
        assert!(
            hits.iter()
                .any(|h| h.detail == "193000 km (119925 mi) is over 80k mi"),
            "{:?}",
            hits.iter().map(|h| &h.detail).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_make_pattern_needs_the_vehicle_the_years_and_a_trigger() {
        let p: MakePattern = serde_json::from_value(serde_json::json!({
            "id": "gm_afm", "make": ["Chevy"], "engine": ["5.3"], "years": [2007, 2014],
            "any_codes": ["P0300"], "note": "", "effects": []
        }))
        .expect("pattern");
        let v = |year| VehicleFacts {
            make: Some("chevrolet".into()),
            model: "silverado".into(),
            engine: "5.3l v8".into(),
            year,
        };
        let p0300 = codes_set(&["P0300"]);
        assert!(make_pattern_holds(&p, &v(Some(2011)), &p0300, &[]));
        assert!(!make_pattern_holds(&p, &v(None), &p0300, &[]));
        assert!(!make_pattern_holds(&p, &v(Some(2015)), &p0300, &[]));
        assert!(!make_pattern_holds(
            &p,
            &v(Some(2011)),
            &codes_set(&["P0171"]),
            &[]
        ));
        let unknown_make = VehicleFacts {
            make: None,
            ..v(Some(2011))
        };
        assert!(!make_pattern_holds(&p, &unknown_make, &p0300, &[]));
        let kb = Knowledge::embedded();
        assert!(make_hits(kb, &understand(kb, &case(&["P0300"]))).is_empty());
    }

    #[test]
    fn findings_quote_the_first_keyword_and_strong_ones_add_candidates() {
        let kb = Knowledge::embedded();
        let hits = finding_hits(kb, "fan never turns on \n overheating");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].detail, "findings mention \"fan never turns on\"");
        let mut cands = Candidates::new(kb);
        add_strong_finding_candidates(&mut cands, &hits);
        assert!(cands.by_id.contains_key("radiator_fan"));
        assert!(cands.by_id.values().all(|c| hits[0]
            .effects
            .iter()
            .any(|(cause, lr)| *cause == c.id && *lr >= 5.0)));
        assert!(finding_hits(kb, "nothing unusual").is_empty());
    }

    #[test]
    fn rules_and_test_results_move_only_the_candidates_there() {
        let kb = Knowledge::embedded();
        let mut cands = Candidates::new(kb);
        cands.ensure_curated("vacuum_leak");
        let effects = vec![
            ("vacuum_leak".to_string(), 3.0),
            ("maf_dirty".to_string(), 2.0),
        ];
        cands.apply(&RuleHit {
            kind: EvidenceKind::Reading,
            source: "r",
            detail: "d".into(),
            effects: Cow::Owned(effects),
        });
        let smoke = kb.test("smoke_intake").expect("known test");
        let tests = BTreeMap::from([(
            "smoke_intake",
            RecordedTest {
                test: smoke,
                outcome: TestOutcome::Pass,
            },
        )]);
        apply_test_results(&mut cands, &tests, &[]);
        assert_eq!(cands.by_id.len(), 1);
        let shown: Vec<(EvidenceKind, &str, f64)> = cands.by_id["vacuum_leak"]
            .evidence
            .iter()
            .map(|e| (e.kind, e.detail.as_str(), e.likelihood_ratio))
            .collect();
        let passed = format!("{} passed", smoke.name);
        assert_eq!(
            shown,
            [
                (EvidenceKind::Reading, "d", 3.0),
                (EvidenceKind::Test, passed.as_str(), 0.12)
            ]
        );
    }

    // --- step 2 (whole) and step 6: gather, rank, confidence ---------------

    #[test]
    fn candidates_come_from_codes_symptoms_failed_tests_and_seen_faults() {
        let kb = Knowledge::embedded();
        let mut c = case(&["P0302"]);
        c.complaint = "cranks but won't start".into();
        c.findings = "fan never turns on".into();
        c.test_results.push(TestResult {
            step_id: "smoke_intake".into(),
            outcome: TestOutcome::Fail,
            note: None,
        });
        let facts = understand(kb, &c);
        let findings = finding_hits(kb, &facts.findings_text);
        let (cands, to_explain) = gather_candidates(kb, &facts, &findings);
        for id in [
            "ignition_coil",
            "fuel_pump_failed",
            "brake_booster_leak",
            "radiator_fan",
        ] {
            assert!(cands.by_id.contains_key(id), "{id} missing");
        }
        let sources: Vec<&str> = to_explain.iter().map(|t| t.source.as_str()).collect();
        assert_eq!(sources, ["P0302", "crank_no_start"]);
    }

    #[test]
    fn ranking_normalises_the_odds_and_breaks_ties_by_id() {
        let kb = Knowledge::embedded();
        let mut cands = Candidates::new(kb);
        for id in ["vacuum_leak", "maf_dirty", "pcv_fault"] {
            let c = cands.ensure_curated(id);
            c.prior = 0.5;
            c.evidence.clear();
        }
        cands
            .ensure_curated("pcv_fault")
            .push(EvidenceKind::Finding, "f", "seen", 2.0);
        assert_eq!(log_odds(&cands.by_id["maf_dirty"]), 0.0);
        let causes = super::rank(cands);
        let shown: Vec<(&str, f64)> = causes
            .iter()
            .map(|c| (c.id.as_str(), c.probability))
            .collect();
        assert_eq!(
            shown,
            [
                ("pcv_fault", 0.5),
                ("maf_dirty", 0.25),
                ("vacuum_leak", 0.25)
            ]
        );
        assert!(super::rank(Candidates::new(kb)).is_empty());
    }

    #[test]
    fn a_ranked_cause_lists_evidence_for_and_against_strongest_first() {
        let mut c = bare("vacuum_leak");
        c.push(EvidenceKind::Code, "P0171", "a", 2.0);
        c.push(EvidenceKind::Unexplained, "P0300", "b", 0.5);
        c.push(EvidenceKind::Reading, "r", "c", 8.0);
        c.push(EvidenceKind::Test, "t", "d", 0.1);
        let r = ranked_cause(c, 0.7);
        let f: Vec<&str> = r.evidence_for.iter().map(|e| e.source.as_str()).collect();
        let a: Vec<&str> = r
            .evidence_against
            .iter()
            .map(|e| e.source.as_str())
            .collect();
        assert_eq!((f, a), (vec!["r", "P0171"], vec!["t", "P0300"]));
        assert_eq!((r.id.as_str(), r.probability), ("vacuum_leak", 0.7));
    }

    #[test]
    fn confidence_grows_with_the_top_share_and_with_strong_evidence() {
        let mut c = bare("vacuum_leak");
        let thin = confidence(&[ranked_cause(bare("vacuum_leak"), 1.0)]);
        assert_eq!(thin, 1.0 - CONFIDENCE_THIN_EVIDENCE);
        c.push(EvidenceKind::Code, "P0171", "a", 3.0);
        c.push(EvidenceKind::Reading, "r", "b", 2.0);
        c.push(EvidenceKind::Symptom, "s", "c", 1.5);
        let two = confidence(&[ranked_cause(c, 0.5)]);
        assert_eq!(
            two,
            0.5f64.powf(CONFIDENCE_EXPONENT) * (1.0 - CONFIDENCE_THIN_EVIDENCE * (-1.0f64).exp())
        );
        assert_eq!(confidence(&[]), 0.0);
        let labels: Vec<String> = [0.6, 0.59, 0.3, 0.01, 0.0].map(confidence_label).to_vec();
        assert_eq!(labels, ["high", "medium", "medium", "low", "none"]);
    }

    #[test]
    fn raising_confidence_asks_for_the_missing_vehicle_data_and_the_first_step() {
        let kb = Knowledge::embedded();
        let c = case(&["P0171"]);
        let d = diagnose(kb, &c);
        let facts = understand(kb, &c);
        let raise = raise_confidence(kb, &c, &facts, &d.causes, &d.plan);
        assert_eq!(raise, d.raise_confidence);
        assert!(raise.iter().any(|r| r.starts_with("Record the odometer")));
        assert!(raise
            .iter()
            .any(|r| r.starts_with("Give make, model year and engine")));
        assert!(raise.last().is_some_and(|r| r.starts_with("Do step 1 (")));
        let empty = CaseInput::default();
        let none = raise_confidence(kb, &empty, &understand(kb, &empty), &[], &[]);
        assert!(none.is_empty());
    }
}
