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
