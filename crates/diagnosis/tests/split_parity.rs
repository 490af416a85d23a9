//! Before/after parity for splitting `diagnose()` into named steps (issue 13,
//! item 5): the engine's output must stay bit-for-bit what it was.
//!
//! `tests/data/golden-diagnoses.jsonl` holds, one line per case,
//! `{"set":…,"id":…,"diagnosis":<serde_json::to_string(&diagnosis)>}` as the
//! engine produced it *before* the split, for
//!
//! * every labelled case of `tests/data/diagnosis-cases.jsonl` and
//!   `tests/data/diagnosis-cases-holdout.jsonl` (workspace root),
//! * a few hand-written edge cases (empty case, bad input, recorded tests), and
//! * a deterministic, seeded mix of the labelled cases' parts with the input
//!   the labelled sets never carry (pending and duplicate codes, VINs,
//!   kilometres, psi, recorded test results, contradictions, unknown and
//!   implausible readings), so every step of the engine is exercised.
//!
//! `tests/data/golden-evaluation.jsonl` holds the full `evaluate()` report
//! (top-1 / top-3 / MRR, calibration, per-case outcomes) for each labelled set.
//!
//! The lines are compared as strings, so every float must come out exactly as
//! before. To regenerate both files (only when the output is *meant* to
//! change, and say so in the commit):
//!
//! ```text
//! SHOPBENCH_REGENERATE_GOLDEN=1 cargo test -p shopbench-diagnosis --test split_parity -- --ignored
//! ```

use std::path::PathBuf;

use shopbench_diagnosis::{
    diagnose, evaluate, parse_cases_jsonl, CaseInput, DistanceUnit, DtcEntry, DtcStatus, Knowledge,
    LabelledCase, Mileage, SymptomTag, TestOutcome, TestResult, VehicleId,
};

const CASES: &str = include_str!("../../../tests/data/diagnosis-cases.jsonl");
const HOLDOUT: &str = include_str!("../../../tests/data/diagnosis-cases-holdout.jsonl");

/// How many seeded mixed cases the golden file holds.
const MIXED_CASES: usize = 100;

fn data_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file)
}

fn labelled_sets() -> Vec<(&'static str, Vec<LabelledCase>)> {
    vec![
        (
            "diagnosis-cases",
            parse_cases_jsonl(CASES).expect("labelled cases parse"),
        ),
        (
            "diagnosis-cases-holdout",
            parse_cases_jsonl(HOLDOUT).expect("hold-out cases parse"),
        ),
    ]
}

/// Every case the golden file covers, as (set, id, case), in file order.
fn all_cases() -> Vec<(&'static str, String, CaseInput)> {
    let sets = labelled_sets();
    let mut out: Vec<(&'static str, String, CaseInput)> = Vec::new();
    for (set, cases) in &sets {
        out.extend(cases.iter().map(|c| (*set, c.id.clone(), c.case.clone())));
    }
    out.extend(
        edge_cases()
            .into_iter()
            .map(|(id, c)| ("edge", id.to_string(), c)),
    );
    let labelled: Vec<&LabelledCase> = sets.iter().flat_map(|(_, c)| c).collect();
    out.extend(
        mixed_cases(&labelled, MIXED_CASES)
            .into_iter()
            .enumerate()
            .map(|(i, c)| ("mixed", format!("mixed-{i:03}"), c)),
    );
    out
}

/// One golden line, built by hand so the diagnosis JSON is kept byte for byte.
fn golden_line(set: &str, id: &str, case: &CaseInput) -> String {
    let diagnosis = diagnose(Knowledge::embedded(), case);
    format!(
        "{{\"set\":{},\"id\":{},\"diagnosis\":{}}}",
        serde_json::to_string(set).expect("string"),
        serde_json::to_string(id).expect("string"),
        serde_json::to_string(&diagnosis).expect("diagnosis serialises")
    )
}

fn evaluation_lines() -> Vec<String> {
    labelled_sets()
        .iter()
        .map(|(set, cases)| {
            let report = evaluate(Knowledge::embedded(), cases);
            format!(
                "{{\"set\":{},\"report\":{}}}",
                serde_json::to_string(set).expect("string"),
                serde_json::to_string(&report).expect("report serialises")
            )
        })
        .collect()
}

fn read_golden(file: &str) -> Vec<String> {
    let path = data_path(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — generate it with SHOPBENCH_REGENERATE_GOLDEN=1 cargo test -p shopbench-diagnosis --test split_parity -- --ignored",
            path.display()
        )
    });
    text.lines().map(str::to_string).collect()
}

#[test]
fn every_case_diagnoses_exactly_as_the_golden_file_says() {
    let golden = read_golden("golden-diagnoses.jsonl");
    let cases = all_cases();
    assert_eq!(golden.len(), cases.len(), "golden lines vs cases");
    let mut differ = Vec::new();
    for ((set, id, case), want) in cases.iter().zip(&golden) {
        let got = golden_line(set, id, case);
        if got != *want {
            differ.push(format!("{set}/{id}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} cases differ from the golden output: {:?}",
        differ.len(),
        cases.len(),
        differ
    );
    println!("{} cases identical to the golden output", cases.len());
}

#[test]
fn the_evaluation_report_is_unchanged() {
    let golden = read_golden("golden-evaluation.jsonl");
    let now = evaluation_lines();
    assert_eq!(golden.len(), now.len());
    for (got, want) in now.iter().zip(&golden) {
        assert!(
            got == want,
            "evaluation report changed:\n got {got}\nwant {want}"
        );
    }
    for ((set, cases), line) in labelled_sets().iter().zip(&golden) {
        let v: serde_json::Value = serde_json::from_str(line).expect("golden JSON");
        let e = &v["report"]["engine"];
        assert_eq!(v["report"]["cases"], cases.len());
        println!(
            "{set}: {} cases, top-1 {}, top-3 {}, MRR {}",
            cases.len(),
            e["top1"],
            e["top3"],
            e["mrr"]
        );
    }
}

/// Writes both golden files from the engine as it is now. Ignored, and a
/// no-op unless `SHOPBENCH_REGENERATE_GOLDEN=1`, so a plain
/// `--include-ignored` run cannot overwrite them by accident.
#[test]
#[ignore = "regenerates the golden files; see the module docs"]
fn regenerate_golden_files() {
    if std::env::var("SHOPBENCH_REGENERATE_GOLDEN").as_deref() != Ok("1") {
        println!("set SHOPBENCH_REGENERATE_GOLDEN=1 to rewrite the golden files");
        return;
    }
    let mut text = String::new();
    for (set, id, case) in all_cases() {
        text.push_str(&golden_line(set, &id, &case));
        text.push('\n');
    }
    std::fs::write(data_path("golden-diagnoses.jsonl"), text).expect("write golden diagnoses");
    let mut eval = evaluation_lines().join("\n");
    eval.push('\n');
    std::fs::write(data_path("golden-evaluation.jsonl"), eval).expect("write golden evaluation");
}

#[test]
fn the_mixed_cases_reach_the_input_the_labelled_sets_lack() {
    let cases = all_cases();
    let any = |f: &dyn Fn(&CaseInput) -> bool| cases.iter().any(|(_, _, c)| f(c));
    assert!(any(&|c| c.test_results.len() > 1));
    assert!(any(&|c| c
        .dtcs
        .iter()
        .any(|d| d.status == DtcStatus::Pending)));
    assert!(any(&|c| c.vehicle.vin.is_some()));
    assert!(any(&|c| c
        .mileage
        .is_some_and(|m| m.unit == DistanceUnit::Km)));
    assert!(any(&|c| c.readings.contains_key("fuel_pressure_psi")));
    assert!(any(&|c| !c.symptoms.is_empty()));
}

// ---------------------------------------------------------------------------
// The extra cases. Changing anything below changes the golden file's cases:
// regenerate it from the *old* engine if you must.

fn codes(list: &[&str]) -> Vec<DtcEntry> {
    list.iter().map(|c| DtcEntry::stored(c)).collect()
}

fn result(step: &str, outcome: TestOutcome) -> TestResult {
    TestResult {
        step_id: step.into(),
        outcome,
        note: None,
    }
}

/// Hand-written cases for paths the labelled sets never take.
fn edge_cases() -> Vec<(&'static str, CaseInput)> {
    let mut bad = CaseInput {
        dtcs: codes(&["P0171", "XYZ", "P0171"]),
        complaint: "won't crank, and sometimes cranks but won't start".into(),
        ..Default::default()
    };
    bad.vehicle.make = Some("Zastava Motors".into());
    bad.vehicle.vin = Some("1HGCM82633A004353".parse().unwrap());
    bad.test_results = vec![
        result("smoke_intake", TestOutcome::Pass),
        result("smoke_intake", TestOutcome::Fail),
        result("made_up", TestOutcome::Fail),
    ];
    bad.readings.insert("ltft_b1".into(), 400.0);
    let mut swapped = CaseInput {
        dtcs: codes(&["P0300", "P0303"]),
        ..Default::default()
    };
    swapped
        .test_results
        .push(result("coil_swap", TestOutcome::Pass));
    vec![
        ("empty", CaseInput::default()),
        (
            "complaint-no-symptom",
            CaseInput {
                complaint: "customer says it feels funny".into(),
                ..Default::default()
            },
        ),
        (
            "strong-finding-only",
            CaseInput {
                findings: "cooling fan never turns on at 105 C".into(),
                ..Default::default()
            },
        ),
        ("bad-input", bad),
        ("coil-swap-passed", swapped),
        (
            "pending-duplicate",
            CaseInput {
                dtcs: vec![
                    DtcEntry {
                        code: "P0171".into(),
                        status: DtcStatus::Pending,
                        ecu: None,
                    },
                    DtcEntry::stored("p0171"),
                    DtcEntry {
                        code: "P0174".into(),
                        status: DtcStatus::Pending,
                        ecu: Some("ECM".into()),
                    },
                ],
                ..Default::default()
            },
        ),
        (
            "family-range-codes",
            CaseInput {
                dtcs: codes(&[
                    "P0799", "P0349", "P0064", "P0167", "P0219", "P0212", "P0362", "P0459",
                    "P0029", "P0334", "P0312",
                ]),
                ..Default::default()
            },
        ),
        (
            "unknown-codes",
            CaseInput {
                dtcs: codes(&["P1234", "U0100", "B1234", "C0035", "P0309", "P2096"]),
                ..Default::default()
            },
        ),
    ]
}

/// A small deterministic generator (xorshift64*), so the mixed cases are the
/// same on every machine and every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

const EXTRA_CODES: &[&str] = &[
    "P0300", "P0128", "P0455", "P0401", "P0507", "P0420", "P0430", "P0016", "P0340", "P0335",
    "P0562", "P0700", "P1234", "U0100", "B1234", "P0309", "P2096", "p0171", " P0174 ", "XYZ",
    "P01",
];

const EXTRA_READINGS: &[(&str, f64)] = &[
    ("fuel_pressure_psi", 38.0),
    ("fuel_pressure_psi", 52.5),
    ("ltft_b1", 400.0),
    ("ltft_b2", -25.0),
    ("ltft_b1", 24.0),
    ("nonsense_pid", 1.0),
    ("o2_b1s1_min_v", 0.1),
    ("o2_b1s1_max_v", 0.9),
    ("o2_b1s2_v", 0.45),
    ("compression_cyl_1", 170.0),
    ("compression_cyl_2", 120.0),
    ("compression_cyl_3", 165.0),
    ("cam_crank_offset_deg", -7.5),
    ("battery_v", 12.6),
    ("charging_v", 12.1),
    ("charging_v", 14.2),
    ("parasitic_draw_ma", 180.0),
    ("ect_cold_soak", 20.0),
    ("iat_cold_soak", 5.0),
    ("coolant_temp", 70.0),
    ("coolant_temp_max", 118.0),
    ("idle_rpm", 1100.0),
    ("boost_desired_kpa", 220.0),
    ("boost_actual_kpa", 160.0),
    ("maf", 2.1),
    ("rpm", 1500.0),
    ("misfire_cyl_1", 40.0),
    ("misfire_cyl_5", 3.0),
    ("misfire_cyl_6", -2.0),
    ("maf_gps_per_litre_idle", 1.4),
    ("o2_b1s1_v", 7.0),
    ("catalyst_temp", f64::INFINITY),
];

const COMPLAINTS: &[&str] = &[
    "overheating in traffic, temp gauge high",
    "battery dies overnight, battery light flickers",
    "squeal when braking and pulls to the left",
    "rattle on start, ticking",
    "burning oil and losing coolant",
    "check engine light",
    "cranks but won't start",
    "won't crank, single click",
    "harsh shift and rpm flares",
    "smells like gas, poor gas mileage",
];

const FINDINGS: &[&str] = &[
    "hiss from intake",
    "whistle from oil cap",
    "oil on plug threads",
    "coolant puddle under the pump, weep hole wet",
    "fan not running",
    "gas cap loose",
    "corroded terminal",
    "pads at 2 mm",
    "fluid burnt",
    "dirty maf",
    "no rpm while cranking",
    "security light flashing",
    "fuse blown",
    "chafed wire at the harness",
];

const VINS: &[&str] = &["1HGCM82633A004352", "1HGCM82633A004353", "ABC", "   "];

const MAKES: &[&str] = &["Chevy", "VW", "mercedes benz", "Zastava", ""];

const TAGS: &[SymptomTag] = &[
    SymptomTag::NoStart,
    SymptomTag::CrankNoStart,
    SymptomTag::NoCrank,
    SymptomTag::RoughIdle,
    SymptomTag::MisfireFelt,
    SymptomTag::Stalling,
    SymptomTag::Hesitation,
    SymptomTag::PoorFuelEconomy,
    SymptomTag::Overheating,
    SymptomTag::NoHeat,
    SymptomTag::BatteryDrain,
    SymptomTag::ChargingWarning,
    SymptomTag::BrakeNoise,
    SymptomTag::BrakePull,
    SymptomTag::BrakePulsation,
    SymptomTag::TransmissionSlip,
    SymptomTag::HarshShift,
    SymptomTag::FuelSmell,
    SymptomTag::EngineNoiseTicking,
    SymptomTag::OilConsumption,
    SymptomTag::CoolantLoss,
    SymptomTag::CheckEngineLightOnly,
];

/// `n` cases mixing the labelled cases' parts with [`EXTRA_CODES`],
/// [`EXTRA_READINGS`], recorded results of real and made-up steps, VINs,
/// kilometres and symptom tags. Seeded: the same every run.
fn mixed_cases(labelled: &[&LabelledCase], n: usize) -> Vec<CaseInput> {
    let mut rng = Rng(0x5eed_0013_0005_d1a6);
    let mut steps: Vec<String> = Knowledge::embedded()
        .tests()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    steps.push("made_up".into());
    (0..n)
        .map(|_| mixed_case(&mut rng, labelled, &steps))
        .collect()
}

fn mixed_case(rng: &mut Rng, labelled: &[&LabelledCase], steps: &[String]) -> CaseInput {
    let mut c = rng.pick(labelled).case.clone();
    let other = &rng.pick(labelled).case;
    mix_codes(rng, &mut c, other);
    mix_words(rng, &mut c, other);
    mix_vehicle(rng, &mut c, other);
    mix_readings(rng, &mut c, other);
    for _ in 0..rng.below(4) {
        let outcome = if rng.chance(50) {
            TestOutcome::Pass
        } else {
            TestOutcome::Fail
        };
        let step = rng.pick(steps).clone();
        c.test_results.push(result(&step, outcome));
    }
    if rng.chance(10) {
        if let Some(first) = c.test_results.first().cloned() {
            let flipped = match first.outcome {
                TestOutcome::Pass => TestOutcome::Fail,
                TestOutcome::Fail => TestOutcome::Pass,
            };
            c.test_results.push(result(&first.step_id, flipped));
        }
    }
    c
}

fn mix_codes(rng: &mut Rng, c: &mut CaseInput, other: &CaseInput) {
    if rng.chance(40) {
        c.dtcs.extend(other.dtcs.iter().cloned());
    }
    for _ in 0..rng.below(3) {
        c.dtcs.push(DtcEntry::stored(rng.pick::<&str>(EXTRA_CODES)));
    }
    if rng.chance(15) {
        c.dtcs.clear();
    }
    for d in &mut c.dtcs {
        d.status = match rng.below(6) {
            0 => DtcStatus::Pending,
            1 => DtcStatus::Permanent,
            _ => DtcStatus::Stored,
        };
    }
    if rng.chance(15) && !c.dtcs.is_empty() {
        let dup = c.dtcs[rng.below(c.dtcs.len())].clone();
        c.dtcs.push(dup);
    }
}

fn mix_words(rng: &mut Rng, c: &mut CaseInput, other: &CaseInput) {
    match rng.below(4) {
        0 => c.complaint = rng.pick(COMPLAINTS).to_string(),
        1 => c.complaint = format!("{}, {}", c.complaint, other.complaint),
        _ => {}
    }
    match rng.below(4) {
        0 => c.findings = rng.pick(FINDINGS).to_string(),
        1 => c.findings = format!("{} {}", c.findings, rng.pick(FINDINGS)),
        _ => {}
    }
    for _ in 0..rng.below(3) {
        c.symptoms.push(*rng.pick(TAGS));
    }
}

fn mix_vehicle(rng: &mut Rng, c: &mut CaseInput, other: &CaseInput) {
    if rng.chance(25) {
        c.vehicle = other.vehicle.clone();
    }
    if rng.chance(10) {
        c.vehicle = VehicleId::default();
    }
    if rng.chance(10) {
        c.vehicle.make = Some(rng.pick(MAKES).to_string());
    }
    if rng.chance(10) {
        c.vehicle.year = None;
    }
    if rng.chance(20) {
        c.vehicle.vin = rng.pick(VINS).parse().ok();
    }
    c.mileage = match rng.below(8) {
        0 => None,
        1 => Some(Mileage {
            value: 160_000.0 + rng.below(100_000) as f64,
            unit: DistanceUnit::Km,
        }),
        2 => Some(Mileage {
            value: rng.below(250_000) as f64,
            unit: DistanceUnit::Mi,
        }),
        3 => Some(Mileage {
            value: -5.0,
            unit: DistanceUnit::Mi,
        }),
        _ => c.mileage,
    };
}

fn mix_readings(rng: &mut Rng, c: &mut CaseInput, other: &CaseInput) {
    if rng.chance(30) {
        for (k, v) in &other.readings {
            c.readings.entry(k.clone()).or_insert(*v);
        }
    }
    for _ in 0..rng.below(4) {
        let (k, v) = *rng.pick(EXTRA_READINGS);
        if rng.chance(30) {
            c.freeze_frame.insert(k.to_string(), v);
        } else {
            c.readings.insert(k.to_string(), v);
        }
    }
    if rng.chance(10) {
        c.readings.clear();
    }
}
