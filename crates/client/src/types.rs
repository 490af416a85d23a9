//! Response shapes.

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::Diagnosis;

/// `201` from `POST /v1/cases`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseCreated {
    /// `case_…`.
    pub case_id: String,
    /// `test` or `live`.
    pub mode: String,
    /// RFC 3339.
    pub created_at: String,
}

/// `202` from `POST /v1/diagnose`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisAccepted {
    /// `dgn_…`.
    pub diagnosis_id: String,
    /// The case.
    pub case_id: String,
    /// `processing`.
    pub status: String,
    /// RFC 3339.
    pub created_at: String,
    /// Credits drawn.
    pub credits_charged: i64,
}

/// Why a diagnosis failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisError {
    /// Machine code.
    pub code: String,
    /// What to tell a person.
    pub message: String,
}

/// `GET /v1/diagnoses/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisStatus {
    /// `dgn_…`.
    pub diagnosis_id: String,
    /// The case.
    pub case_id: String,
    /// `processing`, `complete` or `failed`.
    pub status: String,
    /// Current stage.
    pub stage: String,
    /// 0–1.
    pub progress: f64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, once finished.
    pub completed_at: Option<String>,
    /// The engine's result, once complete.
    #[serde(default)]
    pub result: Option<Diagnosis>,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<DiagnosisError>,
}

/// Usage this month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// RFC 3339 start of the month.
    pub period_start: String,
    /// Billable calls.
    pub billable_calls: i64,
    /// Credits spent (net of refunds).
    pub credits_spent: i64,
}

/// The rate-limit budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateLimits {
    /// Per key per minute.
    pub per_minute: u32,
    /// Per plan per hour.
    pub per_hour: u32,
    /// Per plan per day.
    pub per_day: u32,
    /// Left this minute.
    pub remaining_minute: u32,
    /// Left this hour.
    pub remaining_hour: u32,
    /// Left today.
    pub remaining_day: u32,
    /// When the tightest window frees a request.
    pub reset_at: String,
}

/// `GET /v1/account`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `ptn_…`.
    pub partner_id: String,
    /// Partner name.
    pub partner: String,
    /// `test` or `live`.
    pub mode: String,
    /// Plan id.
    pub plan: String,
    /// Credits left in this mode.
    pub credit_balance: i64,
    /// Usage this month.
    pub usage: Usage,
    /// Budget.
    pub rate_limits: RateLimits,
}

/// The body of `POST /v1/estimates` without its photos (seed 001's fields
/// plus the damage the partner marked); photos are passed beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateInput {
    /// Make, e.g. `Toyota`.
    pub vehicle_make: String,
    /// Model, e.g. `Camry`.
    pub vehicle_model: String,
    /// Model year.
    pub vehicle_year: u16,
    /// Vehicle class, needed only for a vehicle not in `GET /v1/vehicles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_class: Option<String>,
    /// Two-letter state; the server uses CA when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The shop is in a metro area.
    #[serde(default)]
    pub metro: bool,
    /// `oem` (server default), `aftermarket` or `used`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_preference: Option<String>,
    /// The marked damage.
    pub areas: Vec<EstimateArea>,
}

/// One marked damage area (seed 001's `damage.areas` vocabulary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateArea {
    /// Panel, e.g. `front_bumper`.
    pub location: String,
    /// Damage type, e.g. `dent`.
    #[serde(rename = "type")]
    pub damage_type: String,
    /// `minor`, `moderate` or `severe`.
    pub severity: String,
    /// Index of the photo it is marked on (0 = the first photo passed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<usize>,
    /// The box on that photo, `{x, y, w, h}` as fractions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<serde_json::Value>,
}

impl EstimateArea {
    /// An area without photo.
    pub fn new(location: &str, damage_type: &str, severity: &str) -> EstimateArea {
        EstimateArea {
            location: location.into(),
            damage_type: damage_type.into(),
            severity: severity.into(),
            photo: None,
            region: None,
        }
    }
}
