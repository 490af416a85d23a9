//! The manifest: what shopbench needs to know about a model that the `.onnx` file does not
//! say reliably — its output layout, input size and normalisation, the class names and which
//! shopbench damage type each one is, and the thresholds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shopbench_estimate::DamageType;

use crate::DetectError;

/// How the model lays out its candidate boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputLayout {
    /// Ultralytics YOLOv8/YOLO11 detect: `1 × (4 + classes) × N`, centre-x, centre-y, width,
    /// height in input pixels, then one score per class (already through a sigmoid).
    #[serde(rename = "yolov8")]
    Yolov8,
    /// YOLOv5 detect: `1 × N × (5 + classes)`, the box, an objectness, then class
    /// probabilities; a class's score is objectness × probability.
    #[serde(rename = "yolov5")]
    Yolov5,
    /// YOLOv8 segment: as [`OutputLayout::Yolov8`] with 32 mask coefficients after the
    /// class scores, and a second output (the mask prototypes), which is not used: the box
    /// is what the estimator confirms.
    #[serde(rename = "yolov8-seg")]
    Yolov8Seg,
}

impl OutputLayout {
    /// The name used in manifests.
    pub const fn as_str(self) -> &'static str {
        match self {
            OutputLayout::Yolov8 => "yolov8",
            OutputLayout::Yolov5 => "yolov5",
            OutputLayout::Yolov8Seg => "yolov8-seg",
        }
    }

    /// Values per candidate box for `classes` classes, and what they are.
    pub fn per_box(self, classes: usize) -> (usize, String) {
        match self {
            OutputLayout::Yolov8 => (4 + classes, format!("4 box + {classes} class scores")),
            OutputLayout::Yolov5 => (
                5 + classes,
                format!("4 box + objectness + {classes} class scores"),
            ),
            OutputLayout::Yolov8Seg => (
                4 + classes + 32,
                format!("4 box + {classes} class scores + 32 mask coefficients"),
            ),
        }
    }
}

/// The model's input image.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    /// Width in pixels (640 for a stock export).
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Grey level of the letterbox bars (Ultralytics uses 114).
    #[serde(default = "default_pad")]
    pub pad_value: u8,
}

fn default_pad() -> u8 {
    114
}

impl Default for InputSpec {
    fn default() -> Self {
        InputSpec {
            width: 640,
            height: 640,
            pad_value: default_pad(),
        }
    }
}

/// How a pixel becomes the model's input value: `(pixel / scale - mean[c]) / std[c]`, in
/// R, G, B order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Normalize {
    /// Divisor of the 0..255 value (255 for YOLO exports, 1 to keep 0..255).
    pub scale: f32,
    /// Per-channel mean subtracted after scaling.
    #[serde(default)]
    pub mean: [f32; 3],
    /// Per-channel standard deviation divided by last.
    #[serde(default = "unit_std")]
    pub std: [f32; 3],
}

fn unit_std() -> [f32; 3] {
    [1.0; 3]
}

impl Default for Normalize {
    fn default() -> Self {
        Normalize {
            scale: 255.0,
            mean: [0.0; 3],
            std: unit_std(),
        }
    }
}

impl Normalize {
    /// The input value of one 0..255 `pixel` value of channel `c` (0 = R).
    pub fn apply(&self, pixel: f32, c: usize) -> f32 {
        (pixel / self.scale - self.mean[c]) / self.std[c]
    }
}

/// A checked manifest (see [`Manifest::parse`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// A name for the model, shown with its proposals (default: the model's file name).
    pub name: Option<String>,
    /// The output layout.
    pub format: OutputLayout,
    /// The input image.
    pub input: InputSpec,
    /// The normalisation.
    pub normalize: Normalize,
    /// The model's class names, in the model's order.
    pub classes: Vec<String>,
    /// Per class (same order), the shopbench damage type, or `None` to show detections of
    /// that class without pricing them.
    pub damage_types: Vec<Option<DamageType>>,
    /// Candidates scoring below this are dropped.
    pub score_threshold: f32,
    /// Boxes of one class overlapping a better one by more than this (intersection over union) are dropped.
    pub iou_threshold: f32,
    /// At most this many boxes per photo, best first.
    pub max_detections: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    format: OutputLayout,
    #[serde(default)]
    input: InputSpec,
    #[serde(default)]
    normalize: Normalize,
    classes: Vec<String>,
    damage_types: BTreeMap<String, Option<String>>,
    #[serde(default = "default_score")]
    score_threshold: f32,
    #[serde(default = "default_iou")]
    iou_threshold: f32,
    #[serde(default = "default_max")]
    max_detections: usize,
}

fn default_score() -> f32 {
    0.25
}
fn default_iou() -> f32 {
    0.45
}
fn default_max() -> usize {
    100
}

fn value_error(field: &'static str, detail: impl Into<String>) -> DetectError {
    DetectError::ManifestValue {
        field,
        detail: detail.into(),
    }
}

impl Manifest {
    /// Parses and checks a manifest: known fields only, sizes 1..=4096, thresholds in
    /// 0..1, class names unique, every class mapped to a shopbench damage type (or null) and
    /// nothing else mapped.
    pub fn parse(json: &str) -> Result<Manifest, DetectError> {
        let raw: Raw = serde_json::from_str(json).map_err(|e| DetectError::ManifestSyntax {
            detail: e.to_string(),
        })?;
        check_input(&raw)?;
        check_thresholds(&raw)?;
        check_classes(&raw)?;
        let damage_types = damage_types(&raw)?;
        Ok(Manifest {
            name: raw.name.filter(|n| !n.trim().is_empty()),
            format: raw.format,
            input: raw.input,
            normalize: raw.normalize,
            classes: raw.classes,
            damage_types,
            score_threshold: raw.score_threshold,
            iou_threshold: raw.iou_threshold,
            max_detections: raw.max_detections,
        })
    }
}

/// The input size (1 to 4096 pixels a side) and a usable normalization
/// (scale above 0, finite means, non-zero standard deviations).
fn check_input(raw: &Raw) -> Result<(), DetectError> {
    let side_ok = |v: usize| (1..=4096).contains(&v);
    if !side_ok(raw.input.width) || !side_ok(raw.input.height) {
        return Err(value_error(
            "input",
            format!(
                "is {}×{}: width and height must be 1 to 4096 pixels",
                raw.input.width, raw.input.height
            ),
        ));
    }
    let n = &raw.normalize;
    let finite = n.mean.iter().chain(&n.std).all(|v| v.is_finite());
    let usable = n.scale.is_finite() && n.scale > 0.0 && finite && !n.std.contains(&0.0);
    if !usable {
        return Err(value_error(
            "normalize",
            "needs scale > 0, finite means and non-zero standard deviations",
        ));
    }
    Ok(())
}

/// Score and overlap thresholds in (0, 1], and at least one detection kept.
fn check_thresholds(raw: &Raw) -> Result<(), DetectError> {
    for (field, v) in [
        ("score_threshold", raw.score_threshold),
        ("iou_threshold", raw.iou_threshold),
    ] {
        if !(v > 0.0 && v <= 1.0) {
            return Err(value_error(
                field,
                format!("is {v}: use a number above 0 and at most 1"),
            ));
        }
    }
    if raw.max_detections == 0 {
        return Err(value_error("max_detections", "must be at least 1"));
    }
    Ok(())
}

/// The class names: some, each once, and no damage type mapped for a
/// class the model does not have.
fn check_classes(raw: &Raw) -> Result<(), DetectError> {
    if raw.classes.is_empty() {
        return Err(value_error(
            "classes",
            "is empty: list the model's class names in its order",
        ));
    }
    for (i, c) in raw.classes.iter().enumerate() {
        if raw.classes[..i].contains(c) {
            return Err(value_error("classes", format!("names '{c}' twice")));
        }
    }
    if let Some(given) = raw.damage_types.keys().find(|k| !raw.classes.contains(k)) {
        return Err(DetectError::UnknownClass {
            given: given.clone(),
            classes: raw.classes.clone(),
        });
    }
    Ok(())
}

/// Each class's shopbench damage type, in the model's class order (`None`:
/// a class shopbench does not price); an unmapped class or an unknown
/// damage type is refused, listing the valid ones.
fn damage_types(raw: &Raw) -> Result<Vec<Option<DamageType>>, DetectError> {
    let valid = || {
        DamageType::ALL
            .iter()
            .map(|d| d.as_str().to_string())
            .collect()
    };
    raw.classes
        .iter()
        .map(|class| match raw.damage_types.get(class) {
            None => Err(DetectError::UnmappedClass {
                class: class.clone(),
                valid: valid(),
            }),
            Some(None) => Ok(None),
            Some(Some(t)) => {
                t.parse::<DamageType>()
                    .map(Some)
                    .map_err(|_| DetectError::UnknownDamageType {
                        class: class.clone(),
                        given: t.clone(),
                        valid: valid(),
                    })
            }
        })
        .collect()
}

/// The class names Ultralytics writes into an export's metadata (`names`), a Python dict
/// literal such as `{0: 'dent', 1: 'glass shatter'}`; `None` when it does not read as one.
pub fn parse_ultralytics_names(s: &str) -> Option<Vec<String>> {
    let body = s.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut names = Vec::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let (index, after) = rest.split_once(':')?;
        if index.trim().parse::<usize>().ok()? != names.len() {
            return None;
        }
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let (name, tail) = after[1..].split_once(quote)?;
        names.push(name.to_string());
        rest = tail.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const CARDD: &str = r#"{
        "format": "yolov8",
        "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
        "damage_types": {"dent": "dent", "scratch": "scratch", "crack": "crack",
            "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}
    }"#;

    #[test]
    fn a_stock_manifest_takes_the_ultralytics_defaults() {
        let m = Manifest::parse(CARDD).unwrap();
        assert_eq!(m.input, InputSpec::default());
        assert_eq!((m.input.width, m.input.pad_value), (640, 114));
        assert_eq!(m.normalize.apply(255.0, 0), 1.0);
        assert_eq!((m.score_threshold, m.iou_threshold), (0.25, 0.45));
        assert_eq!(m.damage_types[3], Some(DamageType::GlassBreak));
        assert_eq!(m.damage_types[5], None);
    }

    fn with(from: &str, to: &str) -> Result<Manifest, DetectError> {
        assert!(CARDD.contains(from), "{from}");
        Manifest::parse(&CARDD.replace(from, to))
    }

    #[test]
    fn a_misspelt_class_in_the_mapping_is_named() {
        let e = with(r#""dent": "dent""#, r#""dnet": "dent""#).unwrap_err();
        assert!(matches!(&e, DetectError::UnknownClass { given, .. } if given == "dnet"));
        assert!(e.to_string().contains("'dnet'"), "{e}");
    }

    #[test]
    fn an_unmapped_class_and_an_unknown_damage_type_are_named() {
        let e = with(r#""tire flat": null"#, r#""x": null"#).unwrap_err();
        assert!(matches!(&e, DetectError::UnknownClass { .. }), "{e}");
        let e = with(r#", "tire flat": null"#, "").unwrap_err();
        assert!(
            matches!(&e, DetectError::UnmappedClass { class, .. } if class == "tire flat"),
            "{e}"
        );
        assert!(e.to_string().contains("glass_break"), "{e}");
        let e = with(r#""glass_break""#, r#""shattered""#).unwrap_err();
        assert!(e.to_string().contains("'shattered'"), "{e}");
        assert!(e.to_string().contains("glass shatter"), "{e}");
    }

    #[test]
    fn bad_values_and_unknown_fields_are_refused() {
        for (from, to) in [
            (r#""format": "yolov8""#, r#""format": "yolov9""#),
            (
                r#""format": "yolov8""#,
                r#""format": "yolov8", "score_treshold": 0.3"#,
            ),
            (
                r#""format": "yolov8""#,
                r#""format": "yolov8", "iou_threshold": 0"#,
            ),
            (
                r#""format": "yolov8""#,
                r#""format": "yolov8", "score_threshold": 1.5"#,
            ),
            (
                r#""format": "yolov8""#,
                r#""format": "yolov8", "input": {"width": 0, "height": 640}"#,
            ),
            (
                r#""format": "yolov8""#,
                r#""format": "yolov8", "normalize": {"scale": 255, "std": [1, 0, 1]}"#,
            ),
            (r#""crack", "glass"#, r#""crack", "crack", "glass"#),
        ] {
            assert!(with(from, to).is_err(), "{to}");
        }
    }

    #[test]
    fn ultralytics_names_metadata_is_read() {
        assert_eq!(
            parse_ultralytics_names("{0: 'dent', 1: \"glass shatter\"}").unwrap(),
            ["dent", "glass shatter"]
        );
        assert_eq!(parse_ultralytics_names("{}").unwrap(), Vec::<String>::new());
        assert!(parse_ultralytics_names("{1: 'dent'}").is_none());
        assert!(parse_ultralytics_names("['dent']").is_none());
    }
}
