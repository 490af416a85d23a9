//! Cases and diagnoses: `POST /v1/cases`, `GET /v1/cases/{id}`,
//! `POST /v1/diagnose`, `GET /v1/diagnoses/{id}`.

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::{CaseInput, Diagnosis};

use crate::Mode;

/// `201` from `POST /v1/cases`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseCreated {
    /// `case_…`.
    pub case_id: String,
    /// `case`.
    pub object: String,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
}

/// `GET /v1/cases/{id}`: the case as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredCase {
    /// `case_…`.
    pub case_id: String,
    /// `case`.
    pub object: String,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// The case exactly as it will be diagnosed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub input: CaseInput,
}

/// The body of `POST /v1/diagnose`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiagnoseRequest {
    /// The case to diagnose (`case_…`).
    pub case_id: String,
}

/// `202` from `POST /v1/diagnose`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosisAccepted {
    /// `dgn_…`.
    pub diagnosis_id: String,
    /// `diagnosis`.
    pub object: String,
    /// The case.
    pub case_id: String,
    /// `processing`.
    pub status: String,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// Where to poll.
    pub poll_url: String,
    /// Credits drawn.
    pub credits_charged: i64,
}

/// Why a diagnosis failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosisError {
    /// Machine code (`processing_error`).
    pub code: String,
    /// What to tell a person.
    pub message: String,
}

/// `GET /v1/diagnoses/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosisStatus {
    /// `dgn_…`.
    pub diagnosis_id: String,
    /// `diagnosis`.
    pub object: String,
    /// The case.
    pub case_id: String,
    /// `processing`, `complete` or `failed`.
    pub status: String,
    /// Current stage (`loading_case`, `ranking_causes`, `planning_tests`, `done`).
    pub stage: String,
    /// 0–1.
    pub progress: f64,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, once finished.
    pub completed_at: Option<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<DiagnosisError>,
    /// The engine's result, once complete: ranked causes with evidence, the
    /// test plan, confidence (the same as `shopbench diagnose --json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub result: Option<Diagnosis>,
    /// Once complete: the manufacturers' bulletins that bear on the case,
    /// from the server's offline NHTSA index as it was when the diagnosis ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulletins: Option<DiagnosisBulletins>,
}

/// The manufacturers' technical service bulletins for the case's vehicle
/// that name one of its codes, or whose component is the system of one of
/// the likely causes (at most five, codes first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosisBulletins {
    /// `false` when nothing could be looked up — the server has no bulletin
    /// index, or the vehicle's year, make and model are not known (from the
    /// case or its VIN). Then `matched` is empty and means nothing: it is
    /// never "no bulletins".
    pub looked_up: bool,
    /// One line saying what was found or why nothing was looked up (the
    /// heading the CLI and the report print).
    pub note: String,
    /// The vehicle as NHTSA indexes it (`2014 HONDA CIVIC`), when looked up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<String>,
    /// How many bulletins the index holds for that vehicle, when looked up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_vehicle: Option<usize>,
    /// The bulletins that bear on the case.
    pub matched: Vec<BulletinMatch>,
}

/// One bulletin and why it bears on the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulletinMatch {
    /// NHTSA's id for the document.
    pub nhtsa_id: String,
    /// The manufacturer's bulletin number ('' when the index has none).
    pub bulletin_no: String,
    /// NHTSA's component (`FUEL SYSTEM, GASOLINE`).
    pub component: String,
    /// The bulletin's date as the index gives it.
    pub date: String,
    /// NHTSA's summary.
    pub summary: String,
    /// `mentions P0442`, or `component FUEL SYSTEM (EVAP leak — hose)`.
    pub why: String,
}

/// The body of `POST /v1/cases/{id}/close`: what fixed the car.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseCaseRequest {
    /// What fixed it, in the technician's words (1–500 characters); mapped to
    /// one of the diagnosis's causes when the words name one.
    pub fixed_by: String,
    /// The cause id, when the partner picks it (as diagnoses name causes).
    #[serde(default)]
    pub cause: Option<String>,
    /// Parts fitted (at most 500 characters).
    #[serde(default)]
    pub parts: Option<String>,
    /// Labor hours (0–500).
    #[serde(default)]
    pub labor_hours: Option<f64>,
    /// What the repair cost, in cents (0–100,000,000).
    #[serde(default)]
    pub cost_cents: Option<i64>,
}

/// `200` from `POST /v1/cases/{id}/close`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseClosed {
    /// `case_…`.
    pub case_id: String,
    /// `case_fix`.
    pub object: String,
    /// The words as kept.
    pub fixed_by: String,
    /// The cause the fix counts for (`null`: the words name none, and later
    /// diagnoses learn nothing from it).
    pub cause: Option<String>,
    /// RFC 3339.
    pub closed_at: String,
}
