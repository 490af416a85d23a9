//! Diagnosis.

use shopbench_diagnosis::{Diagnosis, TestOutcome};

use crate::error::DesktopError;
use crate::handlers::case::CaseForm;
use crate::handlers::diagnose;

#[tauri::command]
pub fn run_diagnosis(form: CaseForm) -> Result<Diagnosis, DesktopError> {
    diagnose::run(&form)
}

#[tauri::command]
pub fn record_step(form: CaseForm, step: String, outcome: Option<TestOutcome>) -> CaseForm {
    diagnose::record(form, &step, outcome)
}
