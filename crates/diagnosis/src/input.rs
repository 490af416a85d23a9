//! What the engine is told about a case.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
pub use shopbench_core::{DistanceUnit, DtcStatus, Mileage, VehicleId};

/// How the findings line starts that a scan writes when it could not read
/// some code list (`Codes not read: stored codes (03) — CAN ERROR …`). A
/// case with this line is not a car without codes, even if it lists none;
/// reports say so.
pub const CODES_NOT_READ: &str = "Codes not read:";

impl CaseInput {
    /// What the findings say could not be read of the codes (the text after
    /// [`CODES_NOT_READ`]), if anything.
    pub fn codes_not_read(&self) -> Option<&str> {
        self.findings
            .lines()
            .find_map(|l| l.trim().strip_prefix(CODES_NOT_READ))
            .map(str::trim)
    }
}

/// Everything known about one vehicle visit, as the engine reads it.
///
/// Every field has a default, so `{"dtcs": ["P0171"]}` is a valid case.
/// Readings and freeze-frame values are keyed by PID name (see the crate docs
/// for the names the rules use); live readings override freeze-frame values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseInput {
    /// The vehicle.
    pub vehicle: VehicleId,
    /// Odometer reading.
    pub mileage: Option<Mileage>,
    /// The customer's complaint, in their words.
    pub complaint: String,
    /// Symptom tags the service writer chose (more are derived from the complaint).
    pub symptoms: Vec<SymptomTag>,
    /// What the technician saw, heard or measured, in words.
    pub findings: String,
    /// Trouble codes read from the vehicle.
    pub dtcs: Vec<DtcEntry>,
    /// Freeze-frame values by PID name.
    pub freeze_frame: BTreeMap<String, f64>,
    /// Live-data readings and measurements by name.
    pub readings: BTreeMap<String, f64>,
    /// Results of plan steps the technician has carried out.
    pub test_results: Vec<TestResult>,
}

/// Symptom tags a complaint can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it
pub enum SymptomTag {
    NoStart,
    CrankNoStart,
    NoCrank,
    RoughIdle,
    MisfireFelt,
    Stalling,
    Hesitation,
    PoorFuelEconomy,
    Overheating,
    NoHeat,
    BatteryDrain,
    ChargingWarning,
    BrakeNoise,
    BrakePull,
    BrakePulsation,
    TransmissionSlip,
    HarshShift,
    FuelSmell,
    EngineNoiseTicking,
    OilConsumption,
    CoolantLoss,
    CheckEngineLightOnly,
}

impl SymptomTag {
    /// The snake_case name used in JSON and the knowledge files.
    pub fn as_str(self) -> &'static str {
        use SymptomTag::*;
        match self {
            NoStart => "no_start",
            CrankNoStart => "crank_no_start",
            NoCrank => "no_crank",
            RoughIdle => "rough_idle",
            MisfireFelt => "misfire_felt",
            Stalling => "stalling",
            Hesitation => "hesitation",
            PoorFuelEconomy => "poor_fuel_economy",
            Overheating => "overheating",
            NoHeat => "no_heat",
            BatteryDrain => "battery_drain",
            ChargingWarning => "charging_warning",
            BrakeNoise => "brake_noise",
            BrakePull => "brake_pull",
            BrakePulsation => "brake_pulsation",
            TransmissionSlip => "transmission_slip",
            HarshShift => "harsh_shift",
            FuelSmell => "fuel_smell",
            EngineNoiseTicking => "engine_noise_ticking",
            OilConsumption => "oil_consumption",
            CoolantLoss => "coolant_loss",
            CheckEngineLightOnly => "check_engine_light_only",
        }
    }
}

impl std::fmt::Display for SymptomTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One trouble code as read. In JSON either `"P0171"` or
/// `{"code": "P0171", "status": "pending", "ecu": "ECM"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DtcEntryRepr")]
pub struct DtcEntry {
    /// The code as text; malformed codes are warned about and skipped.
    pub code: String,
    /// Stored, pending or permanent.
    pub status: DtcStatus,
    /// Which control unit reported it, if known.
    pub ecu: Option<String>,
}

impl DtcEntry {
    /// A stored code with no ECU given.
    pub fn stored(code: &str) -> DtcEntry {
        DtcEntry {
            code: code.to_string(),
            status: DtcStatus::Stored,
            ecu: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DtcEntryRepr {
    Bare(String),
    Full {
        code: String,
        #[serde(default)]
        status: DtcStatus,
        #[serde(default)]
        ecu: Option<String>,
    },
}

impl From<DtcEntryRepr> for DtcEntry {
    fn from(r: DtcEntryRepr) -> Self {
        match r {
            DtcEntryRepr::Bare(code) => DtcEntry {
                code,
                status: DtcStatus::Stored,
                ecu: None,
            },
            DtcEntryRepr::Full { code, status, ecu } => DtcEntry { code, status, ecu },
        }
    }
}

/// The outcome of one plan step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    /// The step id from the plan (a test id in the knowledge).
    pub step_id: String,
    /// Pass = the expected (normal) result was seen; fail = a fault was found.
    pub outcome: TestOutcome,
    /// What was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestOutcome {
    /// The expected reading was seen (the component looks fine).
    Pass,
    /// The expected reading was not seen (a fault was found).
    Fail,
}
