//! Diagnosis.

use shopbench_diagnosis::{Diagnosis, TestOutcome};

use tauri::{AppHandle, State};

use crate::commands::report::data_dir;
use crate::error::DesktopError;
use crate::handlers::case::{CaseFiles, CaseForm};
use crate::handlers::diagnose;
use crate::handlers::remote::{self, AccountView};
use crate::handlers::report::Settings;

/// Embedded or remote, as Settings say. An embedded run on a saved case
/// saves the case (test results included) and the run in the case database,
/// so `shopbench report ID` shows this ranking.
#[tauri::command]
pub async fn run_diagnosis(
    app: AppHandle,
    files: State<'_, CaseFiles>,
    form: CaseForm,
) -> Result<Diagnosis, DesktopError> {
    let settings = Settings::load(&data_dir(&app));
    if form.id.is_some() && !settings.is_remote() {
        let files = files.inner().clone();
        return tokio::task::spawn_blocking(move || files.diagnose_saved(form))
            .await
            .map_err(|e| DesktopError::Interrupted(e.to_string()))?;
    }
    diagnose::run_with(&settings, &form).await
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
