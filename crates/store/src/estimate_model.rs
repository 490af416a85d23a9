//! Body-shop estimates as the store reads and writes them.
//!
//! The store keeps what the estimator entered (vehicle, state, photos, damage areas,
//! overrides); the priced lines come from the engine ([`StoredEstimate::request`] →
//! `shopbench_estimate::estimate`), so they are never out of step with the inputs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shopbench_core::Vin;
use shopbench_estimate::{DamageType, DentCount, Overrides, PartType, Rect, Severity, Vehicle};

use crate::StoreError;

/// Most photos one estimate holds (the schema enforces it too).
pub const MAX_ESTIMATE_PHOTOS: usize = 5;

/// Largest original photo the store keeps, in bytes (10 MiB; the schema enforces it too).
pub const MAX_ESTIMATE_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// An estimate number, as `shopbench estimate show 7` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EstimateId(pub i64);

impl EstimateId {
    /// The reference printed on the PDF and exports: `EST-0007`.
    pub fn reference(self) -> String {
        format!("EST-{:04}", self.0)
    }
}

impl fmt::Display for EstimateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for EstimateId {
    type Err = StoreError;

    /// Accepts `7`, `#7` and the printed reference `EST-0007`.
    fn from_str(s: &str) -> Result<EstimateId, StoreError> {
        let t = s.trim().trim_start_matches('#');
        let t = t
            .strip_prefix("EST-")
            .or_else(|| t.strip_prefix("est-"))
            .unwrap_or(t);
        t.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(EstimateId)
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "'{s}' is not an estimate number — use the number `shopbench estimate list` shows (e.g. 7 or EST-0007)"
                ))
            })
    }
}

/// What a new estimate starts with (photos and areas are passed beside it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEstimate {
    /// Make, model, year (and class / equipment when known).
    pub vehicle: Vehicle,
    /// The VIN, when the estimator has it.
    #[serde(default)]
    pub vin: Option<Vin>,
    /// Two-letter state code of the shop.
    pub state: String,
    /// Whether the shop is in a metro area.
    #[serde(default)]
    pub metro: bool,
    /// Preferred part type for replaced parts.
    #[serde(default)]
    pub part_preference: PartType,
}

/// A checked photo to store: the original bytes and what intake found out about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEstimatePhoto {
    /// The file name (unique within the estimate; damage areas refer to the photo by it).
    pub file_name: String,
    /// SHA-256 of `original`, lower-case hex.
    pub sha256: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub mime: String,
    /// Displayed width (EXIF orientation applied).
    pub width: u32,
    /// Displayed height (EXIF orientation applied).
    pub height: u32,
    /// EXIF orientation 1–8.
    pub orientation: u16,
    /// The file exactly as it came.
    pub original: Vec<u8>,
    /// A small JPEG, orientation applied.
    pub thumbnail: Vec<u8>,
}

impl NewEstimatePhoto {
    /// What to store of a photo that passed `shopbench_photos::intake`: its findings and
    /// the `original` bytes it checked (the CLI, its benchmark and the desktop app share this).
    pub fn from_intake(photo: shopbench_photos::Photo, original: Vec<u8>) -> Self {
        NewEstimatePhoto {
            file_name: photo.file_name,
            sha256: photo.sha256,
            mime: photo.format.mime().to_string(),
            width: photo.width,
            height: photo.height,
            orientation: photo.orientation,
            original,
            thumbnail: photo.thumbnail_jpeg,
        }
    }
}

/// A stored photo (without its original bytes; see `Store::estimate_photo_original`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimatePhoto {
    /// Row id.
    pub id: i64,
    /// The file name.
    pub file_name: String,
    /// SHA-256 of the original, lower-case hex.
    pub sha256: String,
    /// MIME type of the original.
    pub mime: String,
    /// Displayed width.
    pub width: u32,
    /// Displayed height.
    pub height: u32,
    /// EXIF orientation 1–8.
    pub orientation: u16,
    /// Size of the original in bytes.
    pub bytes: u64,
    /// The thumbnail JPEG.
    #[serde(skip)]
    pub thumbnail: Vec<u8>,
    /// When it was added.
    pub created_at: String,
}

/// A damage area to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewArea {
    /// File name of a photo on the estimate, if the area was marked on one.
    #[serde(default)]
    pub photo: Option<String>,
    /// The box on that photo (fractions of the displayed photo).
    #[serde(default)]
    pub region: Option<Rect>,
    /// Panel id (e.g. `front_bumper`).
    pub panel: String,
    /// Damage type.
    pub damage_type: DamageType,
    /// Severity.
    pub severity: Severity,
    /// Hail: the dents counted on the panel (priced by the paintless dent repair matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dents: Option<DentCount>,
}

/// A stored damage area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateArea {
    /// Row id (`shopbench estimate area ID --remove AREA_ID` takes it).
    pub id: i64,
    /// File name of the photo it was marked on.
    pub photo: Option<String>,
    /// The box on that photo.
    pub region: Option<Rect>,
    /// Panel id.
    pub panel: String,
    /// Damage type.
    pub damage_type: DamageType,
    /// Severity.
    pub severity: Severity,
    /// Hail: the dents counted on the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dents: Option<DentCount>,
    /// When it was added.
    pub created_at: String,
}

/// A whole stored estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEstimate {
    /// Its number.
    pub id: EstimateId,
    /// The vehicle.
    pub vehicle: Vehicle,
    /// The VIN, when known.
    pub vin: Option<Vin>,
    /// Two-letter state code.
    pub state: String,
    /// Metro-area shop.
    pub metro: bool,
    /// Preferred part type.
    pub part_preference: PartType,
    /// The estimator's edits.
    pub overrides: Overrides,
    /// Photos, oldest first.
    pub photos: Vec<EstimatePhoto>,
    /// Damage areas, oldest first.
    pub areas: Vec<EstimateArea>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// One row of `shopbench estimate list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateListing {
    /// Its number.
    pub id: EstimateId,
    /// "2022 Toyota Camry".
    pub vehicle: String,
    /// The VIN, when known.
    pub vin: Option<String>,
    /// State code.
    pub state: String,
    /// Number of photos.
    pub photos: u32,
    /// Number of damage areas.
    pub areas: u32,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_numbers_parse_in_every_printed_form() {
        for s in ["7", "#7", "EST-0007", " est-7 "] {
            assert_eq!(s.parse::<EstimateId>().unwrap(), EstimateId(7), "{s}");
        }
        for s in ["0", "-3", "EST-", "seven", ""] {
            assert!(s.parse::<EstimateId>().is_err(), "{s}");
        }
        assert_eq!(EstimateId(42).reference(), "EST-0042");
    }
}
