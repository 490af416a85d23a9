//! The Connect and Scan screens.

use serde::{Deserialize, Serialize};

/// One adapter the Connect list offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortInfo {
    /// What to connect to (`/dev/ttyUSB0`, `tcp://…`, `j2534:NAME`).
    pub port: String,
    /// `usb`, `bluetooth`, `pci`, `unknown`, `extra` or `j2534`.
    pub kind: String,
    /// USB identity, a label, or why a J2534 device cannot be used.
    pub detail: String,
}

/// One progress step, for the progress list on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// `opening`, `adapter`, `searching`, `connected`, `voltage`, `vin` (connect), or `scan`.
    pub step: String,
    /// What is happening, in words.
    pub label: String,
}

/// What the Connect screen shows once connected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connected {
    /// Adapter identity.
    pub adapter: String,
    /// Port.
    pub port: String,
    /// Protocol name.
    pub protocol: String,
    /// Battery voltage at the OBD socket.
    pub battery_voltage: Option<f32>,
    /// A warning when the battery is low enough to upset a diagnosis.
    pub battery_note: Option<String>,
    /// VIN, if the car reports it.
    pub vin: Option<String>,
}

/// A scan, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanView {
    /// Adapter and port.
    pub adapter: String,
    /// Protocol name.
    pub protocol: String,
    /// Battery voltage, formatted.
    pub battery: Option<String>,
    /// Low-battery warning.
    pub battery_note: Option<String>,
    /// VIN, if reported.
    pub vin: Option<String>,
    /// VIN check-digit and character warnings.
    pub vin_warnings: Vec<String>,
    /// Check-engine lamp: `Some(true)` on.
    pub mil_on: Option<bool>,
    /// Confirmed emission codes counted by the car.
    pub dtc_count: Option<u32>,
    /// Codes per ECU.
    pub ecus: Vec<EcuView>,
    /// Each code list (stored, pending, permanent): read, not kept by the
    /// car, or not read and why. A list is "none" only when an ECU said so.
    #[serde(default)]
    pub code_lists: Vec<CodeListView>,
    /// True when every code list was read (or the car does not keep it):
    /// only then does "no codes" mean the car has none.
    #[serde(default)]
    pub codes_complete: bool,
    /// Freeze frame.
    pub freeze_frame: Option<FreezeView>,
    /// Supported readiness monitors.
    pub readiness: Vec<MonitorView>,
    /// "Codes last cleared 50 km (31 mi) ago (…)", where the car counts it.
    #[serde(default)]
    pub since_cleared: Option<String>,
    /// The on-board monitors' test results (service 06), where the car has them.
    #[serde(default)]
    pub monitor_tests: Vec<MonitorTestView>,
    /// What the mechanic should be told that is not a problem (the MIL off
    /// with stored codes).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Parts of the scan that could not be read.
    pub problems: Vec<String>,
    /// Set when the adapter went away mid-scan; what was read is still shown.
    pub lost_link: Option<String>,
}

/// One code list's read state, as the Scan screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeListView {
    /// "stored codes (03)".
    pub label: String,
    /// `read`, `unsupported` or `not_read`.
    pub state: String,
    /// "none", "2 codes", "not kept by this car (…)", "NOT READ — reason".
    pub text: String,
}

/// One ECU and its codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcuView {
    /// "ECU 7E8 (engine, ECM-EngineControl)".
    pub title: String,
    /// Its codes.
    pub dtcs: Vec<DtcView>,
}

/// One code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DtcView {
    /// `P0301`.
    pub code: String,
    /// `stored`, `pending`, `permanent`.
    pub status: String,
    /// Its meaning.
    pub meaning: String,
}

/// The freeze frame as rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreezeView {
    /// "Stored by P0301 (ECU 7E8)".
    pub title: String,
    /// Label and value with unit.
    pub rows: Vec<(String, String)>,
}

/// One readiness monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitorView {
    /// Its description.
    pub name: String,
    /// Complete since the codes were last cleared.
    pub complete: bool,
}

/// One on-board monitor test (service 06): what it measured against its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitorTestView {
    /// The monitor ("Oxygen sensor bank 1 sensor 1").
    pub monitor: String,
    /// The test id within it, `TID 01`.
    pub test: String,
    /// The measured value with its unit.
    pub value: String,
    /// `min – max` with the unit.
    pub limits: String,
    /// Within its limits.
    pub passed: bool,
}

/// What a clear erased.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cleared {
    /// The codes that were erased, `P0301 (ECU 7E8)`.
    pub codes: Vec<String>,
    /// How many ECUs acknowledged.
    pub acknowledged: usize,
    /// The lists that could not be read before the clear ("pending codes
    /// (07) — reason"): what was erased from them is not known.
    #[serde(default)]
    pub not_read: Vec<String>,
    /// Codes of ECUs that did not acknowledge the clear (refused it or did
    /// not answer), `P0700 (ECU 7E9)`: they may still be stored.
    #[serde(default)]
    pub not_acknowledged: Vec<String>,
    /// Permanent codes (0A) read before the clear, `P0420 (ECU 7E8)`: a clear
    /// does not erase them; each goes once its monitor runs again and passes.
    #[serde(default)]
    pub permanent: Vec<String>,
}
