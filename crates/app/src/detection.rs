//! Damage found in the photos: the shop's (or insurer's) own ONNX model, run locally over an
//! estimate's photos, its boxes proposed as damage areas for the estimator to confirm.
//!
//! shopbench ships no model. [`load_detector`] finds the shop's model where the settings say
//! ([`ShopPaths::detector`](crate::ShopPaths), or explicit files) and says what to set when
//! there is none. [`read_photos_with_proposals`] runs the model on new photos while intake
//! has them decoded (one decode per photo), [`propose_areas`] on photos already stored; both
//! spread the photos over the cores. A proposal is not a damage area: the store cannot mark an
//! area as a proposal, so proposals are shown with the exact `--area` text that confirms
//! each ([`area_spec`]), and only the ones the estimator accepts — and that name a panel and a
//! priced damage type ([`accepted_areas`]) — are saved, as the estimator's areas.

use std::path::PathBuf;

use shopbench_detect::OnnxDetector;
use shopbench_estimate::{DamageType, ImageRef, ProposedArea, View};
use shopbench_photos::{check_count, decode_oriented, intake_and_look, read_file};
use shopbench_store::{NewArea, NewEstimatePhoto};

use crate::{AppError, DetectorPaths};

/// Loads the detector from `model` and `manifest` when given, else from where the shop's
/// settings point. No model there is [`AppError::NoDetector`], naming the setting.
pub fn load_detector(
    settings: &DetectorPaths,
    model: Option<PathBuf>,
    manifest: Option<PathBuf>,
) -> Result<OnnxDetector, AppError> {
    let (model, set_by) = match model {
        Some(m) => (m, "given with --model".to_string()),
        None => (settings.model.clone(), settings.set_by.clone()),
    };
    let manifest = manifest.unwrap_or_else(|| {
        if model == settings.model {
            settings.manifest.clone()
        } else {
            model.with_file_name("manifest.json")
        }
    });
    if !model.exists() {
        return Err(AppError::NoDetector { model, set_by });
    }
    Ok(OnnxDetector::from_files(&model, &manifest)?)
}

/// A photo to look at: its file name, its bytes as stored, and the side of the car it shows
/// when the estimator said.
#[derive(Clone, Copy, Debug)]
pub struct PhotoToScan<'a> {
    /// File name (the photo's id in the estimate).
    pub name: &'a str,
    /// The original bytes (JPEG, PNG or WebP; checked by intake).
    pub bytes: &'a [u8],
    /// Which side of the car it shows.
    pub view: Option<View>,
}

/// The detector's proposals for `photos` (already in the estimate), photo by photo in the
/// order given, best first within a photo. Photos are decoded (EXIF orientation applied) and
/// run in parallel, one per core; the first failure in photo order is the error.
pub fn propose_areas(
    detector: &OnnxDetector,
    photos: &[PhotoToScan<'_>],
) -> Result<Vec<ProposedArea>, AppError> {
    let found = par_map(photos, |p| -> Result<Vec<ProposedArea>, AppError> {
        let (width, height, rgb) = decode_oriented(p.name, p.bytes)?;
        look(detector, p.name, p.view, width, height, &rgb)
    });
    let mut out = Vec::new();
    for r in found {
        out.extend(r?);
    }
    Ok(out)
}

/// Reads and checks photo files for a new estimate (as [`read_photos`](crate::estimates::read_photos))
/// and runs the detector on each while it is decoded — one decode per photo for intake and
/// detection, photos spread over the cores. `view_specs` are `--view NAME=SIDE` values.
pub fn read_photos_with_proposals(
    paths: &[PathBuf],
    view_specs: &[String],
    detector: &OnnxDetector,
) -> Result<(Vec<NewEstimatePhoto>, Vec<ProposedArea>), AppError> {
    check_count(paths.len())?;
    let files = paths
        .iter()
        .map(|p| read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let views = parse_views(view_specs, &names)?;
    let jobs: Vec<(&str, &[u8], Option<View>)> = files
        .iter()
        .zip(views)
        .map(|((n, b), v)| (n.as_str(), b.as_slice(), v))
        .collect();
    let done = par_map(&jobs, |(name, bytes, view)| {
        let (photo, found) = intake_and_look(name, bytes, |w, h, rgb| {
            look(detector, name, *view, w, h, rgb)
        })?;
        Ok::<_, AppError>((photo, found?))
    });
    let mut photos = Vec::new();
    let mut proposals = Vec::new();
    for (r, (_, bytes)) in done.into_iter().zip(files) {
        let (photo, found) = r?;
        photos.push(NewEstimatePhoto::from_intake(photo, bytes));
        proposals.extend(found);
    }
    Ok((photos, proposals))
}

/// The detector's proposals on one photo's pixels.
fn look(
    detector: &OnnxDetector,
    name: &str,
    view: Option<View>,
    width: u32,
    height: u32,
    rgb: &[u8],
) -> Result<Vec<ProposedArea>, AppError> {
    let image = ImageRef {
        photo_id: name,
        width,
        height,
        rgb,
        view,
    };
    Ok(detector.proposals(&image)?)
}

/// `f` over `items` on up to one thread per core; results in the order of `items`.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Reads `--view NAME=SIDE` values against the photos' names: the view of each photo, in
/// the photos' order (`None` where none was given).
pub fn parse_views(specs: &[String], photos: &[&str]) -> Result<Vec<Option<View>>, AppError> {
    let mut views = vec![None; photos.len()];
    for spec in specs {
        let Some((name, side)) = spec.split_once('=') else {
            return Err(AppError::invalid(
                "--view",
                format!("'{spec}': write PHOTO=SIDE, e.g. front.jpg=front (sides: front, rear, left, right)"),
            ));
        };
        let Some(i) = photos.iter().position(|p| *p == name.trim()) else {
            return Err(AppError::invalid(
                "--view",
                format!(
                    "'{spec}': no photo named {} (photos: {})",
                    name.trim(),
                    photos.join(", ")
                ),
            ));
        };
        views[i] = Some(side.parse::<View>()?);
    }
    Ok(views)
}

/// The `--area` text that marks `p` as a damage area on `panel` (the proposal's own panel
/// when `None`, else the word `PANEL` for the estimator to replace): fractions to four
/// decimals, rounded so that the box still fits the photo.
pub fn area_spec(p: &ProposedArea, panel: Option<&str>) -> String {
    // In ten-thousandths: the corner rounded down, the size rounded but kept inside.
    let r = p.region;
    let down = |v: f32| (f64::from(v) * 1e4).floor() as i64;
    let near = |v: f32| (f64::from(v) * 1e4).round() as i64;
    let (x, y) = (down(r.x()), down(r.y()));
    let (w, h) = (near(r.w()).min(10_000 - x), near(r.h()).min(10_000 - y));
    let f = |v: i64| format!("{}.{:04}", v / 10_000, v % 10_000);
    format!(
        "{}:{}:{}:{}:{},{},{},{}",
        p.photo_id.as_deref().unwrap_or(""),
        panel.or(p.panel.as_deref()).unwrap_or("PANEL"),
        p.damage_type.map_or("DAMAGE_TYPE", |t| t.as_str()),
        p.severity,
        f(x),
        f(y),
        f(w),
        f(h)
    )
}

/// The panels to offer for a proposal of `damage_type` that names none.
pub fn panel_choices(damage_type: DamageType) -> Vec<&'static str> {
    shopbench_detect::panels_for(damage_type)
}

/// The proposals that can be saved as they are — with a panel and a priced damage type — as
/// new damage areas, and the indexes of the others (the estimator confirms those by hand).
pub fn accepted_areas(proposals: &[ProposedArea]) -> (Vec<NewArea>, Vec<usize>) {
    let mut areas = Vec::new();
    let mut rest = Vec::new();
    for (i, p) in proposals.iter().enumerate() {
        match (&p.panel, p.damage_type) {
            (Some(panel), Some(damage_type)) => areas.push(NewArea {
                photo: p.photo_id.clone(),
                region: Some(p.region),
                panel: panel.clone(),
                damage_type,
                severity: p.severity,
                dents: None,
            }),
            _ => rest.push(i),
        }
    }
    (areas, rest)
}

#[cfg(test)]
mod tests {
    #[test]
    fn par_map_keeps_the_order() {
        let v: Vec<usize> = (0..17).collect();
        assert_eq!(
            super::par_map(&v, |x| x * 2),
            (0..17).map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    use super::*;
    use shopbench_estimate::{AreaSource, Rect, Severity};

    fn proposal(panel: Option<&str>, damage_type: Option<DamageType>, r: Rect) -> ProposedArea {
        ProposedArea {
            photo_id: Some("front.jpg".into()),
            region: r,
            panel: panel.map(String::from),
            damage_type,
            severity: Severity::Moderate,
            confidence: 0.9,
            label: "dent".into(),
            source: AreaSource::Detector("m".into()),
        }
    }

    #[test]
    fn views_are_read_against_the_photo_names() {
        let photos = ["front.jpg", "side.jpg"];
        let v = parse_views(&["side.jpg=LEFT".into()], &photos).unwrap();
        assert_eq!(v, [None, Some(View::Left)]);
        for bad in ["side.jpg", "rear.jpg=rear", "side.jpg=top"] {
            assert!(parse_views(&[bad.into()], &photos).is_err(), "{bad}");
        }
    }

    /// Regression (issue 20): a box ending at the photo's right edge, printed with rounded
    /// fractions, made an `--area` that the box check refused (x + w = 1.0001).
    #[test]
    fn area_specs_round_inside_the_photo_and_mark_what_is_missing() {
        let edge = Rect::new(0.81235, 0.5, 0.18765, 0.49999).unwrap();
        let s = area_spec(&proposal(Some("hood"), Some(DamageType::Dent), edge), None);
        assert!(
            s.starts_with("front.jpg:hood:dent:moderate:0.8123,0.5000,0.18"),
            "{s}"
        );
        assert!(s.ends_with(",0.5000"), "{s}");
        let nums: Vec<f32> = s
            .rsplit(':')
            .next()
            .unwrap()
            .split(',')
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(Rect::new(nums[0], nums[1], nums[2], nums[3]).is_ok(), "{s}");
        let open = Rect::new(0.1, 0.1, 0.2, 0.2).unwrap();
        let s = area_spec(&proposal(None, Some(DamageType::Dent), open), None);
        assert!(s.starts_with("front.jpg:PANEL:dent:"), "{s}");
        let s = area_spec(&proposal(None, Some(DamageType::Dent), open), Some("roof"));
        assert!(s.starts_with("front.jpg:roof:dent:"), "{s}");
    }

    #[test]
    fn only_proposals_with_a_panel_and_a_priced_type_are_accepted() {
        let r = Rect::new(0.1, 0.1, 0.2, 0.2).unwrap();
        let ps = [
            proposal(Some("hood"), Some(DamageType::Dent), r),
            proposal(None, Some(DamageType::Dent), r),
            proposal(Some("hood"), None, r),
        ];
        let (areas, rest) = accepted_areas(&ps);
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].panel, "hood");
        assert_eq!(areas[0].region, Some(r));
        assert_eq!(rest, [1, 2]);
    }

    #[test]
    fn no_model_names_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        let settings = DetectorPaths {
            model: dir.path().join("detector/model.onnx"),
            manifest: dir.path().join("detector/manifest.json"),
            set_by: "the default place in the settings folder".into(),
        };
        let e = load_detector(&settings, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("SHOPBENCH_DETECTOR_MODEL")
                && e.contains("model.onnx")
                && e.contains("ships none"),
            "{e}"
        );
        let e = load_detector(&settings, Some("/nowhere/m.onnx".into()), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--model") && e.contains("/nowhere/m.onnx"),
            "{e}"
        );
    }
}
