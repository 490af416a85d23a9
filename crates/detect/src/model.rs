//! The model: an ONNX file run by tract, checked against its manifest when loaded.

use std::fmt;
use std::path::Path;

use shopbench_estimate::{AreaSource, DamageDetector, EstimateError, ImageRef, ProposedArea, Rect};
use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;
use tract_onnx::tract_hir::infer::Factoid;

use crate::decode::{candidates, nms, OutputGeometry};
use crate::letterbox::Letterbox;
use crate::manifest::{parse_ultralytics_names, Manifest};
use crate::propose::propose;
use crate::DetectError;

/// One box the model found on a photo, after NMS.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The class's index in the manifest.
    pub class: usize,
    /// The class's name.
    pub label: String,
    /// Its score, 0..1.
    pub score: f32,
    /// The box, as fractions of the photo.
    pub region: Rect,
}

/// A YOLO-style ONNX damage model with its manifest, ready to run.
///
/// Loading checks the model against the manifest — the input is 1 × 3 × H × W with the
/// manifest's size, the output has the manifest's layout for its number of classes, the
/// class names written in the model (Ultralytics exports carry them) are the manifest's —
/// so a mismatch is an error before any photo, not nonsense boxes after.
pub struct OnnxDetector {
    name: String,
    file: String,
    manifest: Manifest,
    geometry: OutputGeometry,
    output: usize,
    plan: TypedSimplePlan<TypedModel>,
}

impl fmt::Debug for OnnxDetector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnnxDetector")
            .field("name", &self.name)
            .field("file", &self.file)
            .field("geometry", &self.geometry)
            .finish_non_exhaustive()
    }
}

fn unreadable(what: &'static str, path: &Path, e: std::io::Error) -> DetectError {
    DetectError::Unreadable {
        what,
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A shape for messages: `1×84×8400`, `?` for a dimension the model leaves open.
fn shape_text<'a>(dims: impl IntoIterator<Item = Option<&'a usize>>) -> String {
    dims.into_iter()
        .map(|d| d.map_or("?".to_string(), |d| d.to_string()))
        .collect::<Vec<_>>()
        .join("×")
}

impl OnnxDetector {
    /// Reads the model and its manifest from files and loads them ([`OnnxDetector::from_bytes`]).
    pub fn from_files(model: &Path, manifest: &Path) -> Result<OnnxDetector, DetectError> {
        let text =
            std::fs::read_to_string(manifest).map_err(|e| unreadable("manifest", manifest, e))?;
        let manifest = Manifest::parse(&text)?;
        let bytes = std::fs::read(model).map_err(|e| unreadable("model", model, e))?;
        let file = model.file_name().map_or_else(
            || model.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        OnnxDetector::from_bytes(&file, &bytes, manifest)
    }

    /// Loads an ONNX model (`file` names it in messages) and checks it against `manifest`.
    pub fn from_bytes(
        file: &str,
        bytes: &[u8],
        manifest: Manifest,
    ) -> Result<OnnxDetector, DetectError> {
        let not_onnx = |detail: String| DetectError::NotOnnx {
            file: file.to_string(),
            detail,
        };
        let unsupported = |e: TractError| DetectError::Unsupported {
            file: file.to_string(),
            detail: format!("{e:#}"),
        };
        let onnx = tract_onnx::onnx();
        let proto: ModelProto = onnx
            .proto_model_for_read(&mut &bytes[..])
            .map_err(|e| not_onnx(format!("{e:#}")))?;
        let graph_ok = proto.graph.as_ref().is_some_and(|g| !g.node.is_empty());
        if !graph_ok {
            return Err(not_onnx("it holds no graph".into()));
        }
        check_names(file, &proto, &manifest)?;
        let model = onnx
            .model_for_proto_model(&proto)
            .map_err(|e| not_onnx(format!("{e:#}")))?;
        let (w, h) = (manifest.input.width, manifest.input.height);
        check_input(file, &model, w, h)?;
        let typed = model
            .with_input_fact(0, f32::fact([1, 3, h, w]).into())
            .and_then(|m| m.into_optimized())
            .map_err(unsupported)?;
        let (output, geometry) = output_geometry(file, &typed, &manifest)?;
        let plan = typed.into_runnable().map_err(unsupported)?;
        let name = manifest.name.clone().unwrap_or_else(|| file.to_string());
        Ok(OnnxDetector {
            name,
            file: file.to_string(),
            manifest,
            geometry,
            output,
            plan,
        })
    }

    /// The manifest it was loaded with.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The name recorded on its proposals (the manifest's `name`, else the model's file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The boxes found on `image`: letterboxed into the input, run, decoded, thresholded,
    /// suppressed per class, mapped back to fractions of the photo; best first.
    pub fn detections(&self, image: &ImageRef<'_>) -> Result<Vec<Detection>, DetectError> {
        let (w, h) = (image.width as usize, image.height as usize);
        if w == 0 || h == 0 || image.rgb.len() != w * h * 3 {
            return Err(DetectError::BadImage {
                photo: image.photo_id.to_string(),
                detail: format!(
                    "{} bytes of pixels for {w} × {h} (expected {} RGB bytes)",
                    image.rgb.len(),
                    w * h * 3
                ),
            });
        }
        let m = &self.manifest;
        let input = (m.input.width, m.input.height);
        let lb = Letterbox::fit((w, h), input);
        let data = lb.tensor(image.rgb, &m.normalize, m.input.pad_value);
        let failed = |e: TractError| DetectError::Inference {
            file: self.file.clone(),
            photo: image.photo_id.to_string(),
            detail: format!("{e:#}"),
        };
        let tensor = Tensor::from_shape(&[1, 3, input.1, input.0], &data).map_err(failed)?;
        let outputs = self.plan.run(tvec!(tensor.into())).map_err(failed)?;
        let raw = outputs[self.output].as_slice::<f32>().map_err(failed)?;
        let found = candidates(&self.geometry, raw, m.score_threshold);
        let kept = nms(&found, m.iou_threshold, m.max_detections);
        Ok(kept
            .iter()
            .filter_map(|c| {
                Some(Detection {
                    class: c.class,
                    label: m.classes[c.class].clone(),
                    score: c.score,
                    region: lb.to_photo(c.bbox)?,
                })
            })
            .collect())
    }

    /// The damage areas proposed on `image`: each detection with the damage type its class
    /// maps to, and the panel and severity read from its box and the photo's view.
    pub fn proposals(&self, image: &ImageRef<'_>) -> Result<Vec<ProposedArea>, DetectError> {
        Ok(self
            .detections(image)?
            .into_iter()
            .map(|d| {
                let damage_type = self.manifest.damage_types[d.class];
                let (panel, severity) = propose(image.view, &d.region, damage_type);
                ProposedArea {
                    photo_id: Some(image.photo_id.to_string()),
                    region: d.region,
                    panel: panel.map(String::from),
                    damage_type,
                    severity,
                    confidence: d.score,
                    label: d.label,
                    source: AreaSource::Detector(self.name.clone()),
                }
            })
            .collect())
    }
}

impl DamageDetector for OnnxDetector {
    fn name(&self) -> &str {
        &self.name
    }

    fn detect(&self, image: &ImageRef<'_>) -> Result<Vec<ProposedArea>, EstimateError> {
        self.proposals(image).map_err(|e| EstimateError::Detector {
            detector: self.name.clone(),
            message: e.to_string(),
        })
    }
}

/// The class names an Ultralytics export writes in its metadata must be the manifest's.
fn check_names(file: &str, proto: &ModelProto, manifest: &Manifest) -> Result<(), DetectError> {
    let names = proto
        .metadata_props
        .iter()
        .find(|p| p.key == "names")
        .and_then(|p| parse_ultralytics_names(&p.value));
    match names {
        Some(model) if model != manifest.classes => Err(DetectError::ClassesDisagree {
            file: file.to_string(),
            model,
            manifest: manifest.classes.clone(),
        }),
        _ => Ok(()),
    }
}

/// The model's one input must be (or may be) 1 × 3 × `height` × `width`.
fn check_input(
    file: &str,
    model: &InferenceModel,
    width: usize,
    height: usize,
) -> Result<(), DetectError> {
    let wrong = |shape: String| DetectError::InputShape {
        file: file.to_string(),
        model: shape,
        width,
        height,
    };
    let inputs = model.input_outlets().map(|o| o.len()).unwrap_or(0);
    if inputs != 1 {
        return Err(wrong(format!("{inputs} inputs")));
    }
    let fact = model
        .input_fact(0)
        .map_err(|e| wrong(format!("unknown ({e})")))?;
    let dims: Vec<Option<usize>> = fact
        .shape
        .dims()
        .map(|d| {
            d.concretize()
                .and_then(|d| d.as_i64())
                .and_then(|d| usize::try_from(d).ok())
        })
        .collect();
    let want = [1, 3, height, width];
    let fits = dims.len() == 4 && dims.iter().zip(want).all(|(d, w)| d.is_none_or(|d| d == w));
    if fact.shape.is_open() && dims.is_empty() || fits {
        Ok(())
    } else {
        Err(wrong(shape_text(dims.iter().map(Option::as_ref))))
    }
}

/// The output holding the boxes (the first of rank 3) and how to read it.
fn output_geometry(
    file: &str,
    model: &TypedModel,
    manifest: &Manifest,
) -> Result<(usize, OutputGeometry), DetectError> {
    let outputs = model.output_outlets().map(|o| o.len()).unwrap_or(0);
    let shapes: Vec<Option<Vec<usize>>> = (0..outputs)
        .map(|i| {
            model
                .output_fact(i)
                .ok()
                .and_then(|f| f.shape.as_concrete().map(<[usize]>::to_vec))
        })
        .collect();
    let index = shapes
        .iter()
        .position(|s| s.as_ref().is_some_and(|s| s.len() == 3))
        .unwrap_or(0);
    let shape = shapes.get(index).cloned().flatten();
    let layout = manifest.format;
    let classes = manifest.classes.len();
    shape
        .as_deref()
        .and_then(|s| OutputGeometry::of(layout, classes, s))
        .map(|g| (index, g))
        .ok_or_else(|| {
            let (per_box, detail) = layout.per_box(classes);
            DetectError::OutputShape {
                file: file.to_string(),
                shape: shape.map_or("an output of unknown shape".into(), |s| {
                    shape_text(s.iter().map(Some))
                }),
                layout: layout.as_str(),
                classes,
                per_box,
                detail,
            }
        })
}
