//! Estimates: `POST /v1/estimates` and its answer.

use serde::{Deserialize, Serialize};
use shopbench_estimate::EstimateSummary;

use crate::Mode;

/// The body of `POST /v1/estimates` without its photos (seed 001's fields
/// plus the damage the partner marked); photos are passed beside it.
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
    /// The marked damage.
    pub areas: Vec<EstimateArea>,
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
}
