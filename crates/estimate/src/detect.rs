//! The seam for automatic damage detection.
//!
//! shopbench ships no detector: damage areas come from the estimator. A detector added
//! later implements [`DamageDetector`] and feeds the same [`DamageArea`]s to the engine.

use crate::model::{AreaSource, DamageArea};
use crate::EstimateError;

/// A photo handed to a detector: its id and its encoded bytes (JPEG/PNG/WebP).
#[derive(Clone, Copy, Debug)]
pub struct ImageRef<'a> {
    /// The photo's id in the estimate.
    pub photo_id: &'a str,
    /// The encoded image.
    pub bytes: &'a [u8],
}

/// Something that proposes damage areas on a photo.
pub trait DamageDetector {
    /// A short name recorded on every area it proposes.
    fn name(&self) -> &str;

    /// The damage areas found on `image`.
    fn detect(&self, image: &ImageRef<'_>) -> Result<Vec<DamageArea>, EstimateError>;
}

/// Runs `detector` over `images` and returns the areas, each stamped with its photo id and
/// `AreaSource::Detector(name)` so a proposal can never pass as an estimator's mark.
pub fn detect_areas(
    detector: &dyn DamageDetector,
    images: &[ImageRef<'_>],
) -> Result<Vec<DamageArea>, EstimateError> {
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
    use crate::model::{DamageType, Rect, Severity};

    /// Test-only detector: returns the same fixed areas for every image. Not a real detector.
    pub(crate) struct FixedAreasDetector(pub Vec<DamageArea>);

    impl DamageDetector for FixedAreasDetector {
        fn name(&self) -> &str {
            "fixed-areas-test-detector"
        }
        fn detect(&self, _image: &ImageRef<'_>) -> Result<Vec<DamageArea>, EstimateError> {
            Ok(self.0.clone())
        }
    }

    #[test]
    fn detector_areas_are_stamped_with_photo_and_source() {
        let mut a = DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate);
        a.region = Some(Rect::new(0.2, 0.5, 0.3, 0.2).unwrap());
        a.confidence = Some(0.87);
        let det = FixedAreasDetector(vec![a]);
        let imgs = [
            ImageRef {
                photo_id: "p1",
                bytes: b"x",
            },
            ImageRef {
                photo_id: "p2",
                bytes: b"y",
            },
        ];
        let areas = detect_areas(&det, &imgs).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[1].photo_id.as_deref(), Some("p2"));
        assert_eq!(
            areas[0].source,
            AreaSource::Detector("fixed-areas-test-detector".into())
        );
    }

    #[test]
    fn detector_areas_feed_the_engine_like_manual_ones() {
        use crate::{estimate, EstimateData, EstimateRequest, Overrides, PartType, Vehicle};
        let det = FixedAreasDetector(vec![DamageArea::manual(
            "rear_bumper",
            DamageType::Crack,
            Severity::Severe,
        )]);
        let areas = detect_areas(
            &det,
            &[ImageRef {
                photo_id: "rear.jpg",
                bytes: b"",
            }],
        )
        .unwrap();
        let req = EstimateRequest {
            vehicle: Vehicle::new("Subaru", "Outback", 2021),
            state: "WA".into(),
            metro: true,
            areas,
            part_preference: PartType::Oem,
            overrides: Overrides::default(),
        };
        let est = estimate(&req, EstimateData::shipped()).unwrap();
        assert!(est.line("rear_bumper:REPLACE").is_some());
        assert!(est.line("adas:rear_radar").is_some());
        assert_eq!(est.damage[0].photo_id.as_deref(), Some("rear.jpg"));
    }
}
