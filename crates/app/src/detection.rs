//! Damage found in the photos: the shop's (or insurer's) own ONNX model, run locally over an
//! estimate's photos, its boxes proposed as damage areas for the estimator to confirm.
//!
//! shopbench ships no model. [`load_detector`] finds the shop's model where the settings say
//! ([`ShopPaths::detector`](crate::ShopPaths), or explicit files) and says what to set when
//! there is none. [`read_photos_with_proposals`] runs the model on new photos while intake
//! has them decoded (one decode per photo), [`propose_areas`] on photos already stored; both
//! spread the photos over the cores. A proposal is not a damage area: it is saved as a
//! *proposal* ([`sort_proposals`], [`detect_on_estimate`]) — shown with its confidence, never
//! priced — until the estimator confirms it (`estimates::confirm_proposal`, naming the panel
//! when the detector could not) or drops it. [`accepted_areas`] is the one policy that
//! confirms proposals without a person: those that name a panel and a priced damage type.

use std::path::PathBuf;

use shopbench_detect::OnnxDetector;
use shopbench_estimate::{
    estimate as price, DamageType, EstimateData, ImageRef, ProposedArea, Rect, View,
};
use shopbench_photos::{check_count, decode_oriented, intake_and_look, read_file};
use shopbench_store::{EstimateArea, EstimateId, NewArea, NewEstimatePhoto, Store};

use crate::estimates::{engine_area, request_of};
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

/// The detector the shop's settings give, if any: loaded when its model is there; `None` when
/// the default place in the settings folder is empty; an error when a variable names a model
/// that is missing or a model does not load (a server says so at start, not on a request).
pub fn configured_detector(settings: &DetectorPaths) -> Result<Option<OnnxDetector>, AppError> {
    if !settings.model.exists() && !settings.named {
        return Ok(None);
    }
    load_detector(settings, None, None).map(Some)
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
/// detection, photos spread over the cores. `view_specs` are `--view NAME=SIDE` values (each
/// photo keeps its side).
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
        .zip(views.iter().copied())
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
    for ((r, (_, bytes)), view) in done.into_iter().zip(files).zip(views) {
        let (photo, found) = r?;
        photos.push(NewEstimatePhoto {
            view,
            ..NewEstimatePhoto::from_intake(photo, bytes)
        });
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

/// The panels to offer for a proposal of `damage_type` that names none.
pub fn panel_choices(damage_type: DamageType) -> Vec<&'static str> {
    shopbench_detect::panels_for(damage_type)
}

/// The proposals that can be saved as they are — with a panel and a priced damage type — as
/// new damage areas (keeping the detector and its confidence), and the indexes of the others
/// (the estimator confirms those by hand).
pub fn accepted_areas(proposals: &[ProposedArea]) -> (Vec<NewArea>, Vec<usize>) {
    let mut areas = Vec::new();
    let mut rest = Vec::new();
    for (i, p) in proposals.iter().enumerate() {
        match p.confirm(None) {
            Ok(a) => areas.push(NewArea {
                photo: a.photo_id,
                region: a.region,
                panel: a.panel,
                damage_type: a.damage_type,
                severity: a.severity,
                source: a.source,
                confidence: a.confidence,
                dents: None,
            }),
            Err(_) => rest.push(i),
        }
    }
    (areas, rest)
}

/// What became of one proposal when it was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Kept as a proposal with this id (confirm or drop it by the id).
    Proposal(i64),
    /// Saved as damage area with this id (`--accept-proposals`: it named a panel and a
    /// priced damage type).
    Area(i64),
    /// Not saved: the damage area with this id already covers it (the same photo and damage
    /// type, the boxes overlapping by [`SAME_BOX_IOU`] or more).
    AlreadyMarked(i64),
}

/// Boxes of one damage type on one photo overlapping by this much (intersection over union)
/// are the same damage: a proposal is not saved again over an area that covers it.
pub const SAME_BOX_IOU: f32 = 0.5;

/// A detector's proposals sorted for saving: those to keep as proposals, those accepted as
/// areas, and each proposal's place (`Sorted::plan`) to turn into a [`Fate`] once saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sorted {
    /// To keep as proposals.
    pub open: Vec<ProposedArea>,
    /// To save as damage areas.
    pub accepted: Vec<NewArea>,
    /// Per proposal, in order: `Ok(i)` = `open[i]` or `accepted[i]` (as said by the flag),
    /// `Err(area)` = covered by that existing area.
    plan: Vec<(bool, Result<usize, i64>)>,
}

impl Sorted {
    /// Each proposal's fate, given the ids the store gave `open` and `accepted`.
    pub fn fates(&self, ids: &shopbench_store::ProposalIds) -> Vec<Fate> {
        self.plan
            .iter()
            .map(|(accepted, at)| match (at, accepted) {
                (Err(area), _) => Fate::AlreadyMarked(*area),
                (Ok(i), true) => Fate::Area(ids.areas[*i]),
                (Ok(i), false) => Fate::Proposal(ids.proposals[*i]),
            })
            .collect()
    }
}

/// Sorts `proposals` for saving beside the estimate's confirmed `areas`: a proposal an area
/// already covers (same photo, same damage type, boxes overlapping by [`SAME_BOX_IOU`]) is
/// left out; with `accept`, those that name a panel and a priced damage type become areas;
/// the rest stay proposals.
pub fn sort_proposals(proposals: &[ProposedArea], areas: &[EstimateArea], accept: bool) -> Sorted {
    let mut out = Sorted::default();
    for p in proposals {
        if let Some(a) = areas.iter().find(|a| covers(a, p)) {
            out.plan.push((false, Err(a.id)));
            continue;
        }
        let accepted = if accept {
            accepted_areas(std::slice::from_ref(p)).0.pop()
        } else {
            None
        };
        match accepted {
            Some(a) => {
                out.plan.push((true, Ok(out.accepted.len())));
                out.accepted.push(a);
            }
            None => {
                out.plan.push((false, Ok(out.open.len())));
                out.open.push(p.clone());
            }
        }
    }
    out
}

/// Whether area `a` is the damage proposal `p` shows.
fn covers(a: &EstimateArea, p: &ProposedArea) -> bool {
    a.photo.as_deref() == p.photo_id.as_deref()
        && Some(a.damage_type) == p.damage_type
        && a.region
            .is_some_and(|r| shopbench_detect::iou(corners(r), corners(p.region)) >= SAME_BOX_IOU)
}

/// x0, y0, x1, y1 of a box.
fn corners(r: Rect) -> [f32; 4] {
    [r.x(), r.y(), r.x() + r.w(), r.y() + r.h()]
}

/// What one look at a stored estimate's photos gave: every proposal, in order, with its fate.
#[derive(Debug, Clone, PartialEq)]
pub struct Looked {
    /// The detector's name.
    pub detector: String,
    /// How many photos it looked at.
    pub photos: usize,
    /// Each proposal and what became of it.
    pub proposals: Vec<(ProposedArea, Fate)>,
}

/// Runs the detector over the photos of stored estimate `id` (after recording the sides given
/// as `--view NAME=SIDE` values in `view_specs`; the stored sides are used for the others) and
/// saves what it proposes: the open proposals it made on those photos before are replaced;
/// with `accept`, proposals that name a panel and a priced damage type are saved as areas
/// (priced first: an unknown panel saves nothing).
pub fn detect_on_estimate(
    store: &mut Store,
    data: &EstimateData,
    detector: &OnnxDetector,
    id: EstimateId,
    view_specs: &[String],
    accept: bool,
) -> Result<Looked, AppError> {
    let stored = store.estimate(id)?;
    if stored.photos.is_empty() {
        return Err(AppError::invalid(
            "photos",
            format!(
                "estimate {} has no photos to look at — add some first (estimate add-photo)",
                id.reference()
            ),
        ));
    }
    let names: Vec<&str> = stored.photos.iter().map(|p| p.file_name.as_str()).collect();
    for (name, view) in names.iter().zip(parse_views(view_specs, &names)?) {
        if view.is_some() {
            store.set_estimate_photo_view(id, name, view)?;
        }
    }
    let stored = store.estimate(id)?;
    let originals = names
        .iter()
        .map(|n| store.estimate_photo_original(id, n))
        .collect::<Result<Vec<_>, _>>()?;
    let scans: Vec<PhotoToScan<'_>> = stored
        .photos
        .iter()
        .zip(&originals)
        .map(|(p, bytes)| PhotoToScan {
            name: &p.file_name,
            bytes,
            view: p.view,
        })
        .collect();
    let proposals = propose_areas(detector, &scans)?;
    let sorted = sort_proposals(&proposals, &stored.areas, accept);
    let mut req = request_of(&stored);
    req.areas.extend(sorted.accepted.iter().map(engine_area));
    price(&req, data)?;
    let ids = store.replace_estimate_proposals(id, &names, &sorted.open, &sorted.accepted)?;
    Ok(Looked {
        detector: detector.name().to_string(),
        photos: names.len(),
        proposals: proposals.into_iter().zip(sorted.fates(&ids)).collect(),
    })
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
            named: false,
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

    /// The stand-in model of crates/detect/tests/models (no damage model: known boxes).
    fn stand_in() -> OnnxDetector {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../detect/tests/models/tiny-v8.onnx"
        );
        let manifest = shopbench_detect::Manifest::parse(
            r#"{"name": "stand-in", "format": "yolov8", "input": {"width": 32, "height": 32},
                "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
                "damage_types": {"dent": "dent", "scratch": "scratch", "crack": "crack",
                  "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}}"#,
        )
        .unwrap();
        OnnxDetector::from_bytes("tiny-v8.onnx", &std::fs::read(dir).unwrap(), manifest).unwrap()
    }

    /// An estimate with one red 64 × 48 PNG, `front.png`.
    fn estimate_with_red_photo(store: &mut Store) -> EstimateId {
        let img = image::RgbImage::from_pixel(64, 48, image::Rgb([255, 0, 0]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let photo = crate::estimates::photo_from_bytes("front.png", png.into_inner()).unwrap();
        let new = shopbench_store::NewEstimate {
            vehicle: shopbench_estimate::Vehicle::new("Toyota", "Camry", 2022),
            vin: None,
            state: "CA".into(),
            metro: false,
            part_preference: Default::default(),
        };
        crate::estimates::create(store, EstimateData::shipped(), &new, &[photo], &[]).unwrap()
    }

    fn open_ids(looked: &Looked) -> Vec<i64> {
        looked
            .proposals
            .iter()
            .filter_map(|(_, f)| match f {
                Fate::Proposal(id) => Some(*id),
                _ => None,
            })
            .collect()
    }

    /// Regression (issue 20): running the detector again on an estimate piled a second copy
    /// of every proposal on the first, and proposed again the damage already confirmed.
    #[test]
    fn rerunning_detection_replaces_its_proposals_and_skips_confirmed_damage() {
        let data = EstimateData::shipped();
        let det = stand_in();
        let mut store = Store::open_in_memory().unwrap();
        let id = estimate_with_red_photo(&mut store);
        let views = ["front.png=front".to_string()];
        let first = detect_on_estimate(&mut store, data, &det, id, &views, false).unwrap();
        assert_eq!(first.proposals.len(), 5);
        assert_eq!(open_ids(&first).len(), 5);
        let stored = store.estimate(id).unwrap();
        assert_eq!(stored.photos[0].view, Some(View::Front), "the side is kept");
        assert!(stored.areas.is_empty(), "proposals are not areas");
        let priced = crate::estimates::priced(&store, data, id).unwrap().1;
        assert_eq!(priced.totals.total.get(), 0, "proposals are never priced");

        // The dent on the hood, confirmed as proposed.
        let (hood_dent, _) = first
            .proposals
            .iter()
            .find(|(p, _)| p.panel.as_deref() == Some("hood") && p.label == "dent")
            .unwrap();
        let dent_id = open_ids(&first)[first
            .proposals
            .iter()
            .position(|(p, _)| p == hood_dent)
            .unwrap()];
        crate::estimates::confirm_proposal(&mut store, data, id, dent_id, &Default::default())
            .unwrap();
        let priced = crate::estimates::priced(&store, data, id).unwrap().1;
        assert!(priced.line_items.iter().any(|l| l.id.starts_with("hood:")));

        // Again, the stored side used: the confirmed dent is not proposed again (the scratch
        // in nearly the same box is another damage, and is), the other four replace the
        // first look's four.
        let second = detect_on_estimate(&mut store, data, &det, id, &[], false).unwrap();
        let fates: Vec<Fate> = second.proposals.iter().map(|(_, f)| *f).collect();
        assert!(fates.contains(&Fate::AlreadyMarked(dent_id)), "{fates:?}");
        assert_eq!(open_ids(&second).len(), 4);
        assert_eq!(store.estimate(id).unwrap().proposals.len(), 4);

        // Accepting: the scratch on the hood becomes an area, the rest stay proposals.
        let third = detect_on_estimate(&mut store, data, &det, id, &[], true).unwrap();
        let stored = store.estimate(id).unwrap();
        assert_eq!(stored.areas.len(), 2);
        assert_eq!(stored.areas[1].damage_type, DamageType::Scratch);
        assert_eq!(stored.proposals.len(), 3);
        assert_eq!(open_ids(&third).len(), 3);
    }

    #[test]
    fn confirming_a_proposal_asks_for_what_the_detector_could_not_tell() {
        let data = EstimateData::shipped();
        let mut store = Store::open_in_memory().unwrap();
        let id = estimate_with_red_photo(&mut store);
        let looked = detect_on_estimate(&mut store, data, &stand_in(), id, &[], false).unwrap();
        let by_label = |label: &str| {
            let i = looked
                .proposals
                .iter()
                .position(|(p, _)| p.label == label)
                .unwrap();
            open_ids(&looked)[i]
        };
        // No side given: no panel; the message lists the panels a dent can be on.
        let e = crate::estimates::confirm_proposal(
            &mut store,
            data,
            id,
            by_label("dent"),
            &Default::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("panel") && e.contains("hood"), "{e}");
        // A flat tyre has no damage type: one must be given.
        let tyre = by_label("tire flat");
        let e = crate::estimates::confirm_proposal(&mut store, data, id, tyre, &Default::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("tire flat") && e.contains("no damage type"),
            "{e}"
        );
        // An unknown panel is refused by the engine and changes nothing.
        let bad = crate::estimates::ProposalChoice {
            panel: Some("wing".into()),
            ..Default::default()
        };
        assert!(
            crate::estimates::confirm_proposal(&mut store, data, id, by_label("dent"), &bad)
                .is_err()
        );
        assert!(store.estimate(id).unwrap().areas.is_empty());
        let choice = crate::estimates::ProposalChoice {
            panel: Some("hood".into()),
            damage_type: None,
            severity: Some(shopbench_estimate::Severity::Severe),
            region: Some(Rect::new(0.1, 0.2, 0.3, 0.4).unwrap()),
        };
        crate::estimates::confirm_proposal(&mut store, data, id, by_label("dent"), &choice)
            .unwrap();
        let a = &store.estimate(id).unwrap().areas[0];
        assert_eq!(
            (a.panel.as_str(), a.severity),
            ("hood", shopbench_estimate::Severity::Severe)
        );
        assert_eq!(a.source, AreaSource::Detector("stand-in".into()));
        assert_eq!(
            a.region,
            Some(Rect::new(0.1, 0.2, 0.3, 0.4).unwrap()),
            "moved"
        );
    }
}
