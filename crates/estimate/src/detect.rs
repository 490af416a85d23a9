//! The seam for automatic damage detection.
//!
//! shopbench ships no detection model: damage areas come from the estimator. A detector
//! (`shopbench-detect` runs the shop's or insurer's own ONNX model) implements
//! [`DamageDetector`] and returns [`ProposedArea`]s. A proposal is never priced as it is: the
//! estimator confirms it ([`ProposedArea::confirm`], naming the panel when the detector could
//! not) or drops it, and only then does it become a [`DamageArea`].

use serde::{Deserialize, Serialize};

use crate::model::{AreaSource, DamageArea, DamageType, Rect, Severity, View};
use crate::EstimateError;

/// A photo handed to a detector: decoded RGB pixels as displayed (EXIF orientation already
/// applied by intake), and the side of the car it shows when the estimator said so.
#[derive(Clone, Copy, Debug)]
pub struct ImageRef<'a> {
    /// The photo's id in the estimate (its file name).
    pub photo_id: &'a str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 3` bytes, row by row, R G B.
    pub rgb: &'a [u8],
    /// Which side of the car the photo shows, if the estimator said.
    pub view: Option<View>,
}

/// A damage area a detector proposes. It stays a proposal until the estimator confirms it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedArea {
    /// The photo it was found on (stamped by [`detect_areas`]).
    pub photo_id: Option<String>,
    /// The box, as fractions of the photo as displayed.
    pub region: Rect,
    /// The panel under the box when the photo's view lets its position name one; `None`:
    /// the estimator picks it.
    pub panel: Option<String>,
    /// The damage type the detector's class maps to; `None` when the class has no damage
    /// type in the estimate data (e.g. a flat tyre): shown to the estimator, never priced.
    pub damage_type: Option<DamageType>,
    /// Proposed severity (from the box's share of the panel and the class).
    pub severity: Severity,
    /// The detector's confidence, 0..1.
    pub confidence: f32,
    /// The detector's own class name (e.g. `lamp broken`).
    pub label: String,
    /// Always [`AreaSource::Detector`] once stamped by [`detect_areas`].
    pub source: AreaSource,
}

impl ProposedArea {
    /// The damage area the estimator confirms: the proposal as it is, or on `panel` when one
    /// is given (required when the detector named none). Keeps the detector as its source
    /// and its confidence.
    pub fn confirm(&self, panel: Option<&str>) -> Result<DamageArea, EstimateError> {
        let Some(damage_type) = self.damage_type else {
            return Err(EstimateError::InvalidArea {
                detail: format!(
                    "the detector's '{}' has no damage type in the estimate data — add it as a manual line instead",
                    self.label
                ),
            });
        };
        let Some(panel) = panel.or(self.panel.as_deref()) else {
            return Err(EstimateError::InvalidArea {
                detail: format!(
                    "the detector could not tell the panel under its '{}' box — name one (say which side the photo shows, or pick the panel)",
                    self.label
                ),
            });
        };
        Ok(DamageArea {
            photo_id: self.photo_id.clone(),
            region: Some(self.region),
            panel: panel.to_string(),
            damage_type,
            severity: self.severity,
            confidence: Some(self.confidence),
            source: self.source.clone(),
            dents: None,
        })
    }
}

/// Something that proposes damage areas on a photo.
pub trait DamageDetector {
    /// A short name recorded on every area it proposes.
    fn name(&self) -> &str;

    /// The damage areas proposed on `image`.
    fn detect(&self, image: &ImageRef<'_>) -> Result<Vec<ProposedArea>, EstimateError>;
}

/// Runs `detector` over `images` and returns the proposals, each stamped with its photo id and
/// `AreaSource::Detector(name)` so a proposal can never pass as an estimator's mark.
pub fn detect_areas(
    detector: &dyn DamageDetector,
    images: &[ImageRef<'_>],
) -> Result<Vec<ProposedArea>, EstimateError> {
    let mut out = Vec::new();
    for img in images {
        for mut a in detector.detect(img)? {
            a.photo_id = Some(img.photo_id.to_string());
            a.source = AreaSource::Detector(detector.name().to_string());
            out.push(a);
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Test-only detector: returns the same fixed proposals for every image. Not a real detector.
    pub(crate) struct FixedAreasDetector(pub Vec<ProposedArea>);

    impl DamageDetector for FixedAreasDetector {
        fn name(&self) -> &str {
            "fixed-areas-test-detector"
        }
        fn detect(&self, _image: &ImageRef<'_>) -> Result<Vec<ProposedArea>, EstimateError> {
            Ok(self.0.clone())
        }
    }

    fn proposal(panel: Option<&str>, damage_type: Option<DamageType>) -> ProposedArea {
        ProposedArea {
            photo_id: None,
            region: Rect::new(0.2, 0.5, 0.3, 0.2).unwrap(),
            panel: panel.map(String::from),
            damage_type,
            severity: Severity::Severe,
            confidence: 0.87,
            label: "crack".into(),
            source: AreaSource::Manual,
        }
    }

    fn image(photo_id: &str) -> ImageRef<'_> {
        ImageRef {
            photo_id,
            width: 1,
            height: 1,
            rgb: &[0, 0, 0],
            view: None,
        }
    }

    #[test]
    fn detector_areas_are_stamped_with_photo_and_source() {
        let det = FixedAreasDetector(vec![proposal(Some("front_bumper"), Some(DamageType::Dent))]);
        let areas = detect_areas(&det, &[image("p1"), image("p2")]).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[1].photo_id.as_deref(), Some("p2"));
        assert_eq!(
            areas[0].source,
            AreaSource::Detector("fixed-areas-test-detector".into())
        );
    }

    #[test]
    fn a_proposal_needs_a_panel_and_a_damage_type_to_be_confirmed() {
        let no_panel = proposal(None, Some(DamageType::Dent));
        let e = no_panel.confirm(None).unwrap_err().to_string();
        assert!(e.contains("panel"), "{e}");
        let a = no_panel.confirm(Some("hood")).unwrap();
        assert_eq!((a.panel.as_str(), a.confidence), ("hood", Some(0.87)));
        let tyre = proposal(Some("wheel_front_left"), None);
        assert!(tyre.confirm(None).is_err());
    }

    #[test]
    fn confirmed_proposals_feed_the_engine_like_manual_ones() {
        use crate::{estimate, EstimateData, EstimateRequest, Vehicle};
        let det = FixedAreasDetector(vec![proposal(Some("rear_bumper"), Some(DamageType::Crack))]);
        let proposals = detect_areas(&det, &[image("rear.jpg")]).unwrap();
        let areas = proposals
            .iter()
            .map(|p| p.confirm(None))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(
            areas[0].source,
            AreaSource::Detector("fixed-areas-test-detector".into())
        );
        let req = EstimateRequest::new(Vehicle::new("Subaru", "Outback", 2021), "WA", areas)
            .with_metro(true);
        let est = estimate(&req, EstimateData::shipped()).unwrap();
        assert!(est.line("rear_bumper:REPLACE").is_some());
        assert!(est.line("adas:rear_radar").is_some());
        assert_eq!(est.damage[0].photo_id.as_deref(), Some("rear.jpg"));
    }
}
