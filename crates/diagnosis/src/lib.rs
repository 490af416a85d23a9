//! Embedded, explainable vehicle diagnosis.
//!
//! A case (vehicle, mileage, complaint, codes, freeze frame, live data,
//! recorded test results) goes in; ranked probable causes with the evidence
//! for and against each, a step-by-step test plan, a confidence and what data
//! would raise it come out. Pure: no I/O, no clock, deterministic, well under
//! a millisecond per case once the knowledge is loaded.
//!
//! The knowledge lives in `assets/knowledge/*.json` (compiled in): a curated
//! layer of causes, code links, code combinations, reading conditions,
//! mileage bands, make patterns and tests, over the generic OBDex catalogue
//! of `shopbench-core` for codes the curated layer lacks.
//!
//! ```
//! use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge, TestOutcome, TestResult};
//!
//! let kb = Knowledge::embedded();
//! let mut case = CaseInput {
//!     complaint: "shakes at idle, check engine light flashing".into(),
//!     dtcs: vec![DtcEntry::stored("P0300"), DtcEntry::stored("P0302")],
//!     ..Default::default()
//! };
//! let first = diagnose(kb, &case);
//! assert_eq!(first.causes[0].id, "ignition_coil");
//!
//! // The technician swaps the coil and the misfire stays on cylinder 2:
//! case.test_results.push(TestResult { step_id: "coil_swap".into(), outcome: TestOutcome::Pass, note: None });
//! let second = diagnose(kb, &case);
//! assert_ne!(second.causes[0].id, "ignition_coil");
//! ```
//!
//! # Reading names
//!
//! Readings and freeze-frame values are keyed by name: `ltft_b1`, `ltft_b2`,
//! `stft_b1`, `ltft_b1_2500` (trim held at 2500 rpm), `maf` (g/s), `rpm`,
//! `idle_rpm`, `coolant_temp` / `coolant_temp_max` (°C), `ect_cold_soak` and
//! `iat_cold_soak`, `o2_b1s1_min_v` / `o2_b1s1_max_v` (or `_span_v`, `_v`),
//! same for `b1s2`, `fuel_pressure_kpa` or `fuel_pressure_psi`,
//! `misfire_cyl_N`, `compression_cyl_N`, `cam_crank_offset_deg`,
//! `battery_v`, `charging_v`, `parasitic_draw_ma`, `boost_desired_kpa` /
//! `boost_actual_kpa`. Unknown names are warned about and ignored.
//! # Method
//!
//! Single-fault naive Bayes in log-odds:
//!
//! 1. **Candidates** are the causes linked from each code (curated links; for
//!    codes the curated layer lacks, the OBDex causes with their likelihood
//!    labels high/medium/low → likelihood ratio 8/4/2, plus the code's SAE
//!    family; for codes nobody knows, wiring / component / module), from each
//!    symptom tag, and from failed tests.
//! 2. Each candidate starts at `ln(prior / (1 − prior))`.
//! 3. Every piece of evidence adds `ln(LR)`: codes, symptom tags, code
//!    combinations, reading conditions, mileage bands, make patterns, finding
//!    keywords and recorded test results; with [`diagnose_in`], also the
//!    shop's confirmed fixes of similar cars and NHTSA owner complaints
//!    about the vehicle (small, bounded ratios; see [`OwnerComplaints`]). Codes are correlated (P0171 and
//!    P0174 are one lean condition seen twice), so several codes linking the
//!    same cause combine with diminishing weights 1, ½, ¼, … — a soft noisy-OR
//!    rather than a product. Pending codes count 0.8.
//! 4. **Explaining away**: a code or symptom that a candidate does not explain
//!    counts against it (LR 0.35 per code; the symptom's own `unexplained_lr`).
//! 5. Probabilities are the odds normalised over the candidate set (one root
//!    cause is assumed).
//! 6. **Plan**: each not-yet-done test is scored by
//!    Σ p(cause) · |ln LR_fail − ln LR_pass| ÷ (minutes + 5) over the
//!    candidates it touches; tests are picked greedily, discounting causes a
//!    chosen test already covers, so cheap decisive tests come first. A
//!    step names the misfiring cylinders when the case names them — a
//!    P0301–P0312 code, else the `misfire_cyl_N` counts that are real
//!    misfires — and its test has the words for it (`cylinder_name`):
//!    "Swap cylinder 3's coil with a neighbouring cylinder's".
//! 7. **Confidence** = p_top^0.8 × (1 − 0.15·e^(−n/2)), n = pieces of
//!    strong (LR ≥ 2) evidence for the top cause: a high share built on one
//!    code is worth less than the same share built on codes, readings and a
//!    test. The two constants were fitted to the labelled cases' calibration
//!    table (in-sample: expect it to be optimistic on new data).
//!
//! Everything iterates ordered maps; ties break by id. Same input, same output.
#![deny(missing_docs)]

mod complaints;
mod cylinders;
mod engine;
mod error;
mod eval;
mod eval_learning;
mod history;
mod input;
mod knowledge;
mod units;
mod words;

pub use complaints::{
    component_in_system, system_components, ComponentComplaints, OwnerComplaints, SystemLift,
    MAX_COMPLAINT_LR, SYSTEM_COMPONENTS,
};
pub use engine::{
    diagnose, diagnose_in, diagnose_with_history, rules_that_hold, test_name_in, CodeKnowledge,
    CodeReport, Context, CostBand, Diagnosis, Evidence, EvidenceKind, InputWarning, NextAction,
    PlanStep, RankedCause, RuleMet, WarningKind, ENGINE_VERSION, KNOWN_READINGS,
};
pub use error::DiagnosisError;
pub use eval::{
    baseline_rank, evaluate, parse_cases_jsonl, CalibrationBin, CaseOutcome, EvalReport,
    LabelledCase, RankScores,
};
pub use eval_learning::{evaluate_learning, LearningReport};
pub use history::{ConfirmedFix, MAX_SHOP_LR};
pub use input::{
    CaseInput, DistanceUnit, DtcEntry, DtcStatus, Mileage, SymptomTag, TestOutcome, TestResult,
    VehicleId, CODES_NOT_READ,
};
pub use knowledge::{CauseDef, Coverage, CylinderName, Knowledge, TestDef, TestTarget};
pub use units::in_rule_unit;
pub use words::{Pattern, Words, WordsFound};
