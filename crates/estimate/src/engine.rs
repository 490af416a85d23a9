//! The pricing engine: request + data → explained, priced, editable line items.
//!
//! [`estimate`] is a recipe of pure steps, one module each, in order:
//! [`pricing`] (the shop's rates and the vehicle), [`operation`] (per damaged panel: repair,
//! replace, refinish or spot refinish), [`panel_lines`] (part, labor and refinish, R&I,
//! repair-or-replace of welded panels), [`added`] (the operations an estimator adds: R&I for
//! refinish, corrosion protection, headlamp aim, frame set-up …), [`hail`] (dent-count
//! paintless dent repair), [`blend`], [`adas`] (sublets and ADAS calibrations), [`scans`]
//! (pre- and post-repair scans), [`overrides`] (the estimator's edits and added lines),
//! [`derived`] (clear coat or three-stage time, shop supplies, paint materials, sales tax —
//! computed from the lines as edited) and [`totals`] (number, price, total).

use serde::{Deserialize, Serialize};

use crate::data::{CalibrationType, DataSource};
use crate::model::{DamageArea, Operation, PartType, Vehicle, VehicleClass};
use crate::{Cents, EstimateData, EstimateError, Hours};

mod adas;
mod added;
mod blend;
mod derived;
mod hail;
mod operation;
mod overrides;
mod panel_lines;
mod pricing;
mod scans;
mod totals;

use pricing::Pricing;

/// Everything the engine needs besides the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EstimateRequest {
    /// The vehicle.
    pub vehicle: Vehicle,
    /// Two-letter state code (50 states + DC).
    pub state: String,
    /// Whether the shop is in a metro area (applies the state's metro premium).
    #[serde(default)]
    pub metro: bool,
    /// The damage areas marked by the estimator (or proposed by a detector).
    pub areas: Vec<DamageArea>,
    /// Preferred part type for replaced parts (falls back to OEM when none is listed).
    #[serde(default)]
    pub part_preference: PartType,
    /// The estimator's edits.
    #[serde(default)]
    pub overrides: Overrides,
    /// The all-module scans already taken for this repair (pre- or post-repair): a scan that
    /// was done is a line on the estimate, whatever the damage would have called for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scans_taken: Vec<ScanTaken>,
}

impl EstimateRequest {
    /// A request to price `areas` on `vehicle` in `state`: no metro premium, OEM parts
    /// preferred, no edits and no scans taken, until a `with_…` method says otherwise.
    pub fn new(vehicle: Vehicle, state: impl Into<String>, areas: Vec<DamageArea>) -> Self {
        EstimateRequest {
            vehicle,
            state: state.into(),
            metro: false,
            areas,
            part_preference: PartType::default(),
            overrides: Overrides::default(),
            scans_taken: Vec::new(),
        }
    }

    /// Whether the shop is in a metro area (the state's metro premium applies).
    pub fn with_metro(self, metro: bool) -> Self {
        EstimateRequest { metro, ..self }
    }

    /// The part type replaced parts are priced in (OEM where the data list none).
    pub fn with_part_preference(self, part_preference: PartType) -> Self {
        EstimateRequest {
            part_preference,
            ..self
        }
    }

    /// The estimator's edits.
    pub fn with_overrides(self, overrides: Overrides) -> Self {
        EstimateRequest { overrides, ..self }
    }

    /// The all-module scans already taken for this repair.
    pub fn with_scans_taken(self, scans_taken: Vec<ScanTaken>) -> Self {
        EstimateRequest {
            scans_taken,
            ..self
        }
    }
}

/// Which of a collision repair's two scans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanStage {
    /// Before the repair: what the collision left.
    Pre,
    /// After the repair: what the repair left.
    Post,
}

impl ScanStage {
    /// Both, in the order a repair takes them.
    pub const ALL: [ScanStage; 2] = [ScanStage::Pre, ScanStage::Post];

    /// `pre` or `post` (the line ids' and the database's spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            ScanStage::Pre => "pre",
            ScanStage::Post => "post",
        }
    }

    /// "Pre-repair" or "Post-repair".
    pub fn title(self) -> &'static str {
        match self {
            ScanStage::Pre => "Pre-repair",
            ScanStage::Post => "Post-repair",
        }
    }
}

impl std::fmt::Display for ScanStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ScanStage {
    type Err = String;

    /// `pre` or `post` (also `pre-repair`, `post-repair`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pre" | "pre-repair" => Ok(ScanStage::Pre),
            "post" | "post-repair" => Ok(ScanStage::Post),
            other => Err(format!("'{other}' is not a scan stage: pre or post")),
        }
    }
}

/// A scan taken for the repair, as the estimate's scan line cites it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanTaken {
    /// Pre- or post-repair.
    pub stage: ScanStage,
    /// What the line says about it ("scan 3 of 2026-12-06: 10 modules, 4 codes").
    pub summary: String,
}

/// The estimator's edits, applied after the engine has written its lines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// Changes to generated lines, applied in order.
    #[serde(default)]
    pub lines: Vec<LineOverride>,
    /// Lines the estimator adds.
    #[serde(default)]
    pub added: Vec<ManualLine>,
}

/// A change to one line, named by its stable id (e.g. `front_bumper:REPLACE`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineOverride {
    /// The line's id.
    pub line_id: String,
    /// What to do with it.
    pub change: LineChange,
}

/// What an override does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum LineChange {
    /// Change some figures or labels; unset fields keep the engine's value.
    Edit(LineEdit),
    /// Drop the line.
    Remove,
    /// Confirm a line that needs confirmation (e.g. an ADAS calibration on unknown equipment).
    Confirm,
}

/// Field-by-field edit of a line. An edited figure is exact: its min/max band collapses to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineEdit {
    /// New operation code.
    #[serde(default)]
    pub operation: Option<Operation>,
    /// New description.
    #[serde(default)]
    pub description: Option<String>,
    /// New part type; without `part_cost`, the part is repriced from the data when possible.
    #[serde(default)]
    pub part_type: Option<PartType>,
    /// New part (or sublet) cost.
    #[serde(default)]
    pub part_cost: Option<Cents>,
    /// New labor hours.
    #[serde(default)]
    pub labor_hours: Option<Hours>,
    /// New labor rate per hour.
    #[serde(default)]
    pub labor_rate: Option<Cents>,
    /// New paint hours.
    #[serde(default)]
    pub paint_hours: Option<Hours>,
    /// New paint rate per hour.
    #[serde(default)]
    pub paint_rate: Option<Cents>,
}

/// A line added by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualLine {
    /// Operation code.
    pub operation: Operation,
    /// Description.
    pub description: String,
    /// Part type.
    #[serde(default = "none_part")]
    pub part_type: PartType,
    /// Part (or sublet) cost.
    #[serde(default)]
    pub part_cost: Cents,
    /// Labor hours.
    #[serde(default)]
    pub labor_hours: Hours,
    /// Labor rate (defaults to the body rate).
    #[serde(default)]
    pub labor_rate: Option<Cents>,
    /// Paint hours.
    #[serde(default)]
    pub paint_hours: Hours,
    /// Paint rate (defaults to the paint rate).
    #[serde(default)]
    pub paint_rate: Option<Cents>,
}

fn none_part() -> PartType {
    PartType::None
}

/// Whether a line counts in the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Counted.
    Included,
    /// Not counted until the estimator confirms it (it is in `total_max`, not in `total`).
    NeedsConfirmation,
    /// Not counted until the estimator gives its price (a part type the data do not price,
    /// a hail panel the matrix asks a quote for): an edit with a part cost includes it.
    NeedsPrice,
}

/// Who pays a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The insurer: in the insurer's total and the insurance view.
    #[default]
    Insurer,
    /// The customer (rust and other wear, which policies exclude): in
    /// [`Totals::customer_pay`], never in the insurer's total.
    Customer,
}

impl Payer {
    fn is_insurer(&self) -> bool {
        *self == Payer::Insurer
    }
}

/// What produced a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineCategory {
    /// Work on a damaged panel (repair, replace, refinish, R&I).
    Panel,
    /// Blend of a panel next to a refinished one.
    Blend,
    /// ADAS calibration sublet.
    Adas,
    /// Other sublet (alignment).
    Sublet,
    /// Added by the estimator.
    Manual,
    /// An operation the work brings (R&I for refinish, corrosion protection, headlamp aim,
    /// frame set-up …), from the operations data.
    Operation,
    /// Paintless dent repair of hail damage, priced by the dent-count matrix.
    Pdr,
    /// Clear coat or three-stage time added on top of the panels' refinish times.
    RefinishAddOn,
    /// A pre- or post-repair diagnostic scan.
    Scan,
    /// Shop supplies and fees (hazardous waste, clips, flex additive, cover car).
    Supplies,
    /// Paint and materials, per refinish hour.
    Materials,
    /// Sales tax on parts and materials.
    Tax,
}

/// One priced, explained line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineItem {
    /// Stable id used by overrides, e.g. `front_bumper:REPLACE`, `hood:BLEND`, `adas:front_radar`.
    pub id: String,
    /// 1-based position.
    pub line: u32,
    /// Operation code.
    pub operation: Operation,
    /// Panel id, when the line is about one.
    pub panel: Option<String>,
    /// Description.
    pub description: String,
    /// Part type.
    pub part_type: PartType,
    /// Part cost (sublet cost on SUBLET lines).
    pub part_cost: Cents,
    /// Labor hours.
    pub labor_hours: Hours,
    /// Labor rate per hour.
    pub labor_rate: Cents,
    /// Labor cost = hours × rate.
    pub labor_cost: Cents,
    /// Paint hours.
    pub paint_hours: Hours,
    /// Paint rate per hour.
    pub paint_rate: Cents,
    /// Paint cost = hours × rate.
    pub paint_cost: Cents,
    /// part + labor + paint.
    pub subtotal: Cents,
    /// Low end (part price low, labor time minus spread).
    pub min: Cents,
    /// High end.
    pub max: Cents,
    /// Whether it counts.
    pub status: LineStatus,
    /// What produced it.
    pub category: LineCategory,
    /// ADAS calibration type, on ADAS lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationType>,
    /// Why the line is there.
    pub reason: String,
    /// The question to the estimator, on lines that need confirmation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Whether the estimator changed it.
    pub overridden: bool,
    /// Indices into [`Estimate::damage`] of the areas that produced this line.
    pub areas: Vec<usize>,
    /// Who pays it (rust is the customer's).
    #[serde(skip_serializing_if = "Payer::is_insurer")]
    pub payer: Payer,
    #[serde(skip)]
    part_group: Option<String>,
    /// A full refinish whose neighbours are blended (a spot refinish is not).
    #[serde(skip)]
    blend_source: bool,
    /// Its part cost is materials subject to sales tax even without a part type.
    #[serde(skip)]
    taxable_materials: bool,
    #[serde(skip)]
    part_range: (Cents, Cents),
    #[serde(skip)]
    labor_range: (Hours, Hours),
    #[serde(skip)]
    paint_range: (Hours, Hours),
}

impl LineItem {
    fn blank(
        id: String,
        operation: Operation,
        category: LineCategory,
        description: String,
        reason: String,
    ) -> Self {
        LineItem {
            id,
            line: 0,
            operation,
            panel: None,
            description,
            part_type: PartType::None,
            part_cost: Cents::ZERO,
            labor_hours: Hours::ZERO,
            labor_rate: Cents::ZERO,
            labor_cost: Cents::ZERO,
            paint_hours: Hours::ZERO,
            paint_rate: Cents::ZERO,
            paint_cost: Cents::ZERO,
            subtotal: Cents::ZERO,
            min: Cents::ZERO,
            max: Cents::ZERO,
            status: LineStatus::Included,
            category,
            calibration: None,
            reason,
            question: None,
            overridden: false,
            areas: Vec::new(),
            payer: Payer::Insurer,
            part_group: None,
            blend_source: false,
            taxable_materials: false,
            part_range: (Cents::ZERO, Cents::ZERO),
            labor_range: (Hours::ZERO, Hours::ZERO),
            paint_range: (Hours::ZERO, Hours::ZERO),
        }
    }

    fn set_part(&mut self, cost: Cents, range: (Cents, Cents)) {
        self.part_cost = cost;
        self.part_range = range;
    }

    fn set_labor(&mut self, hours: Hours, rate: Cents, spread: f64) {
        self.labor_hours = hours;
        self.labor_rate = rate;
        self.labor_range = (hours.scale(1.0 - spread), hours.scale(1.0 + spread));
    }

    fn set_paint(&mut self, hours: Hours, rate: Cents, spread: f64) {
        self.paint_hours = hours;
        self.paint_rate = rate;
        self.paint_range = (hours.scale(1.0 - spread), hours.scale(1.0 + spread));
    }

    fn price(&mut self) {
        self.labor_cost = self.labor_hours.cost(self.labor_rate);
        self.paint_cost = self.paint_hours.cost(self.paint_rate);
        self.subtotal = self.part_cost + self.labor_cost + self.paint_cost;
        let lo = self.part_range.0.min(self.part_cost)
            + self
                .labor_range
                .0
                .min(self.labor_hours)
                .cost(self.labor_rate)
            + self
                .paint_range
                .0
                .min(self.paint_hours)
                .cost(self.paint_rate);
        let hi = self.part_range.1.max(self.part_cost)
            + self
                .labor_range
                .1
                .max(self.labor_hours)
                .cost(self.labor_rate)
            + self
                .paint_range
                .1
                .max(self.paint_hours)
                .cost(self.paint_rate);
        self.min = lo;
        self.max = hi;
    }
}

/// Hourly rates applied to this estimate, in cents (state rate × metro premium when metro).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppliedRates {
    /// State code.
    pub state: String,
    /// Premium applied (1.0 when not metro).
    pub metro_premium: f64,
    /// Body labor.
    pub body: Cents,
    /// Paint/refinish labor.
    pub paint: Cents,
    /// Frame labor.
    pub frame: Cents,
    /// Mechanical labor.
    pub mechanical: Cents,
    /// Body labor on an aluminum-bodied vehicle's metal panels.
    pub aluminum: Cents,
    /// Paint and materials per refinish hour.
    pub paint_materials: Cents,
    /// Sales tax on parts and materials, percent.
    pub sales_tax: shopbench_core::Rate,
}

impl EstimateData {
    /// The hourly rates an estimate in `state` outside a metro area is priced
    /// with (the aluminum rate derived from the body rate where the data give
    /// none) — what a shop's own rates are shown beside.
    pub fn state_rates(&self, state: &str) -> Result<AppliedRates, EstimateError> {
        pricing::applied_rates(self, state, false)
    }
}

/// The vehicle as the engine priced it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VehicleInfo {
    /// Make (as spelled in the data when found).
    pub make: String,
    /// Model.
    pub model: String,
    /// Year.
    pub year: u16,
    /// Class used for hours and prices.
    pub class: VehicleClass,
    /// `high`/`medium`/`low` when the vehicle is in the data, `none` otherwise.
    pub data_quality: String,
    /// Whether the body is aluminum (priced at the aluminum rate).
    pub aluminum_body: bool,
    /// The paint system refinish time is added for.
    pub finish: crate::model::Finish,
}

/// One ADAS calibration on the estimate (seed 001's `adas.calibrations`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// System id, e.g. `front_radar`.
    pub system: String,
    /// Static / dynamic.
    #[serde(rename = "type")]
    pub kind: CalibrationType,
    /// Sublet cost.
    pub cost: Cents,
    /// Included or needs confirmation.
    pub status: LineStatus,
    /// The line carrying it.
    pub line_id: String,
}

/// ADAS summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdasSummary {
    /// Whether any calibration is included.
    pub required: bool,
    /// Calibrations, included or awaiting confirmation.
    pub calibrations: Vec<Calibration>,
}

/// Totals split by kind of cost (seed names, plus the part types and other sublets).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// OEM parts.
    pub parts_oem: Cents,
    /// Aftermarket parts.
    pub parts_aftermarket: Cents,
    /// Used parts.
    pub parts_used: Cents,
    /// Body, frame and other labor.
    pub body_labor: Cents,
    /// Paint labor.
    pub paint_labor: Cents,
    /// ADAS calibration sublets.
    pub adas_calibration: Cents,
    /// Other sublets (alignment, manual sublets).
    pub sublet: Cents,
    /// Part costs on non-sublet lines without a part type.
    pub other: Cents,
    /// Paintless dent repair by the dent-count matrix.
    pub pdr: Cents,
    /// Shop supplies and fees.
    pub supplies: Cents,
    /// Paint and materials.
    pub paint_materials: Cents,
    /// Sales tax on parts and materials.
    pub tax: Cents,
}

/// Estimate totals in integer cents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    /// Sum of included lines' subtotals.
    pub total: Cents,
    /// Sum of included lines' low ends.
    pub total_min: Cents,
    /// Sum of included lines' high ends plus lines awaiting confirmation.
    pub total_max: Cents,
    /// Subtotal of lines awaiting confirmation (not in `total`).
    pub pending_confirmation: Cents,
    /// Lines awaiting a price from the estimator (not in `total`).
    pub awaiting_price: u32,
    /// What the customer pays apart from the insurer (rust and its share of materials and
    /// tax); never in `total`.
    pub customer_pay: Cents,
    /// Always `USD`.
    pub currency: String,
    /// Always `cents`.
    pub unit: String,
    /// `total` split by kind.
    pub breakdown: Breakdown,
}

/// A priced estimate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// The vehicle.
    pub vehicle: VehicleInfo,
    /// Rates applied.
    pub rates: AppliedRates,
    /// The damage areas priced.
    pub damage: Vec<DamageArea>,
    /// The lines.
    pub line_items: Vec<LineItem>,
    /// ADAS calibrations.
    pub adas: AdasSummary,
    /// Questions for the estimator (from lines needing confirmation).
    pub questions: Vec<String>,
    /// Things the estimator should know (vehicle not in data, fallbacks, systems not fitted).
    pub notes: Vec<String>,
    /// Things that make the estimate unfit to send as it is (no damage marked).
    pub warnings: Vec<String>,
    /// Totals.
    pub totals: Totals,
    /// Provenance of the data used.
    pub data_sources: Vec<DataSource>,
}

impl Estimate {
    /// The line with this id.
    pub fn line(&self, id: &str) -> Option<&LineItem> {
        self.line_items.iter().find(|l| l.id == id)
    }
}

/// The middle of a price range, the figure a line shows for a part priced as a range.
fn midpoint(range: (Cents, Cents)) -> Cents {
    Cents::new((range.0.get() + range.1.get()) / 2)
}

/// The estimator's overrides that still name a line once `req`'s damage areas
/// changed: an edit of a line that only a removed area produced would make
/// pricing fail with [`EstimateError::UnknownLine`], so it goes with the area.
/// Added manual lines always stay. Use it to save the area change and the
/// pruned overrides together.
pub fn overrides_that_still_apply(
    req: &EstimateRequest,
    data: &EstimateData,
) -> Result<Overrides, EstimateError> {
    let mut bare = req.clone();
    bare.overrides.lines.clear();
    let lines = estimate(&bare, data)?.line_items;
    let mut kept = req.overrides.clone();
    kept.lines
        .retain(|o| lines.iter().any(|l| l.id == o.line_id));
    Ok(kept)
}

/// Prices `req` with `data`. Pure: the same inputs give the same estimate.
///
/// The recipe: resolve the vehicle and the shop's rates; per damaged panel choose the
/// operation (repair, replace or refinish); write its lines (part, labor and refinish, R&I);
/// blend the neighbours of refinished panels; add the sublets and ADAS calibrations the work
/// requires; apply the estimator's overrides and added lines; number, price and total.
pub fn estimate(req: &EstimateRequest, data: &EstimateData) -> Result<Estimate, EstimateError> {
    overrides::check_amounts(&req.overrides)?;
    let (pricing, mut notes) = Pricing::for_request(data, req)?;
    let plans = operation::plan_panels(data, &req.areas, pricing.class())?;
    let mut lines = Vec::new();
    for plan in &plans {
        lines.extend(panel_lines::panel_lines(&pricing, plan)?);
    }
    blend::deduct_overlap(&pricing, &mut lines);
    lines.extend(added::added_lines(&pricing, &plans, &lines));
    hail::add_pdr_lines(&pricing, &req.areas, &mut lines)?;
    lines.extend(blend::blend_lines(&pricing, &plans, &lines)?);
    lines.extend(adas::sublet_lines(data, &lines, &req.areas));
    let calibrations = adas::calibration_lines(&pricing, req.vehicle.equipment.as_ref(), &lines);
    lines.extend(calibrations.lines);
    notes.extend(calibrations.notes);
    lines.extend(scans::scan_lines(
        &pricing,
        &req.areas,
        &lines,
        &req.scans_taken,
    ));
    let mut pass = overrides::Pass::new(&pricing, &req.overrides.lines);
    let mut lines = pass.apply(lines)?;
    lines.extend(overrides::added_lines(&req.overrides.added, &pricing.rates));
    for step in derived::STEPS {
        let new = step(&pricing, &lines);
        lines.extend(pass.apply(new)?);
    }
    pass.finish(&lines)?;
    totals::number_and_price(&mut lines);
    Ok(Estimate {
        adas: totals::adas_summary(&lines),
        questions: totals::questions(&lines),
        totals: totals::totals(&lines),
        vehicle: pricing.vehicle,
        rates: pricing.rates,
        damage: req.areas.clone(),
        line_items: lines,
        notes,
        warnings: warnings(req),
        data_sources: data.data_sources(),
    })
}

/// What makes the estimate unfit to send as it is: no damage marked.
fn warnings(req: &EstimateRequest) -> Vec<String> {
    if req.areas.is_empty() {
        vec!["No damage areas are marked, so nothing is priced: mark the damage (panel, type, severity) before this estimate is sent".to_string()]
    } else {
        Vec::new()
    }
}

impl LineStatus {
    /// Words for people: `included`, `to confirm`, `needs a price`.
    pub const fn label(self) -> &'static str {
        match self {
            LineStatus::Included => "included",
            LineStatus::NeedsConfirmation => "to confirm",
            LineStatus::NeedsPrice => "needs a price",
        }
    }
}

impl Breakdown {
    /// The breakdown as labelled amounts, in the order an estimate prints them: parts (all
    /// part types and other part costs together) and both labors always, every other kind
    /// only when it is not zero. They add up to [`Totals::total`].
    pub fn labelled(&self) -> Vec<(&'static str, Cents)> {
        let parts = self.parts_oem + self.parts_aftermarket + self.parts_used + self.other;
        let mut out = vec![
            ("Parts", parts),
            ("Body labor", self.body_labor),
            ("Paint labor", self.paint_labor),
        ];
        let optional = [
            ("Paint and materials", self.paint_materials),
            ("Shop supplies and fees", self.supplies),
            ("Paintless dent repair", self.pdr),
            ("ADAS calibration", self.adas_calibration),
            ("Other sublet", self.sublet),
            ("Sales tax", self.tax),
        ];
        out.extend(optional.into_iter().filter(|(_, c)| *c != Cents::ZERO));
        out
    }

    /// Sum of all parts of the breakdown (equals [`Totals::total`]).
    pub fn sum(&self) -> Cents {
        self.parts_oem
            + self.parts_aftermarket
            + self.parts_used
            + self.body_labor
            + self.paint_labor
            + self.adas_calibration
            + self.sublet
            + self.other
            + self.pdr
            + self.supplies
            + self.paint_materials
            + self.tax
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DamageType as T, Severity as S};

    fn req(make: &str, model: &str, areas: Vec<DamageArea>) -> EstimateRequest {
        let mut v = Vehicle::new(make, model, 2021);
        v.equipment = Some(
            [
                "front_radar",
                "rear_radar",
                "park_assist",
                "blind_spot",
                "forward_camera",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
        EstimateRequest::new(v, "TX", areas)
    }

    fn run(r: &EstimateRequest) -> Estimate {
        estimate(r, EstimateData::shipped()).unwrap()
    }

    #[test]
    fn removing_an_area_drops_only_the_edits_of_its_lines() {
        let mut req = req(
            "Toyota",
            "Camry",
            vec![
                DamageArea::manual("front_bumper", T::Dent, S::Moderate),
                DamageArea::manual("hood", T::Dent, S::Minor),
            ],
        );
        let edit = |line: &str| LineOverride {
            line_id: line.into(),
            change: LineChange::Remove,
        };
        req.overrides.lines = vec![edit("hood:REPAIR"), edit("front_bumper:REPLACE")];
        let data = EstimateData::shipped();
        assert!(estimate(&req, data).is_ok());
        req.areas.pop();
        assert!(matches!(
            estimate(&req, data),
            Err(EstimateError::UnknownLine { .. })
        ));
        let kept = overrides_that_still_apply(&req, data).unwrap();
        assert_eq!(kept.lines, vec![edit("front_bumper:REPLACE")]);
        req.overrides = kept;
        assert!(estimate(&req, data).is_ok());
    }

    #[test]
    fn minor_dent_on_metal_is_pdr_without_refinish_or_blend() {
        let e = run(&req(
            "Honda",
            "Accord",
            vec![DamageArea::manual("front_door_left", T::Dent, S::Minor)],
        ));
        let l = e.line("front_door_left:REPAIR").unwrap();
        assert!(l.paint_hours.is_zero() && !l.labor_hours.is_zero());
        assert!(l.reason.contains("paintless"));
        assert!(e.line_items.iter().all(|l| l.operation != Operation::Blend));
    }

    #[test]
    fn repairing_a_bumper_adds_r_and_i_which_triggers_radar() {
        let e = run(&req(
            "Honda",
            "Accord",
            vec![DamageArea::manual("front_bumper", T::Crack, S::Minor)],
        ));
        assert!(e.line("front_bumper:REPAIR").is_some());
        let ri = e.line("front_bumper:R&I").unwrap();
        assert_eq!(ri.operation, Operation::RemoveInstall);
        assert!(e.line("adas:front_radar").unwrap().reason.contains("R&I"));
    }

    #[test]
    fn areas_on_one_panel_merge_into_the_strongest_operation() {
        let e = run(&req(
            "Ford",
            "F-150",
            vec![
                DamageArea::manual("front_fender_right", T::Scratch, S::Minor),
                DamageArea::manual("front_fender_right", T::Dent, S::Severe),
            ],
        ));
        let panel_lines: Vec<_> = e
            .line_items
            .iter()
            .filter(|l| l.panel.as_deref() == Some("front_fender_right"))
            .collect();
        assert_eq!(panel_lines.len(), 1);
        assert_eq!(panel_lines[0].operation, Operation::Replace);
        assert_eq!(panel_lines[0].areas, vec![0, 1]);
        assert!(
            panel_lines[0].reason.contains("minor scratch")
                && panel_lines[0].reason.contains("severe dent")
        );
    }

    #[test]
    fn structural_damage_uses_the_frame_rate_and_orders_alignment() {
        let e = run(&req(
            "Ford",
            "F-150",
            vec![DamageArea::manual(
                "rocker_left",
                T::Structural,
                S::Moderate,
            )],
        ));
        let l = e.line("rocker_left:REPAIR").unwrap();
        assert_eq!(l.labor_rate, e.rates.frame);
        assert_ne!(e.rates.frame, e.rates.body);
        assert!(e.line("sublet:four_wheel_alignment").is_some());
        assert!(e.line("adas:steering_angle_sensor").is_some());
        assert_eq!(
            e.totals.breakdown.sublet,
            e.line("sublet:four_wheel_alignment").unwrap().part_cost
        );
    }

    #[test]
    fn part_preference_falls_back_to_oem_when_not_offered() {
        let mut r = req(
            "Toyota",
            "RAV4",
            vec![
                DamageArea::manual("hood", T::Dent, S::Severe),
                DamageArea::manual("roof", T::Dent, S::Severe),
            ],
        );
        r.part_preference = PartType::Aftermarket;
        let d = EstimateData::shipped();
        let e = estimate(&r, d).unwrap();
        assert_eq!(
            e.line("hood:REPLACE").unwrap().part_type,
            PartType::Aftermarket
        );
        let roof = e.line("roof:REPAIR").unwrap();
        assert!(
            roof.reason.contains("welded on, so repaired"),
            "{}",
            roof.reason
        );
        let fender = DamageArea::manual("front_fender_left", T::Dent, S::Severe);
        r.areas.push(fender);
        let no_am = d
            .with_override(r#"{"parts":{"partsByClass":{"fender":{"suv":{"aftermarket":null}}}}}"#)
            .unwrap();
        let e = estimate(&r, &no_am).unwrap();
        let f = e.line("front_fender_left:REPLACE").unwrap();
        assert_eq!(f.part_type, PartType::Oem);
        assert!(f.reason.contains("no aftermarket price"), "{}", f.reason);
        assert!(
            e.totals.breakdown.parts_aftermarket.get() > 0
                && e.totals.breakdown.parts_oem.get() > 0
        );
    }

    #[test]
    fn shop_override_of_rates_flows_into_lines_and_metro_applies_premium() {
        let d = EstimateData::shipped()
            .with_override(r#"{"laborRates":{"states":{"TX":{"body":90,"paint":95}}}}"#)
            .unwrap();
        let mut r = req(
            "Honda",
            "Civic",
            vec![DamageArea::manual("hood", T::Dent, S::Moderate)],
        );
        let e = estimate(&r, &d).unwrap();
        let l = e.line("hood:REPAIR").unwrap();
        assert_eq!((l.labor_rate.get(), l.paint_rate.get()), (9000, 9500));
        r.metro = true;
        let m = estimate(&r, &d).unwrap();
        let premium = m.rates.metro_premium;
        assert!(premium > 1.0);
        assert_eq!(
            m.line("hood:REPAIR").unwrap().labor_rate,
            Cents::new(9000).scale(premium)
        );
    }

    #[test]
    fn edited_part_type_reprices_from_the_data() {
        let mut r = req(
            "Toyota",
            "Camry",
            vec![DamageArea::manual(
                "headlamp_left",
                T::LampDamage,
                S::Severe,
            )],
        );
        let oem = run(&r).line("headlamp_left:REPLACE").unwrap().part_cost;
        r.overrides.lines.push(LineOverride {
            line_id: "headlamp_left:REPLACE".into(),
            change: LineChange::Edit(LineEdit {
                part_type: Some(PartType::Used),
                ..LineEdit::default()
            }),
        });
        let e = run(&r);
        let l = e.line("headlamp_left:REPLACE").unwrap();
        assert_eq!(l.part_type, PartType::Used);
        assert!(l.part_cost < oem);
        assert!(l.reason.starts_with("computed: "), "{}", l.reason);
        assert!(
            l.reason.ends_with("; edited by the estimator"),
            "{}",
            l.reason
        );
        assert_eq!(e.totals.breakdown.parts_used, l.part_cost);
    }

    /// Paint and materials edited to $95.00 still read `2.0 h of refinish × $40.00/h …
    /// (edited by the estimator)`, and sales tax edited to $50.00 `8.25% of $1185.00 in parts
    /// and materials …`: arithmetic whose result was not the line's amount. The engine's
    /// reason is now kept as what it computed, and the estimator's figure is stated.
    #[test]
    fn regression_edited_computed_line_reason_states_old_formula() {
        let mut r = req(
            "Toyota",
            "Camry",
            vec![DamageArea::manual("hood", T::Dent, S::Moderate)],
        );
        let set = |id: &str, edit: LineEdit| LineOverride {
            line_id: id.into(),
            change: LineChange::Edit(edit),
        };
        let amount = |c: i64| LineEdit {
            part_cost: Some(Cents::new(c)),
            ..LineEdit::default()
        };
        let reason = |r: &EstimateRequest, id: &str| run(r).line(id).unwrap().reason.clone();
        let engine_hood = reason(&r, "hood:REPAIR");
        r.overrides.lines = vec![
            set(
                "hood:REPAIR",
                LineEdit {
                    labor_hours: Some(Hours::from_tenths(25)),
                    labor_rate: Some(Cents::new(123_456)),
                    ..LineEdit::default()
                },
            ),
            set(
                "hood:REPAIR",
                LineEdit {
                    paint_hours: Some(Hours::from_tenths(31)),
                    ..LineEdit::default()
                },
            ),
        ];
        assert_eq!(
            reason(&r, "hood:REPAIR"),
            format!(
                "computed: {engine_hood}; labor time set by the estimator to 2.5 h; labor rate \
                 set by the estimator to $1,234.56/h; refinish time set by the estimator to 3.1 h"
            )
        );
        // Each derived line is computed from the lines before it as edited.
        for (id, cents, says, set_to) in [
            ("materials:paint", 9_500, " of refinish × $", "$95.00"),
            ("tax:sales", 5_000, " in parts and materials", "$50.00"),
        ] {
            let computed = reason(&r, id);
            assert!(computed.contains(says), "{computed}");
            r.overrides.lines.push(set(id, amount(cents)));
            let e = run(&r);
            assert_eq!(e.line(id).unwrap().part_cost, Cents::new(cents));
            assert_eq!(
                e.line(id).unwrap().reason,
                format!("computed: {computed}; amount set by the estimator to {set_to}")
            );
        }
    }

    /// Reasons printed `6.25% of $1185.00 in parts and materials` and `16.1 h ($1442.56)`
    /// where the CLI's money columns beside them print `$1,185.00`: one estimate
    /// showed money both ways. Every amount the engine writes in its texts is grouped.
    #[test]
    fn regression_estimate_reasons_print_ungrouped_money() {
        let mut r = req(
            "Ford",
            "F-150",
            vec![
                DamageArea::manual("roof", T::Dent, S::Severe),
                DamageArea::manual("front_bumper", T::Dent, S::Severe),
                DamageArea::hail("hood", 250, crate::model::DentSize::HalfDollar),
            ],
        );
        r.overrides.lines.push(LineOverride {
            line_id: "tax:sales".into(),
            change: LineChange::Edit(LineEdit {
                part_cost: Some(Cents::new(123_456)),
                ..LineEdit::default()
            }),
        });
        let e = run(&r);
        let texts: Vec<&String> = e
            .line_items
            .iter()
            .flat_map(|l| [Some(&l.reason), l.question.as_ref()])
            .flatten()
            .chain(e.questions.iter().chain(&e.notes).chain(&e.warnings))
            .collect();
        let ungrouped = |t: &str| {
            t.split('$')
                .skip(1)
                .any(|after| after.chars().take_while(char::is_ascii_digit).count() > 3)
        };
        let reason = |id: &str| e.line(id).unwrap().reason.clone();
        for (id, grouped) in [
            ("roof:REPAIR", " h ($1,"),
            ("tax:sales", " of $1,"),
            ("tax:sales", "set by the estimator to $1,234.56"),
        ] {
            assert!(reason(id).contains(grouped), "{id}: {}", reason(id));
        }
        let bad: Vec<_> = texts.into_iter().filter(|t| ungrouped(t)).collect();
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn year_outside_data_and_bad_confidence_are_reported() {
        let mut r = req(
            "Tesla",
            "Model 3",
            vec![DamageArea::manual("trunk_lid", T::Scratch, S::Moderate)],
        );
        r.vehicle.year = 2012;
        assert!(run(&r)
            .notes
            .iter()
            .any(|n| n.contains("outside the data's years")));
        r.areas[0].confidence = Some(1.5);
        let e = estimate(&r, EstimateData::shipped()).unwrap_err();
        assert!(matches!(e, EstimateError::InvalidArea { .. }), "{e}");
    }

    /// A 1995 Camry, outside the data's 2018-2024, was billed the 2018-2024 model's front
    /// radar calibration as standard equipment, with data confidence high, and Toyota's 2016
    /// scan statement as required on a car older than OBD-II.
    #[test]
    fn regression_standard_equipment_was_assumed_outside_the_data_years() {
        let mut r = req(
            "Toyota",
            "Camry",
            vec![DamageArea::manual("front_bumper", T::Dent, S::Severe)],
        );
        r.vehicle.equipment = None;
        r.vehicle.year = 1995;
        let e = run(&r);
        assert_eq!(e.vehicle.data_quality, "low");
        let radar = e.line("adas:front_radar").unwrap();
        assert_eq!(radar.status, LineStatus::NeedsConfirmation);
        assert!(
            radar.reason.ends_with("(not taken as standard: shopbench data list the system as standard on 2018-2024 Toyota Camry only, and a 1995 is outside those years)"),
            "{}",
            radar.reason
        );
        assert!(radar
            .question
            .as_deref()
            .unwrap()
            .contains("1995 Toyota Camry"));
        assert_eq!(e.totals.breakdown.adas_calibration, Cents::ZERO);
        for id in ["scan:pre", "scan:post"] {
            let scan = e.line(id).unwrap();
            assert_eq!(scan.status, LineStatus::NeedsConfirmation, "{id}");
            assert!(scan
                .reason
                .contains("older than the 1996 model year (OBD-II)"));
        }
        r.vehicle.year = 2022;
        let e = run(&r);
        assert_eq!(e.vehicle.data_quality, "high");
        assert_eq!(
            e.line("adas:front_radar").unwrap().status,
            LineStatus::Included
        );
        assert_eq!(e.line("scan:pre").unwrap().status, LineStatus::Included);
    }

    /// Hail on a replaced hood was billed as paintless dent repair beside the new hood.
    #[test]
    fn regression_hail_pdr_was_billed_on_a_replaced_panel() {
        let e = run(&req(
            "Toyota",
            "Camry",
            vec![
                DamageArea::hail("hood", 10, crate::model::DentSize::Dime),
                DamageArea::manual("hood", T::Dent, S::Severe),
                DamageArea::hail("roof", 10, crate::model::DentSize::Dime),
            ],
        ));
        assert!(e.line("hood:PDR").is_none());
        let hood = e.line("hood:REPLACE").unwrap();
        assert!(
            hood.reason.ends_with("; the hail on it (10 dents up to dime size) goes with the replaced part: no paintless dent repair"),
            "{}",
            hood.reason
        );
        assert_eq!(hood.areas, vec![0, 1]);
        assert!(
            e.line("roof:PDR").is_some(),
            "a panel not replaced keeps its PDR"
        );
        assert_eq!(
            e.totals.breakdown.pdr,
            e.line("roof:PDR").unwrap().part_cost
        );
    }

    /// A Camry with a severe dent on the front bumper (insurer) and moderate rust on the
    /// left quarter panel (customer pay).
    fn bumper_and_rust() -> EstimateRequest {
        req(
            "Toyota",
            "Camry",
            vec![
                DamageArea::manual("front_bumper", T::Dent, S::Severe),
                DamageArea::manual("quarter_panel_left", T::Rust, S::Moderate),
            ],
        )
    }

    /// Rust beside insurer work charged the customer a second hazardous waste, cover car and
    /// clips for the same visit, and its derived lines said "(customer pay)", which the PDF
    /// said again.
    #[test]
    fn regression_customer_pay_work_was_charged_a_second_set_of_supplies() {
        let mut r = bumper_and_rust();
        let e = run(&r);
        for id in ["hazardous_waste", "cover_car", "clips"] {
            assert!(e.line(&format!("misc:{id}:customer")).is_none(), "{id}");
            let insurer = e.line(&format!("misc:{id}")).unwrap();
            assert!(insurer.reason.ends_with("; once per visit: the insurer's share carries it, the customer-pay work shares the visit"), "{}", insurer.reason);
        }
        let customer: Vec<&LineItem> = e
            .line_items
            .iter()
            .filter(|l| l.payer == Payer::Customer)
            .collect();
        assert!(customer.iter().all(|l| !l.description.contains("customer")));
        assert!(customer.iter().any(|l| l.id == "tax:sales:customer"));
        let own: Cents = customer.iter().map(|l| l.subtotal).sum();
        assert_eq!(e.totals.customer_pay, own);
        // Rust alone: the customer carries the visit's supplies.
        r.areas.remove(0);
        let e = run(&r);
        assert!(e.line("misc:hazardous_waste:customer").is_some());
        assert!(e.line("misc:hazardous_waste").is_none());
    }

    /// Rust beside insurer refinish got its own clear-coat first-panel share (40 % of its
    /// largest panel), so one visit was charged the first panel twice.
    #[test]
    fn regression_customer_pay_work_got_its_own_clear_coat_first_panel_share() {
        let mut r = bumper_and_rust();
        let e = run(&r);
        let customer_panels: Vec<u32> = e
            .line_items
            .iter()
            .filter(|l| l.payer == Payer::Customer && l.status == LineStatus::Included)
            .filter(|l| l.category != LineCategory::RefinishAddOn && !l.paint_hours.is_zero())
            .filter(|l| !matches!(l.category, LineCategory::Supplies | LineCategory::Materials))
            .map(|l| l.paint_hours.tenths())
            .collect();
        let customer = e.line("refinish:clear_coat:customer").unwrap();
        // 20 % of each customer panel's refinish time, rounded once to the tenth.
        let tenths: u32 = customer_panels.iter().sum();
        assert_eq!(customer.paint_hours.tenths(), (tenths * 2 + 5) / 10);
        let each = format!("20% of each of the {} panel(s)", customer_panels.len());
        assert!(customer.reason.contains(&each), "{}", customer.reason);
        assert!(customer
            .reason
            .ends_with("once per visit: the insurer's panels carry the first-panel share"));
        let insurer = e.line("refinish:clear_coat").unwrap();
        assert!(
            insurer.reason.contains("40% of the largest refinish time"),
            "{}",
            insurer.reason
        );
        // Rust alone: its largest panel carries the first-panel share.
        r.areas.remove(0);
        let e = run(&r);
        let alone = e.line("refinish:clear_coat:customer").unwrap();
        assert!(
            alone.reason.contains("40% of the largest refinish time"),
            "{}",
            alone.reason
        );
        assert!(alone.paint_hours > customer.paint_hours);
    }

    /// The customer's clear coat took only the additional-panel share, and said the insurer's
    /// panels carried the first-panel share, after the estimator removed the insurer's clear
    /// coat line: the visit was charged no first-panel share. And the cap it was left was the
    /// engine's, not what the insurer's line was edited to.
    #[test]
    fn regression_customer_clear_coat_kept_the_additional_share_after_the_insurers_line_was_removed(
    ) {
        let mut r = bumper_and_rust();
        let mut alone = r.clone();
        alone.areas.remove(0);
        let alone = run(&alone).line("refinish:clear_coat:customer").cloned();
        let alone = alone.unwrap();
        r.overrides.lines.push(LineOverride {
            line_id: "refinish:clear_coat".into(),
            change: LineChange::Remove,
        });
        let e = run(&r);
        assert!(e.line("refinish:clear_coat").is_none());
        let customer = e.line("refinish:clear_coat:customer").unwrap();
        assert_eq!(customer.paint_hours, alone.paint_hours);
        assert_eq!(customer.reason, alone.reason);
        assert!(
            customer.reason.contains("40% of the largest refinish time"),
            "{}",
            customer.reason
        );
        // The insurer's line edited to 2.3 h leaves 0.2 h of the 2.5 h cap to the customer.
        r.overrides.lines[0].change = LineChange::Edit(LineEdit {
            paint_hours: Some(Hours::from_tenths(23)),
            ..LineEdit::default()
        });
        let e = run(&r);
        let customer = e.line("refinish:clear_coat:customer").unwrap();
        assert_eq!(customer.paint_hours, Hours::from_tenths(2));
        assert!(
            customer.reason.contains(
                ", at most 0.2 h; once per visit: the insurer's panels carry the first-panel share"
            ),
            "{}",
            customer.reason
        );
    }

    /// Review of the fix above: an insurer add-on line edited to no time still "carried" the
    /// visit's first-panel share, so the customer's panels kept only the additional share —
    /// the same under-charge as a removed line; on three-stage paint too.
    #[test]
    fn regression_an_insurer_add_on_edited_to_no_time_still_carried_the_first_panel_share() {
        for (finish, id) in [
            (None, "refinish:clear_coat"),
            (
                Some(crate::model::Finish::ThreeStage),
                "refinish:three_stage",
            ),
        ] {
            let mut r = bumper_and_rust();
            r.vehicle.finish = finish;
            let customer_id = format!("{id}:customer");
            let mut removed = r.clone();
            removed.overrides.lines.push(LineOverride {
                line_id: id.into(),
                change: LineChange::Remove,
            });
            let removed = run(&removed).line(&customer_id).cloned().unwrap();
            r.overrides.lines.push(LineOverride {
                line_id: id.into(),
                change: LineChange::Edit(LineEdit {
                    paint_hours: Some(Hours::ZERO),
                    ..LineEdit::default()
                }),
            });
            let e = run(&r);
            let customer = e.line(&customer_id).unwrap();
            assert_eq!(customer.paint_hours, removed.paint_hours, "{id}");
            assert_eq!(customer.reason, removed.reason, "{id}");
            assert!(
                !customer.reason.contains("once per visit"),
                "{}",
                customer.reason
            );
        }
    }

    #[test]
    fn empty_damage_gives_an_empty_zero_estimate() {
        let e = run(&req("Kia", "Forte", vec![]));
        assert!(e.line_items.is_empty());
        assert_eq!(e.totals.total, Cents::ZERO);
        assert_eq!(e.totals.total_max, Cents::ZERO);
    }
}
