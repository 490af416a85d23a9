//! Body-shop estimates as the store reads and writes them.
//!
//! The store keeps what the estimator entered (vehicle, state, photos, damage areas,
//! overrides); the priced lines come from the engine ([`StoredEstimate::request`] →
//! `shopbench_estimate::estimate`), so they are never out of step with the inputs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shopbench_core::Vin;
use shopbench_estimate::{
    AreaSource, DamageType, DentCount, Overrides, PartType, ProposedArea, Rect, ScanStage,
    Severity, Vehicle, View,
};

use crate::{NewModuleScan, StoreError};

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
    /// Which side of the car it shows, when the estimator said (a detector names the panel
    /// under a box from it).
    pub view: Option<View>,
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
            view: None,
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
    /// Which side of the car it shows, when the estimator said.
    #[serde(default)]
    pub view: Option<View>,
    /// When it was added.
    pub created_at: String,
}

/// A confirmed damage area to add: marked by the estimator, or a detector's proposal the
/// estimator (or a policy such as `--accept-proposals`) accepted.
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
    /// Who marked it: the estimator ([`AreaSource::Manual`], stored as `estimator`) or a
    /// detector (`detector:NAME`).
    #[serde(default)]
    pub source: AreaSource,
    /// The detector's confidence 0..1: required for a detector's area, none for the estimator's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Hail: the dents counted on the panel (priced by the paintless dent repair matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dents: Option<DentCount>,
}

impl NewArea {
    /// An area the estimator marked.
    pub fn by_estimator(
        photo: Option<&str>,
        region: Option<Rect>,
        panel: &str,
        damage_type: DamageType,
        severity: Severity,
    ) -> NewArea {
        NewArea {
            photo: photo.map(String::from),
            region,
            panel: panel.to_string(),
            damage_type,
            severity,
            source: AreaSource::Manual,
            confidence: None,
            dents: None,
        }
    }
}

/// Whether a stored damage area counts: a detector's proposal is shown and never priced
/// until it is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaStatus {
    /// Proposed by a detector, waiting for the estimator.
    Proposed,
    /// Priced: marked by the estimator or confirmed.
    Confirmed,
}

impl AreaStatus {
    /// `proposed` or `confirmed`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaStatus::Proposed => "proposed",
            AreaStatus::Confirmed => "confirmed",
        }
    }
}

/// A stored, confirmed damage area (priced).
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
    /// Who marked it (a confirmed proposal keeps its detector).
    #[serde(default)]
    pub source: AreaSource,
    /// The detector's confidence; none for the estimator's areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Hail: the dents counted on the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dents: Option<DentCount>,
    /// When it was added.
    pub created_at: String,
}

/// A stored proposal: a detector's box on a photo, shown with its confidence and never
/// priced until the estimator confirms it (`Store::confirm_estimate_proposal`) or drops it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateProposal {
    /// Row id (areas and proposals share one numbering; `estimate area ID --confirm N` takes it).
    pub id: i64,
    /// File name of the photo the box is on.
    pub photo: String,
    /// The box, as fractions of the photo as displayed.
    pub region: Rect,
    /// The panel under the box, when the photo's side let the detector name one.
    pub panel: Option<String>,
    /// The damage type the detector's class maps to; none for a class the estimate data do
    /// not price (shown, never priced).
    pub damage_type: Option<DamageType>,
    /// Proposed severity.
    pub severity: Severity,
    /// The detector's own class name (e.g. `lamp broken`).
    pub label: String,
    /// The detector's confidence 0..1.
    pub confidence: f32,
    /// The detector that proposed it.
    pub detector: String,
    /// When it was proposed.
    pub created_at: String,
}

impl EstimateProposal {
    /// The proposal as the estimate engine's [`ProposedArea`] (to confirm it with
    /// [`ProposedArea::confirm`]).
    pub fn proposed_area(&self) -> ProposedArea {
        ProposedArea {
            photo_id: Some(self.photo.clone()),
            region: self.region,
            panel: self.panel.clone(),
            damage_type: self.damage_type,
            severity: self.severity,
            confidence: self.confidence,
            label: self.label.clone(),
            source: AreaSource::Detector(self.detector.clone()),
        }
    }
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
    /// Confirmed damage areas (the priced ones), oldest first.
    pub areas: Vec<EstimateArea>,
    /// A detector's proposals not yet confirmed or dropped (never priced), oldest first.
    #[serde(default)]
    pub proposals: Vec<EstimateProposal>,
    /// The all-module scans saved to it (pre- and post-repair), oldest first.
    #[serde(default)]
    pub scans: Vec<StoredEstimateScan>,
    /// Its pricings by a shopbench server (remote mode), oldest first.
    #[serde(default)]
    pub remote_pricings: Vec<RemotePricing>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

impl StoredEstimate {
    /// The latest scan of `stage` (scanning again supersedes, the earlier one stays listed).
    pub fn latest_scan(&self, stage: ScanStage) -> Option<&StoredEstimateScan> {
        self.scans.iter().rev().find(|s| s.stage == stage)
    }
}

/// An all-module scan saved to an estimate as its pre- or post-repair scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEstimateScan {
    /// Its id (its own numbering, apart from the cases' scans).
    pub id: i64,
    /// Pre- or post-repair.
    pub stage: ScanStage,
    /// When it was saved (UTC, RFC 3339).
    pub taken_at: String,
    /// The adapter, module count, code count, completeness and the scan, as saved.
    #[serde(flatten)]
    pub scan: NewModuleScan,
}

/// An estimate priced by a shopbench `/v1` server, as it answered (remote mode): kept so
/// the estimate reopens with it and the server is not asked (and paid) again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemotePricing {
    /// Its row id.
    pub id: i64,
    /// When it was saved (UTC, RFC 3339).
    pub priced_at: String,
    /// The server and its answer, as given to [`crate::Store::save_estimate_remote_pricing`].
    #[serde(flatten)]
    pub pricing: NewRemotePricing,
}

/// What a server's pricing of an estimate is saved with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRemotePricing {
    /// The server's base URL.
    pub server: String,
    /// The server's estimate id (`est_…`).
    pub remote_id: String,
    /// Credits the server drew for it.
    pub credits_charged: i64,
    /// The request sent, without its photos (a JSON object).
    pub sent: serde_json::Value,
    /// The server's answer, whole (a JSON object).
    pub answer: serde_json::Value,
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
    /// Number of confirmed damage areas.
    pub areas: u32,
    /// Number of open proposals.
    #[serde(default)]
    pub proposals: u32,
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
