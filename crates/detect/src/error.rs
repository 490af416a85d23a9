//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading a detection model or running it.
///
/// Each message says which file or field is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DetectError {
    /// A model or manifest file could not be read.
    #[error("cannot read the detector's {what} {}: {detail} — check the path", path.display())]
    Unreadable {
        /// `model` or `manifest`.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        detail: String,
    },
    /// The manifest is not valid JSON, or has a field of the wrong type or an unknown field.
    #[error("detector manifest: {detail} — see crates/detect/README.md for the manifest's fields")]
    ManifestSyntax {
        /// serde's message, with line and column.
        detail: String,
    },
    /// A manifest field has a value that cannot be used.
    #[error("detector manifest: '{field}' {detail}")]
    ManifestValue {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// The manifest maps a class name that is not one of the model's classes.
    #[error("detector manifest: damage_types maps '{given}', which is not one of the model's classes ({}) — fix the spelling or the classes list", classes.join(", "))]
    UnknownClass {
        /// The name in `damage_types`.
        given: String,
        /// The classes in the manifest.
        classes: Vec<String>,
    },
    /// A model class has no entry in `damage_types`.
    #[error("detector manifest: the model's class '{class}' is not in damage_types — map it to one of {} (or to null to show it without pricing it)", valid.join(", "))]
    UnmappedClass {
        /// The class.
        class: String,
        /// shopbench's damage types.
        valid: Vec<String>,
    },
    /// A class is mapped to something that is not a shopbench damage type.
    #[error("detector manifest: class '{class}' is mapped to '{given}', which is not a shopbench damage type — use one of {} (or null)", valid.join(", "))]
    UnknownDamageType {
        /// The class.
        class: String,
        /// The value given.
        given: String,
        /// shopbench's damage types.
        valid: Vec<String>,
    },
    /// The bytes are not a readable ONNX model (not ONNX at all, or cut short).
    #[error("{file} is not a readable ONNX model ({detail}) — the file may be truncated or not an .onnx export; copy or export it again")]
    NotOnnx {
        /// The model's file name (or `model` for bytes).
        file: String,
        /// The parser's message.
        detail: String,
    },
    /// The model is ONNX but tract cannot prepare it (an unsupported operator, inconsistent shapes).
    #[error("{file} cannot be run: {detail} — export it again (opset 12–18, static 1×3×H×W input, without NMS inside the graph)")]
    Unsupported {
        /// The model's file name.
        file: String,
        /// tract's message.
        detail: String,
    },
    /// The model's input is not the 1×3×H×W image the manifest describes.
    #[error("{file} takes an input of shape {model} but the manifest describes a 1×3×{height}×{width} image — fix input.width/height in the manifest or use the model it was written for")]
    InputShape {
        /// The model's file name.
        file: String,
        /// The model's declared input shape.
        model: String,
        /// The manifest's width.
        width: usize,
        /// The manifest's height.
        height: usize,
    },
    /// The model's output does not have the layout the manifest names.
    #[error("{file} outputs {shape}, but a {layout} model with the manifest's {classes} classes outputs 1×{per_box}×N or 1×N×{per_box} ({detail}) — is the manifest for this model?")]
    OutputShape {
        /// The model's file name.
        file: String,
        /// The shape the model produces.
        shape: String,
        /// The manifest's format.
        layout: &'static str,
        /// Number of classes in the manifest.
        classes: usize,
        /// Values per candidate box the layout needs.
        per_box: usize,
        /// What makes up `per_box`.
        detail: String,
    },
    /// The class names written in the model disagree with the manifest's.
    #[error("{file} names its classes {} but the manifest lists {} — the manifest must list the model's classes in its order", model.join(", "), manifest.join(", "))]
    ClassesDisagree {
        /// The model's file name.
        file: String,
        /// Names read from the model's metadata.
        model: Vec<String>,
        /// Names in the manifest.
        manifest: Vec<String>,
    },
    /// The pixels handed in do not match the stated size.
    #[error("photo {photo}: {detail}")]
    BadImage {
        /// The photo.
        photo: String,
        /// What is wrong.
        detail: String,
    },
    /// Running the model failed.
    #[error("running {file} on photo {photo} failed: {detail}")]
    Inference {
        /// The model's file name.
        file: String,
        /// The photo.
        photo: String,
        /// tract's message.
        detail: String,
    },
}
