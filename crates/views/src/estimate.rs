//! The Estimate screen.

use serde::{Deserialize, Serialize};

/// The lists the pickers offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pickers {
    /// Panel ids (`front_bumper`, `hood`, …).
    pub panels: Vec<String>,
    /// Damage types (`dent`, `scratch`, …).
    pub damage_types: Vec<String>,
    /// Severities, mildest first.
    pub severities: Vec<String>,
    /// Two-letter state codes with labor rates.
    pub states: Vec<String>,
    /// Vehicle classes, for a vehicle not in the data (empty first: the data's class).
    #[serde(default)]
    pub classes: Vec<String>,
    /// Each panel's name for people (`front_fender_left` → `Front fender,
    /// left`), in English: the screen looks it up in the catalogue.
    #[serde(default)]
    pub panel_names: std::collections::BTreeMap<String, String>,
}

impl Pickers {
    /// What a picker shows for `value`, in English: a panel's name, else the
    /// value with spaces (`paint chip`, `full size`).
    pub fn label(&self, value: &str) -> String {
        self.panel_names
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.replace('_', " "))
    }
}

/// The form that starts an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEstimateForm {
    /// "Make Model Year", e.g. "Toyota Camry 2022" or "Land Rover Discovery 2019".
    pub vehicle: String,
    /// Two-letter state code of the shop (labor rates).
    pub state: String,
    /// The shop is in a metro area.
    pub metro: bool,
    /// Vehicle class (`suv`, `pickup`, …) for a vehicle not in the data; empty: the data's.
    #[serde(default)]
    pub class: String,
}

/// A damage area as the screen adds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaForm {
    /// The photo's file name, or empty for an area without photo.
    pub photo: String,
    /// Panel id.
    pub panel: String,
    /// Damage type.
    pub damage_type: String,
    /// Severity.
    pub severity: String,
    /// The box drawn on the photo, `[x, y, w, h]` as fractions (0..1) of the displayed photo.
    pub region: Option<[f32; 4]>,
}

/// A change to one line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineForm {
    /// The line's id, e.g. `front_bumper:REPLACE`.
    pub line_id: String,
    /// New labor hours.
    pub hours: Option<f64>,
    /// New part (or sublet) cost in dollars.
    pub part_cost: Option<f64>,
    /// Drop the line.
    pub remove: bool,
    /// Confirm a line awaiting confirmation (an ADAS calibration).
    pub confirm: bool,
}

/// A photo of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoView {
    /// File name (areas name their photo by it).
    pub file_name: String,
    /// Width as displayed.
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// The thumbnail as a `data:image/jpeg;base64,…` URL for an `<img>`.
    pub thumbnail: String,
}

/// A marked damage area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaView {
    /// Its id (to remove it).
    pub id: i64,
    /// The photo's file name, if on one.
    pub photo: Option<String>,
    /// Panel id.
    pub panel: String,
    /// Damage type.
    pub damage_type: String,
    /// Severity.
    pub severity: String,
    /// `[x, y, w, h]` fractions of the photo.
    pub region: Option<[f32; 4]>,
}

/// A damage detector's proposal: a dashed box on a photo, never priced until
/// the estimator confirms it (changing what the detector got wrong) or drops it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    /// Its id (areas and proposals share one numbering).
    pub id: i64,
    /// The photo's file name.
    pub photo: String,
    /// `[x, y, w, h]` fractions of the photo.
    pub region: [f32; 4],
    /// The detector's class (`dent`, `lamp broken`, …).
    pub label: String,
    /// The detector's confidence, 0..1.
    pub confidence: f32,
    /// The panel under the box, when the photo's side let the detector name one.
    pub panel: Option<String>,
    /// The damage type its class maps to; none for a class the data do not price.
    pub damage_type: Option<String>,
    /// Proposed severity.
    pub severity: String,
    /// The detector that proposed it.
    pub detector: String,
}

/// The estimator's answer to a proposal: confirm it as it is, or with what
/// the detector got wrong changed (empty fields keep the detector's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposalForm {
    /// The proposal's id.
    pub area: i64,
    /// Panel id; empty: the detector's.
    pub panel: String,
    /// Damage type; empty: the detector's.
    pub damage_type: String,
    /// Severity; empty: the detector's.
    pub severity: String,
    /// The box moved to `[x, y, w, h]` (fractions of the photo); none: the detector's.
    #[serde(default)]
    pub region: Option<[f32; 4]>,
}

/// One priced line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    /// Stable id for edits.
    pub id: String,
    /// 1-based number.
    pub line: u32,
    /// `REPLACE`, `REPAIR`, `BLEND`, …
    pub operation: String,
    /// Description.
    pub description: String,
    /// `OEM`, `A/M`, `used` or empty.
    pub part_type: String,
    /// Part cost in dollars (editable).
    pub part_cost: f64,
    /// Labor hours (editable).
    pub labor_hours: f64,
    /// Paint hours.
    pub paint_hours: f64,
    /// Subtotal, formatted.
    pub subtotal: String,
    /// Awaiting the estimator's confirmation (not in the total).
    pub to_confirm: bool,
    /// The estimator changed it.
    pub edited: bool,
    /// Why the line is there.
    pub reason: String,
}

/// A line the estimator removed, as the engine computes it (not in the total); Restore
/// brings it back through [`crate::EstimateResetLine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedLineView {
    /// Its id, which the reset names.
    pub id: String,
    /// `REPLACE`, `BLEND`, … in the shop's language.
    pub operation: String,
    /// Description.
    pub description: String,
    /// Its kind (`blend`, `sales tax`, …) in the shop's language.
    pub kind: String,
    /// Its subtotal as computed, formatted.
    pub amount: String,
}

/// One insurance line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsuranceLineView {
    /// Line number (included lines, from 1).
    pub line: u32,
    /// Operation code.
    pub operation: String,
    /// Part type, empty on sublet lines.
    pub part_type: String,
    /// Description.
    pub description: String,
    /// Subtotal, formatted.
    pub subtotal: String,
}

/// The insurance-format view: included lines and the parts/labor/paint/sublet totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsuranceView {
    /// Lines.
    pub lines: Vec<InsuranceLineView>,
    /// `(label, amount)` rows, gross total last.
    pub totals: Vec<(String, String)>,
}

/// One line of a server's pricing (the lines it counted, as it wrote them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteLineView {
    /// Description, e.g. `Front bumper cover - R&R`.
    pub description: String,
    /// Parts, labor and paint of the line, formatted.
    pub amount: String,
}

/// The estimate's latest pricing by a shopbench server (remote mode), as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemotePricingView {
    /// The server's URL.
    pub server: String,
    /// The server's estimate id (`est_…`).
    pub remote_id: String,
    /// When it was priced.
    pub priced_at: String,
    /// Credits the server drew.
    pub credits: i64,
    /// The server's total (its counted lines), formatted.
    pub total: String,
    /// The server's "low – high".
    pub range: String,
    /// The lines it counted.
    pub lines: Vec<RemoteLineView>,
    /// The vehicle, state and damage areas are still those the server priced.
    pub current: bool,
    /// What the estimate holds that the server did not see (its line edits, …).
    pub not_sent: Vec<String>,
    /// The server's questions to the estimator.
    pub questions: Vec<String>,
}

/// The whole estimate as the screen shows it, priced now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateView {
    /// Its number.
    pub id: i64,
    /// `EST-0007`.
    pub reference: String,
    /// "2022 Toyota Camry (sedan)".
    pub vehicle: String,
    /// State code and "(metro)".
    pub state: String,
    /// Photos.
    pub photos: Vec<PhotoView>,
    /// Marked areas.
    pub areas: Vec<AreaView>,
    /// The damage detector's open proposals (not priced).
    #[serde(default)]
    pub proposals: Vec<ProposalView>,
    /// Priced lines.
    pub lines: Vec<LineView>,
    /// The lines the estimator removed (not in the total), as computed.
    #[serde(default)]
    pub removed_lines: Vec<RemovedLineView>,
    /// Total, formatted.
    pub total: String,
    /// "low – high".
    pub range: String,
    /// Amount awaiting confirmation (not in the total), formatted; empty when none.
    pub pending: String,
    /// Questions to the estimator (ADAS and others) and notes.
    pub questions: Vec<String>,
    /// The insurance view.
    pub insurance: InsuranceView,
    /// The pre- and post-repair scans of every module, and their comparison.
    #[serde(default)]
    pub scans: crate::RepairScansView,
    /// Its latest pricing by a shopbench server (remote mode), if any.
    #[serde(default)]
    pub remote: Option<RemotePricingView>,
}

/// One saved estimate in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateSummary {
    /// Its number.
    pub id: i64,
    /// `EST-0007`.
    pub reference: String,
    /// "2022 Toyota Camry".
    pub vehicle: String,
    /// The VIN, when known ('' otherwise).
    pub vin: String,
    /// State code.
    pub state: String,
    /// Photos and areas, "2 photos, 3 areas".
    pub contents: String,
    /// When it last changed.
    pub updated_at: String,
}
