//! Settings and the diagnosis PDF.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

use crate::error::DesktopError;
use crate::handlers::case::CaseForm;
use crate::handlers::report::{self, SavedPdf, Settings};

pub(crate) fn data_dir(app: &AppHandle) -> PathBuf {
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// Reports go to ~/Documents/shopbench (the app's data folder if there is none).
pub(crate) fn reports_dir(app: &AppHandle) -> PathBuf {
    app.path()
        .document_dir()
        .map(|d| d.join("shopbench"))
        .unwrap_or_else(|_| data_dir(app).join("reports"))
}

#[tauri::command]
pub fn load_settings(app: AppHandle) -> Settings {
    Settings::load(&data_dir(&app))
}

#[tauri::command]
pub fn save_settings(app: AppHandle, settings: Settings) -> Result<(), DesktopError> {
    settings.save(&data_dir(&app))
}

#[tauri::command]
pub fn save_pdf(app: AppHandle, form: CaseForm) -> Result<SavedPdf, DesktopError> {
    report::save_diagnosis_pdf(&form, &Settings::load(&data_dir(&app)), &reports_dir(&app))
}

#[tauri::command]
pub fn open_pdf(app: AppHandle, path: String) -> Result<(), DesktopError> {
    report::open_pdf(&path, &reports_dir(&app))
}
