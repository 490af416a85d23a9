//! The whole path — manifest, letterbox, tract, decoding, NMS, class mapping, box → photo
//! fractions — on stand-in ONNX models whose outputs are known (made by
//! `tools/make_models.py`, committed under `tests/models/`). None of them is a damage model.
//!
//! Every model takes a 1×3×32×32 image and outputs these eight candidates (input pixels):
//!
//! | # | cx, cy, w, h   | score                    | becomes                                   |
//! |---|----------------|--------------------------|-------------------------------------------|
//! | 0 | 8, 8, 8, 8     | dent 0.90                | kept                                      |
//! | 1 | 9, 8, 8, 8     | dent 0.80                | suppressed by 0 (IoU 56/72 > 0.45)        |
//! | 2 | 9, 8, 8, 8     | scratch 0.70             | kept (another class)                      |
//! | 3 | 24, 24, 6, 4   | lamp broken 0.60         | kept                                      |
//! | 4 | 24, 24, 6, 4   | dent 0.20                | below the 0.25 threshold                  |
//! | 5 | 16, 28, 8, 6   | tire flat 0.95           | kept, mapped to null: shown, never priced |
//! | 6 | 16, 16, 4, 4   | 0.10 for every class     | below the threshold                       |
//! | 7 | 16, 4, 10, 6   | dent = mean of input R   | kept: checks letterbox and normalisation  |

use shopbench_detect::{DetectError, Manifest, OnnxDetector};
use shopbench_estimate::{
    detect_areas, AreaSource, DamageType, ImageRef, ProposedArea, Rect, Severity, View,
};

fn model(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/models/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} — run tools/make_models.py"))
}

const CLASSES: &str =
    r#"["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"]"#;
const MAPPING: &str = r#"{"dent": "dent", "scratch": "scratch", "crack": "crack",
    "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}"#;

fn manifest_json(format: &str, side: usize, classes: &str, mapping: &str) -> String {
    format!(
        r#"{{"name": "test stand-in", "format": "{format}",
            "input": {{"width": {side}, "height": {side}}},
            "classes": {classes}, "damage_types": {mapping}}}"#
    )
}

fn manifest(format: &str) -> Manifest {
    Manifest::parse(&manifest_json(format, 32, CLASSES, MAPPING)).unwrap()
}

fn detector(file: &str, format: &str) -> OnnxDetector {
    OnnxDetector::from_bytes(file, &model(file), manifest(format)).unwrap()
}

/// A photo of one colour.
fn photo(w: usize, h: usize, rgb: [u8; 3]) -> Vec<u8> {
    rgb.repeat(w * h)
}

fn image<'a>(rgb: &'a [u8], w: u32, h: u32, view: Option<View>) -> ImageRef<'a> {
    ImageRef {
        photo_id: "front.jpg",
        width: w,
        height: h,
        rgb,
        view,
    }
}

fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
    Rect::new(x as f32, y as f32, w as f32, h as f32).unwrap()
}

/// The mean of the letterboxed input's red channel for a pure red photo: the photo's share
/// of the input is 1.0, the bars' is 114 / 255.
fn red_mean(photo_share: f64) -> f32 {
    (photo_share + (1.0 - photo_share) * 114.0 / 255.0) as f32
}

/// What every stand-in model must give for a red 64 × 48 photo: scale 0.5 into 32 × 32,
/// a 32 × 24 picture with 4 grey rows above and below; a box's photo x is its input x / 0.5,
/// its photo y is (input y − 4) / 0.5, both clipped to the photo.
fn expected() -> Vec<(&'static str, f32, Rect)> {
    vec![
        // #5: input [12, 25, 20, 31] → photo x 24, y 42..54 clipped to 48.
        (
            "tire flat",
            0.95,
            rect(24.0 / 64.0, 42.0 / 48.0, 16.0 / 64.0, 6.0 / 48.0),
        ),
        // #0: input [4, 4, 12, 12] → photo x 8, y 0, 16 × 16 px.
        (
            "dent",
            0.90,
            rect(8.0 / 64.0, 0.0, 16.0 / 64.0, 16.0 / 48.0),
        ),
        // #7: input [11, 1, 21, 7] → photo x 22, y −6..6 clipped to 0..6.
        (
            "dent",
            red_mean(0.75),
            rect(22.0 / 64.0, 0.0, 20.0 / 64.0, 6.0 / 48.0),
        ),
        // #2: input [5, 4, 13, 12] → photo x 10, y 0.
        (
            "scratch",
            0.70,
            rect(10.0 / 64.0, 0.0, 16.0 / 64.0, 16.0 / 48.0),
        ),
        // #3: input [21, 22, 27, 26] → photo x 42, y 36, 12 × 8 px.
        (
            "lamp broken",
            0.60,
            rect(42.0 / 64.0, 36.0 / 48.0, 12.0 / 64.0, 8.0 / 48.0),
        ),
    ]
}

fn assert_known_boxes(det: &OnnxDetector) {
    let rgb = photo(64, 48, [255, 0, 0]);
    let found = det.detections(&image(&rgb, 64, 48, None)).unwrap();
    let got: Vec<(&str, f32, Rect)> = found
        .iter()
        .map(|d| (d.label.as_str(), d.score, d.region))
        .collect();
    let want = expected();
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, w.0);
        assert_eq!(g.2, w.2, "{}", g.0);
        // Constant scores pass through exactly; the mean is a float sum of 1,024 values.
        assert!((g.1 - w.1).abs() < 1e-6, "{} {} vs {}", g.0, g.1, w.1);
    }
}

#[test]
fn yolov8_boxes_are_decoded_suppressed_and_mapped_to_photo_fractions_exactly() {
    assert_known_boxes(&detector("tiny-v8.onnx", "yolov8"));
}

#[test]
fn yolov5_scores_are_objectness_times_class_and_give_the_same_boxes() {
    assert_known_boxes(&detector("tiny-v5.onnx", "yolov5"));
}

#[test]
fn yolov8_seg_exports_are_read_for_their_boxes() {
    assert_known_boxes(&detector("tiny-v8seg.onnx", "yolov8-seg"));
}

#[test]
fn letterbox_bars_and_normalisation_reach_the_model_exactly() {
    let det = detector("tiny-v8.onnx", "yolov8");
    // Candidate 7's dent score is the mean of the input's red channel.
    let score_of_7 = |w: usize, h: usize, rgb: [u8; 3]| {
        let px = photo(w, h, rgb);
        det.detections(&image(&px, w as u32, h as u32, None))
            .unwrap()
            .iter()
            .find(|d| d.label == "dent" && d.score != 0.90)
            .map(|d| d.score)
    };
    let close = |a: Option<f32>, b: f32| (a.unwrap() - b).abs() < 1e-6;
    // Square: no bars. Portrait 3:4 → a quarter of the columns are bars; 1:2 → half of them.
    // (Candidate 7 sits in the top rows, which a landscape photo's bars would cover.)
    assert!(close(score_of_7(32, 32, [255, 0, 0]), 1.0));
    assert!(close(score_of_7(48, 64, [255, 0, 0]), red_mean(0.75)));
    assert!(close(score_of_7(64, 128, [255, 0, 0]), red_mean(0.5)));
    // Scaled by 1/255: R = 153 is 0.6, under a square photo exactly.
    assert!(close(score_of_7(96, 96, [153, 0, 0]), 0.6));
    // Black photo, 1:2: only the bars count, 0.5 × 114/255 = 0.2235 < 0.25 → dropped.
    assert_eq!(score_of_7(64, 128, [0, 0, 0]), None);
}

#[test]
fn classes_map_to_damage_types_and_the_view_names_the_panel() {
    let det = detector("tiny-v8.onnx", "yolov8");
    let rgb = photo(64, 48, [255, 0, 0]);
    let p = det
        .proposals(&image(&rgb, 64, 48, Some(View::Front)))
        .unwrap();
    let types: Vec<Option<DamageType>> = p.iter().map(|a| a.damage_type).collect();
    use DamageType::*;
    assert_eq!(
        types,
        [
            None,
            Some(Dent),
            Some(Dent),
            Some(Scratch),
            Some(LampDamage)
        ]
    );
    assert!(p
        .iter()
        .all(|a| a.source == AreaSource::Detector("test stand-in".into())));
    // #0, x 0.125..0.375, y 0..0.333 on a front photo: mostly the hood (zone 0.15..0.85 ×
    // 0.15..0.45); its share of the hood 0.225 × 0.1833 / 0.21 = 0.196 → a moderate dent.
    assert_eq!(p[1].panel.as_deref(), Some("hood"));
    assert_eq!(p[1].severity, Severity::Moderate);
    // #3, the lamp, x 0.656..0.844, y 0.75..0.917: below the headlamp zones → no panel.
    assert_eq!(p[4].panel, None);
    // Without a view no panel is guessed.
    let blind = det.proposals(&image(&rgb, 64, 48, None)).unwrap();
    assert!(blind.iter().all(|a| a.panel.is_none()));
}

#[test]
fn proposals_through_the_estimate_seam_are_stamped_and_stay_proposals() {
    let det = detector("tiny-v8.onnx", "yolov8");
    let rgb = photo(64, 48, [255, 0, 0]);
    let imgs = [ImageRef {
        photo_id: "rear.jpg",
        ..image(&rgb, 64, 48, Some(View::Rear))
    }];
    let p: Vec<ProposedArea> = detect_areas(&det, &imgs).unwrap();
    assert_eq!(p.len(), 5);
    assert!(p.iter().all(|a| a.photo_id.as_deref() == Some("rear.jpg")));
    // The tyre has no damage type: it cannot be confirmed into an area.
    assert!(p[0].confirm(Some("wheel_rear_left")).is_err());
    let dent = p[1].confirm(Some("trunk_lid")).unwrap();
    assert_eq!(dent.confidence, Some(0.90));
    assert_eq!(dent.source, AreaSource::Detector("test stand-in".into()));
}

#[test]
fn a_manifest_whose_classes_disagree_with_the_model_is_refused() {
    let renamed = CLASSES.replace("glass shatter", "glass_shatter");
    let mapping = MAPPING.replace("glass shatter", "glass_shatter");
    let m = Manifest::parse(&manifest_json("yolov8", 32, &renamed, &mapping)).unwrap();
    let e = OnnxDetector::from_bytes("tiny-v8.onnx", &model("tiny-v8.onnx"), m).unwrap_err();
    assert!(matches!(e, DetectError::ClassesDisagree { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("glass shatter") && msg.contains("glass_shatter"),
        "{msg}"
    );
    // A mapping that names no class of the model.
    let typo = MAPPING.replace("\"crack\": \"crack\"", "\"crak\": \"crack\"");
    let e = Manifest::parse(&manifest_json("yolov8", 32, CLASSES, &typo)).unwrap_err();
    assert!(e.to_string().contains("'crak'"), "{e}");
}

#[test]
fn a_model_of_the_wrong_shape_is_refused_before_any_photo() {
    // A stock 80-class COCO export with a six-class manifest.
    let e = OnnxDetector::from_bytes("coco-v8.onnx", &model("coco-v8.onnx"), manifest("yolov8"))
        .unwrap_err();
    assert!(matches!(e, DetectError::OutputShape { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("1×84×8") && msg.contains("1×10×N"), "{msg}");
    // The right model read with the wrong layout: YOLOv5 needs 11 values per box.
    let e = OnnxDetector::from_bytes("tiny-v8.onnx", &model("tiny-v8.onnx"), manifest("yolov5"))
        .unwrap_err();
    assert!(e.to_string().contains("objectness"), "{e}");
    // An input size the model does not take.
    let m = Manifest::parse(&manifest_json("yolov8", 640, CLASSES, MAPPING)).unwrap();
    let e = OnnxDetector::from_bytes("tiny-v8.onnx", &model("tiny-v8.onnx"), m).unwrap_err();
    assert!(matches!(e, DetectError::InputShape { .. }), "{e}");
    assert!(e.to_string().contains("1×3×32×32"), "{e}");
}

#[test]
fn a_truncated_or_foreign_file_is_refused_naming_it() {
    let bytes = model("tiny-v8.onnx");
    for cut in [0, 1, 16, bytes.len() / 2, bytes.len() - 40, bytes.len() - 1] {
        let e = OnnxDetector::from_bytes("model.onnx", &bytes[..cut], manifest("yolov8"))
            .expect_err(&format!("cut at {cut} of {}", bytes.len()));
        let msg = e.to_string();
        assert!(msg.contains("model.onnx"), "{cut}: {msg}");
        assert!(
            matches!(e, DetectError::NotOnnx { .. }),
            "cut at {cut}: {msg}"
        );
    }
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0];
    let e = OnnxDetector::from_bytes("photo.jpg", &jpeg, manifest("yolov8")).unwrap_err();
    assert!(e.to_string().contains("not a readable ONNX model"), "{e}");
}

#[test]
fn missing_files_and_bad_pixels_are_named() {
    let dir = std::env::temp_dir().join("shopbench-detect-none");
    let e = OnnxDetector::from_files(&dir.join("model.onnx"), &dir.join("manifest.json"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("manifest.json"), "{e}");
    let det = detector("tiny-v8.onnx", "yolov8");
    let e = det
        .detections(&image(&[0; 10], 4, 4, None))
        .unwrap_err()
        .to_string();
    assert!(e.contains("front.jpg") && e.contains("48"), "{e}");
}
