//! The Live data screen.

use serde::{Deserialize, Serialize};

/// A PID the user can pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PidChoice {
    /// Its name (`rpm`).
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its unit, in the units chosen in Settings.
    pub unit: String,
}

/// One value read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveValue {
    /// PID name.
    pub name: String,
    /// The ECU that answered.
    pub ecu: String,
    /// The number, for numeric values.
    pub number: Option<f64>,
    /// The value as text (numbers formatted, or the text value).
    pub text: String,
    /// Its unit.
    pub unit: String,
}

/// One round of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveFrame {
    /// The values read.
    pub values: Vec<LiveValue>,
    /// The recording, when one is running.
    pub recording: Option<RecordingStatus>,
    /// Requests that failed this round (the next round tries them again).
    #[serde(default)]
    pub problems: Vec<String>,
    /// The PIDs no longer asked, the car having given no value for them
    /// several rounds in a row: "fuel_pressure (01 0A)".
    #[serde(default)]
    pub not_polled: Vec<String>,
}

/// A CSV recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordingStatus {
    /// The file.
    pub path: String,
    /// Rows written.
    pub rows: usize,
}
