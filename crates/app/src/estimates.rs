//! Body-shop estimates over the shop's database: every change is priced
//! before it is saved, so a change the engine refuses (an unknown panel,
//! line or state) leaves the estimate as it was; the priced lines are never
//! stored — every view prices the stored inputs with the shop's figures.

use std::path::{Path, PathBuf};

use shopbench_estimate::{
    estimate as price, overrides_that_still_apply, Cents, DamageArea, DamageType, Estimate,
    EstimateData, EstimateRequest, LineOverride, Operation, ProposedArea, Severity,
};
use shopbench_photos::{check_count, intake, intake_many, read_file};
use shopbench_store::{
    EstimateArea, EstimateId, NewArea, NewEstimate, NewEstimatePhoto, ProposalIds, Store,
    StoredEstimate,
};

use crate::AppError;

/// The shop's estimate figures: the shipped data with the shop's override
/// file (`ShopPaths::estimate_data`) merged over it. A missing file gives the
/// shipped data unless `required`; a broken one is an error naming it.
pub fn shop_estimate_data(file: &(PathBuf, bool)) -> Result<EstimateData, AppError> {
    let (path, required) = file;
    let broken = |detail: String| AppError::ShopData {
        path: path.clone(),
        detail,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => EstimateData::shipped()
            .with_override(&text)
            .map_err(|e| broken(e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok(EstimateData::shipped().clone())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(broken(format!(
            "no such file (${} names it)",
            crate::paths::vars::ESTIMATE_DATA
        ))),
        Err(e) => Err(broken(e.to_string())),
    }
}

/// The engine's view of a stored, confirmed damage area (who marked it included).
pub fn damage_area(a: &EstimateArea) -> DamageArea {
    DamageArea {
        photo_id: a.photo.clone(),
        region: a.region,
        panel: a.panel.clone(),
        damage_type: a.damage_type,
        severity: a.severity,
        confidence: a.confidence,
        source: a.source.clone(),
        dents: a.dents,
    }
}

/// The engine's view of a damage area about to be added.
pub fn engine_area(a: &NewArea) -> DamageArea {
    DamageArea {
        photo_id: a.photo.clone(),
        region: a.region,
        panel: a.panel.clone(),
        damage_type: a.damage_type,
        severity: a.severity,
        confidence: a.confidence,
        source: a.source.clone(),
        dents: a.dents,
    }
}

/// The engine's input for a stored estimate: its confirmed areas only (a detector's open
/// proposals are never priced); areas name their photo by file name.
pub fn request_of(s: &StoredEstimate) -> EstimateRequest {
    let areas = s.areas.iter().map(damage_area).collect();
    EstimateRequest::new(s.vehicle.clone(), s.state.clone(), areas)
        .with_metro(s.metro)
        .with_part_preference(s.part_preference)
        .with_overrides(s.overrides.clone())
        .with_scans_taken(crate::repair_scans::scans_taken(s))
}

/// The engine's input for a new estimate.
pub fn new_request(new: &NewEstimate, areas: &[NewArea]) -> EstimateRequest {
    let areas = areas.iter().map(engine_area).collect();
    EstimateRequest::new(new.vehicle.clone(), new.state.clone(), areas)
        .with_metro(new.metro)
        .with_part_preference(new.part_preference)
}

/// A stored estimate and its lines, priced now.
pub fn priced(
    store: &Store,
    data: &EstimateData,
    id: EstimateId,
) -> Result<(StoredEstimate, Estimate), AppError> {
    let stored = store.estimate(id)?;
    let est = price(&request_of(&stored), data)?;
    Ok((stored, est))
}

/// Starts an estimate with its photos and areas, priced first: an unknown
/// state, vehicle or panel, or a model year later than next year's
/// ([`crate::check_model_year`]), is refused with nothing saved.
pub fn create(
    store: &mut Store,
    data: &EstimateData,
    new: &NewEstimate,
    photos: &[NewEstimatePhoto],
    areas: &[NewArea],
) -> Result<EstimateId, AppError> {
    Ok(create_with_proposals(store, data, new, photos, areas, &[])?.0)
}

/// [`create`], with a detector's proposals kept as proposals (not priced) in the same save.
pub fn create_with_proposals(
    store: &mut Store,
    data: &EstimateData,
    new: &NewEstimate,
    photos: &[NewEstimatePhoto],
    areas: &[NewArea],
    proposals: &[ProposedArea],
) -> Result<(EstimateId, ProposalIds), AppError> {
    crate::check_model_year(Some(new.vehicle.year), crate::this_year())?;
    check_count(photos.len())?;
    price(&new_request(new, areas), data)?;
    Ok(store.create_estimate_with_proposals(new, photos, areas, proposals)?)
}

/// Adds checked photos all together or none: the count is checked first, then
/// each is saved in one transaction, so a sixth photo, or a name or content the
/// estimate has (or that is given twice), adds none of them.
pub fn add_photos(
    store: &mut Store,
    id: EstimateId,
    photos: &[NewEstimatePhoto],
) -> Result<(), AppError> {
    let have = store.estimate(id)?.photos.len();
    check_count(have + photos.len())?;
    store.add_estimate_photos(id, photos)?;
    Ok(())
}

/// A photo taken off an estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRemoved {
    /// Its file name.
    pub file_name: String,
    /// The detector's open proposals on it, dropped with it (never priced).
    pub proposals_dropped: usize,
}

/// Removes photo `n` (numbered from 1 as `estimate show` and the desktop list them) — one
/// added by mistake, of the wrong car or a customer's face — with the detector's open
/// proposals on it; the store keeps none of its bytes. Damage areas marked on it are
/// priced damage the estimator saw there, so they are not dropped unasked: the photo is
/// refused naming them ([`AppError::PhotoHasAreas`]) and nothing changes.
pub fn remove_photo(store: &mut Store, id: EstimateId, n: usize) -> Result<PhotoRemoved, AppError> {
    let stored = store.estimate(id)?;
    let Some(photo) = n.checked_sub(1).and_then(|i| stored.photos.get(i)) else {
        return Err(AppError::invalid(
            "photo",
            format!(
                "estimate {} has no photo {n} — it has {} photo(s), numbered from 1 as `estimate show` lists them",
                id.reference(),
                stored.photos.len()
            ),
        ));
    };
    let areas: Vec<usize> = (1..)
        .zip(&stored.areas)
        .filter(|(_, a)| a.photo.as_deref() == Some(photo.file_name.as_str()))
        .map(|(number, _)| number)
        .collect();
    if !areas.is_empty() {
        return Err(AppError::PhotoHasAreas {
            photo: photo.file_name.clone(),
            areas: areas
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let proposals_dropped = (stored.proposals.iter())
        .filter(|p| p.photo == photo.file_name)
        .count();
    store.remove_estimate_photo(id, &photo.file_name)?;
    Ok(PhotoRemoved {
        file_name: photo.file_name.clone(),
        proposals_dropped,
    })
}

/// Marks a damage area, priced with it first (an unknown panel changes
/// nothing); a named photo must be on the estimate. Returns the area's id.
pub fn add_area(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    area: &NewArea,
) -> Result<i64, AppError> {
    Ok(add_areas(store, data, id, std::slice::from_ref(area))?[0])
}

/// Adds damage areas all together: each is checked and the estimate priced
/// with all of them before any is saved, so a bad one saves none.
pub fn add_areas(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    areas: &[NewArea],
) -> Result<Vec<i64>, AppError> {
    let stored = store.estimate(id)?;
    let mut req = request_of(&stored);
    for area in areas {
        if let Some(name) = &area.photo {
            if !stored.photos.iter().any(|p| &p.file_name == name) {
                return Err(AppError::invalid(
                    "photo",
                    format!("no photo named {name} on estimate {}", id.reference()),
                ));
            }
        }
        if area.region.is_some() && area.photo.is_none() {
            return Err(AppError::invalid(
                "box",
                "a box needs the photo it was drawn on",
            ));
        }
        req.areas.push(engine_area(area));
    }
    price(&req, data)?;
    Ok(store.add_estimate_areas(id, areas)?)
}

/// Removes damage area `area` (the history keeps it). Edits of lines only
/// that area produced go with it, in the same save (they would name lines
/// that no longer exist and leave the estimate unpriceable).
pub fn remove_area(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    area: i64,
) -> Result<(), AppError> {
    let stored = store.estimate(id)?;
    let mut req = request_of(&stored);
    req.areas = stored
        .areas
        .iter()
        .filter(|a| a.id != area)
        .map(damage_area)
        .collect();
    req.overrides = overrides_that_still_apply(&req, data)?;
    price(&req, data)?;
    Ok(store.remove_estimate_area(id, area, &req.overrides)?)
}

/// What the estimator changes when confirming a proposal; `None` keeps the detector's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProposalChoice {
    /// The panel (required when the detector named none).
    pub panel: Option<String>,
    /// The damage type (required when the detector's class has none).
    pub damage_type: Option<DamageType>,
    /// The severity.
    pub severity: Option<Severity>,
    /// The box moved where the estimator put it (the detector's box when `None`).
    pub region: Option<shopbench_estimate::Rect>,
}

/// Confirms proposal `area` as a damage area, with the estimator's changes, priced with it
/// first (an unknown panel changes nothing). From then on it is priced like any area, and
/// keeps its detector and confidence.
pub fn confirm_proposal(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    area: i64,
    choice: &ProposalChoice,
) -> Result<(), AppError> {
    let stored = store.estimate(id)?;
    let Some(found) = stored.proposals.iter().find(|p| p.id == area) else {
        return Err(shopbench_store::StoreError::NotAProposal { estimate: id, area }.into());
    };
    let mut proposed = found.proposed_area();
    let Some(damage_type) = choice.damage_type.or(proposed.damage_type) else {
        return Err(AppError::invalid(
            "type",
            format!(
                "proposal {area} is the detector's '{}', which has no damage type in the estimate data — give the type to price it as (e.g. dent), or drop it",
                found.label
            ),
        ));
    };
    proposed.damage_type = Some(damage_type);
    proposed.severity = choice.severity.unwrap_or(proposed.severity);
    proposed.region = choice.region.unwrap_or(proposed.region);
    if choice.panel.is_none() && proposed.panel.is_none() {
        return Err(AppError::invalid(
            "panel",
            format!(
                "the detector could not tell the panel under proposal {area} — name one: {}",
                crate::detection::panel_choices(damage_type).join(", ")
            ),
        ));
    }
    let confirmed = proposed.confirm(choice.panel.as_deref())?;
    let mut req = request_of(&stored);
    req.areas.push(confirmed.clone());
    price(&req, data)?;
    Ok(store.confirm_estimate_proposal(
        id,
        area,
        &confirmed.panel,
        confirmed.damage_type,
        confirmed.severity,
        choice.region,
    )?)
}

/// Drops proposal `area` (the history keeps it); nothing priced changes.
pub fn drop_proposal(store: &mut Store, id: EstimateId, area: i64) -> Result<(), AppError> {
    Ok(store.drop_estimate_proposal(id, area)?)
}

/// A line edited: the estimate before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct LineEdited {
    /// Priced before the edit.
    pub before: Estimate,
    /// Priced with it (as saved).
    pub after: Estimate,
}

/// Changes one line (hours, part cost, remove, confirm …), priced first: an
/// unknown or removed line id, a field the line's kind does not take
/// ([`crate::line_edits::EDITABLE`]) or a change the engine refuses saves nothing.
pub fn edit_line(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    change: LineOverride,
) -> Result<LineEdited, AppError> {
    let stored = store.estimate(id)?;
    let mut req = request_of(&stored);
    let before = price(&req, data)?;
    crate::line_edits::check_change(&before, &req.overrides, &change)?;
    req.overrides.lines.push(change);
    let after = price(&req, data)?;
    store.set_estimate_overrides(id, &req.overrides)?;
    Ok(LineEdited { before, after })
}

/// Drops every override of line `line_id` (the history keeps them): a removed
/// line comes back, an edited or confirmed one returns to the engine's figures.
/// A line without overrides, or an id no line has, is refused.
pub fn reset_line(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    line_id: &str,
) -> Result<LineEdited, AppError> {
    let stored = store.estimate(id)?;
    let mut req = request_of(&stored);
    let before = price(&req, data)?;
    let Some(reset) = crate::line_edits::without_line(&req.overrides, line_id) else {
        if before.line(line_id).is_some() {
            return Err(AppError::NothingToReset(line_id.to_string()));
        }
        return Err(crate::line_edits::unknown_line(
            &before,
            &req.overrides,
            line_id,
        ));
    };
    req.overrides = reset;
    let after = price(&req, data)?;
    store.set_estimate_overrides(id, &req.overrides)?;
    Ok(LineEdited { before, after })
}

/// A line the estimator removed, as the engine computes it: what [`reset_line`] brings back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemovedLine {
    /// Its id (`hood:BLEND`), which the reset names.
    pub id: String,
    /// Its operation.
    pub operation: Operation,
    /// The engine's description (an edited one goes with the reset).
    pub description: String,
    /// Its kind in the trade's words ([`crate::line_edits::editable`]): `blend`, `sales tax` …
    pub kind: &'static str,
    /// Its subtotal as computed, without any of the estimator's changes to it.
    pub amount: Cents,
}

/// The lines the estimator removed from `stored`, in the order removed, each priced as
/// [`reset_line`] would bring it back (its own overrides dropped, the others kept). They
/// are not in the estimate's lines or totals; `estimate show` and the desktop list them.
pub fn removed_lines(
    stored: &StoredEstimate,
    data: &EstimateData,
) -> Result<Vec<RemovedLine>, AppError> {
    let mut req = request_of(stored);
    let overrides = std::mem::take(&mut req.overrides);
    let mut out = Vec::new();
    for id in crate::line_edits::removed(&overrides) {
        let Some(restored) = crate::line_edits::without_line(&overrides, id) else {
            continue;
        };
        req.overrides = restored;
        let est = price(&req, data)?;
        if let Some(line) = est.line(id) {
            out.push(RemovedLine {
                id: line.id.clone(),
                operation: line.operation,
                description: line.description.clone(),
                kind: crate::line_edits::editable(line).kind,
                amount: line.subtotal,
            });
        }
    }
    Ok(out)
}

/// Reads and checks one photo file (refused before reading when it is too big).
pub fn read_photo(path: &Path) -> Result<NewEstimatePhoto, AppError> {
    let (name, bytes) = read_file(path)?;
    photo_from_bytes(&name, bytes)
}

/// Checks photo bytes (a file dropped on the window, an upload).
pub fn photo_from_bytes(name: &str, bytes: Vec<u8>) -> Result<NewEstimatePhoto, AppError> {
    let p = intake(name, &bytes)?;
    Ok(NewEstimatePhoto::from_intake(p, bytes))
}

/// Reads all photo files, then checks them in parallel; the first failure
/// (in the order given) is the error.
pub fn read_photos(paths: &[PathBuf]) -> Result<Vec<NewEstimatePhoto>, AppError> {
    check_count(paths.len())?;
    let files = paths
        .iter()
        .map(|p| read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    intake_many(&refs)
        .into_iter()
        .zip(files)
        .map(|(p, (_, bytes))| Ok(NewEstimatePhoto::from_intake(p?, bytes)))
        .collect()
}

/// An estimate's PDF, and the photos that had to be left out of it.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimatePdf {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// One line per photo whose thumbnail no longer decodes (left out, not fatal).
    pub warnings: Vec<String>,
}

/// The estimate PDF: the photos with the areas outlined, the lines, ADAS, totals, and the
/// pre- and post-repair scans with their comparison.
pub fn estimate_pdf(
    stored: &StoredEstimate,
    est: &Estimate,
    shop: &shopbench_report::Shop,
    paper: shopbench_report::PaperSize,
) -> EstimatePdf {
    let mut photos = Vec::new();
    let mut warnings = Vec::new();
    for p in &stored.photos {
        match shopbench_photos::decode_rgb(&p.file_name, &p.thumbnail) {
            Ok((width, height, rgb)) => photos.push(shopbench_report::EstimatePhoto {
                id: p.file_name.clone(),
                width,
                height,
                rgb,
            }),
            Err(e) => warnings.push(format!("photo left out of the PDF: {e}")),
        }
    }
    let scans = match crate::repair_scans::repair_scans(stored) {
        Ok(pair) => crate::repair_scans::report_scans(&pair),
        Err(e) => {
            warnings.push(format!("scans left out of the PDF: {e}"));
            Default::default()
        }
    };
    let bytes = shopbench_report::render_estimate_with_photos(
        shop,
        est,
        &photos,
        &scans,
        &stored.id.reference(),
        paper,
    );
    EstimatePdf { bytes, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_estimate::{LineChange, LineEdit, PartType, Vehicle};

    fn camry() -> NewEstimate {
        NewEstimate {
            vehicle: Vehicle::new("Toyota", "Camry", 2022),
            vin: None,
            state: "CA".into(),
            metro: true,
            part_preference: PartType::Oem,
        }
    }

    fn area(panel: &str) -> NewArea {
        NewArea::by_estimator(None, None, panel, DamageType::Dent, Severity::Moderate)
    }

    #[test]
    fn bad_changes_are_refused_and_the_estimate_is_unchanged() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let mut bad = camry();
        bad.state = "XX".into();
        assert!(create(&mut s, data, &bad, &[], &[]).is_err());
        assert!(s.list_estimates(10).unwrap().is_empty());
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper")]).unwrap();
        let (before, est) = priced(&s, data, id).unwrap();
        assert!(add_area(&mut s, data, id, &area("no_such_panel")).is_err());
        let mut on_photo = area("hood");
        on_photo.photo = Some("missing.jpg".into());
        assert!(add_area(&mut s, data, id, &on_photo)
            .unwrap_err()
            .to_string()
            .contains("missing.jpg"));
        let unknown = LineOverride {
            line_id: "roof:REPLACE".into(),
            change: LineChange::Remove,
        };
        assert!(edit_line(&mut s, data, id, unknown).is_err());
        assert_eq!(priced(&s, data, id).unwrap(), (before, est));
    }

    /// `estimate new --vehicle "Toyota Camry 2035"` was saved and priced: only
    /// 1900–2100 was checked. A year later than next year's models is refused,
    /// naming the newest accepted, and nothing is saved; next year's is taken.
    #[test]
    fn regression_future_model_year_accepted() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let newest = crate::this_year() + 1;
        let mut future = camry();
        future.vehicle.year = newest + 1;
        let e = create(&mut s, data, &future, &[], &[area("hood")])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("model year {}", newest + 1))
                && e.contains(&format!("the newest model year accepted is {newest}")),
            "{e}"
        );
        assert!(s.list_estimates(10).unwrap().is_empty());
        let mut next = camry();
        next.vehicle.year = newest;
        assert!(create(&mut s, data, &next, &[], &[area("hood")]).is_ok());
    }

    fn jpeg(name: &str, shade: u8) -> NewEstimatePhoto {
        let img = image::RgbImage::from_pixel(64, 48, image::Rgb([shade, 80, 80]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        img.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
        photo_from_bytes(name, bytes.into_inner()).unwrap()
    }

    /// A photo added by mistake could not be taken off. `remove_photo` takes the number
    /// `estimate show` gives it; a photo with damage areas on it is refused naming them.
    #[test]
    fn a_photo_is_removed_by_its_number_unless_areas_are_marked_on_it() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let photos = [
            jpeg("front.jpg", 10),
            jpeg("face.jpg", 200),
            jpeg("rear.jpg", 90),
        ];
        let on = |photo: &str, panel: &str| NewArea {
            photo: Some(photo.into()),
            ..area(panel)
        };
        let areas = [
            on("front.jpg", "hood"),
            area("roof"),
            on("rear.jpg", "rear_bumper"),
        ];
        let id = create(&mut s, data, &camry(), &photos, &areas).unwrap();
        let e = remove_photo(&mut s, id, 3).unwrap_err().to_string();
        assert_eq!(
            e,
            "rear.jpg has damage area(s) 3 marked on it — remove those areas first (they are priced), then the photo"
        );
        let e = remove_photo(&mut s, id, 4).unwrap_err().to_string();
        assert!(e.contains("has no photo 4 — it has 3 photo(s)"), "{e}");
        let removed = remove_photo(&mut s, id, 2).unwrap();
        assert_eq!(removed.file_name, "face.jpg");
        let left = s.estimate(id).unwrap();
        let names: Vec<&str> = left.photos.iter().map(|p| p.file_name.as_str()).collect();
        assert_eq!(names, ["front.jpg", "rear.jpg"]);
        assert_eq!(left.areas.len(), 3);
        assert!(priced(&s, data, id).is_ok());
    }

    /// Regression (stop 10): removing an area whose line had been edited left
    /// the estimate unpriceable ('no line hood:REPAIR').
    #[test]
    fn removing_an_area_takes_the_edits_of_its_lines_with_it() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper")]).unwrap();
        let hood = add_area(&mut s, data, id, &area("hood")).unwrap();
        let (_, est) = priced(&s, data, id).unwrap();
        let hood_line = est
            .line_items
            .iter()
            .find(|l| l.id.starts_with("hood:"))
            .unwrap()
            .id
            .clone();
        let edit = LineOverride {
            line_id: hood_line,
            change: LineChange::Remove,
        };
        let edited = edit_line(&mut s, data, id, edit).unwrap();
        assert!(edited.after.totals.total < edited.before.totals.total);
        remove_area(&mut s, data, id, hood).unwrap();
        let (stored, _) = priced(&s, data, id).unwrap();
        assert!(stored.overrides.lines.is_empty());
    }

    /// The first line of `est` with `category`.
    fn line_of(est: &Estimate, category: shopbench_estimate::LineCategory) -> String {
        est.line_items
            .iter()
            .find(|l| l.category == category)
            .unwrap()
            .id
            .clone()
    }

    fn change(line_id: &str, change: LineChange) -> LineOverride {
        LineOverride {
            line_id: line_id.into(),
            change,
        }
    }

    /// A removed line could not be restored (every later change said "no line", listing
    /// only some lines) and an edit could not be undone.
    #[test]
    fn regression_a_removed_line_could_not_be_restored() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper")]).unwrap();
        let (_, first) = priced(&s, data, id).unwrap();
        let blend = line_of(&first, shopbench_estimate::LineCategory::Blend);
        edit_line(&mut s, data, id, change(&blend, LineChange::Remove)).unwrap();
        let e = edit_line(&mut s, data, id, change(&blend, LineChange::Confirm))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("{blend} (removed)")) && e.contains("--reset"),
            "{e}"
        );
        assert!(
            e.contains("tax:sales") && e.contains("materials:paint"),
            "{e}"
        );
        let e = edit_line(&mut s, data, id, change("roof:REPAIR", LineChange::Remove))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("{blend} (removed)")) && e.contains("tax:sales"),
            "{e}"
        );
        reset_line(&mut s, data, id, &blend).unwrap();
        let paint = LineChange::Edit(LineEdit {
            paint_hours: Some(shopbench_estimate::Hours::from_tenths(30)),
            ..LineEdit::default()
        });
        edit_line(&mut s, data, id, change(&blend, paint)).unwrap();
        let reset = reset_line(&mut s, data, id, &blend).unwrap();
        assert_eq!(reset.after, first);
        assert!(s.estimate(id).unwrap().overrides.lines.is_empty());
        assert!(reset_line(&mut s, data, id, &blend)
            .unwrap_err()
            .to_string()
            .contains("no edits to reset"));
        let history = s.estimate_history(id).unwrap();
        assert_eq!(
            history.iter().filter(|h| h.action == "overrides").count(),
            4
        );
    }

    /// The removed lines are listed as the engine computes them (an edit made before the
    /// removal does not count), in the order removed, out of the lines and the total, and each
    /// at the amount a reset brings it back with.
    #[test]
    fn removed_lines_are_listed_at_the_amount_a_reset_brings_back() {
        use shopbench_estimate::LineCategory as C;
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper")]).unwrap();
        let (stored, first) = priced(&s, data, id).unwrap();
        assert!(removed_lines(&stored, data).unwrap().is_empty());
        let (blend, tax) = (line_of(&first, C::Blend), line_of(&first, C::Tax));
        let paint = LineChange::Edit(LineEdit {
            paint_hours: Some(shopbench_estimate::Hours::from_tenths(30)),
            ..LineEdit::default()
        });
        edit_line(&mut s, data, id, change(&blend, paint)).unwrap();
        edit_line(&mut s, data, id, change(&blend, LineChange::Remove)).unwrap();
        edit_line(&mut s, data, id, change(&tax, LineChange::Remove)).unwrap();
        let (stored, now) = priced(&s, data, id).unwrap();
        assert!(now.line(&blend).is_none() && now.line(&tax).is_none());
        let removed = removed_lines(&stored, data).unwrap();
        let ids: Vec<&str> = removed.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [blend.as_str(), tax.as_str()]);
        let computed = first.line(&blend).unwrap();
        assert_eq!(
            (removed[0].amount, removed[0].description.as_str()),
            (computed.subtotal, computed.description.as_str())
        );
        assert_eq!((removed[0].kind, removed[1].kind), ("blend", "sales tax"));
        assert!(removed[0].amount.get() > 0 && removed[1].amount.get() > 0);
        let kept: Cents = (now.line_items.iter())
            .filter(|l| l.status == shopbench_estimate::LineStatus::Included)
            .map(|l| l.subtotal)
            .sum();
        assert_eq!(
            now.totals.total, kept,
            "the removed lines are not in the total"
        );
        let tax_back = reset_line(&mut s, data, id, &tax).unwrap().after;
        assert_eq!(tax_back.line(&tax).unwrap().subtotal, removed[1].amount);
        let back = reset_line(&mut s, data, id, &blend).unwrap().after;
        assert_eq!(back, first);
        let (stored, _) = priced(&s, data, id).unwrap();
        assert!(removed_lines(&stored, data).unwrap().is_empty());
    }

    /// A field a line's kind has no use for (labor rate on a blend, hours on the tax, a part
    /// type on a scan, body hours on the clear coat) was taken and marked the line edited.
    #[test]
    fn regression_edits_that_mean_nothing_on_a_line_were_taken() {
        use shopbench_estimate::{Cents, Hours, LineCategory as C};
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper")]).unwrap();
        let (before, est) = priced(&s, data, id).unwrap();
        let hours = LineEdit {
            labor_hours: Some(Hours::from_tenths(10)),
            ..LineEdit::default()
        };
        for (category, e) in [
            (
                C::Blend,
                LineEdit {
                    labor_rate: Some(Cents::new(9_500)),
                    ..LineEdit::default()
                },
            ),
            (C::Tax, hours.clone()),
            (
                C::Scan,
                LineEdit {
                    part_type: Some(PartType::Used),
                    ..LineEdit::default()
                },
            ),
            (C::RefinishAddOn, hours),
        ] {
            let line = line_of(&est, category);
            let err = edit_line(&mut s, data, id, change(&line, LineChange::Edit(e)))
                .unwrap_err()
                .to_string();
            assert!(err.contains(&line) && err.contains("takes"), "{err}");
        }
        assert_eq!(s.estimate(id).unwrap(), before);
        let blend = line_of(&est, C::Blend);
        let rate = LineEdit {
            paint_rate: Some(Cents::new(9_500)),
            ..LineEdit::default()
        };
        let edited = edit_line(&mut s, data, id, change(&blend, LineChange::Edit(rate))).unwrap();
        assert_eq!(
            edited.after.line(&blend).unwrap().paint_rate,
            Cents::new(9_500)
        );
    }

    /// Removing the insurer's clear coat left the customer's (rust) clear coat at the
    /// additional-panel share, still saying the insurer carried the first-panel share: the
    /// visit was charged none. The customer's line now takes it; the removed line is listed
    /// at its own amount, and a reset gives the estimate back as it was.
    #[test]
    fn regression_removing_the_insurers_clear_coat_left_the_visit_without_a_first_panel_share() {
        let data = EstimateData::shipped();
        let mut s = Store::open_in_memory().unwrap();
        let rust = NewArea::by_estimator(
            None,
            None,
            "quarter_panel_left",
            DamageType::Rust,
            Severity::Moderate,
        );
        let id = create(&mut s, data, &camry(), &[], &[area("front_bumper"), rust]).unwrap();
        let (insurer, customer) = ("refinish:clear_coat", "refinish:clear_coat:customer");
        let edited = edit_line(&mut s, data, id, change(insurer, LineChange::Remove)).unwrap();
        let first = edited.before;
        let (was, now) = (
            first.line(customer).unwrap(),
            edited.after.line(customer).unwrap(),
        );
        assert!(now.paint_hours > was.paint_hours, "{was:?} → {now:?}");
        assert!(was
            .reason
            .contains("the insurer's panels carry the first-panel share"));
        assert!(
            now.reason.contains("% of the largest refinish time") && !now.reason.contains("once"),
            "{}",
            now.reason
        );
        let (stored, _) = priced(&s, data, id).unwrap();
        let removed = removed_lines(&stored, data).unwrap();
        assert_eq!(removed.len(), 1);
        assert_eq!(
            (removed[0].id.as_str(), removed[0].amount),
            (insurer, first.line(insurer).unwrap().subtotal)
        );
        assert_eq!(reset_line(&mut s, data, id, insurer).unwrap().after, first);
    }

    #[test]
    fn a_broken_shop_file_is_named_and_a_missing_optional_one_is_the_shipped_data() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.json");
        assert!(shop_estimate_data(&(missing.clone(), false)).is_ok());
        let e = shop_estimate_data(&(missing, true))
            .unwrap_err()
            .to_string();
        assert!(e.contains("none.json"), "{e}");
        let broken = dir.path().join("broken.json");
        std::fs::write(
            &broken,
            r#"{"laborRates": {"states": {"CA": {"body": -5}}}}"#,
        )
        .unwrap();
        let e = shop_estimate_data(&(broken, false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("broken.json"), "{e}");
        let ok = dir.path().join("rates.json");
        std::fs::write(&ok, r#"{"laborRates": {"states": {"CA": {"body": 82}}}}"#).unwrap();
        let data = shop_estimate_data(&(ok, true)).unwrap();
        let ca = serde_json::to_value(data.labor_rates("CA").unwrap()).unwrap();
        assert!(ca.to_string().contains("82"), "{ca}");
    }
}
