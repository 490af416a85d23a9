//! Parity of [`estimate`] with a golden corpus recorded before `estimate()` was split into
//! named steps (issue 13, item 5): every output must stay byte-for-byte identical.
//!
//! `tests/data/golden-estimates.jsonl` holds one line per request of [`corpus`], in order:
//! `{"case": name, "estimate": …, "insurance": …, "summary": …}` with the estimate, its
//! insurance view and its complete-response summary exactly as `serde_json::to_string` writes
//! them, or `{"case": name, "error": text}` with the error's `Display` text. To keep the file
//! small, the data-source provenance repeated on every line is stored once in the first line
//! and referred to by name (see [`shared_blocks`]); the test restores it and compares whole
//! strings.
//!
//! The corpus is built in code, deterministically (no clock, no randomness but a fixed-seed
//! generator): the requests of this crate's other tests and of seed 001, a sweep of every
//! panel × damage type × severity, every vehicle in the shipped data with multi-area damage
//! (adjacent panels for blends, bumpers/mirrors/windshield/wheels for ADAS and alignment),
//! vehicles outside the data, states, metro, part preferences, equipment, the estimator's
//! overrides (edit, remove, confirm, added lines), shop data overrides, requests that must
//! fail, issue 21's inputs (hail counts, three-stage paint, rust, structural damage, welded
//! panels, unpriced part types, edited derived lines, per-make sensors, vehicles by class),
//! and pseudo-random requests.
//!
//! Regenerate the file only after an intended, reviewed change of output:
//!
//! ```text
//! cargo test -p shopbench-estimate --test split_parity -- --ignored regenerate_golden_estimates
//! ```

use std::collections::BTreeSet;
use std::path::PathBuf;

use shopbench_estimate::{
    estimate, AreaSource, Cents, DamageArea, DamageType, DentSize, EstimateData, EstimateRequest,
    EstimateSummary, Finish, Hours, InsuranceEstimate, LineChange, LineEdit, LineOverride,
    ManualLine, Operation, PartType, Rect, Severity, Vehicle, VehicleClass,
};

use DamageType as T;
use Severity as S;

/// One request of the corpus and the shop data override (a merge patch) it is priced with.
struct Case {
    name: String,
    data_override: Option<&'static str>,
    req: EstimateRequest,
}

fn shipped() -> &'static EstimateData {
    EstimateData::shipped()
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden-estimates.jsonl")
}

/// The golden line of one case: the case name and the estimate with its two views, or the
/// error text. The serialised values are embedded verbatim, so field order is the types' own.
fn golden_line(case: &Case) -> String {
    let patched;
    let data = match case.data_override {
        Some(o) => {
            patched = shipped()
                .with_override(o)
                .unwrap_or_else(|e| panic!("{}: corpus data override is invalid: {e}", case.name));
            &patched
        }
        None => shipped(),
    };
    let name = serde_json::to_string(&case.name).unwrap();
    match estimate(&case.req, data) {
        Ok(est) => format!(
            r#"{{"case":{name},"estimate":{},"insurance":{},"summary":{}}}"#,
            json(&est),
            json(&InsuranceEstimate::from_estimate(&est, "est_golden")),
            json(&EstimateSummary::from_estimate(&est, "est_golden", None)),
        ),
        Err(e) => format!(
            r#"{{"case":{name},"error":{}}}"#,
            serde_json::to_string(&e.to_string()).unwrap()
        ),
    }
}

/// `serde_json::to_string` of an estimate or one of its views.
fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).expect("estimates and their views serialise")
}

// ---------------------------------------------------------------------------------------
// Building blocks.

fn area(panel: &str, t: DamageType, s: Severity) -> DamageArea {
    DamageArea::manual(panel, t, s)
}

fn vehicle(make: &str, model: &str, year: u16, equipment: Option<&[&str]>) -> Vehicle {
    let mut v = Vehicle::new(make, model, year);
    v.equipment = equipment.map(|e| e.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>());
    v
}

fn request(v: Vehicle, state: &str, metro: bool, areas: Vec<DamageArea>) -> EstimateRequest {
    EstimateRequest::new(v, state, areas).with_metro(metro)
}

fn case(name: impl Into<String>, req: EstimateRequest) -> Case {
    Case {
        name: name.into(),
        data_override: None,
        req,
    }
}

fn with_data(name: impl Into<String>, data_override: &'static str, req: EstimateRequest) -> Case {
    Case {
        name: name.into(),
        data_override: Some(data_override),
        req,
    }
}

fn edit_line(line_id: &str, e: LineEdit) -> LineOverride {
    LineOverride {
        line_id: line_id.into(),
        change: LineChange::Edit(e),
    }
}

fn remove_line(line_id: &str) -> LineOverride {
    LineOverride {
        line_id: line_id.into(),
        change: LineChange::Remove,
    }
}

fn confirm_line(line_id: &str) -> LineOverride {
    LineOverride {
        line_id: line_id.into(),
        change: LineChange::Confirm,
    }
}

/// Every (make, model) in the shipped data, in the data's order.
fn vehicles() -> Vec<(String, String)> {
    shipped()
        .list_vehicles()
        .data
        .into_iter()
        .flat_map(|m| m.models.into_iter().map(move |x| (m.make.clone(), x.model)))
        .collect()
}

/// The ADAS equipment variants the sweeps rotate through: unknown, everything, nothing,
/// front systems only, rear and side systems only.
const EQUIPMENT: [Option<&[&str]>; 5] = [
    None,
    Some(&[
        "forward_camera",
        "front_radar",
        "rear_radar",
        "park_assist",
        "blind_spot",
        "steering_angle_sensor",
    ]),
    Some(&[]),
    Some(&["forward_camera", "front_radar"]),
    Some(&["rear_radar", "park_assist", "blind_spot"]),
];

const PREFERENCES: [PartType; 3] = [PartType::Oem, PartType::Aftermarket, PartType::Used];

/// A state for the `i`-th case: every state in turn, some spelled in lower case.
fn state_for(i: usize) -> String {
    let codes = shipped().state_codes();
    let code = &codes[(i * 7) % codes.len()];
    if i % 11 == 5 {
        code.to_ascii_lowercase()
    } else {
        code.clone()
    }
}

/// Multi-area damage scenarios: a front, rear, left, right and top hit, merged areas on one
/// panel next to its neighbours, bumper R&I and missing parts, structural damage.
fn scenarios() -> Vec<(&'static str, Vec<DamageArea>)> {
    vec![
        (
            "front",
            vec![
                area("front_bumper", T::Dent, S::Severe),
                area("hood", T::Dent, S::Moderate),
                area("front_fender_left", T::Scratch, S::Minor),
                area("headlamp_left", T::LampDamage, S::Severe),
                area("grille", T::Crack, S::Moderate),
            ],
        ),
        (
            "rear",
            vec![
                area("rear_bumper", T::Crack, S::Minor),
                area("trunk_lid", T::Dent, S::Moderate),
                area("tail_lamp_right", T::LampDamage, S::Minor),
                area("quarter_panel_left", T::Scratch, S::Moderate),
            ],
        ),
        (
            "left",
            vec![
                area("front_door_left", T::Dent, S::Moderate),
                area("rear_door_left", T::Scratch, S::Minor),
                area("mirror_left", T::Crack, S::Severe),
                area("rocker_left", T::Structural, S::Moderate),
                area("wheel_front_left", T::Crack, S::Severe),
                area("door_glass_front_left", T::GlassBreak, S::Minor),
            ],
        ),
        (
            "right",
            vec![
                area("front_fender_right", T::Rust, S::Severe),
                area("front_door_right", T::PaintChip, S::Moderate),
                area("rear_door_right", T::Dent, S::Minor),
                area("quarter_panel_right", T::Structural, S::Severe),
                area("mirror_right", T::Scratch, S::Minor),
                area("wheel_rear_right", T::Dent, S::Moderate),
            ],
        ),
        (
            "top_glass",
            vec![
                area("roof", T::Dent, S::Severe),
                area("windshield", T::GlassBreak, S::Severe),
                area("back_glass", T::Crack, S::Minor),
                area("hood", T::Scratch, S::Minor),
                area("trunk_lid", T::PaintChip, S::Minor),
            ],
        ),
        (
            "merged_adjacent",
            vec![
                area("front_fender_left", T::Scratch, S::Minor),
                area("front_fender_left", T::Dent, S::Severe),
                area("hood", T::Scratch, S::Minor),
                area("front_door_left", T::Dent, S::Minor),
                area("hood", T::Dent, S::Moderate),
            ],
        ),
        (
            "r_and_i_missing",
            vec![
                area("front_bumper", T::Rust, S::Minor),
                area("rear_bumper", T::Dent, S::Minor),
                area("grille", T::MissingPart, S::Severe),
                area("mirror_right", T::MissingPart, S::Minor),
                area("headlamp_right", T::Scratch, S::Minor),
            ],
        ),
        (
            "structural",
            vec![
                area("rocker_right", T::Structural, S::Minor),
                area("front_bumper", T::Structural, S::Severe),
                area("wheel_front_right", T::Structural, S::Minor),
            ],
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// The corpus.

/// The requests of this crate's other tests (unit, seed example, golden, doc), the store's
/// and the CLI's seed example (lower-case state, photo boxes), and seed 001's detector output.
fn existing_test_requests() -> Vec<Case> {
    let mut out = seed_example_requests();
    out.extend(engine_unit_test_requests());
    out
}

/// Seed 001's car as the seed examples price it: a 2022 Camry in CA with a moderate dent
/// on the front bumper and a minor scratch on the left front fender, with `equipment`.
fn seed_camry(equipment: Option<&[&str]>) -> EstimateRequest {
    request(
        vehicle("Toyota", "Camry", 2022, equipment),
        "CA",
        false,
        vec![
            area("front_bumper", T::Dent, S::Moderate),
            area("front_fender_left", T::Scratch, S::Minor),
        ],
    )
}

/// The doc, golden and seed examples' requests on [`seed_camry`], the store's lower-case
/// state, and seed 001's detector output.
fn seed_example_requests() -> Vec<Case> {
    let mut out = vec![
        case("doc/camry_ca", seed_camry(None)),
        case(
            "golden/camry_seed_fc_fr",
            seed_camry(Some(&["forward_camera", "front_radar"])),
        ),
        case("seed_example/camry_fr", seed_camry(Some(&["front_radar"]))),
        case(
            "seed_example/camry_fc",
            seed_camry(Some(&["forward_camera"])),
        ),
    ];
    let mut r = seed_camry(None);
    r.overrides.lines.push(confirm_line("adas:front_radar"));
    out.push(case("seed_example/camry_confirm_radar", r));
    let mut r = seed_camry(Some(&["forward_camera", "front_radar"]));
    r.areas = vec![
        area("windshield", T::GlassBreak, S::Severe),
        area("wheel_front_left", T::Crack, S::Severe),
    ];
    out.push(case("seed_example/windshield_wheel", r));
    let mut r = seed_camry(None);
    r.state = "XY".into();
    out.push(case("seed_example/error_state_xy", r));
    let mut r = seed_camry(None);
    r.areas[0].panel = "bonnet".into();
    out.push(case("seed_example/error_panel_bonnet", r));
    let mut r = seed_camry(None);
    r.vehicle = Vehicle::new("Lada", "Niva", 2010);
    out.push(case("seed_example/error_lada_no_class", r.clone()));
    r.vehicle.class = Some(VehicleClass::Suv);
    out.push(case("seed_example/lada_suv", r));
    let mut r = seed_camry(None);
    r.overrides.lines.push(remove_line("roof:REPAIR"));
    out.push(case("seed_example/error_unknown_line", r));
    let mut r = seed_camry(Some(&["front_radar"]));
    r.overrides.lines.push(remove_line("hood:BLEND"));
    r.overrides.lines.push(edit_line(
        "front_bumper:REPLACE",
        LineEdit {
            labor_hours: Some(Hours::from_tenths(35)),
            part_type: Some(PartType::Aftermarket),
            part_cost: Some(Cents::new(21000)),
            ..LineEdit::default()
        },
    ));
    out.push(case("seed_example/round_trip_overrides", r));

    // Seed 001's detector output: boxes on photos, confidences.
    let mut r = seed_camry(None);
    let boxes = [(0.3, 0.4, 0.4, 0.3), (0.2, 0.2, 0.3125, 0.3125)];
    for ((a, conf), (x, y, w, h)) in r.areas.iter_mut().zip([0.87, 0.92]).zip(boxes) {
        a.confidence = Some(conf);
        a.photo_id = Some(format!("photo_{}", a.panel));
        a.region = Some(Rect::new(x, y, w, h).unwrap());
        a.source = AreaSource::Detector("seed-001".into());
    }
    out.push(case("seed001/camry_detected", r));
    let mut r = seed_camry(None);
    r.state = "ca".into();
    out.push(case("store/camry_lower_case_state", r));
    out
}

/// A request as the engine's unit tests make it: a 2021 `make` `model` in TX with five
/// systems fitted, damaged in `areas`.
fn unit_test_request(make: &str, model: &str, areas: Vec<DamageArea>) -> EstimateRequest {
    let five = Some(
        &[
            "front_radar",
            "rear_radar",
            "park_assist",
            "blind_spot",
            "forward_camera",
        ][..],
    );
    request(vehicle(make, model, 2021, five), "TX", false, areas)
}

/// The engine unit tests' requests ([`unit_test_request`]).
fn engine_unit_test_requests() -> Vec<Case> {
    let mut out = Vec::new();
    let mut r = unit_test_request(
        "Toyota",
        "Camry",
        vec![
            area("front_bumper", T::Dent, S::Moderate),
            area("hood", T::Dent, S::Minor),
        ],
    );
    r.overrides.lines = vec![
        remove_line("hood:REPAIR"),
        remove_line("front_bumper:REPLACE"),
    ];
    out.push(case("unit/remove_area_before", r.clone()));
    r.areas.pop();
    out.push(case("unit/remove_area_error", r.clone()));
    r.overrides.lines = vec![remove_line("front_bumper:REPLACE")];
    out.push(case("unit/remove_area_pruned", r));
    out.push(case(
        "unit/pdr_accord",
        unit_test_request(
            "Honda",
            "Accord",
            vec![area("front_door_left", T::Dent, S::Minor)],
        ),
    ));
    out.push(case(
        "unit/bumper_r_and_i_radar",
        unit_test_request(
            "Honda",
            "Accord",
            vec![area("front_bumper", T::Crack, S::Minor)],
        ),
    ));
    out.push(case(
        "unit/merge_one_panel",
        unit_test_request(
            "Ford",
            "F-150",
            vec![
                area("front_fender_right", T::Scratch, S::Minor),
                area("front_fender_right", T::Dent, S::Severe),
            ],
        ),
    ));
    out.push(case(
        "unit/structural_frame_alignment",
        unit_test_request(
            "Ford",
            "F-150",
            vec![area("rocker_left", T::Structural, S::Moderate)],
        ),
    ));
    let mut r = unit_test_request(
        "Toyota",
        "RAV4",
        vec![
            area("hood", T::Dent, S::Severe),
            area("roof", T::Dent, S::Severe),
        ],
    );
    r.part_preference = PartType::Aftermarket;
    out.push(case("unit/aftermarket_falls_back_to_oem", r));
    const TX_RATES: &str = r#"{"laborRates":{"states":{"TX":{"body":90,"paint":95}}}}"#;
    let mut r = unit_test_request("Honda", "Civic", vec![area("hood", T::Dent, S::Moderate)]);
    out.push(with_data("unit/shop_rates", TX_RATES, r.clone()));
    r.metro = true;
    out.push(with_data("unit/shop_rates_metro", TX_RATES, r));
    let mut r = unit_test_request(
        "Toyota",
        "Camry",
        vec![area("headlamp_left", T::LampDamage, S::Severe)],
    );
    out.push(case("unit/headlamp_oem", r.clone()));
    r.overrides.lines.push(edit_line(
        "headlamp_left:REPLACE",
        LineEdit {
            part_type: Some(PartType::Used),
            ..LineEdit::default()
        },
    ));
    out.push(case("unit/headlamp_edited_used", r));
    let mut r = unit_test_request(
        "Tesla",
        "Model 3",
        vec![area("trunk_lid", T::Scratch, S::Moderate)],
    );
    r.vehicle.year = 2012;
    out.push(case("unit/year_outside_data", r.clone()));
    r.areas[0].confidence = Some(1.5);
    out.push(case("unit/error_confidence_above_one", r));
    out.push(case(
        "unit/empty_damage",
        unit_test_request("Kia", "Forte", vec![]),
    ));
    out
}

/// Every panel × damage type × severity on its own, each priced for a different vehicle,
/// state, metro flag, part preference and equipment in turn (a deterministic sample of the
/// full vehicle × combination product).
fn combination_sweep() -> Vec<Case> {
    let vs = vehicles();
    let mut out = Vec::new();
    let mut i = 0usize;
    for panel in shipped().panel_ids() {
        for &t in DamageType::ALL {
            for &s in Severity::ALL {
                let (make, model) = &vs[(i * 13) % vs.len()];
                let v = vehicle(make, model, 2022, EQUIPMENT[i % EQUIPMENT.len()]);
                let mut r = request(v, &state_for(i), i % 4 == 1, vec![area(&panel, t, s)]);
                r.part_preference = PREFERENCES[(i / 3) % PREFERENCES.len()];
                out.push(case(format!("combo/{panel}/{t}/{s}/{make} {model}"), r));
                i += 1;
            }
        }
    }
    out
}

/// Every vehicle in the data with two multi-area scenarios (each scenario on ten vehicles
/// of several classes), plus each vehicle spelled
/// loosely and out of its years; then vehicles outside the data, with and without a class.
fn vehicle_sweep() -> Vec<Case> {
    let mut out = Vec::new();
    let scen = scenarios();
    for (vi, (make, model)) in vehicles().iter().enumerate() {
        for j in 0..2 {
            let si = (vi * 2 + j) % scen.len();
            let (sname, areas) = &scen[si];
            let i = vi * 2 + j;
            let v = vehicle(make, model, 2023, EQUIPMENT[(vi + si) % EQUIPMENT.len()]);
            let mut r = request(v, &state_for(i + 3), (vi + si) % 3 == 0, areas.clone());
            r.part_preference = PREFERENCES[(vi + 2 * si) % PREFERENCES.len()];
            out.push(case(format!("vehicle/{make} {model}/{sname}"), r));
        }
        let loose_make = make.to_ascii_lowercase();
        let loose_model = model.to_ascii_uppercase().replace(' ', "-");
        let year = if vi % 2 == 0 { 2001 } else { 2030 };
        let mut v = vehicle(&loose_make, &loose_model, year, EQUIPMENT[vi % 2]);
        if vi % 4 == 3 {
            v.class = Some(VehicleClass::ALL[vi % VehicleClass::ALL.len()]);
        }
        let (_, areas) = &scen[vi % scen.len()];
        out.push(case(
            format!("vehicle/{make} {model}/loose_spelling_year_{year}"),
            request(v, "NY", vi % 2 == 1, areas.clone()),
        ));
    }
    for (ci, &class) in VehicleClass::ALL.iter().enumerate() {
        let (sname, areas) = &scen[ci % scen.len()];
        let mut v = vehicle("Lada", "Niva", 2015, EQUIPMENT[ci % EQUIPMENT.len()]);
        v.class = Some(class);
        out.push(case(
            format!("unknown_vehicle/{class}/{sname}"),
            request(v, "FL", ci % 2 == 0, areas.clone()),
        ));
    }
    let front = scen[0].1.clone();
    let mut v = vehicle("Toyota", "Supra", 2021, None);
    out.push(case(
        "unknown_vehicle/error_known_make_no_class",
        request(v.clone(), "CA", false, front.clone()),
    ));
    v.class = Some(VehicleClass::Luxury);
    out.push(case(
        "unknown_vehicle/known_make_luxury",
        request(v, "CA", true, front.clone()),
    ));
    let mut v = vehicle("Toyota", "Camry", 2020, None);
    v.class = Some(VehicleClass::Pickup);
    out.push(case(
        "known_vehicle/class_given_overrides_data",
        request(v, "WA", false, front),
    ));
    out
}

/// Requests that must fail, each for one reason.
fn failing_requests() -> Vec<Case> {
    let ok_area = area("hood", T::Dent, S::Moderate);
    let base =
        |areas: Vec<DamageArea>| request(vehicle("Honda", "Civic", 2020, None), "OH", false, areas);
    let mut out = Vec::new();
    let mut r = base(vec![ok_area.clone()]);
    r.state = String::new();
    out.push(case("error/empty_state", r));
    let mut r = base(vec![ok_area.clone()]);
    r.state = "California".into();
    out.push(case("error/state_name", r));
    out.push(case(
        "error/empty_panel",
        base(vec![area("", T::Dent, S::Minor)]),
    ));
    out.push(case(
        "error/bad_panel_after_good",
        base(vec![ok_area.clone(), area("bumper", T::Dent, S::Minor)]),
    ));
    for (n, c) in [
        ("negative", -0.1f32),
        ("nan", f32::NAN),
        ("above_one", 1.01),
    ] {
        let mut bad = ok_area.clone();
        bad.confidence = Some(c);
        out.push(case(
            format!("error/confidence_{n}"),
            base(vec![ok_area.clone(), bad]),
        ));
    }
    let mut edge = ok_area.clone();
    edge.confidence = Some(0.0);
    let mut one = ok_area.clone();
    one.confidence = Some(1.0);
    out.push(case("ok/confidence_edges", base(vec![edge, one])));
    let mut r = base(vec![]);
    r.vehicle = Vehicle::new("Unknown", "Thing", 2020);
    out.push(case("error/unknown_make_no_class_empty_damage", r));
    let mut r = base(vec![ok_area.clone()]);
    r.overrides.lines.push(remove_line("hood:REPAIR"));
    r.overrides.lines.push(remove_line("hood:REPAIR"));
    out.push(case("error/remove_twice", r));
    let mut r = base(vec![ok_area.clone()]);
    r.overrides.lines.push(remove_line("hood:REPAIR"));
    r.overrides.lines.push(confirm_line("hood:REPAIR"));
    out.push(case("error/confirm_after_remove", r));
    let mut r = base(vec![ok_area]);
    r.overrides
        .lines
        .push(edit_line("manual:1", LineEdit::default()));
    r.overrides.added.push(manual_line(0));
    out.push(case("error/edit_of_added_line", r));
    out
}

/// A hand-added line, varied by `n`: a repair with default rates, a sublet, a part at a
/// chosen rate and paint.
fn manual_line(n: usize) -> ManualLine {
    match n % 3 {
        0 => ManualLine {
            operation: Operation::Repair,
            description: "Straighten bracket".into(),
            part_type: PartType::None,
            part_cost: Cents::ZERO,
            labor_hours: Hours::from_tenths(15),
            labor_rate: None,
            paint_hours: Hours::ZERO,
            paint_rate: None,
        },
        1 => ManualLine {
            operation: Operation::Sublet,
            description: "Towing".into(),
            part_type: PartType::None,
            part_cost: Cents::new(12500),
            labor_hours: Hours::ZERO,
            labor_rate: None,
            paint_hours: Hours::ZERO,
            paint_rate: None,
        },
        _ => ManualLine {
            operation: Operation::Replace,
            description: "Emblem".into(),
            part_type: PartType::Aftermarket,
            part_cost: Cents::new(4599),
            labor_hours: Hours::from_tenths(3),
            labor_rate: Some(Cents::new(6400)),
            paint_hours: Hours::from_tenths(7),
            paint_rate: Some(Cents::new(7100)),
        },
    }
}

/// The line edits the override sweep rotates through.
fn edits() -> Vec<(&'static str, LineEdit)> {
    let e = LineEdit::default;
    vec![
        (
            "labor_hours",
            LineEdit {
                labor_hours: Some(Hours::from_tenths(42)),
                ..e()
            },
        ),
        (
            "zero_hours",
            LineEdit {
                labor_hours: Some(Hours::ZERO),
                paint_hours: Some(Hours::ZERO),
                ..e()
            },
        ),
        (
            "part_cost",
            LineEdit {
                part_cost: Some(Cents::new(12345)),
                ..e()
            },
        ),
        (
            "part_oem",
            LineEdit {
                part_type: Some(PartType::Oem),
                ..e()
            },
        ),
        (
            "part_aftermarket",
            LineEdit {
                part_type: Some(PartType::Aftermarket),
                ..e()
            },
        ),
        (
            "part_used",
            LineEdit {
                part_type: Some(PartType::Used),
                ..e()
            },
        ),
        (
            "part_none",
            LineEdit {
                part_type: Some(PartType::None),
                ..e()
            },
        ),
        (
            "part_used_cost",
            LineEdit {
                part_type: Some(PartType::Used),
                part_cost: Some(Cents::new(9900)),
                ..e()
            },
        ),
        (
            "rates",
            LineEdit {
                labor_rate: Some(Cents::new(10100)),
                paint_rate: Some(Cents::new(10900)),
                ..e()
            },
        ),
        (
            "paint_hours",
            LineEdit {
                paint_hours: Some(Hours::from_tenths(17)),
                ..e()
            },
        ),
        (
            "operation_description",
            LineEdit {
                operation: Some(Operation::Refinish),
                description: Some("Refinish only, per estimator".into()),
                ..e()
            },
        ),
        (
            "everything",
            LineEdit {
                operation: Some(Operation::Sublet),
                description: Some("Sent out".into()),
                part_type: Some(PartType::Aftermarket),
                part_cost: Some(Cents::new(50000)),
                labor_hours: Some(Hours::from_tenths(1)),
                labor_rate: Some(Cents::new(1)),
                paint_hours: Some(Hours::from_tenths(2)),
                paint_rate: Some(Cents::new(2)),
            },
        ),
    ]
}

/// The estimator's overrides on several base estimates: every line removed, confirmed and
/// edited two ways (rotating through [`edits`]), overrides in sequence, added lines.
fn override_sweep() -> Vec<Case> {
    let bases = [
        (
            "camry_seed",
            vehicle("Toyota", "Camry", 2022, None),
            "CA",
            false,
            PartType::Oem,
            vec![
                area("front_bumper", T::Dent, S::Moderate),
                area("front_fender_left", T::Scratch, S::Minor),
            ],
        ),
        (
            "f150_alignment",
            vehicle("Ford", "F-150", 2020, EQUIPMENT[1]),
            "TX",
            false,
            PartType::Oem,
            vec![
                area("rocker_left", T::Structural, S::Moderate),
                area("wheel_front_left", T::Crack, S::Severe),
            ],
        ),
        (
            "x5_rear_r_and_i",
            vehicle("BMW", "X5", 2021, None),
            "NY",
            true,
            PartType::Aftermarket,
            vec![
                area("rear_bumper", T::Crack, S::Minor),
                area("mirror_right", T::MissingPart, S::Minor),
            ],
        ),
        (
            "civic_used",
            vehicle("Honda", "Civic", 2019, EQUIPMENT[4]),
            "GA",
            false,
            PartType::Used,
            vec![
                area("headlamp_left", T::LampDamage, S::Severe),
                area("roof", T::Dent, S::Severe),
                area("front_door_left", T::Dent, S::Minor),
            ],
        ),
    ];
    let edits = edits();
    let mut out = Vec::new();
    let mut k = 0usize;
    for (bname, v, state, metro, pref, areas) in bases {
        let mut base = request(v, state, metro, areas);
        base.part_preference = pref;
        let ids: Vec<String> = estimate(&base, shipped())
            .expect("override sweep bases price")
            .line_items
            .into_iter()
            .map(|l| l.id)
            .collect();
        for id in &ids {
            let mut r = base.clone();
            r.overrides.lines.push(remove_line(id));
            out.push(case(format!("override/{bname}/{id}/remove"), r));
            let mut r = base.clone();
            r.overrides.lines.push(confirm_line(id));
            out.push(case(format!("override/{bname}/{id}/confirm"), r));
            for _ in 0..2 {
                let (ename, e) = &edits[k % edits.len()];
                k += 1;
                let mut r = base.clone();
                r.overrides.lines.push(edit_line(id, e.clone()));
                out.push(case(format!("override/{bname}/{id}/edit_{ename}"), r));
            }
        }
        // Sequences: two edits of one line, edit then remove, everything at once, added lines.
        let first = &ids[0];
        let mut r = base.clone();
        r.overrides.lines.push(edit_line(first, edits[0].1.clone()));
        r.overrides.lines.push(edit_line(first, edits[2].1.clone()));
        out.push(case(format!("override/{bname}/two_edits"), r));
        let mut r = base.clone();
        r.overrides.lines.push(edit_line(first, edits[4].1.clone()));
        r.overrides.lines.push(remove_line(first));
        out.push(case(format!("override/{bname}/edit_then_remove"), r));
        let mut r = base.clone();
        for (j, id) in ids.iter().enumerate() {
            let o = match j % 3 {
                0 => confirm_line(id),
                1 => edit_line(id, edits[j % edits.len()].1.clone()),
                _ => remove_line(id),
            };
            r.overrides.lines.push(o);
        }
        r.overrides.added = (0..3).map(manual_line).collect();
        out.push(case(format!("override/{bname}/all_lines_and_added"), r));
        for n in 0..3 {
            let mut r = base.clone();
            r.overrides.added.push(manual_line(n));
            out.push(case(format!("override/{bname}/added_{n}"), r));
        }
        let mut r = base;
        r.overrides.lines.push(remove_line("nothing:HERE"));
        out.push(case(format!("override/{bname}/error_unknown_line"), r));
    }
    let mut r = request(vehicle("Kia", "Forte", 2020, None), "AK", true, vec![]);
    r.overrides.added = (0..3).map(manual_line).collect();
    out.push(case("override/empty_damage_added_lines", r));
    out
}

/// Shop data overrides that reach branches the shipped data never take: no blend, no time
/// spread, a panel without repair or replace time, a rule table with gaps.
fn data_override_cases() -> Vec<Case> {
    let front = scenarios()[0].1.clone();
    let camry =
        |areas: Vec<DamageArea>| request(vehicle("Toyota", "Camry", 2022, None), "CA", true, areas);
    vec![
        with_data(
            "data/no_blend",
            r#"{"panels":{"blendFactor":0}}"#,
            camry(front.clone()),
        ),
        with_data(
            "data/no_spread",
            r#"{"panels":{"laborTimeSpread":0}}"#,
            camry(front.clone()),
        ),
        with_data(
            "data/hood_no_repair_time",
            r#"{"panels":{"panels":{"hood":{"hours":{"midsize":{"repairModerate":null}}}}}}"#,
            camry(front.clone()),
        ),
        with_data(
            "data/error_hood_no_replace_time",
            r#"{"panels":{"panels":{"hood":{"hours":{"midsize":{"replace":null}}}}}}"#,
            camry(vec![area("hood", T::Dent, S::Severe)]),
        ),
        with_data(
            "data/error_no_rule",
            r#"{"panels":{"repairRules":[{"kinds":["panel"],"damageTypes":["dent"],"severities":["minor"],"action":"repair","refinish":false,"reason":"only rule"}]}}"#,
            camry(vec![
                area("hood", T::Dent, S::Minor),
                area("roof", T::Scratch, S::Minor),
            ]),
        ),
        with_data(
            "data/no_aftermarket_hood",
            r#"{"parts":{"partsByClass":{"hood":{"midsize":{"aftermarket":null}}}}}"#,
            {
                let mut r = camry(front.clone());
                r.part_preference = PartType::Aftermarket;
                r
            },
        ),
        with_data(
            "data/no_prices_fender_used",
            r#"{"parts":{"partsByClass":{"fender":{"midsize":{"used":null,"oem":null}}}}}"#,
            {
                let mut r = camry(vec![area("front_fender_left", T::Dent, S::Severe)]);
                r.part_preference = PartType::Used;
                r
            },
        ),
    ]
}

/// Issue 21's inputs and branches: hail counted on panels (matrix price, a quote cell,
/// aluminum), a three-stage finish, rust (customer pay), structural damage on a bolt-on part
/// and on the structure, a welded panel repaired instead of replaced, a part type without a
/// price, edits of the derived lines (materials, tax), per-make sensors (F-150 tail lamp,
/// Subaru windshield), a vehicle outside the data priced by class, and shop figures for
/// materials and tax.
fn issue_21_cases() -> Vec<Case> {
    let mut out = issue_21_damage_kinds();
    out.extend(issue_21_estimator_edits());
    out.extend(issue_21_sensors_and_classes());
    out.extend(issue_21_shop_figures());
    out
}

/// Issue 21's kinds of damage: hail counted on panels (steel and aluminum), a three-stage
/// finish, rust (customer pay), structural damage on a bolt-on part and on the structure,
/// a welded panel repaired instead of replaced.
fn issue_21_damage_kinds() -> Vec<Case> {
    let eq: Option<&[&str]> = None;
    let mut out = Vec::new();
    let hail = vec![
        DamageArea::hail("hood", 35, DentSize::Quarter),
        DamageArea::hail("roof", 80, DentSize::HalfDollar),
        DamageArea::hail("front_fender_left", 4, DentSize::Dime),
    ];
    out.push(case(
        "issue21/hail_camry",
        request(
            vehicle("Toyota", "Camry", 2020, eq),
            "CO",
            false,
            hail.clone(),
        ),
    ));
    out.push(case(
        "issue21/hail_f150_aluminum",
        request(vehicle("Ford", "F-150", 2019, eq), "CO", true, hail),
    ));
    let mut v = vehicle("Toyota", "Camry", 2022, eq);
    v.finish = Some(Finish::ThreeStage);
    let front = scenarios()[0].1.clone();
    out.push(case(
        "issue21/three_stage_front",
        request(v, "CA", false, front),
    ));
    out.push(case(
        "issue21/rust_customer_pay",
        request(
            vehicle("Honda", "Civic", 2012, eq),
            "MI",
            false,
            vec![
                area("rocker_left", T::Rust, S::Severe),
                area("front_fender_left", T::Rust, S::Moderate),
                area("front_bumper", T::Dent, S::Moderate),
            ],
        ),
    ));
    out.push(case(
        "issue21/structural_bolt_on_and_structure",
        request(
            vehicle("Toyota", "Camry", 2021, eq),
            "TX",
            false,
            vec![
                area("front_fender_left", T::Structural, S::Moderate),
                area("quarter_panel_right", T::Structural, S::Moderate),
            ],
        ),
    ));
    out.push(case(
        "issue21/welded_quarter_repaired",
        request(
            vehicle("Toyota", "Camry", 2015, eq),
            "CA",
            false,
            vec![area("quarter_panel_left", T::Dent, S::Severe)],
        ),
    ));
    out
}

/// Issue 21's estimator edits: a replaced door's part type set to used with the derived
/// lines edited (paint materials) and removed (sales tax), and a repair the estimator
/// overrules with a replacement.
fn issue_21_estimator_edits() -> Vec<Case> {
    let eq: Option<&[&str]> = None;
    let mut out = Vec::new();
    let mut r = request(
        vehicle("Honda", "Accord", 2020, eq),
        "GA",
        false,
        vec![area("front_door_left", T::Dent, S::Severe)],
    );
    r.overrides.lines.push(edit_line(
        "front_door_left:REPLACE",
        LineEdit {
            part_type: Some(PartType::Used),
            ..LineEdit::default()
        },
    ));
    r.overrides.lines.push(edit_line(
        "materials:paint",
        LineEdit {
            part_cost: Some(Cents::new(25_000)),
            ..LineEdit::default()
        },
    ));
    r.overrides.lines.push(remove_line("tax:sales"));
    out.push(case("issue21/derived_lines_edited", r));
    let mut r = request(
        vehicle("Toyota", "Camry", 2015, eq),
        "CA",
        false,
        vec![area("quarter_panel_left", T::Dent, S::Severe)],
    );
    r.overrides.lines.push(edit_line(
        "quarter_panel_left:REPAIR",
        LineEdit {
            operation: Some(Operation::Replace),
            ..LineEdit::default()
        },
    ));
    out.push(case("issue21/estimator_overrules_repair", r));
    out
}

/// Issue 21's per-make sensors (F-150 tail lamp, Subaru windshield) and a vehicle outside
/// the data priced by its class.
fn issue_21_sensors_and_classes() -> Vec<Case> {
    let eq: Option<&[&str]> = None;
    let mut out = Vec::new();
    out.push(case(
        "issue21/f150_tail_lamp_radar",
        request(
            vehicle("Ford", "F-150", 2017, eq),
            "TX",
            false,
            vec![
                area("tail_lamp_left", T::LampDamage, S::Severe),
                area("rear_bumper", T::Dent, S::Moderate),
            ],
        ),
    ));
    out.push(case(
        "issue21/subaru_windshield",
        request(
            vehicle("Subaru", "Outback", 2022, eq),
            "CO",
            false,
            vec![area("windshield", T::GlassBreak, S::Severe)],
        ),
    ));
    let mut v = vehicle("Ram", "1500", 2020, eq);
    v.class = Some(VehicleClass::Pickup);
    out.push(case(
        "issue21/ram_by_class",
        request(v, "TX", false, scenarios()[1].1.clone()),
    ));
    out
}

/// Issue 21's shop figures: the shop's paint materials rate and sales tax, and a price for
/// a hail cell the matrix quotes (with the shop's aluminum factor).
fn issue_21_shop_figures() -> Vec<Case> {
    let eq: Option<&[&str]> = None;
    let mut out = Vec::new();
    out.push(with_data(
        "issue21/shop_materials_and_tax",
        r#"{"laborRates":{"states":{"WA":{"paintMaterials":52}}},"salesTax":{"states":{"WA":{"rule":null,"ratePct":10.25}}}}"#,
        request(
            vehicle("Honda", "CR-V", 2021, eq),
            "WA",
            false,
            vec![area("front_bumper", T::Dent, S::Moderate)],
        ),
    ));
    out.push(with_data(
        "issue21/hail_quote_cell_priced",
        r#"{"hail":{"aluminumFactor":1.25}}"#,
        {
            let mut r = request(
                vehicle("Ford", "F-150", 2021, eq),
                "OK",
                false,
                vec![DamageArea::hail("roof", 250, DentSize::Nickel)],
            );
            r.overrides.lines.push(edit_line(
                "roof:PDR",
                LineEdit {
                    part_cost: Some(Cents::new(240_000)),
                    ..LineEdit::default()
                },
            ));
            r
        },
    ));
    out
}

/// splitmix64: a fixed-seed generator for the pseudo-random sweep.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, X>(&mut self, xs: &'a [X]) -> &'a X {
        &xs[self.below(xs.len())]
    }
}

/// Pseudo-random requests in the manner of `tests/properties.rs`, from a fixed seed: any
/// vehicle, class, state, metro, 0–6 areas, equipment subset, preference and year, and on
/// half of them up to three overrides of lines of the unedited estimate and added lines.
fn random_sweep(n: usize) -> Vec<Case> {
    let mut rng = Rng(0x5eed_0013_0005);
    let vs = vehicles();
    let panels = shipped().panel_ids();
    let states = shipped().state_codes();
    let systems: Vec<String> = shipped().adas_systems().into_iter().collect();
    let edits = edits();
    let mut out = Vec::new();
    for i in 0..n {
        let (make, model) = rng.pick(&vs).clone();
        let mut v = Vehicle::new(&make, &model, 2000 + rng.below(27) as u16);
        if rng.below(4) == 0 {
            v.class = Some(*rng.pick(VehicleClass::ALL));
        }
        if rng.below(3) != 0 {
            v.equipment = Some(
                systems
                    .iter()
                    .filter(|_| rng.below(2) == 0)
                    .cloned()
                    .collect(),
            );
        }
        let areas = (0..rng.below(7))
            .map(|_| {
                area(
                    rng.pick::<String>(&panels),
                    *rng.pick(DamageType::ALL),
                    *rng.pick(Severity::ALL),
                )
            })
            .collect();
        let mut r = request(v, rng.pick::<String>(&states), rng.below(2) == 0, areas);
        r.part_preference = *rng.pick(&PREFERENCES);
        if rng.below(2) == 0 {
            if let Ok(est) = estimate(&r, shipped()) {
                let ids: Vec<String> = est.line_items.into_iter().map(|l| l.id).collect();
                if !ids.is_empty() {
                    for _ in 0..1 + rng.below(3) {
                        let id = rng.pick(&ids).clone();
                        let o = match rng.below(4) {
                            0 => remove_line(&id),
                            1 => confirm_line(&id),
                            _ => edit_line(&id, rng.pick(&edits).1.clone()),
                        };
                        r.overrides.lines.push(o);
                    }
                }
            }
            if rng.below(3) == 0 {
                r.overrides.added.push(manual_line(rng.below(3)));
            }
        }
        out.push(case(format!("random/{i:03}"), r));
    }
    out
}

/// The whole corpus, in golden-file order.
fn corpus() -> Vec<Case> {
    let mut all = existing_test_requests();
    all.extend(combination_sweep());
    all.extend(vehicle_sweep());
    all.extend(failing_requests());
    all.extend(override_sweep());
    all.extend(data_override_cases());
    all.extend(issue_21_cases());
    all.extend(random_sweep(150));
    all
}

// ---------------------------------------------------------------------------------------
// Tests.

/// Text repeated verbatim on nearly every line: the estimate's and the summary's data
/// sources (some 5 kB of provenance). The golden file's first line holds each block once,
/// `{"shared":{name: text}}`, and other lines carry `"data_sources":"@name"` in its place;
/// [`expand`] restores the exact text before lines are compared.
fn shared_blocks() -> Vec<(String, String)> {
    let est =
        estimate(&existing_test_requests()[0].req, shipped()).expect("the doc example prices");
    let summary = EstimateSummary::from_estimate(&est, "est_golden", None);
    vec![
        (
            "@estimate_data_sources".to_string(),
            json(&est.data_sources),
        ),
        (
            "@summary_data_sources".to_string(),
            json(&summary.data_sources),
        ),
    ]
}

/// `"data_sources":<text>` as it appears inside a serialised estimate or summary.
fn block(text: &str) -> String {
    format!(r#""data_sources":{text}"#)
}

/// `"data_sources":"@name"`, the reference to a shared block.
fn reference(name: &str) -> String {
    format!(r#""data_sources":"{name}""#)
}

/// A golden line with its shared-block references replaced by the blocks' exact text.
fn expand(line: &str, shared: &[(String, String)]) -> String {
    shared.iter().fold(line.to_string(), |l, (name, text)| {
        l.replace(&reference(name), &block(text))
    })
}

/// Rewrites the golden file from the current engine. Run it only to accept a reviewed change.
#[test]
#[ignore = "rewrites tests/data/golden-estimates.jsonl; run only to accept a reviewed change"]
fn regenerate_golden_estimates() {
    let shared = shared_blocks();
    let header: serde_json::Map<String, serde_json::Value> = shared
        .iter()
        .map(|(name, text)| (name.clone(), serde_json::Value::String(text.clone())))
        .collect();
    let mut text = json(&serde_json::json!({ "shared": header })) + "\n";
    for c in corpus() {
        let full = golden_line(&c);
        let short = shared.iter().fold(full.clone(), |l, (name, text)| {
            l.replace(&block(text), &reference(name))
        });
        assert_eq!(
            expand(&short, &shared),
            full,
            "{}: shared blocks do not round-trip",
            c.name
        );
        text.push_str(&short);
        text.push('\n');
    }
    let path = golden_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
}

#[test]
fn corpus_case_names_are_unique() {
    let mut seen = BTreeSet::new();
    for c in corpus() {
        assert!(seen.insert(c.name.clone()), "duplicate case {}", c.name);
    }
}

/// Where two lines first differ, with some context, so a failure does not print megabytes.
fn first_difference(got: &str, want: &str) -> String {
    let at = got
        .bytes()
        .zip(want.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let window = |s: &str| {
        let mut lo = at.saturating_sub(120).min(s.len());
        while !s.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (at + 120).min(s.len());
        while !s.is_char_boundary(hi) {
            hi += 1;
        }
        s[lo..hi].to_string()
    };
    format!(
        "first difference at byte {at}\n  got:  …{}…\n  want: …{}…",
        window(got),
        window(want)
    )
}

#[test]
fn every_estimate_matches_its_golden_line() {
    let path = golden_path();
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — regenerate with `cargo test -p shopbench-estimate --test split_parity -- --ignored regenerate_golden_estimates`",
            path.display()
        )
    });
    let mut lines = golden.lines();
    #[derive(serde::Deserialize)]
    struct Header {
        shared: std::collections::BTreeMap<String, String>,
    }
    let header: Header = serde_json::from_str(lines.next().unwrap_or_default())
        .expect("the golden file starts with its shared blocks");
    let shared: Vec<(String, String)> = header.shared.into_iter().collect();
    let want: Vec<String> = lines.map(|l| expand(l, &shared)).collect();
    let cases = corpus();
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let got = golden_line(c);
        match want.get(i) {
            Some(w) if *w == got => {}
            Some(w) => failures.push(format!(
                "line {} ({}): {}",
                i + 2,
                c.name,
                first_difference(&got, w)
            )),
            None => failures.push(format!(
                "line {} ({}): missing from the golden file",
                i + 2,
                c.name
            )),
        }
    }
    if want.len() > cases.len() {
        failures.push(format!(
            "the golden file has {} lines, the corpus {}",
            want.len(),
            cases.len()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} estimates differ from {}:\n{}",
        failures.len(),
        cases.len(),
        path.display(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
