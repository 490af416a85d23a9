//! Issue 19 item 5: every word the estimate engine puts before a customer
//! has French in the catalogue (`assets/i18n/fr-CA.tsv`), as a row or as a
//! template its composed line fits. The engine is run over every panel,
//! damage type, severity and part preference on four vehicles, and over
//! hail on the PDR panels with and without a recorded scan; what the
//! estimate PDF and screen show is collected and looked up. The lines'
//! `reason` (the estimator's explanation of each figure, on the screen) is
//! checked too, and so is the French of each: no English word left in a
//! template's filled-in pieces.

use std::collections::BTreeSet;

use shopbench_estimate::*;

/// The texts of `est` that the estimate PDF and screen show.
fn shown(est: &Estimate, out: &mut BTreeSet<String>) {
    let data = EstimateData::shipped();
    for l in &est.line_items {
        out.insert(l.description.clone());
        out.insert(l.operation.to_string());
        out.extend(l.question.clone());
        out.insert(l.status.label().to_string());
    }
    out.extend(est.questions.iter().cloned());
    out.extend(est.notes.iter().cloned());
    out.extend(est.warnings.iter().cloned());
    for (label, _) in est.totals.breakdown.labelled() {
        out.insert(label.to_string());
    }
    for c in &est.adas.calibrations {
        out.insert(c.kind.label().to_string());
        out.insert(c.status.label().to_string());
        out.extend(data.adas_system_name(&c.system).map(str::to_string));
    }
    for d in &est.damage {
        out.extend(data.panel_name(&d.panel).map(str::to_string));
        out.insert(d.damage_type.as_str().replace('_', " "));
        out.insert(d.severity.to_string());
    }
    out.extend(est.data_sources.iter().map(|d| d.name.clone()));
    out.insert(est.vehicle.data_quality.clone());
    out.insert(est.vehicle.class.as_str().replace('_', " "));
}

fn request(v: &Vehicle, area: DamageArea, part: PartType, scans: bool) -> EstimateRequest {
    let taken = ScanTaken {
        stage: ScanStage::Pre,
        summary: "scan 3 of 2026-12-06: 10 modules, 4 codes present".into(),
    };
    EstimateRequest::new(v.clone(), if scans { "NY" } else { "CA" }, vec![area])
        .with_metro(!scans)
        .with_part_preference(part)
        .with_scans_taken(if scans { vec![taken] } else { Vec::new() })
}

/// Every area the check prices: each panel × damage × severity, and hail.
fn areas(data: &EstimateData) -> Vec<(DamageArea, bool)> {
    let mut out = Vec::new();
    for panel in data.panel_ids() {
        for t in DamageType::ALL {
            for s in Severity::ALL {
                out.push((DamageArea::manual(&panel, *t, *s), false));
            }
        }
    }
    for panel in ["hood", "roof", "trunk_lid", "front_fender_left"] {
        for count in [3, 10, 25, 60, 120, 250, 400] {
            for size in DentSize::ALL {
                let mut area = DamageArea::manual(panel, DamageType::Dent, Severity::Moderate);
                area.dents = Some(DentCount { count, size: *size });
                out.push((area.clone(), false));
                out.push((area, true));
            }
        }
    }
    out
}

/// Prices every area of [`areas`] with each part preference on four vehicles, and hands
/// each estimate the engine prices to `f`; how many it priced.
fn each_estimate(mut f: impl FnMut(&Estimate)) -> usize {
    let data = EstimateData::shipped();
    let vehicles = [
        Vehicle::new("Toyota", "Camry", 2022),
        Vehicle::new("Ford", "F-150", 2021),
        Vehicle::new("Honda", "Civic", 2015),
        Vehicle::new("Tesla", "Model 3", 2023),
    ];
    let mut priced = 0;
    for v in &vehicles {
        for (area, scans) in areas(data) {
            for part in [PartType::Oem, PartType::Aftermarket, PartType::Used] {
                if let Ok(e) = estimate(&request(v, area.clone(), part, scans), data) {
                    priced += 1;
                    f(&e);
                }
            }
        }
    }
    priced
}

#[test]
fn every_word_an_estimate_shows_has_french() {
    let mut texts = BTreeSet::new();
    let priced = each_estimate(|e| shown(e, &mut texts));
    assert!(
        priced > 10_000 && texts.len() > 250,
        "{priced} estimates, {} texts",
        texts.len()
    );
    let missing: Vec<_> = texts
        .iter()
        .filter(|t| shopbench_i18n::lacks_french(t))
        .collect();
    assert!(missing.is_empty(), "no French for {missing:#?}");
}

/// The reasons of every line the check prices (the estimator's explanation of each figure,
/// on the Estimate screen).
#[test]
fn every_line_reason_has_french() {
    let mut reasons = BTreeSet::new();
    each_estimate(|e| reasons.extend(e.line_items.iter().map(|l| l.reason.clone())));
    let missing: Vec<_> = reasons
        .iter()
        .filter(|t| shopbench_i18n::lacks_french_in_clauses(t))
        .collect();
    println!(
        "{} reasons, {} without French",
        reasons.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "no French for {missing:#?}");
}

/// Estimates of several areas whose lines say something of each other (the single-area
/// sweep above never meets them): their texts and reasons have French.
#[test]
fn combined_areas_have_french() {
    let data = EstimateData::shipped();
    let camry = |areas: Vec<DamageArea>| {
        EstimateRequest::new(Vehicle::new("Toyota", "Camry", 2022), "CA", areas)
    };
    let requests = [
        // Hail on a replaced hood.
        camry(vec![
            DamageArea::hail("hood", 10, DentSize::Dime),
            DamageArea::manual("hood", DamageType::Dent, Severity::Severe),
        ]),
        // Rust (customer pay) beside the insurer's work: one set of supplies.
        camry(vec![
            DamageArea::manual("front_bumper", DamageType::Dent, Severity::Severe),
            DamageArea::manual("quarter_panel_left", DamageType::Rust, Severity::Moderate),
        ]),
    ];
    // A 1995 Camry: older than the data's years and than OBD-II.
    let mut old = camry(vec![DamageArea::manual(
        "front_bumper",
        DamageType::Dent,
        Severity::Severe,
    )]);
    old.vehicle.year = 1995;
    // Lines the estimator edited: what the engine computed, then each figure set.
    let mut edited = camry(vec![
        DamageArea::manual("hood", DamageType::Dent, Severity::Moderate),
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Severe),
    ]);
    let edit = |id: &str, e: LineEdit| LineOverride {
        line_id: id.into(),
        change: LineChange::Edit(e),
    };
    let amount = LineEdit {
        part_cost: Some(Cents::new(123_456)),
        ..LineEdit::default()
    };
    edited.overrides.lines = vec![
        edit("materials:paint", amount.clone()),
        edit("tax:sales", amount.clone()),
        edit("adas:front_radar", amount),
        edit(
            "hood:REPAIR",
            LineEdit {
                part_type: Some(PartType::Oem),
                part_cost: Some(Cents::new(9_900)),
                labor_hours: Some(Hours::from_tenths(25)),
                labor_rate: Some(Cents::new(9_000)),
                paint_hours: Some(Hours::from_tenths(31)),
                paint_rate: Some(Cents::new(9_500)),
                ..LineEdit::default()
            },
        ),
        edit(
            "misc:hazardous_waste",
            LineEdit {
                operation: Some(Operation::Misc),
                ..LineEdit::default()
            },
        ),
    ];
    let requests = requests.into_iter().chain([old, edited]);
    let mut texts = BTreeSet::new();
    let mut reasons = BTreeSet::new();
    for req in requests {
        let e = estimate(&req, data).unwrap();
        shown(&e, &mut texts);
        reasons.extend(e.line_items.iter().map(|l| l.reason.clone()));
    }
    let missing: Vec<_> = texts
        .iter()
        .filter(|t| shopbench_i18n::lacks_french(t))
        .chain(
            reasons
                .iter()
                .filter(|t| shopbench_i18n::lacks_french_in_clauses(t)),
        )
        .collect();
    assert!(missing.is_empty(), "no French for {missing:#?}");
}
