//! The case form, drafts and saved cases.

use tauri::State;

use crate::error::DesktopError;
use crate::handlers::case::{self, CaseFiles, CaseForm, CaseSummary};
use crate::handlers::link::Session;

#[tauri::command]
pub fn case_from_scan(
    session: State<'_, Session>,
    form: CaseForm,
) -> Result<CaseForm, DesktopError> {
    Ok(case::from_scan(
        &session.last_scan().ok_or(DesktopError::NoScan)?,
        form,
    ))
}

#[tauri::command]
pub fn load_draft(files: State<'_, CaseFiles>) -> Result<CaseForm, DesktopError> {
    files.load_draft()
}

#[tauri::command]
pub fn save_draft(files: State<'_, CaseFiles>, form: CaseForm) -> Result<(), DesktopError> {
    files.save_draft(&form)
}

#[tauri::command]
pub fn save_case(files: State<'_, CaseFiles>, form: CaseForm) -> Result<CaseForm, DesktopError> {
    files.save_case(form)
}

#[tauri::command]
pub fn list_cases(
    files: State<'_, CaseFiles>,
    query: String,
) -> Result<Vec<CaseSummary>, DesktopError> {
    files.search(&query)
}

#[tauri::command]
pub fn open_case(files: State<'_, CaseFiles>, id: i64) -> Result<CaseForm, DesktopError> {
    files.open(id)
}
