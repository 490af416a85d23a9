//! The damage detector's stand-in for tests (no damage model ships):
//! `crates/detect/tests/models/tiny-v8.onnx`, made by
//! `crates/detect/tools/make_models.py`, whose boxes on a pure red photo are
//! known (see `crates/detect/tests/models.rs`), with a manifest mapping
//! CarDD's six classes to shopbench's damage types.

use std::path::{Path, PathBuf};

/// Writes the stand-in model as `model` and its manifest as `manifest`,
/// proposals kept from `threshold` up (`None`: the manifest's default).
pub fn install(model: &Path, manifest: &Path, threshold: Option<f32>) {
    let models = crate::workspace_root().join("crates/detect/tests/models");
    for dir in [model.parent(), manifest.parent()].into_iter().flatten() {
        std::fs::create_dir_all(dir).expect("create the detector's folder");
    }
    std::fs::copy(models.join("tiny-v8.onnx"), model).expect("copy the stand-in model");
    let threshold = threshold
        .map(|t| format!(r#", "score_threshold": {t}"#))
        .unwrap_or_default();
    std::fs::write(
        manifest,
        format!(
            r#"{{"name": "stand-in", "format": "yolov8", "input": {{"width": 32, "height": 32}},
            "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
            "damage_types": {{"dent": "dent", "scratch": "scratch", "crack": "crack",
              "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}}{threshold}}}"#
        ),
    )
    .expect("write the stand-in manifest");
}

/// The stand-in in the shop's settings folder under `home`
/// (`CONFIG/detector/model.onnx` and `manifest.json`), where the desktop and
/// `serve` look for a model; returns the model's path.
pub fn install_in_settings(home: &Path, threshold: Option<f32>) -> PathBuf {
    let dir = home.join(".config/shopbench/detector");
    let model = dir.join("model.onnx");
    install(&model, &dir.join("manifest.json"), threshold);
    model
}

/// A pure red 64 × 48 PNG: the stand-in model's boxes land at known places on it.
pub fn red_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(64, 48, image::Rgb([255, 0, 0]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode a PNG");
    out.into_inner()
}
