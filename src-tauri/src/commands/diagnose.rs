//! Diagnosis.

use shopbench_diagnosis::{Diagnosis, TestOutcome};

use tauri::AppHandle;

use crate::commands::report::data_dir;
use crate::error::DesktopError;
use crate::handlers::case::CaseForm;
use crate::handlers::diagnose;
use crate::handlers::remote::{self, AccountView};
use crate::handlers::report::Settings;

/// Embedded or remote, as Settings say.
#[tauri::command]
pub async fn run_diagnosis(app: AppHandle, form: CaseForm) -> Result<Diagnosis, DesktopError> {
    diagnose::run_with(&Settings::load(&data_dir(&app)), &form).await
}

/// Settings' "check connection": the remote account, with the settings as typed.
#[tauri::command]
pub async fn check_connection(settings: Settings) -> Result<AccountView, DesktopError> {
    remote::check_connection(&settings).await
}

#[tauri::command]
pub fn record_step(form: CaseForm, step: String, outcome: Option<TestOutcome>) -> CaseForm {
    diagnose::record(form, &step, outcome)
}
