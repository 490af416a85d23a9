//! Estimate: photos of the damage, areas marked on them, the priced line items, line edits,
//! the insurance view and the PDF — over `shopbench_app::estimates` (the same workflows and
//! the same database as `shopbench estimate`).
//!
//! As in the CLI, the priced lines are never stored: every view prices the stored inputs,
//! and every change is priced before it is saved, so a change the engine refuses (an
//! unknown panel or line) leaves the estimate as it was.

use std::path::Path;

use base64::Engine as _;
use shopbench_app::estimates as workflow;
use shopbench_estimate::{
    Cents, DamageType, Estimate, EstimateData, Hours, InsuranceEstimate, LineChange, LineEdit,
    LineItem, LineOverride, LineStatus, PartType, Rect, Severity, Vehicle, VehicleClass,
};
use shopbench_store::{
    EstimateArea, EstimateId, EstimatePhoto, EstimateProposal, NewArea, NewEstimate, StoredEstimate,
};
use shopbench_views::{
    AreaForm, AreaView, EstimateSummary, EstimateView, InsuranceLineView, InsuranceView,
    LaborRateView, LineForm, LineView, NewEstimateForm, PhotoView, Pickers, ProposalForm,
    ProposalView, RemotePricingView, RemovedLineView, SavedPdf, Settings,
};

use crate::error::DesktopError;
use crate::shop::Shop;
use shopbench_i18n::{tr, tr_text, Lang};

/// The pickers' lists, from the shipped estimate data.
pub fn pickers() -> Pickers {
    let data = EstimateData::shipped();
    Pickers {
        panels: data.panel_ids(),
        damage_types: DamageType::ALL
            .iter()
            .map(|d| d.as_str().to_string())
            .collect(),
        severities: Severity::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        states: data.state_codes(),
        classes: std::iter::once(String::new())
            .chain(VehicleClass::ALL.iter().map(|c| c.as_str().to_string()))
            .collect(),
        panel_names: data
            .panel_ids()
            .into_iter()
            .filter_map(|id| Some((id.clone(), data.panel_name(&id)?.to_string())))
            .collect(),
    }
}

fn invalid(field: &'static str, reason: impl Into<String>) -> DesktopError {
    DesktopError::invalid(field, reason)
}

fn id_of(id: i64) -> EstimateId {
    EstimateId(id)
}

fn money(lang: Lang, c: Cents) -> String {
    shopbench_i18n::money(lang, c.get())
}

fn dollars(c: Cents) -> f64 {
    c.get() as f64 / 100.0
}

fn part_label(p: PartType) -> &'static str {
    match p {
        PartType::Oem => "OEM",
        PartType::Aftermarket => "A/M",
        PartType::Used => "used",
        PartType::None => "",
    }
}

/// The insurance view of `est`, labelled `reference`.
fn insurance_view(est: &Estimate, reference: &str, lang: Lang) -> InsuranceView {
    let ins = InsuranceEstimate::from_estimate(est, reference);
    let t = &ins.totals;
    InsuranceView {
        lines: ins
            .line_items
            .iter()
            .map(|l| InsuranceLineView {
                line: l.line,
                operation: tr_text(lang, l.operation.as_str()),
                part_type: tr_text(lang, l.part_type.map(part_label).unwrap_or_default()),
                description: tr_text(lang, &l.description),
                subtotal: money(lang, l.subtotal),
            })
            .collect(),
        totals: [
            ("Parts", t.parts),
            ("Labor", t.labor),
            ("Paint", t.paint),
            ("Sublet", t.sublet),
            ("Gross total", t.gross_total),
        ]
        .into_iter()
        .map(|(k, v)| (tr(lang, k).to_string(), money(lang, v)))
        .collect(),
    }
}

fn view(
    s: &StoredEstimate,
    est: &Estimate,
    removed: &[workflow::RemovedLine],
    remote: Option<RemotePricingView>,
    lang: Lang,
) -> EstimateView {
    let v = &est.vehicle;
    let t = &est.totals;
    let reference = s.id.reference();
    EstimateView {
        id: s.id.0,
        reference: reference.clone(),
        vehicle: format!(
            "{} {} {} ({})",
            v.year,
            v.make,
            v.model,
            tr_text(lang, &v.class.as_str().replace('_', " "))
        ),
        state: format!(
            "{}{}",
            s.state,
            if s.metro { tr(lang, " (metro)") } else { "" }
        ),
        photos: s.photos.iter().map(photo_view).collect(),
        areas: s.areas.iter().map(area_view).collect(),
        proposals: s.proposals.iter().map(proposal_view).collect(),
        lines: est.line_items.iter().map(|l| line_view(l, lang)).collect(),
        removed_lines: removed.iter().map(|r| removed_line_view(r, lang)).collect(),
        total: money(lang, t.total),
        range: shopbench_i18n::money_range(lang, t.total_min.get(), t.total_max.get()),
        pending: if t.pending_confirmation.get() > 0 {
            money(lang, t.pending_confirmation)
        } else {
            String::new()
        },
        questions: est
            .warnings
            .iter()
            .chain(&est.questions)
            .chain(&est.notes)
            .map(|q| tr_text(lang, q))
            .collect(),
        insurance: insurance_view(est, &reference, lang),
        scans: super::modules::repair_scans_view(s),
        remote,
    }
}

/// A photo with its thumbnail as a data URL the screen shows directly.
fn photo_view(p: &EstimatePhoto) -> PhotoView {
    let b64 = base64::engine::general_purpose::STANDARD;
    PhotoView {
        file_name: p.file_name.clone(),
        width: p.width,
        height: p.height,
        thumbnail: format!("data:image/jpeg;base64,{}", b64.encode(&p.thumbnail)),
    }
}

/// A priced damage area and its box on the photo, if any.
fn area_view(a: &EstimateArea) -> AreaView {
    AreaView {
        id: a.id,
        photo: a.photo.clone(),
        panel: a.panel.clone(),
        damage_type: a.damage_type.to_string(),
        severity: a.severity.to_string(),
        region: a.region.map(|r| [r.x(), r.y(), r.w(), r.h()]),
    }
}

/// A detector's proposal, shown unpriced until confirmed.
fn proposal_view(p: &EstimateProposal) -> ProposalView {
    ProposalView {
        id: p.id,
        photo: p.photo.clone(),
        region: [p.region.x(), p.region.y(), p.region.w(), p.region.h()],
        label: p.label.clone(),
        confidence: p.confidence,
        panel: p.panel.clone(),
        damage_type: p.damage_type.map(|t| t.to_string()),
        severity: p.severity.to_string(),
        detector: p.detector.clone(),
    }
}

/// A line of the estimate in the chosen language, with why it is there.
fn line_view(l: &LineItem, lang: Lang) -> LineView {
    LineView {
        id: l.id.clone(),
        line: l.line,
        operation: tr_text(lang, l.operation.as_str()),
        description: tr_text(lang, &l.description),
        part_type: tr_text(lang, part_label(l.part_type)),
        part_cost: dollars(l.part_cost),
        labor_hours: l.labor_hours.as_hours(),
        paint_hours: l.paint_hours.as_hours(),
        subtotal: money(lang, l.subtotal),
        to_confirm: l.status != LineStatus::Included,
        edited: l.overridden,
        reason: shopbench_i18n::tr_clauses(lang, &l.reason),
    }
}

/// A line the estimator removed, as computed, in the chosen language.
fn removed_line_view(r: &workflow::RemovedLine, lang: Lang) -> RemovedLineView {
    RemovedLineView {
        id: r.id.clone(),
        operation: tr_text(lang, r.operation.as_str()),
        description: tr_text(lang, &r.description),
        kind: tr_text(lang, r.kind),
        amount: money(lang, r.amount),
    }
}

fn shown(shop: &Shop, id: EstimateId) -> Result<EstimateView, DesktopError> {
    let data = shop.estimate_data()?;
    let (s, e) = workflow::priced(&shop.store()?, &data, id)?;
    let removed = workflow::removed_lines(&s, &data)?;
    let lang = shop.lang();
    let remote = super::estimate_remote::view(&s, lang)?;
    Ok(view(&s, &e, &removed, remote, lang))
}

/// Starts an estimate (no photos or areas yet); the vehicle is read with the
/// CLI's grammar and the state is checked by pricing it first.
pub fn create(shop: &Shop, form: &NewEstimateForm) -> Result<EstimateView, DesktopError> {
    let (make, model, year) = shopbench_app::parse_make_model_year(&form.vehicle)
        .map_err(|e| invalid("Vehicle", e.to_string()))?;
    let mut vehicle = Vehicle::new(&make, &model, year);
    vehicle.class = match form.class.trim() {
        "" => None,
        c => Some(
            c.parse()
                .map_err(|e: shopbench_estimate::EstimateError| invalid("Class", e.to_string()))?,
        ),
    };
    let new = NewEstimate {
        vehicle,
        vin: None,
        state: form.state.trim().to_ascii_uppercase(),
        metro: form.metro,
        part_preference: PartType::Oem,
    };
    let id = workflow::create(&mut shop.store()?, &shop.estimate_data()?, &new, &[], &[])?;
    shown(shop, id)
}

/// The estimate, priced now.
pub fn show(shop: &Shop, id: i64) -> Result<EstimateView, DesktopError> {
    shown(shop, id_of(id))
}

/// Saved estimates, newest first, whose reference, vehicle, VIN or state contain `query`.
pub fn list(shop: &Shop, query: &str) -> Result<Vec<EstimateSummary>, DesktopError> {
    let q = query.trim().to_lowercase();
    Ok(shop
        .store()?
        .list_estimates(500)?
        .into_iter()
        .filter(|e| {
            let hay = format!(
                "{} {} {} {}",
                e.id.reference(),
                e.vehicle,
                e.vin.as_deref().unwrap_or(""),
                e.state
            );
            q.is_empty() || hay.to_lowercase().contains(&q)
        })
        .map(|e| EstimateSummary {
            id: e.id.0,
            reference: e.id.reference(),
            contents: format!("{} photo(s), {} area(s)", e.photos, e.areas),
            vehicle: e.vehicle,
            vin: e.vin.unwrap_or_default(),
            state: e.state,
            updated_at: e.updated_at,
        })
        .collect())
}

/// Adds a photo from its bytes (a file dropped on the window): checked by intake first,
/// so a photo that is not one (or too big, or the sixth) is refused and nothing changes.
pub fn add_photo_bytes(
    shop: &Shop,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<EstimateView, DesktopError> {
    let photo = workflow::photo_from_bytes(file_name, bytes)?;
    workflow::add_photos(&mut shop.store()?, id_of(id), &[photo])?;
    shown(shop, id_of(id))
}

/// Adds a photo file by its path (refused before reading when it is over the size limit).
pub fn add_photo_path(shop: &Shop, id: i64, path: &str) -> Result<EstimateView, DesktopError> {
    let photo = workflow::read_photo(Path::new(path.trim()))?;
    workflow::add_photos(&mut shop.store()?, id_of(id), &[photo])?;
    shown(shop, id_of(id))
}

/// Removes photo `n` (numbered from 1 as listed), one added by mistake: its bytes are
/// deleted; refused, naming them, while damage areas are marked on it.
pub fn remove_photo(shop: &Shop, id: i64, n: usize) -> Result<EstimateView, DesktopError> {
    workflow::remove_photo(&mut shop.store()?, id_of(id), n)?;
    shown(shop, id_of(id))
}

/// Marks a damage area; priced with it before saving, so an unknown panel changes nothing.
pub fn add_area(shop: &Shop, id: i64, form: &AreaForm) -> Result<EstimateView, DesktopError> {
    let photo = Some(form.photo.trim().to_string()).filter(|p| !p.is_empty());
    let region = match form.region {
        None => None,
        Some([x, y, w, h]) => Some(Rect::new(x, y, w, h)?),
    };
    let area = NewArea::by_estimator(
        photo.as_deref(),
        region,
        form.panel.trim(),
        form.damage_type.parse()?,
        form.severity.parse()?,
    );
    workflow::add_area(&mut shop.store()?, &shop.estimate_data()?, id_of(id), &area)?;
    shown(shop, id_of(id))
}

/// Removes a damage area (the history keeps it); edits of lines only that area
/// produced go with it, in the same save.
pub fn remove_area(shop: &Shop, id: i64, area: i64) -> Result<EstimateView, DesktopError> {
    workflow::remove_area(&mut shop.store()?, &shop.estimate_data()?, id_of(id), area)?;
    shown(shop, id_of(id))
}

/// Runs the shop's damage detector (Settings' folder or `$SHOPBENCH_DETECTOR_MODEL`)
/// over the estimate's photos, after recording the sides in `views` (`NAME=SIDE`);
/// its proposals are saved as proposals, never priced until confirmed. No detector
/// set up is an error naming where the model goes.
pub fn detect(shop: &Shop, id: i64, views: &[String]) -> Result<EstimateView, DesktopError> {
    let paths = shop.paths()?;
    let detector = shopbench_app::detection::load_detector(&paths.detector, None, None)?;
    shopbench_app::detection::detect_on_estimate(
        &mut shop.store()?,
        &shop.estimate_data()?,
        &detector,
        id_of(id),
        views,
        false,
    )?;
    shown(shop, id_of(id))
}

/// Confirms a proposal as a damage area with the estimator's changes (empty
/// fields keep the detector's), priced first: nothing is saved if it cannot be.
pub fn confirm_proposal(
    shop: &Shop,
    id: i64,
    form: &ProposalForm,
) -> Result<EstimateView, DesktopError> {
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let choice = workflow::ProposalChoice {
        panel: given(&form.panel),
        damage_type: given(&form.damage_type).map(|t| t.parse()).transpose()?,
        severity: given(&form.severity).map(|s| s.parse()).transpose()?,
        region: match form.region {
            None => None,
            Some([x, y, w, h]) => Some(Rect::new(x, y, w, h)?),
        },
    };
    workflow::confirm_proposal(
        &mut shop.store()?,
        &shop.estimate_data()?,
        id_of(id),
        form.area,
        &choice,
    )?;
    shown(shop, id_of(id))
}

/// Drops a proposal (the history keeps it).
pub fn drop_proposal(shop: &Shop, id: i64, area: i64) -> Result<EstimateView, DesktopError> {
    workflow::drop_proposal(&mut shop.store()?, id_of(id), area)?;
    shown(shop, id_of(id))
}

/// The engine's change for a line form (hours, part cost, remove or confirm).
fn line_change(form: &LineForm) -> Result<LineChange, DesktopError> {
    if form.remove {
        return Ok(LineChange::Remove);
    }
    if form.confirm {
        return Ok(LineChange::Confirm);
    }
    let hours = form
        .hours
        .map(Hours::try_from_hours)
        .transpose()
        .map_err(|e| invalid("Hours", e.to_string()))?;
    let part_cost = match form.part_cost {
        None => None,
        Some(d) if (0.0..10_000_000.0).contains(&d) => Cents::from_dollars_f64(d),
        Some(d) => {
            return Err(invalid(
                "Part cost",
                format!("{d} — give dollars and cents, e.g. 412.50"),
            ))
        }
    };
    let e = LineEdit {
        labor_hours: hours,
        part_cost,
        ..LineEdit::default()
    };
    if e == LineEdit::default() {
        return Err(invalid("Line", "nothing to change"));
    }
    Ok(LineChange::Edit(e))
}

/// Changes one line; priced before saving, so an unknown line or a bad number changes nothing.
pub fn edit_line(shop: &Shop, id: i64, form: &LineForm) -> Result<EstimateView, DesktopError> {
    let change = LineOverride {
        line_id: form.line_id.trim().to_string(),
        change: line_change(form)?,
    };
    workflow::edit_line(
        &mut shop.store()?,
        &shop.estimate_data()?,
        id_of(id),
        change,
    )?;
    shown(shop, id_of(id))
}

/// Undoes every change to line `line` (the history keeps them), as `estimate edit --reset`;
/// a line without changes, or an id no line has, is refused and nothing changes.
pub fn reset_line(shop: &Shop, id: i64, line: &str) -> Result<EstimateView, DesktopError> {
    workflow::reset_line(
        &mut shop.store()?,
        &shop.estimate_data()?,
        id_of(id),
        line.trim(),
    )?;
    shown(shop, id_of(id))
}

/// Writes the estimate PDF (photos with the areas outlined, lines, ADAS, totals) to the
/// reports folder as `estimate-EST-NNNN.pdf`.
pub fn save_pdf(shop: &Shop, id: i64, settings: &Settings) -> Result<SavedPdf, DesktopError> {
    let (stored, est) = workflow::priced(&shop.store()?, &shop.estimate_data()?, id_of(id))?;
    let pdf = workflow::estimate_pdf(
        &stored,
        &est,
        &crate::settings::shop(settings),
        crate::settings::paper_size(settings)?,
    );
    if let Some(w) = pdf.warnings.first() {
        return Err(invalid("Photo", w.clone()));
    }
    crate::handlers::write_pdf(
        &shop.paths()?.reports_dir,
        &format!("estimate-{}", stored.id.reference()),
        &pdf.bytes,
    )
}

/// The shop's labor rates for `state`, beside the shipped figures (Settings).
pub fn labor_rates(shop: &Shop, state: &str) -> Result<Vec<LaborRateView>, DesktopError> {
    let file = &shop.paths()?.estimate_data.0;
    let rows = shopbench_app::labor_rates::labor_rates(file, state)?;
    Ok(rows
        .into_iter()
        .map(|r| LaborRateView {
            category: r.category,
            label: r.label,
            shipped: r.shipped,
            shop: r.shop,
        })
        .collect())
}

/// Saves the rows' shop figures for `state`; answers the form as saved.
pub fn save_labor_rates(
    shop: &Shop,
    state: &str,
    rates: &[LaborRateView],
) -> Result<Vec<LaborRateView>, DesktopError> {
    let file = &shop.paths()?.estimate_data.0;
    let edits: Vec<(String, Option<u32>)> =
        rates.iter().map(|r| (r.category.clone(), r.shop)).collect();
    shopbench_app::labor_rates::save_labor_rates(file, state, &edits)?;
    labor_rates(shop, state)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;

    pub(crate) fn photo(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/data/photos")
            .join(name)
    }

    pub(crate) fn camry(db: &Shop) -> EstimateView {
        create(
            db,
            &NewEstimateForm {
                vehicle: "Toyota Camry 2022".into(),
                state: "ca".into(),
                metro: true,
                class: String::new(),
            },
        )
        .unwrap()
    }

    pub(crate) fn bumper_dent(region: Option<[f32; 4]>) -> AreaForm {
        AreaForm {
            photo: "bumper.jpg".into(),
            panel: "front_bumper".into(),
            damage_type: "dent".into(),
            severity: "moderate".into(),
            region,
        }
    }

    /// Issue 19 item 3: the shop's labor rates, entered in Settings beside
    /// the shipped figures, price the next estimate; a bad figure is refused
    /// and the rates stay as they were.
    #[test]
    fn labor_rates_saved_in_settings_price_the_estimates() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let priced = |db: &Shop| {
            let v = camry(db);
            let v = add_photo_path(db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
            add_area(db, v.id, &bumper_dent(None)).unwrap().total
        };
        let shipped_total = priced(&db);
        let mut rows = labor_rates(&db, "CA").unwrap();
        assert!(
            rows.iter().all(|r| r.shop.is_none() && r.shipped > 0),
            "{rows:?}"
        );
        for r in rows
            .iter_mut()
            .filter(|r| r.category == "body" || r.category == "paint")
        {
            r.shop = Some(r.shipped * 2);
        }
        let saved = save_labor_rates(&db, "CA", &rows).unwrap();
        let body = saved.iter().find(|r| r.category == "body").unwrap();
        assert_eq!(body.shop, Some(body.shipped * 2));
        let dearer_total = priced(&db);
        assert_ne!(dearer_total, shipped_total);
        let dollars =
            |t: &str| -> f64 { t.trim_start_matches('$').replace(',', "").parse().unwrap() };
        assert!(
            dollars(&dearer_total) > dollars(&shipped_total),
            "{shipped_total} -> {dearer_total}"
        );

        rows[0].shop = Some(0);
        assert!(save_labor_rates(&db, "CA", &rows).is_err());
        assert_eq!(labor_rates(&db, "CA").unwrap(), saved);
    }

    #[test]
    fn a_french_shop_sees_its_estimate_amounts_written_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let v = camry(&db);
        let v = add_photo_path(&db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        let english = add_area(&db, v.id, &bumper_dent(None)).unwrap();
        assert!(english.total.starts_with('$'), "{}", english.total);
        let file = db.paths().unwrap().settings_file();
        let settings = crate::settings::Settings {
            language: "fr-CA".into(),
            ..db.settings()
        };
        crate::settings::save(&settings, &file).unwrap();
        let french = show(&db, v.id).unwrap();
        let as_french = |en: &str| {
            format!(
                "{}\u{a0}$",
                en.trim_start_matches('$')
                    .replace(',', "\u{a0}")
                    .replace('.', ",")
            )
        };
        assert_eq!(french.total, as_french(&english.total));
        assert_eq!(
            french.lines[0].subtotal,
            as_french(&english.lines[0].subtotal)
        );
        assert!(french.range.contains("\u{a0}$ – "), "{}", french.range);
        // The engine's words too: operations, lines, questions, the
        // insurance view; the line ids (what an edit names) stay as they were.
        let line = |v: &EstimateView, id: &str| {
            let l = v.lines.iter().find(|l| l.id == id).unwrap().clone();
            (l.operation, l.description)
        };
        assert_eq!(
            line(&english, "front_bumper:REPLACE"),
            ("REPLACE".into(), "Front bumper cover".into())
        );
        assert_eq!(
            line(&french, "front_bumper:REPLACE"),
            (
                "REMPLACER".into(),
                "Recouvrement de pare-chocs avant".into()
            )
        );
        assert!(english
            .questions
            .iter()
            .any(|q| q.starts_with("Is this 2022")));
        assert!(
            french
                .questions
                .iter()
                .any(|q| q.starts_with("Ce 2022 Toyota Camry est-il")),
            "{:?}",
            french.questions
        );
        // Each line's reason, clause by clause (the amounts as Quebec writes them).
        let reason = |v: &EstimateView| v.lines[0].reason.clone();
        assert!(reason(&english).contains(" on front bumper cover → "));
        assert!(
            reason(&french).contains(" sur recouvrement de pare-chocs avant → "),
            "{}",
            reason(&french)
        );
        assert!(
            french.vehicle.ends_with("(intermédiaire)"),
            "{}",
            french.vehicle
        );
        assert!(french
            .insurance
            .totals
            .iter()
            .any(|(k, _)| k == "Total brut"));
    }

    /// The desktop had no way back from a line edit (the CLI's
    /// `estimate edit --reset`): a mistyped part cost stayed until typed over
    /// with a guess at the engine's figure. Reset takes it back.
    #[test]
    fn regression_the_desktop_could_not_reset_an_edited_line() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let v = camry(&db);
        let v = add_photo_path(&db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        let priced = add_area(&db, v.id, &bumper_dent(None)).unwrap();
        let line = priced.lines[0].id.clone();
        let typo = LineForm {
            line_id: line.clone(),
            part_cost: Some(9_999.0),
            ..LineForm::default()
        };
        let edited = edit_line(&db, v.id, &typo).unwrap();
        assert!(edited.lines[0].edited && edited.total != priced.total);
        let back = reset_line(&db, v.id, &line).unwrap();
        assert!(!back.lines[0].edited);
        assert_eq!(back.total, priced.total);
        let e = reset_line(&db, v.id, &line).unwrap_err().to_string();
        assert!(e.contains(&line), "{e}");
        assert!(reset_line(&db, v.id, "no_such:LINE").is_err());
        assert_eq!(show(&db, v.id).unwrap().total, priced.total);
    }

    /// A removed line was not shown on the desktop at all, so it came back only through the
    /// CLI's `estimate edit --reset`. The view now lists it as computed (an edit made before
    /// the removal does not count), out of the total, and Restore — the same reset — brings
    /// it back with the figures and the total it had.
    #[test]
    fn regression_the_desktop_could_not_restore_a_removed_line() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let v = camry(&db);
        let v = add_photo_path(&db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        let priced = add_area(&db, v.id, &bumper_dent(None)).unwrap();
        assert!(priced.removed_lines.is_empty());
        let computed = priced
            .lines
            .iter()
            .find(|l| l.id == "front_bumper:REPLACE")
            .unwrap()
            .clone();
        let edit = |form: LineForm| edit_line(&db, v.id, &form).unwrap();
        edit(LineForm {
            line_id: computed.id.clone(),
            part_cost: Some(9_999.0),
            ..LineForm::default()
        });
        let removed = edit(LineForm {
            line_id: computed.id.clone(),
            remove: true,
            ..LineForm::default()
        });
        assert!(removed.lines.iter().all(|l| l.id != computed.id));
        assert_eq!(
            removed.removed_lines,
            [RemovedLineView {
                id: computed.id.clone(),
                operation: "REPLACE".into(),
                description: computed.description.clone(),
                kind: "replaced panel".into(),
                amount: computed.subtotal.clone(),
            }]
        );
        assert_ne!(removed.total, priced.total, "a removed line is not counted");
        assert_eq!(show(&db, v.id).unwrap(), removed);
        let back = reset_line(&db, v.id, &computed.id).unwrap();
        assert!(back.removed_lines.is_empty());
        assert_eq!(back.lines, priced.lines);
        assert_eq!((&back.total, &back.range), (&priced.total, &priced.range));
    }

    #[test]
    fn pickers_come_from_the_shipped_data() {
        let p = pickers();
        assert!(p.panels.iter().any(|x| x == "front_bumper"), "{p:?}");
        assert!(p.damage_types.iter().any(|x| x == "dent"));
        assert_eq!(p.severities.first().map(String::as_str), Some("minor"));
        assert!(p.states.iter().any(|x| x == "CA"));
        assert_eq!(p.label("front_fender_left"), "Front fender, left");
        assert_eq!(p.label("paint_chip"), "paint chip");
    }

    #[test]
    fn an_estimate_is_built_priced_edited_and_printed() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let v = camry(&db);
        assert_eq!(v.reference, "EST-0001");
        assert!(v.vehicle.contains("2022 Toyota Camry"), "{}", v.vehicle);
        assert_eq!(v.state, "CA (metro)");
        assert!(v.lines.is_empty());

        let v = add_photo_path(&db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        assert_eq!(v.photos.len(), 1);
        assert!(v.photos[0]
            .thumbnail
            .starts_with("data:image/jpeg;base64,/9j/"));
        let webp = std::fs::read(photo("fender.webp")).unwrap();
        let v = add_photo_bytes(&db, v.id, "fender.webp", webp).unwrap();
        assert_eq!(v.photos.len(), 2);

        // A bad photo: a readable error, and the estimate keeps what it had.
        let err = add_photo_bytes(&db, v.id, "notes.jpg", b"not a photo".to_vec()).unwrap_err();
        assert!(err.to_string().contains("notes.jpg"), "{err}");
        assert_eq!(
            serde_json::to_value(&err).unwrap()["title"],
            "Check the photo"
        );
        let err = add_photo_path(&db, v.id, "/no/such/photo.jpg").unwrap_err();
        assert!(err.to_string().contains("/no/such/photo.jpg"), "{err}");
        assert_eq!(show(&db, v.id).unwrap(), v);

        // The area with a drawn box gives a REPLACE line and a total.
        let v = add_area(&db, v.id, &bumper_dent(Some([0.2, 0.4, 0.5, 0.3]))).unwrap();
        assert_eq!(v.areas.len(), 1);
        assert_eq!(v.areas[0].region, Some([0.2, 0.4, 0.5, 0.3]));
        let replace = v
            .lines
            .iter()
            .find(|l| l.id == "front_bumper:REPLACE")
            .expect("a REPLACE line for the bumper");
        assert_eq!(replace.operation, "REPLACE");
        assert!(replace.part_cost > 0.0);
        assert!(v.total.starts_with('$'), "{}", v.total);
        assert!(!v.insurance.lines.is_empty());
        assert_eq!(v.insurance.totals.last().unwrap().0, "Gross total");

        // Refused areas change nothing.
        for bad in [
            AreaForm {
                panel: "roof_rack".into(),
                ..bumper_dent(None)
            },
            AreaForm {
                photo: "rear.jpg".into(),
                ..bumper_dent(None)
            },
            AreaForm {
                severity: "awful".into(),
                ..bumper_dent(None)
            },
            bumper_dent(Some([0.9, 0.1, 0.5, 0.2])),
            AreaForm {
                photo: String::new(),
                ..bumper_dent(Some([0.1, 0.1, 0.2, 0.2]))
            },
        ] {
            assert!(add_area(&db, v.id, &bad).is_err(), "{bad:?}");
        }
        assert_eq!(show(&db, v.id).unwrap(), v);

        // Editing the part cost changes the line and the total.
        let edited = edit_line(
            &db,
            v.id,
            &LineForm {
                line_id: "front_bumper:REPLACE".into(),
                hours: Some(3.5),
                part_cost: Some(100.0),
                remove: false,
                confirm: false,
            },
        )
        .unwrap();
        let line = edited
            .lines
            .iter()
            .find(|l| l.id == "front_bumper:REPLACE")
            .unwrap();
        assert_eq!((line.part_cost, line.labor_hours), (100.0, 3.5));
        assert!(line.edited);
        assert_ne!(edited.total, v.total);
        let bad = LineForm {
            line_id: "no_such:LINE".into(),
            hours: Some(1.0),
            part_cost: None,
            remove: false,
            confirm: false,
        };
        assert!(edit_line(&db, v.id, &bad).is_err());
        let bad = LineForm {
            line_id: "front_bumper:REPLACE".into(),
            part_cost: Some(-5.0),
            ..bad
        };
        assert!(edit_line(&db, v.id, &bad).is_err());
        assert_eq!(show(&db, v.id).unwrap(), edited);

        // Removing the line drops it.
        let removed = edit_line(
            &db,
            v.id,
            &LineForm {
                line_id: "front_bumper:REPLACE".into(),
                hours: None,
                part_cost: None,
                remove: true,
                confirm: false,
            },
        )
        .unwrap();
        assert!(removed.lines.iter().all(|l| l.id != "front_bumper:REPLACE"));

        // The PDF goes to the reports folder, with the photos drawn.
        let reports = db.paths().unwrap().reports_dir.clone();
        let settings = Settings {
            shop_name: "Main Street Auto".into(),
            ..Settings::default()
        };
        let saved = save_pdf(&db, v.id, &settings).unwrap();
        assert!(saved.path.ends_with("estimate-EST-0001.pdf"), "{saved:?}");
        assert!(Path::new(&saved.path).starts_with(&reports));
        let out = std::process::Command::new("pdftotext")
            .args([saved.path.as_str(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) — run scripts/setup");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Main Street Auto"), "{text}");
        assert!(text.contains("EST-0001"), "{text}");
        assert!(text.contains("Toyota Camry"), "{text}");

        // Removing the area leaves no lines; the CLI's store sees the same estimate.
        let area = removed.areas[0].id;
        let v = remove_area(&db, v.id, area).unwrap();
        assert!(v.areas.is_empty());
        let store = shopbench_store::Store::open(&db.paths().unwrap().db).unwrap();
        assert_eq!(store.list_estimates(10).unwrap().len(), 1);
        assert_eq!(list(&db, "camry").unwrap().len(), 1);
        assert!(list(&db, "ford").unwrap().is_empty());
    }

    #[test]
    fn bad_forms_are_refused_with_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::handlers::temp_shop(dir.path());
        let err = create(
            &db,
            &NewEstimateForm {
                vehicle: "Camry".into(),
                state: "CA".into(),
                metro: false,
                class: String::new(),
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("Vehicle:"), "{err}");
        // Regression (issue 13): the desktop read "Land Rover Discovery 2019" as make "Land".
        let v = create(
            &db,
            &NewEstimateForm {
                vehicle: "Land Rover Discovery 2019".into(),
                state: "CA".into(),
                metro: false,
                class: String::new(),
            },
        );
        match v {
            Ok(v) => assert!(v.vehicle.contains("Land Rover Discovery"), "{}", v.vehicle),
            Err(e) => assert!(e.to_string().contains("Land Rover"), "{e}"),
        }
        let err = create(
            &db,
            &NewEstimateForm {
                vehicle: "Toyota Camry 2022".into(),
                state: "ZZ".into(),
                metro: false,
                class: String::new(),
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("ZZ"), "{err}");
        assert!(show(&db, 1).is_err());
    }

    #[test]
    fn detector_proposals_are_shown_unpriced_then_confirmed_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = super::super::temp_shop(dir.path());
        let v = camry(&db);
        let v =
            add_photo_bytes(&db, v.id, "front.png", shopbench_e2e::detector::red_png()).unwrap();
        // No model in the settings folder: a clear error naming where it goes.
        let e = detect(&db, v.id, &[]).unwrap_err().to_string();
        assert!(e.contains("detector") && e.contains("model.onnx"), "{e}");

        shopbench_e2e::detector::install_in_settings(dir.path(), Some(0.25));
        let v = detect(&db, v.id, &["front.png=front".into()]).unwrap();
        let labels: Vec<(&str, Option<&str>)> = v
            .proposals
            .iter()
            .map(|p| (p.label.as_str(), p.panel.as_deref()))
            .collect();
        assert!(labels.contains(&("dent", Some("hood"))), "{labels:?}");
        assert!(
            v.areas.is_empty() && v.lines.is_empty(),
            "proposals are never priced"
        );
        assert!(v.proposals.iter().all(|p| p.photo == "front.png"
            && p.region.iter().all(|f| (0.0..=1.0).contains(f))
            && p.detector == "stand-in"));

        // Confirmed as it is: priced from then on, with the detector's panel and type.
        let dent = v
            .proposals
            .iter()
            .find(|p| p.label == "dent" && p.panel.is_some())
            .unwrap();
        let form = ProposalForm {
            area: dent.id,
            ..ProposalForm::default()
        };
        let after = confirm_proposal(&db, v.id, &form).unwrap();
        assert_eq!(after.areas.len(), 1);
        assert_eq!(
            (
                after.areas[0].panel.as_str(),
                after.areas[0].damage_type.as_str()
            ),
            ("hood", "dent")
        );
        assert!(!after.lines.is_empty());
        assert_eq!(after.proposals.len(), v.proposals.len() - 1);

        // One the detector could not place needs a panel; with one it is priced.
        if let Some(loose) = after
            .proposals
            .iter()
            .find(|p| p.panel.is_none() && p.damage_type.is_some())
        {
            let mut form = ProposalForm {
                area: loose.id,
                ..ProposalForm::default()
            };
            let e = confirm_proposal(&db, v.id, &form).unwrap_err().to_string();
            assert!(e.contains("panel"), "{e}");
            form.panel = "front_bumper".into();
            form.severity = "minor".into();
            // Moved too: the estimator's box replaces the detector's.
            form.region = Some([0.1, 0.2, 0.3, 0.25]);
            let again = confirm_proposal(&db, v.id, &form).unwrap();
            assert_eq!(again.areas.len(), 2);
            assert_eq!(again.areas[1].region, Some([0.1, 0.2, 0.3, 0.25]));
            form.area = again.proposals[0].id;
            form.region = Some([0.9, 0.9, 0.5, 0.5]);
            let e = confirm_proposal(&db, v.id, &form).unwrap_err().to_string();
            assert!(
                e.contains("box") || e.contains("photo"),
                "a box off the photo: {e}"
            );
        }

        // Dropped: gone from the proposals, nothing priced changes.
        let now = show(&db, v.id).unwrap();
        let first = now.proposals[0].id;
        let dropped = drop_proposal(&db, v.id, first).unwrap();
        assert_eq!(dropped.proposals.len(), now.proposals.len() - 1);
        assert_eq!(dropped.total, now.total);
        assert!(
            drop_proposal(&db, v.id, first).is_err(),
            "a dropped proposal is gone"
        );
    }
}
