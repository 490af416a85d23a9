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
//! of `shopbench-core` for codes the curated layer lacks. The method is
//! documented on [`diagnose`].
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
#![deny(missing_docs)]

mod engine;
mod error;
mod eval;
mod input;
mod knowledge;

pub use engine::{
    diagnose, CodeKnowledge, CodeReport, CostBand, Diagnosis, Evidence, EvidenceKind, InputWarning,
    NextAction, PlanStep, RankedCause, WarningKind, ENGINE_VERSION,
};
pub use error::DiagnosisError;
pub use eval::{
    baseline_rank, evaluate, parse_cases_jsonl, CalibrationBin, CaseOutcome, EvalReport,
    LabelledCase, RankScores,
};
pub use input::{
    CaseInput, DistanceUnit, DtcEntry, DtcStatus, Mileage, SymptomTag, TestOutcome, TestResult,
    Vehicle,
};
pub use knowledge::{CauseDef, Coverage, Knowledge, TestDef, TestTarget};
