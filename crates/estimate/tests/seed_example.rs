//! Seed 001's worked example and error paths, through the public API.

use std::collections::BTreeSet;

use serde_json::Value;
use shopbench_estimate::{
    estimate, DamageArea, DamageType, EstimateData, EstimateError, EstimateRequest,
    EstimateSummary, InsuranceEstimate, LineChange, LineOverride, LineStatus, Operation, PartType,
    Severity, Vehicle,
};

fn camry(equipment: Option<&[&str]>) -> EstimateRequest {
    let mut v = Vehicle::new("Toyota", "Camry", 2022);
    v.equipment = equipment.map(|e| e.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>());
    let areas = vec![
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate),
        DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor),
    ];
    EstimateRequest::new(v, "CA", areas)
}

#[test]
fn seed_001_camry_gives_the_same_kinds_of_lines() {
    let est = estimate(
        &camry(Some(&["forward_camera", "front_radar"])),
        EstimateData::shipped(),
    )
    .unwrap();
    let ops: Vec<(String, Operation)> = est
        .line_items
        .iter()
        .map(|l| (l.id.clone(), l.operation))
        .collect();
    // Bumper cover: moderate dent on plastic → replace, OEM part, refinish on the same line.
    let bumper = est
        .line("front_bumper:REPLACE")
        .expect("bumper replace line");
    assert_eq!(bumper.part_type, PartType::Oem);
    assert!(
        bumper.part_cost.get() > 0
            && !bumper.labor_hours.is_zero()
            && !bumper.paint_hours.is_zero()
    );
    assert!(
        bumper
            .reason
            .contains("moderate dent on front bumper cover → replace"),
        "{}",
        bumper.reason
    );
    assert!(bumper
        .reason
        .contains("plastic covers are replaced above minor"));
    assert_eq!(bumper.labor_rate.get(), 7500);
    assert_eq!(bumper.paint_rate.get(), 7800);
    // Fender: minor scratch → refinish only (a spot refinish since issue 21: blended within
    // the fender, so its own neighbours, the hood and the door, are no longer blended).
    let fender = est
        .line("front_fender_left:REFINISH")
        .expect("fender refinish line");
    assert!(fender.labor_hours.is_zero() && !fender.paint_hours.is_zero());
    assert!(fender.description.ends_with("spot refinish"));
    // Blend on the replaced bumper's neighbour that is not refinished itself.
    assert!(est.line("front_fender_right:BLEND").is_some(), "{ops:?}");
    assert!(est.line("hood:BLEND").is_none(), "{ops:?}");
    assert!(est.line("front_door_left:BLEND").is_none(), "{ops:?}");
    assert!(
        est.line("front_fender_left:BLEND").is_none(),
        "refinished panel must not be blended"
    );
    // ADAS: front radar sublet after bumper replace.
    let radar = est
        .line("adas:front_radar")
        .expect("front radar calibration");
    assert_eq!(radar.operation, Operation::Sublet);
    assert_eq!(radar.status, LineStatus::Included);
    assert!(est.adas.required);
    // R&I is included in replace: no separate bumper R&I line.
    assert!(est.line("front_bumper:R&I").is_none());
    // Totals.
    let t = &est.totals;
    assert_eq!(t.total, est.line_items.iter().map(|l| l.subtotal).sum());
    assert_eq!(t.breakdown.sum(), t.total);
    assert!(t.total_min < t.total && t.total < t.total_max);
    assert!(t.breakdown.parts_oem.get() > 0 && t.breakdown.adas_calibration.get() > 0);
    assert!(!est.data_sources.is_empty());
}

#[test]
fn insurance_view_has_seed_001_shape() {
    let est = estimate(&camry(Some(&["front_radar"])), EstimateData::shipped()).unwrap();
    let ins = serde_json::to_value(InsuranceEstimate::from_estimate(&est, "est_a1b2c3d4")).unwrap();
    assert_eq!(ins["estimate_id"], "est_a1b2c3d4");
    assert_eq!(ins["format"], "insurance");
    assert_eq!(
        ins["vehicle"],
        serde_json::json!({"make": "Toyota", "model": "Camry", "year": 2022})
    );
    let lines = ins["line_items"].as_array().unwrap();
    let first = lines[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    for k in [
        "line",
        "operation",
        "description",
        "part_type",
        "part_cost",
        "labor_hours",
        "labor_rate",
        "labor_cost",
        "paint_hours",
        "paint_rate",
        "paint_cost",
        "subtotal",
    ] {
        assert!(keys.contains(&k), "missing {k} in {keys:?}");
    }
    assert_eq!(first["line"], 1);
    assert_eq!(first["operation"], "REPLACE");
    assert_eq!(first["part_type"], "OEM");
    let sublet = lines
        .iter()
        .find(|l| l["operation"] == "SUBLET")
        .unwrap()
        .as_object()
        .unwrap();
    let mut sk: Vec<&str> = sublet.keys().map(String::as_str).collect();
    sk.sort();
    assert_eq!(
        sk,
        ["description", "line", "operation", "part_cost", "subtotal"]
    );
    let t = &ins["totals"];
    let n = |v: &Value| v.as_i64().unwrap_or(0);
    // Since issue 21 the materials, supplies and scans (`other`) and the sales tax (`tax`)
    // are in the total too.
    assert_eq!(
        n(&t["gross_total"]),
        n(&t["parts"])
            + n(&t["labor"])
            + n(&t["paint"])
            + n(&t["sublet"])
            + n(&t["other"])
            + n(&t["tax"])
    );
    assert_eq!(
        n(&t["gross_total"]),
        lines.iter().map(|l| n(&l["subtotal"])).sum::<i64>()
    );
    assert_eq!(n(&t["gross_total"]), est.totals.total.get());
}

/// Since issue 21, a system the vehicle data list as standard on the model (the Camry's front
/// radar) is calibrated on unknown equipment; only the others are asked, and they are shown
/// in the insurance view, marked, without counting.
#[test]
fn unknown_equipment_asks_instead_of_assuming() {
    let est = estimate(&camry(None), EstimateData::shipped()).unwrap();
    let radar = est.line("adas:front_radar").unwrap();
    assert_eq!(radar.status, LineStatus::Included);
    assert!(
        radar.reason.contains("standard on 2018-2024 Toyota Camry"),
        "{}",
        radar.reason
    );
    // Front bumper replace also asks about park-assist sensors.
    let park = est.line("adas:park_assist").unwrap();
    assert_eq!(park.status, LineStatus::NeedsConfirmation);
    assert!(park.question.as_deref().unwrap().contains("park assist"));
    assert_eq!(est.questions.len(), 1);
    assert!(est.adas.required);
    let pending: i64 = est
        .line_items
        .iter()
        .filter(|l| l.status == LineStatus::NeedsConfirmation)
        .map(|l| l.subtotal.get())
        .sum();
    assert_eq!(est.totals.pending_confirmation.get(), pending);
    assert_eq!(
        est.totals.total,
        est.line_items
            .iter()
            .filter(|l| l.status == LineStatus::Included)
            .map(|l| l.subtotal)
            .sum()
    );
    // In the insurance view, marked, but not in its total until confirmed.
    let ins = InsuranceEstimate::from_estimate(&est, "e");
    let shown = ins
        .line_items
        .iter()
        .find(|l| l.description.starts_with("Park assist"))
        .unwrap();
    assert_eq!(shown.status, Some(LineStatus::NeedsConfirmation));
    assert_eq!(ins.totals.gross_total, est.totals.total);
    assert_eq!(ins.totals.to_confirm, park.subtotal);
    // Confirming adds exactly its cost.
    let mut req = camry(None);
    req.overrides.lines.push(LineOverride {
        line_id: "adas:park_assist".into(),
        change: LineChange::Confirm,
    });
    let confirmed = estimate(&req, EstimateData::shipped()).unwrap();
    assert_eq!(
        confirmed.totals.total.get(),
        est.totals.total.get() + park.subtotal.get()
    );
    // Known equipment without radar: no calibration line at all.
    let none = estimate(&camry(Some(&["forward_camera"])), EstimateData::shipped()).unwrap();
    assert!(none.line("adas:front_radar").is_none());
    assert!(none.notes.iter().any(|n| n.contains("front_radar")));
}

#[test]
fn windshield_and_alignment_trigger_their_calibrations() {
    let mut req = camry(Some(&["forward_camera", "front_radar"]));
    req.areas = vec![
        DamageArea::manual("windshield", DamageType::GlassBreak, Severity::Severe),
        DamageArea::manual("wheel_front_left", DamageType::Crack, Severity::Severe),
    ];
    let est = estimate(&req, EstimateData::shipped()).unwrap();
    assert!(est.line("windshield:REPLACE").is_some());
    let cam = est.line("adas:forward_camera").unwrap();
    assert!(
        cam.description.contains("Static and Dynamic"),
        "{}",
        cam.description
    );
    assert!(est.line("sublet:four_wheel_alignment").is_some());
    assert!(est.line("adas:steering_angle_sensor").is_some());
    assert_eq!(
        est.line_items
            .iter()
            .filter(|l| l.id == "adas:forward_camera")
            .count(),
        1
    );
}

#[test]
fn bad_inputs_give_errors_listing_valid_values() {
    let d = EstimateData::shipped();
    let mut req = camry(None);
    req.state = "XY".into();
    let e = estimate(&req, d).unwrap_err();
    assert!(matches!(e, EstimateError::UnknownState { .. }));
    assert!(e.to_string().contains("CA, CO"), "{e}");

    let mut req = camry(None);
    req.areas[0].panel = "bonnet".into();
    let e = estimate(&req, d).unwrap_err().to_string();
    assert!(
        e.contains("unknown panel 'bonnet'") && e.contains("front_bumper") && e.contains("hood"),
        "{e}"
    );

    let e = "bent".parse::<DamageType>().unwrap_err().to_string();
    assert!(e.contains("paint_chip"), "{e}");

    let mut req = camry(None);
    req.vehicle = Vehicle::new("Lada", "Niva", 2010);
    let e = estimate(&req, d).unwrap_err().to_string();
    assert!(e.contains("give its class") && e.contains("pickup"), "{e}");
    req.vehicle.class = Some(shopbench_estimate::VehicleClass::Suv);
    let est = estimate(&req, d).unwrap();
    assert_eq!(est.vehicle.data_quality, "none");
    assert!(!est.notes.is_empty());

    let mut req = camry(None);
    req.overrides.lines.push(LineOverride {
        line_id: "roof:REPAIR".into(),
        change: LineChange::Remove,
    });
    let e = estimate(&req, d).unwrap_err().to_string();
    assert!(e.contains("front_bumper:REPLACE"), "{e}");
}

#[test]
fn request_round_trips_through_json() {
    let mut req = camry(Some(&["front_radar"]));
    req.overrides.lines.push(LineOverride {
        line_id: "front_fender_right:BLEND".into(),
        change: LineChange::Remove,
    });
    let edit: LineOverride = serde_json::from_str(
        r#"{"line_id": "front_bumper:REPLACE", "change": {"action": "edit", "labor_hours": 3.5, "part_type": "aftermarket", "part_cost": 21000}}"#,
    )
    .unwrap();
    req.overrides.lines.push(edit);
    let text = serde_json::to_string(&req).unwrap();
    let back: EstimateRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, req);
    let est = estimate(&back, EstimateData::shipped()).unwrap();
    assert!(est.line("front_fender_right:BLEND").is_none());
    let b = est.line("front_bumper:REPLACE").unwrap();
    assert_eq!(
        (b.labor_hours.tenths(), b.part_type, b.part_cost.get()),
        (35, PartType::Aftermarket, 21000)
    );
}

#[test]
fn complete_response_has_seed_001_shape() {
    let est = estimate(
        &camry(Some(&["forward_camera", "front_radar"])),
        EstimateData::shipped(),
    )
    .unwrap();
    let v = serde_json::to_value(EstimateSummary::from_estimate(
        &est,
        "est_a1b2c3d4",
        Some(12),
    ))
    .unwrap();
    assert_eq!(v["status"], "complete");
    assert_eq!(
        v["damage"]["areas"][0],
        serde_json::json!({"type": "dent", "severity": "moderate", "location": "front_bumper"})
    );
    assert_eq!(v["cost"]["unit"], "cents");
    for k in ["parts_oem", "body_labor", "paint_labor", "adas_calibration"] {
        assert!(v["cost"]["breakdown"][k].is_u64(), "{k}");
    }
    let first = &v["cost"]["line_items"][0];
    assert_eq!(first["description"], "Front bumper cover - R&R");
    assert_eq!(first["repair_type"], "replace");
    assert_eq!(
        v["adas"]["calibrations"][0],
        serde_json::json!({"system": "front_radar", "type": "static", "cost": 30000})
    );
    assert!(v["cost"]["total_min"].as_u64() < v["cost"]["total_max"].as_u64());
    assert_eq!(v["processing_time_ms"], 12);
}
