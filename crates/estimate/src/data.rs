//! The shipped estimating data (assets/estimate/*.json), shop overrides, and lookups.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{DamageType, Operation, Severity, VehicleClass};
use crate::{Cents, EstimateError, Hours};

mod rows;

use rows::SalesTaxFile;
pub(crate) use rows::{
    HailFile, HailPrice, MiscFile, MiscRow, MiscWhen, OperationRow, OperationsFile, ScanNeed,
    ScanPosition, ScansFile, StateTax,
};

const FILES: [(&str, &str); 10] = [
    (
        "laborRates",
        include_str!("../../../assets/estimate/labor_rates.json"),
    ),
    (
        "damageTypes",
        include_str!("../../../assets/estimate/damage_types.json"),
    ),
    (
        "panels",
        include_str!("../../../assets/estimate/panels.json"),
    ),
    ("parts", include_str!("../../../assets/estimate/parts.json")),
    ("adas", include_str!("../../../assets/estimate/adas.json")),
    ("misc", include_str!("../../../assets/estimate/misc.json")),
    (
        "operations",
        include_str!("../../../assets/estimate/operations.json"),
    ),
    ("scans", include_str!("../../../assets/estimate/scans.json")),
    ("hail", include_str!("../../../assets/estimate/hail.json")),
    (
        "salesTax",
        include_str!("../../../assets/estimate/sales_tax.json"),
    ),
];

/// All estimating data: labor rates (with paint materials), damage types, panels, parts
/// prices, ADAS triggers, shop supplies, the operations estimators add, scan positions,
/// the hail matrix and sales tax.
///
/// [`EstimateData::shipped`] parses the files in `assets/estimate/` once. A shop edits
/// figures by passing an override document to [`EstimateData::with_override`]: a JSON
/// object keyed by file (`laborRates`, `damageTypes`, `panels`, `parts`, `adas`, `misc`,
/// `operations`, `scans`, `hail`, `salesTax`) that is
/// merged over the defaults as an RFC 7386 merge patch, e.g.
/// `{"laborRates": {"states": {"CA": {"body": 82}}}}`.
#[derive(Clone, Debug)]
pub struct EstimateData {
    raw: Value,
    pub(crate) labor: LaborFile,
    pub(crate) damage: DamageFile,
    pub(crate) panels: PanelsFile,
    pub(crate) parts: PartsFile,
    pub(crate) adas: AdasFile,
    pub(crate) misc: MiscFile,
    pub(crate) operations: OperationsFile,
    pub(crate) scans: ScansFile,
    pub(crate) hail: HailFile,
    sales_tax: SalesTaxFile,
    /// Every state's sales tax on parts and materials, resolved.
    pub(crate) taxes: BTreeMap<String, StateTax>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Meta {
    pub sources: Vec<String>,
    pub as_of: String,
    pub basis: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub(crate) struct RateSet {
    pub body: u32,
    pub paint: u32,
    pub mechanical: u32,
    pub frame: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StateRow {
    pub body: u32,
    pub paint: u32,
    pub mechanical: u32,
    pub frame: u32,
    pub metro_premium: f64,
    pub general_labor_rate: u32,
    pub basis: String,
    /// Paint and materials, dollars per refinish hour.
    pub paint_materials: u32,
    /// Aluminum body rate, dollars per hour (else body × `aluminumFactor`).
    #[serde(default)]
    pub aluminum: Option<u32>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LaborFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub national_averages: RateSet,
    pub aluminum_factor: f64,
    pub states: BTreeMap<String, StateRow>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SeverityRow {
    pub min_cents: u64,
    pub max_cents: u64,
    pub avg_cents: u64,
    pub repair_methods: Vec<String>,
    pub description: String,
}

#[derive(Clone, Debug, Deserialize)]
pub(crate) struct DamageTypeRow {
    pub name: String,
    pub description: String,
    pub severities: BTreeMap<Severity, SeverityRow>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DamageFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub damage_types: BTreeMap<DamageType, DamageTypeRow>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PanelHours {
    pub repair_minor: Option<Hours>,
    pub repair_moderate: Option<Hours>,
    pub repair_severe: Option<Hours>,
    pub replace: Option<Hours>,
    pub refinish: Hours,
    pub ri: Option<Hours>,
}

impl PanelHours {
    pub fn repair(&self, severity: Severity) -> Option<Hours> {
        match severity {
            Severity::Minor => self.repair_minor,
            Severity::Moderate => self.repair_moderate,
            Severity::Severe => self.repair_severe,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PanelRow {
    pub name: String,
    pub kind: String,
    pub paintable: bool,
    pub part_group: String,
    pub blend_with: Vec<String>,
    #[serde(default)]
    pub ri_for_repair: bool,
    /// Welded (not bolted) on: a replace is compared with repairing it.
    #[serde(default)]
    pub weld_on: bool,
    /// Part of the body structure: structural damage is measured and pulled here.
    #[serde(default)]
    pub structural: bool,
    pub hours: BTreeMap<VehicleClass, PanelHours>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RuleAction {
    Repair,
    Replace,
    Refinish,
    /// Refinish a spot within the panel and blend inside it: no adjacent blend.
    SpotRefinish,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LaborKind {
    #[default]
    Body,
    Frame,
    Mechanical,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RepairRule {
    pub kinds: Vec<String>,
    pub damage_types: Vec<DamageType>,
    pub severities: Vec<Severity>,
    pub action: RuleAction,
    pub refinish: bool,
    #[serde(default)]
    pub labor: LaborKind,
    /// Only for structural panels (true) or only for bolt-on ones (false); any when absent.
    #[serde(default)]
    pub structural: Option<bool>,
    pub reason: String,
}

/// Refinish time added on top of the panels' published times, as shares of refinish time.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AddOn {
    pub first_panel: f64,
    pub additional_panel: f64,
    #[serde(default)]
    pub max_hours: Option<Hours>,
}

/// The class factors the per-class hours were made with.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct ClassFactors {
    pub labor: BTreeMap<VehicleClass, f64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PanelsFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub class_factors: ClassFactors,
    pub blend_factor: f64,
    pub spot_refinish_factor: f64,
    /// Refinish time deducted per panel refinished next to one already counted.
    pub refinish_overlap: Hours,
    pub clear_coat: AddOn,
    pub three_stage: AddOn,
    pub labor_time_spread: f64,
    pub repair_rules: Vec<RepairRule>,
    pub panels: BTreeMap<String, PanelRow>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
pub(crate) struct PriceSet {
    pub oem: Option<[u64; 2]>,
    pub aftermarket: Option<[u64; 2]>,
    pub used: Option<[u64; 2]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Quality {
    High,
    Medium,
    Low,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VehicleRow {
    pub years: String,
    pub vehicle_class: VehicleClass,
    pub data_quality: Quality,
    pub parts_factor: f64,
    pub basis: String,
    #[serde(default)]
    pub standard_adas: Vec<String>,
    /// First model year with an aluminum body.
    #[serde(default)]
    pub aluminum_body_from: Option<u16>,
}

impl VehicleRow {
    /// The first and last model year of `years` ("2018-2024").
    pub fn year_range(&self) -> Option<(u16, u16)> {
        let (a, b) = self.years.split_once('-')?;
        let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (a <= b).then_some((a, b))
    }

    /// Whether model year `year` is within the row's years (a row without readable years
    /// covers every year).
    pub fn covers(&self, year: u16) -> bool {
        self.year_range()
            .is_none_or(|(first, last)| (first..=last).contains(&year))
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DamagePattern {
    pub pattern: String,
    pub panels: Vec<String>,
    pub damage_types: Vec<DamageType>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartsFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub parts_by_class: BTreeMap<String, BTreeMap<VehicleClass, PriceSet>>,
    pub vehicles: BTreeMap<String, BTreeMap<String, VehicleRow>>,
    pub common_damage_patterns: Vec<DamagePattern>,
}

/// How an ADAS calibration is performed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationType {
    /// In the bay with targets.
    Static,
    /// On a road drive.
    Dynamic,
    /// Both.
    StaticAndDynamic,
}

impl CalibrationType {
    /// Words for a line description.
    pub const fn label(self) -> &'static str {
        match self {
            CalibrationType::Static => "Static Calibration",
            CalibrationType::Dynamic => "Dynamic Calibration",
            CalibrationType::StaticAndDynamic => "Static and Dynamic Calibration",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub(crate) struct SystemRow {
    pub name: String,
}

/// Vehicles a trigger applies to (or not): a make, optionally a model and model years.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct VehicleMatch {
    pub make: String,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub years: Option<String>,
}

impl VehicleMatch {
    /// Whether `make model year` is one of these vehicles (names compared loosely).
    pub fn matches(&self, make: &str, model: &str, year: u16) -> bool {
        let years_ok = self
            .years
            .as_deref()
            .and_then(year_span)
            .is_none_or(|(a, b)| (a..=b).contains(&year));
        norm(&self.make) == norm(make)
            && self.model.as_deref().is_none_or(|m| norm(m) == norm(model))
            && years_ok
    }
}

/// `"2015-2020"` as first and last year.
fn year_span(s: &str) -> Option<(u16, u16)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b).then_some((a, b))
}

/// A name compared without case, spaces or punctuation.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Trigger {
    pub id: String,
    pub system: String,
    pub description: String,
    #[serde(default)]
    pub panels: Vec<String>,
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub after_sublet: Option<String>,
    pub calibration: CalibrationType,
    pub cost: u64,
    pub cost_min: u64,
    pub cost_max: u64,
    #[serde(default)]
    pub always_equipped: bool,
    /// Only for these vehicles (any when empty).
    #[serde(default)]
    pub vehicles: Vec<VehicleMatch>,
    /// Not for these vehicles.
    #[serde(default)]
    pub except_vehicles: Vec<VehicleMatch>,
}

impl Trigger {
    /// Whether the trigger applies to `make model year`: listed in `vehicles` (or no list),
    /// and not in `exceptVehicles`.
    pub fn applies_to(&self, make: &str, model: &str, year: u16) -> bool {
        let listed =
            self.vehicles.is_empty() || self.vehicles.iter().any(|v| v.matches(make, model, year));
        listed
            && !self
                .except_vehicles
                .iter()
                .any(|v| v.matches(make, model, year))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubletRow {
    pub id: String,
    pub description: String,
    #[serde(default)]
    pub panels: Vec<String>,
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub damage_types: Vec<DamageType>,
    /// A damage type sets it off only on a structural panel.
    #[serde(default)]
    pub structural_panels_only: bool,
    pub cost: u64,
    pub cost_min: u64,
    pub cost_max: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AdasFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub systems: BTreeMap<String, SystemRow>,
    pub triggers: Vec<Trigger>,
    pub sublets: Vec<SubletRow>,
}

/// One data file's provenance, carried into every estimate's `data_sources`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSource {
    /// What the data is.
    pub name: String,
    /// Where the figures come from.
    pub sources: Vec<String>,
    /// How they were made (estimate, sample, …).
    pub basis: String,
    /// Date of the data.
    pub as_of: String,
}

pub(crate) fn invalid(file: &str, detail: impl Into<String>) -> EstimateError {
    EstimateError::InvalidData {
        file: file.to_string(),
        detail: detail.into(),
    }
}

/// RFC 7386 JSON merge patch: objects merge key by key, `null` deletes, anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

static SHIPPED: OnceLock<EstimateData> = OnceLock::new();

impl EstimateData {
    /// The data shipped in `assets/estimate/`, parsed once.
    ///
    /// # Panics
    /// Never for a released build: the shipped files are validated by this crate's tests.
    pub fn shipped() -> &'static EstimateData {
        SHIPPED.get_or_init(|| {
            let mut raw = serde_json::Map::new();
            for (key, text) in FILES {
                let v: Value = serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("shipped estimate data {key} is not JSON: {e}"));
                raw.insert(key.to_string(), v);
            }
            EstimateData::from_value(Value::Object(raw))
                .unwrap_or_else(|e| panic!("shipped estimate data is invalid: {e}"))
        })
    }

    /// These data with a shop's override document merged over them (see the type docs).
    pub fn with_override(&self, override_json: &str) -> Result<EstimateData, EstimateError> {
        let patch: Value =
            serde_json::from_str(override_json).map_err(|e| invalid("override", e.to_string()))?;
        self.with_override_value(&patch)
    }

    /// As [`EstimateData::with_override`], from a parsed JSON value.
    pub fn with_override_value(&self, patch: &Value) -> Result<EstimateData, EstimateError> {
        let Value::Object(map) = patch else {
            return Err(invalid(
                "override",
                "the override must be a JSON object keyed by file",
            ));
        };
        if let Some(k) = map.keys().find(|k| !FILES.iter().any(|(f, _)| f == k)) {
            let valid: Vec<&str> = FILES.iter().map(|(f, _)| *f).collect();
            return Err(invalid(
                "override",
                format!("unknown key '{k}', use: {}", valid.join(", ")),
            ));
        }
        let mut raw = self.raw.clone();
        merge_patch(&mut raw, patch);
        EstimateData::from_value(raw)
    }

    /// The merged data as one JSON document (the shape an override patches).
    pub fn to_json(&self) -> &Value {
        &self.raw
    }

    fn from_value(raw: Value) -> Result<EstimateData, EstimateError> {
        fn part<T: serde::de::DeserializeOwned>(
            raw: &Value,
            key: &str,
        ) -> Result<T, EstimateError> {
            let v = raw.get(key).ok_or_else(|| invalid(key, "missing"))?;
            T::deserialize(v).map_err(|e| invalid(key, e.to_string()))
        }
        let sales_tax: SalesTaxFile = part(&raw, "salesTax")?;
        let data = EstimateData {
            labor: part(&raw, "laborRates")?,
            damage: part(&raw, "damageTypes")?,
            panels: part(&raw, "panels")?,
            parts: part(&raw, "parts")?,
            adas: part(&raw, "adas")?,
            misc: part(&raw, "misc")?,
            operations: part(&raw, "operations")?,
            scans: part(&raw, "scans")?,
            hail: part(&raw, "hail")?,
            taxes: sales_tax.resolve()?,
            sales_tax,
            raw,
        };
        data.validate()?;
        Ok(data)
    }

    /// Checks the shipped files against each other before any estimate is
    /// priced from them: a file that contradicts itself or names what
    /// another lacks is refused naming the file and the row.
    fn validate(&self) -> Result<(), EstimateError> {
        self.validate_labor()?;
        self.validate_damage()?;
        self.validate_panels()?;
        self.validate_parts()?;
        self.validate_adas()?;
        self.validate_additions()
    }

    /// Labor rates: two-capital state codes, rates above zero, a metro
    /// premium of 1 to 2.
    fn validate_labor(&self) -> Result<(), EstimateError> {
        for (code, r) in &self.labor.states {
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(invalid(
                    "laborRates",
                    format!("state code '{code}' is not two capitals"),
                ));
            }
            if !(1.0..=2.0).contains(&r.metro_premium) || r.body == 0 || r.paint == 0 {
                return Err(invalid(
                    "laborRates",
                    format!("{code}: rates must be > 0 and metroPremium 1..2"),
                ));
            }
        }
        Ok(())
    }

    /// Damage types: a row for every severity, each min ≤ avg ≤ max.
    fn validate_damage(&self) -> Result<(), EstimateError> {
        for (t, row) in &self.damage.damage_types {
            for s in Severity::ALL {
                let r = row
                    .severities
                    .get(s)
                    .ok_or_else(|| invalid("damageTypes", format!("{t} has no {s} row")))?;
                if !(r.min_cents <= r.avg_cents && r.avg_cents <= r.max_cents) {
                    return Err(invalid(
                        "damageTypes",
                        format!("{t}/{s}: need min ≤ avg ≤ max"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Panels: factors that are shares, blends with known other panels, and
    /// hours and part prices for every vehicle class.
    fn validate_panels(&self) -> Result<(), EstimateError> {
        let p = &self.panels;
        if !(0.0..=1.0).contains(&p.blend_factor) || !(0.0..1.0).contains(&p.labor_time_spread) {
            return Err(invalid(
                "panels",
                "blendFactor must be 0..1 and laborTimeSpread 0..<1",
            ));
        }
        for (id, row) in &p.panels {
            for n in &row.blend_with {
                if !p.panels.contains_key(n) || n == id {
                    return Err(invalid(
                        "panels",
                        format!("{id}: blendWith names unknown panel '{n}'"),
                    ));
                }
            }
            for c in VehicleClass::ALL {
                if !row.hours.contains_key(c) {
                    return Err(invalid("panels", format!("{id}: no hours for class {c}")));
                }
                if !self
                    .parts
                    .parts_by_class
                    .get(&row.part_group)
                    .is_some_and(|m| m.contains_key(c))
                {
                    return Err(invalid(
                        "parts",
                        format!("no prices for part group '{}' class {c}", row.part_group),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Parts: price ranges low to high; each model's years and a parts
    /// factor above zero.
    fn validate_parts(&self) -> Result<(), EstimateError> {
        for (g, by_class) in &self.parts.parts_by_class {
            for (c, ps) in by_class {
                for [lo, hi] in [ps.oem, ps.aftermarket, ps.used].into_iter().flatten() {
                    if lo > hi {
                        return Err(invalid("parts", format!("{g}/{c}: price min above max")));
                    }
                }
            }
        }
        for (make, models) in &self.parts.vehicles {
            for (model, row) in models {
                if row.year_range().is_none()
                    || row.parts_factor.is_nan()
                    || row.parts_factor <= 0.0
                {
                    return Err(invalid(
                        "parts",
                        format!("{make} {model}: years must be 'YYYY-YYYY' and partsFactor > 0"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// ADAS: triggers naming known systems, panels and sublets, and every
    /// cost inside its range.
    fn validate_adas(&self) -> Result<(), EstimateError> {
        let a = &self.adas;
        for t in &a.triggers {
            if !a.systems.contains_key(&t.system) {
                return Err(invalid(
                    "adas",
                    format!("trigger {} names unknown system {}", t.id, t.system),
                ));
            }
            if let Some(pn) = t
                .panels
                .iter()
                .find(|pn| !self.panels.panels.contains_key(*pn))
            {
                return Err(invalid(
                    "adas",
                    format!("trigger {} names unknown panel {pn}", t.id),
                ));
            }
            if !(t.cost_min <= t.cost && t.cost <= t.cost_max) {
                return Err(invalid(
                    "adas",
                    format!("trigger {}: need costMin ≤ cost ≤ costMax", t.id),
                ));
            }
            if let Some(s) = &t.after_sublet {
                if !a.sublets.iter().any(|x| &x.id == s) {
                    return Err(invalid(
                        "adas",
                        format!("trigger {} follows unknown sublet {s}", t.id),
                    ));
                }
            }
        }
        for s in &a.sublets {
            if !(s.cost_min <= s.cost && s.cost <= s.cost_max) {
                return Err(invalid(
                    "adas",
                    format!("sublet {}: need costMin ≤ cost ≤ costMax", s.id),
                ));
            }
        }
        Ok(())
    }

    /// Checks the files added for issue 21: every state has a tax row and paint materials,
    /// the refinish add-ons and factors are shares, every operation row names known panels
    /// and has exactly one kind of time, every hail band has four sizes.
    fn validate_additions(&self) -> Result<(), EstimateError> {
        let p = &self.panels;
        let shares = [
            p.spot_refinish_factor,
            p.clear_coat.first_panel,
            p.clear_coat.additional_panel,
            p.three_stage.first_panel,
            p.three_stage.additional_panel,
        ];
        if shares.iter().any(|f| !(0.0..=1.0).contains(f)) {
            return Err(invalid(
                "panels",
                "spotRefinishFactor, clearCoat and threeStage shares must be 0..1",
            ));
        }
        if VehicleClass::ALL
            .iter()
            .any(|c| !p.class_factors.labor.get(c).is_some_and(|f| *f > 0.0))
        {
            return Err(invalid(
                "panels",
                "classFactors.labor needs a factor > 0 for every class",
            ));
        }
        if !(1.0..=3.0).contains(&self.labor.aluminum_factor) {
            return Err(invalid("laborRates", "aluminumFactor must be 1..3"));
        }
        if let Some(code) = self
            .labor
            .states
            .keys()
            .find(|c| !self.taxes.contains_key(*c))
        {
            return Err(invalid("salesTax", format!("no row for state {code}")));
        }
        for o in &self.operations.operations {
            let named = o
                .panels
                .iter()
                .chain(&o.hours_of_ri)
                .chain(&o.skip_if_panel_has_line);
            if let Some(pn) = named.into_iter().find(|pn| !p.panels.contains_key(*pn)) {
                return Err(invalid(
                    "operations",
                    format!("{} names unknown panel {pn}", o.id),
                ));
            }
            if o.hours.is_some() == o.hours_of_ri.is_some() {
                return Err(invalid(
                    "operations",
                    format!("{}: give exactly one of hours and hoursOfRi", o.id),
                ));
            }
        }
        for t in &self.hail.tables {
            if t.bands
                .iter()
                .any(|b| b.prices.len() != crate::model::DentSize::ALL.len())
            {
                return Err(invalid(
                    "hail",
                    "every band needs a price (or null) per dent size",
                ));
            }
            if let Some(pn) = t.panels.iter().find(|pn| !p.panels.contains_key(*pn)) {
                return Err(invalid("hail", format!("unknown panel {pn}")));
            }
        }
        Ok(())
    }

    /// The rates of a state (case-insensitive two-letter code).
    pub(crate) fn state(&self, code: &str) -> Result<(&str, &StateRow), EstimateError> {
        let wanted = code.trim().to_ascii_uppercase();
        self.labor
            .states
            .get_key_value(&wanted)
            .map(|(k, v)| (k.as_str(), v))
            .ok_or_else(|| EstimateError::UnknownState {
                given: code.to_string(),
                valid: self.labor.states.keys().cloned().collect(),
            })
    }

    /// A panel row by id.
    pub(crate) fn panel(&self, id: &str) -> Result<&PanelRow, EstimateError> {
        self.panels
            .panels
            .get(id)
            .ok_or_else(|| EstimateError::UnknownPanel {
                given: id.to_string(),
                valid: self.panel_ids(),
            })
    }

    /// Every panel id in the catalogue.
    pub fn panel_ids(&self) -> Vec<String> {
        self.panels.panels.keys().cloned().collect()
    }

    /// The panel's name for people (`Front fender, left` for
    /// `front_fender_left`), when the catalogue has the panel.
    pub fn panel_name(&self, id: &str) -> Option<&str> {
        self.panels.panels.get(id).map(|p| p.name.as_str())
    }

    /// The ADAS system's name for people (`Front radar (adaptive cruise /
    /// automatic emergency braking)` for `front_radar`), when the data has it.
    pub fn adas_system_name(&self, id: &str) -> Option<&str> {
        self.adas.systems.get(id).map(|s| s.name.as_str())
    }

    /// The panels blended when `panel` is refinished (from the catalogue's `blendWith`).
    pub fn blend_neighbours(&self, panel: &str) -> Result<&[String], EstimateError> {
        Ok(&self.panel(panel)?.blend_with)
    }

    /// Every state code in the labor-rate data.
    pub fn state_codes(&self) -> Vec<String> {
        self.labor.states.keys().cloned().collect()
    }

    /// The make and model as spelled in the data, and their row.
    pub(crate) fn vehicle(
        &self,
        make: &str,
        model: &str,
    ) -> Result<(&str, &str, &VehicleRow), EstimateError> {
        let makes = &self.parts.vehicles;
        let Some((mk, models)) = makes.iter().find(|(k, _)| norm(k) == norm(make)) else {
            return Err(EstimateError::UnknownVehicle {
                make: make.to_string(),
                model: model.to_string(),
                make_known: false,
                valid: makes.keys().cloned().collect(),
            });
        };
        models
            .iter()
            .find(|(k, _)| norm(k) == norm(model))
            .map(|(k, v)| (mk.as_str(), k.as_str(), v))
            .ok_or_else(|| EstimateError::UnknownVehicle {
                make: make.to_string(),
                model: model.to_string(),
                make_known: true,
                valid: models.keys().cloned().collect(),
            })
    }

    /// Price range in cents for a part group, class and type, times `factor`.
    pub(crate) fn part_price(
        &self,
        group: &str,
        class: VehicleClass,
        part_type: crate::PartType,
        factor: f64,
    ) -> Option<(Cents, Cents)> {
        let ps = self.parts.parts_by_class.get(group)?.get(&class)?;
        let r = match part_type {
            crate::PartType::Oem => ps.oem,
            crate::PartType::Aftermarket => ps.aftermarket,
            crate::PartType::Used => ps.used,
            crate::PartType::None => None,
        }?;
        Some((
            crate::money::cents(r[0]).scale(factor),
            crate::money::cents(r[1]).scale(factor),
        ))
    }

    /// The ADAS systems the data knows, e.g. `front_radar`.
    pub fn adas_systems(&self) -> BTreeSet<String> {
        self.adas.systems.keys().cloned().collect()
    }

    /// Provenance of every file.
    pub fn data_sources(&self) -> Vec<DataSource> {
        let one = |name: &str, m: &Meta| DataSource {
            name: name.to_string(),
            sources: m.sources.clone(),
            basis: m.basis.clone(),
            as_of: m.as_of.clone(),
        };
        vec![
            one("State labor rates", &self.labor.meta),
            one("Damage type cost ranges", &self.damage.meta),
            one("Panel labor times and repair rules", &self.panels.meta),
            one("Parts price ranges and vehicles", &self.parts.meta),
            one("ADAS calibration triggers and sublets", &self.adas.meta),
            one("Shop supplies and fees", &self.misc.meta),
            one("Operations estimators add", &self.operations.meta),
            one("Carmaker scan positions", &self.scans.meta),
            one("Paintless dent repair matrix", &self.hail.meta),
            one("Sales tax on parts and materials", &self.sales_tax.meta),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> &'static EstimateData {
        EstimateData::shipped()
    }

    #[test]
    fn fifty_one_states_with_seed_rows_and_consistent_national_averages() {
        let l = &d().labor;
        assert_eq!(l.states.len(), 51);
        assert!(l.states.contains_key("DC"));
        let ca = &l.states["CA"];
        assert_eq!(
            (
                ca.body,
                ca.paint,
                ca.mechanical,
                ca.frame,
                ca.general_labor_rate
            ),
            (75, 78, 85, 80, 72)
        );
        assert!((ca.metro_premium - 1.15).abs() < 1e-9);
        let al = &l.states["AL"];
        assert_eq!(
            (
                al.body,
                al.paint,
                al.mechanical,
                al.frame,
                al.general_labor_rate
            ),
            (52, 54, 60, 58, 50)
        );
        let n = l.national_averages;
        assert_eq!((n.body, n.paint, n.mechanical, n.frame), (58, 60, 65, 62));
        let mean = |f: fn(&StateRow) -> u32| {
            (l.states.values().map(|r| f64::from(f(r))).sum::<f64>() / 51.0).round() as u32
        };
        assert_eq!(mean(|r| r.body), n.body);
        assert_eq!(mean(|r| r.paint), n.paint);
        assert_eq!(mean(|r| r.mechanical), n.mechanical);
        assert_eq!(mean(|r| r.frame), n.frame);
    }

    #[test]
    fn nine_damage_types_by_three_severities_and_seed_dent_row() {
        let t = &d().damage.damage_types;
        assert_eq!(t.len(), 9);
        for row in t.values() {
            assert_eq!(row.severities.len(), 3);
            for s in row.severities.values() {
                assert!(!s.repair_methods.is_empty() && !s.description.is_empty());
            }
        }
        let dent = &t[&DamageType::Dent].severities;
        let m = &dent[&Severity::Moderate];
        assert_eq!(
            (m.min_cents, m.max_cents, m.avg_cents),
            (20000, 75000, 45000)
        );
        assert_eq!(
            m.repair_methods,
            ["PDR", "Body filler and repaint", "Glue pull repair"]
        );
        let mi = &dent[&Severity::Minor];
        assert_eq!(
            (mi.min_cents, mi.max_cents, mi.avg_cents),
            (7500, 25000, 15000)
        );
        let s = &dent[&Severity::Severe];
        assert_eq!(
            (s.min_cents, s.max_cents, s.avg_cents),
            (50000, 200000, 120000)
        );
    }

    #[test]
    fn vehicles_cover_fifteen_makes_with_years_and_quality() {
        let v = &d().parts.vehicles;
        assert_eq!(v.len(), 15);
        let models: usize = v.values().map(|m| m.len()).sum();
        assert!((38..=45).contains(&models), "{models}");
        for make in [
            "Toyota",
            "Honda",
            "Ford",
            "Chevrolet",
            "Nissan",
            "Hyundai",
            "Kia",
            "Subaru",
            "Mazda",
            "Volkswagen",
            "BMW",
            "Mercedes-Benz",
            "Audi",
            "Tesla",
            "Jeep",
        ] {
            assert!(v.contains_key(make), "{make}");
        }
        for models in v.values() {
            for row in models.values() {
                assert!(row.year_range().is_some());
                assert!(!row.basis.is_empty());
            }
        }
        assert_eq!(d().vehicle("toyota", "camry").unwrap().1, "Camry");
        assert_eq!(d().vehicle("BMW", "3-Series").unwrap().1, "3 Series");
    }

    #[test]
    fn every_file_states_sources_date_and_basis() {
        for s in d().data_sources() {
            assert!(!s.sources.is_empty() && !s.basis.is_empty());
            assert_eq!(s.as_of.len(), 10);
        }
        assert!(d().labor.meta.basis.contains("not a survey of our own"));
    }

    #[test]
    fn every_rule_combination_is_covered_for_every_panel_kind() {
        let kinds: BTreeSet<&str> = d()
            .panels
            .panels
            .values()
            .map(|p| p.kind.as_str())
            .collect();
        for k in kinds {
            for t in DamageType::ALL {
                for s in Severity::ALL {
                    assert!(
                        d().panels
                            .repair_rules
                            .iter()
                            .any(|r| r.kinds.iter().any(|x| x == k)
                                && r.damage_types.contains(t)
                                && r.severities.contains(s)),
                        "no rule for {k}/{t}/{s}"
                    );
                }
            }
        }
    }

    #[test]
    fn override_merges_over_defaults_and_is_validated() {
        let o = d()
            .with_override(r#"{"laborRates":{"states":{"CA":{"body":90}}}}"#)
            .unwrap();
        assert_eq!(o.labor.states["CA"].body, 90);
        assert_eq!(o.labor.states["CA"].paint, 78);
        assert_eq!(o.labor.states.len(), 51);
        let e = d()
            .with_override(r#"{"panels":{"blendFactor":3}}"#)
            .unwrap_err();
        assert!(e.to_string().contains("blendFactor"), "{e}");
        let e = d().with_override(r#"{"labour":{}}"#).unwrap_err();
        assert!(e.to_string().contains("laborRates"), "{e}");
    }

    #[test]
    fn unknown_state_lists_codes() {
        let e = d().state("XX").unwrap_err();
        assert!(e.to_string().contains("AK, AL"), "{e}");
        assert_eq!(d().state("ca").unwrap().0, "CA");
    }
}
