//! The case as the store reads and writes it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;
pub use shopbench_core::VehicleId;
use shopbench_diagnosis::{DtcStatus, Mileage, TestOutcome};

use crate::StoreError;

/// A case number, as `shopbench case show 42` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(pub i64);

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for CaseId {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<CaseId, StoreError> {
        let t = s.trim().trim_start_matches('#');
        t.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(CaseId)
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "'{s}' is not a case number — case numbers are positive whole numbers (see `shopbench case list`)"
                ))
            })
    }
}

/// A trouble code on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDtc {
    /// The code.
    pub code: Dtc,
    /// Stored, pending or permanent.
    #[serde(default)]
    pub status: DtcStatus,
    /// The control unit that reported it (`7E8`, `ECM`), when known.
    #[serde(default)]
    pub ecu: Option<String>,
}

impl From<Dtc> for CaseDtc {
    /// A stored code with no ECU named.
    fn from(code: Dtc) -> CaseDtc {
        CaseDtc {
            code,
            status: DtcStatus::Stored,
            ecu: None,
        }
    }
}

/// One value read or measured: a number with its unit, or text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// PID or measurement name (`coolant_temp`, `fuel_pressure_kpa`).
    pub name: String,
    /// The number, for numeric values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The text, for enumerated values (`Closed loop`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unit of `value` (`°C`, `%`, `kPa`); empty for text.
    #[serde(default)]
    pub unit: String,
}

impl Reading {
    /// A numeric reading.
    pub fn number(name: &str, value: f64, unit: &str) -> Reading {
        Reading {
            name: name.to_string(),
            value: Some(value),
            text: None,
            unit: unit.to_string(),
        }
    }

    /// A text reading.
    pub fn text(name: &str, text: &str) -> Reading {
        Reading {
            name: name.to_string(),
            value: None,
            text: Some(text.to_string()),
            unit: String::new(),
        }
    }
}

/// A freeze frame: the values an ECU captured when it stored a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreezeFrame {
    /// The ECU it came from, when known.
    #[serde(default)]
    pub ecu: Option<String>,
    /// Frame number (0 for the OBD-II frame).
    #[serde(default)]
    pub frame: u8,
    /// The code that stored it.
    #[serde(default)]
    pub dtc: Option<Dtc>,
    /// The values, by OBD PID name.
    pub values: Vec<Reading>,
}

/// Where a live-data snapshot came from; decides how its names are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadingSource {
    /// Read through the OBD adapter; names are OBD PID names (`long_fuel_trim_1`).
    Obd,
    /// Measured by the technician; names are the engine's (`fuel_pressure_psi`).
    #[default]
    Manual,
}

impl ReadingSource {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReadingSource::Obd => "obd",
            ReadingSource::Manual => "manual",
        }
    }
}

/// Live data or measurements taken at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveSnapshot {
    /// When (set by the store on save when not given).
    #[serde(default)]
    pub taken_at: Option<String>,
    /// OBD or manual.
    #[serde(default)]
    pub source: ReadingSource,
    /// What the snapshot shows (`idle, warm`, `2500 rpm`).
    #[serde(default)]
    pub label: String,
    /// The readings.
    pub readings: Vec<Reading>,
}

/// Readiness as a scan saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadinessSummary {
    /// Check-engine lamp commanded on.
    pub mil_on: Option<bool>,
    /// Confirmed emission code count the car reported.
    pub dtc_count: Option<u32>,
    /// `spark` or `compression`.
    pub ignition: Option<String>,
    /// Supported monitors that have completed.
    pub complete: Vec<String>,
    /// Supported monitors that have not completed.
    pub incomplete: Vec<String>,
}

/// A technician's result for one plan step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRecord {
    /// The plan step id (`coil_swap`).
    pub step_id: String,
    /// Pass (the expected reading was seen) or fail.
    pub outcome: TestOutcome,
    /// What was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was recorded (set by the store).
    #[serde(default)]
    pub recorded_at: String,
    /// Who recorded it (set by the store).
    #[serde(default)]
    pub recorded_by: String,
}

/// What fixed the car: the confirmed fix a case is closed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFix {
    /// The technician's words (`replaced cylinder 2 coil`).
    pub fixed_by: String,
    /// The knowledge's cause the words map to; `None` when they map to none
    /// (the fix is kept, nothing is learned from it).
    #[serde(default)]
    pub cause_id: Option<String>,
    /// Parts fitted ('' when not given).
    #[serde(default)]
    pub parts: String,
    /// Labor hours.
    #[serde(default)]
    pub labor_hours: Option<f64>,
    /// What the repair cost the customer, in cents.
    #[serde(default)]
    pub cost_cents: Option<u64>,
    /// When the case was closed (set by the store).
    #[serde(default)]
    pub closed_at: String,
    /// Who closed it (set by the store).
    #[serde(default)]
    pub closed_by: String,
}

/// A photo's record (the file itself stays on disk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    /// Row id (0 before saving).
    #[serde(default)]
    pub id: i64,
    /// Where the file is.
    pub path: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// `image/jpeg`, `image/png`, …
    pub mime: String,
    /// Pixel width, when known.
    #[serde(default)]
    pub width: Option<u32>,
    /// Pixel height, when known.
    #[serde(default)]
    pub height: Option<u32>,
    /// A small JPEG/PNG for listings.
    #[serde(default, skip_serializing)]
    pub thumbnail: Option<Vec<u8>>,
    /// What it shows.
    #[serde(default)]
    pub caption: String,
    /// When it was added (set by the store).
    #[serde(default)]
    pub created_at: String,
}

/// One stored diagnosis run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisRun {
    /// Row id.
    pub id: i64,
    /// The engine input exactly as diagnosed (a `CaseInput`).
    pub input: serde_json::Value,
    /// The result exactly as the engine returned it (a `Diagnosis`; kept as
    /// JSON so runs of older engine versions still load).
    pub result: serde_json::Value,
    /// The engine's version string.
    pub engine_version: String,
    /// Wall time of the run, in milliseconds.
    pub duration_ms: f64,
    /// Id of the top cause, if any.
    pub top_cause: Option<String>,
    /// The overall confidence, 0–1.
    pub confidence: Option<f64>,
    /// When it ran.
    pub created_at: String,
}

/// One change in a case's append-only history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Row id (increases with time).
    pub id: i64,
    /// When.
    pub at: String,
    /// Who (`--user`, `$USER`).
    pub actor: String,
    /// What: `case.create`, `complaint`, `findings`, `vehicle`, `mileage`, `customer`,
    /// `dtc.add`, `dtc.remove`, `freeze_frame.add`, `snapshot.add`,
    /// `test.record`, `diagnosis.run`, `photo.add`.
    pub action: String,
    /// The value before (absent for additions).
    pub old: Option<serde_json::Value>,
    /// The value after (absent for removals).
    pub new: Option<serde_json::Value>,
}

/// Everything a new case starts with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCase {
    /// The vehicle.
    pub vehicle: VehicleId,
    /// The customer's name ('' when not given).
    pub customer: String,
    /// Odometer reading.
    pub mileage: Option<Mileage>,
    /// The customer's complaint.
    pub complaint: String,
    /// The technician's findings.
    pub findings: String,
    /// Trouble codes.
    pub dtcs: Vec<CaseDtc>,
    /// Freeze frames.
    pub freeze_frames: Vec<FreezeFrame>,
    /// Live-data snapshots and measurements.
    pub snapshots: Vec<LiveSnapshot>,
    /// Readiness from a scan.
    pub readiness: Option<ReadinessSummary>,
    /// Test results already known.
    pub test_results: Vec<TestRecord>,
    /// True when the case comes from `scan --save-case`.
    pub from_scan: bool,
}

impl NewCase {
    /// What looks wrong but is kept: a VIN check digit that fails, a case
    /// with neither complaint nor codes, no vehicle at all.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(vin) = &self.vehicle.vin {
            for w in vin.warnings() {
                out.push(format!("VIN {vin}: {w} (kept as entered)"));
            }
        }
        if self.complaint.trim().is_empty() && self.dtcs.is_empty() {
            out.push(
                "the case has no complaint and no codes, so diagnosis has nothing to go on — \
                 add them with `shopbench case edit ID --complaint … --add-code …`"
                    .to_string(),
            );
        }
        if self.vehicle.is_empty() {
            out.push(
                "no vehicle given (--vin or --vehicle); make-specific knowledge will not apply"
                    .to_string(),
            );
        }
        out
    }
}

/// A whole case as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Its number.
    pub id: CaseId,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// `manual` or `scan`.
    pub source: String,
    /// The vehicle.
    pub vehicle: VehicleId,
    /// The customer's name ('' when not given; older clients omit it).
    #[serde(default)]
    pub customer: String,
    /// Odometer reading.
    pub mileage: Option<Mileage>,
    /// The customer's complaint.
    pub complaint: String,
    /// The technician's findings.
    pub findings: String,
    /// Trouble codes.
    pub dtcs: Vec<CaseDtc>,
    /// Freeze frames.
    pub freeze_frames: Vec<FreezeFrame>,
    /// Live-data snapshots, oldest first.
    pub snapshots: Vec<LiveSnapshot>,
    /// Readiness from a scan.
    pub readiness: Option<ReadinessSummary>,
    /// The latest result per plan step, in the order first recorded.
    pub test_results: Vec<TestRecord>,
    /// Photos (metadata).
    pub photos: Vec<Photo>,
    /// Diagnosis runs, oldest first.
    pub runs: Vec<DiagnosisRun>,
    /// What fixed it, once the case is closed (older clients omit it).
    #[serde(default)]
    pub fix: Option<CaseFix>,
}

/// A case as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// Its number.
    pub id: CaseId,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The vehicle.
    pub vehicle: VehicleId,
    /// The customer's name ('' when not given).
    #[serde(default)]
    pub customer: String,
    /// The complaint.
    pub complaint: String,
    /// Its codes, as text.
    pub codes: Vec<String>,
    /// How many diagnosis runs it has.
    pub runs: u32,
    /// The latest run's top cause.
    pub last_top_cause: Option<String>,
}

/// A change to a case; `None` / empty fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseEdit {
    /// New complaint.
    pub complaint: Option<String>,
    /// New findings (replaces the old text).
    pub findings: Option<String>,
    /// New vehicle (replaces the old one).
    pub vehicle: Option<VehicleId>,
    /// New odometer reading.
    pub mileage: Option<Mileage>,
    /// New customer name (`Some("")` clears it).
    pub customer: Option<String>,
    /// Codes to add (a code already on the case with the same status and ECU is skipped).
    pub add_dtcs: Vec<CaseDtc>,
    /// Codes to remove (every status and ECU of each).
    pub remove_codes: Vec<Dtc>,
    /// A snapshot to add.
    pub add_snapshot: Option<LiveSnapshot>,
    /// A freeze frame to add (the engine reads every frame, later ones winning).
    pub add_freeze_frame: Option<FreezeFrame>,
}

impl CaseEdit {
    /// Whether the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == CaseEdit::default()
    }
}

/// An all-module scan to keep with a case (issue 16): the scan itself as
/// `shopbench_obd::modules::ModuleScan` JSON, with the summary a listing shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewModuleScan {
    /// The adapter it went through ("ELM327 v1.5 on /dev/ttyUSB0").
    pub adapter: String,
    /// How many modules answered.
    pub modules: u32,
    /// How many codes were present (confirmed, pending or failing), over all modules.
    pub active_codes: u32,
    /// True when every module's code list was read.
    pub complete: bool,
    /// The whole scan (a JSON object).
    pub scan: serde_json::Value,
}

/// An all-module scan kept with a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredModuleScan {
    /// Its id.
    pub id: i64,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// When it was saved (UTC, RFC 3339).
    pub taken_at: String,
    /// The adapter, module count, code count, completeness and the scan, as saved.
    #[serde(flatten)]
    pub scan: NewModuleScan,
}
