//! Estimates: `POST /v1/estimates` and its answer.

use serde::{Deserialize, Serialize};
use shopbench_estimate::{EstimateSummary, ProposedArea};

use crate::Mode;

/// The body of `POST /v1/estimates` without its photos (seed 001's fields
/// plus the damage the partner marked); photos are passed beside it. With no
/// `areas`, a server with a damage detector finds the damage itself
/// (seed 001's asynchronous flow: `202`, then poll or wait for the webhook).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The marked damage; empty (left out of the request) to have the server's detector
    /// find it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<EstimateArea>,
    /// Without `areas`: which side of the car each photo shows (`front`, `rear`, `left`,
    /// `right`, or null), in the photos' order — the detector names the panel under a box
    /// only on a photo whose side it knows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<Option<String>>,
    /// Where to POST `estimate.completed` / `estimate.failed` for this estimate (besides the
    /// partner's endpoint), signed with the partner's webhook secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
}

/// One marked damage area (seed 001's `damage.areas` vocabulary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
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

/// What the server kept of one photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoMeta {
    /// `photo_0`, `photo_1`, … in the order sent.
    pub photo_id: String,
    /// The file name sent.
    pub file_name: String,
    /// `jpeg`, `png` or `webp` (sniffed from the content).
    pub format: String,
    /// Displayed width (EXIF orientation applied).
    pub width: u32,
    /// Displayed height.
    pub height: u32,
    /// Size of the original.
    pub bytes: usize,
    /// SHA-256 of the original, lower-case hex.
    pub sha256: String,
}

/// `201` from `POST /v1/estimates`, and `GET /v1/estimates/{id}`: seed 001's
/// complete estimate plus where it was priced, its photos and its links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateCreated {
    /// Seed 001's complete response (id, vehicle, damage, cost, ADAS, sources).
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub summary: EstimateSummary,
    /// `estimate`.
    pub object: String,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// The state whose labor rates priced it.
    pub state: String,
    /// The photos, in the order sent.
    pub photos: Vec<PhotoMeta>,
    /// This estimate.
    pub poll_url: String,
    /// Its insurance view.
    pub insurance_url: String,
    /// What the detector found but could not price (no side of the car known for its
    /// photo, or a class with no damage type); empty when the partner marked the areas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub proposals: Vec<ProposedArea>,
}

/// `202` from `POST /v1/estimates` without `areas`: seed 001's "processing" answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateAccepted {
    /// `est_…`.
    pub id: String,
    /// `estimate`.
    pub object: String,
    /// `processing`.
    pub status: String,
    /// A guess at how long detection and pricing take.
    pub estimated_seconds: u64,
    /// Where to poll.
    pub poll_url: String,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// The photos, in the order sent.
    pub photos: Vec<PhotoMeta>,
}

/// `GET /v1/estimates/{id}` while the detector runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateProcessing {
    /// `est_…`.
    pub id: String,
    /// `estimate`.
    pub object: String,
    /// `processing`.
    pub status: String,
    /// `queued`, `loading_photos`, `damage_detection` or `pricing`.
    pub stage: String,
    /// 0–1.
    pub progress: f64,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// Where to poll.
    pub poll_url: String,
}

/// Why an estimate failed (seed 001's error catalogue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateFailure {
    /// `no_damage_detected`, `no_priceable_damage` or `processing_error`.
    pub code: String,
    /// What to tell a person.
    pub message: String,
}

/// `GET /v1/estimates/{id}` of an estimate that failed; its credits were refunded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateFailed {
    /// `est_…`.
    pub id: String,
    /// `estimate`.
    pub object: String,
    /// `failed`.
    pub status: String,
    /// Why.
    pub error: EstimateFailure,
    /// The key's mode.
    pub mode: Mode,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub completed_at: String,
    /// Credits given back (the whole charge).
    pub credits_refunded: i64,
}

/// What `GET /v1/estimates/{id}` answers: processing, complete or failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum EstimateState {
    /// Still running.
    Processing(EstimateProcessing),
    /// Failed (refunded).
    Failed(EstimateFailed),
    /// The complete estimate.
    Complete(Box<EstimateCreated>),
}

impl EstimateState {
    /// `processing`, `failed` or `complete`.
    pub fn status(&self) -> &str {
        match self {
            EstimateState::Processing(p) => &p.status,
            EstimateState::Failed(f) => &f.status,
            EstimateState::Complete(c) => &c.summary.status,
        }
    }
}
