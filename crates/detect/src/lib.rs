//! Damage detection with the shop's or insurer's own model.
//!
//! shopbench ships no damage model. Shops, insurers and estimating vendors that have one
//! usually have it as a YOLO-style ONNX export (YOLOv5, YOLOv8/YOLO11 detect, YOLOv8-seg),
//! often trained on the CarDD classes (dent, scratch, crack, glass shatter, lamp broken,
//! tire flat). [`OnnxDetector`] runs such a file locally, in pure Rust (tract), with a small
//! [`Manifest`] that says what the file does not: its output layout, input size and
//! normalisation, class names and the shopbench damage type of each, and the thresholds.
//!
//! A photo (decoded, EXIF orientation applied by intake) is letterboxed into the model's
//! input ([`Letterbox`]), run, decoded ([`candidates`]), thinned by per-class non-maximum
//! suppression ([`nms`]) and mapped back to fractions of the photo. Each box becomes a
//! [`ProposedArea`](shopbench_estimate::ProposedArea) marked with the detector as its source
//! and its confidence; the panel and severity are proposed from the box ([`propose`]), the
//! panel only when the estimator has said which side of the car the photo shows. A proposal
//! is priced only once the estimator confirms it.
//!
//! Apart from [`OnnxDetector::from_files`], the crate reads no files: bytes and pixels in,
//! values out.
//!
//! ```
//! use shopbench_detect::{Manifest, OnnxDetector};
//! use shopbench_estimate::{DamageType, ImageRef, View};
//!
//! // A stand-in model of a few KB made by tools/make_models.py (it is no damage model).
//! let model = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/tiny-v8.onnx"));
//! let manifest = Manifest::parse(r#"{
//!     "format": "yolov8",
//!     "input": {"width": 32, "height": 32},
//!     "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
//!     "damage_types": {"dent": "dent", "scratch": "scratch", "crack": "crack",
//!         "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}
//! }"#).unwrap();
//! let detector = OnnxDetector::from_bytes("tiny-v8.onnx", model, manifest).unwrap();
//!
//! let rgb = vec![255u8; 64 * 48 * 3]; // a white 64 × 48 photo of the car's front
//! let photo = ImageRef { photo_id: "front.jpg", width: 64, height: 48, rgb: &rgb, view: Some(View::Front) };
//! let proposals = detector.proposals(&photo).unwrap();
//! let best = &proposals[0];
//! assert_eq!((best.label.as_str(), best.damage_type), ("tire flat", None)); // shown, not priced
//! assert_eq!(proposals[1].damage_type, Some(DamageType::Dent));
//! assert_eq!(proposals[1].region.x(), 0.125);
//! ```
#![deny(missing_docs)]

mod decode;
mod error;
mod letterbox;
mod manifest;
mod model;
mod propose;

pub use decode::{candidates, iou, nms, Candidate, OutputGeometry, MAX_NMS};
pub use error::DetectError;
pub use letterbox::Letterbox;
pub use manifest::{parse_ultralytics_names, InputSpec, Manifest, Normalize, OutputLayout};
pub use model::{Detection, OnnxDetector};
pub use propose::{
    panel_under, panels_for, propose, severity, zone_kind, Zone, ZoneKind, DEFAULT_STEPS,
    SEVERITY_STEPS, ZONES,
};
