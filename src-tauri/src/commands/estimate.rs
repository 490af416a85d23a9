//! Estimate: photos, damage areas, priced lines, line edits, insurance view and PDF.

use tauri::{AppHandle, State};

use crate::commands::report::{data_dir, reports_dir};
use crate::error::DesktopError;
use crate::handlers::estimate::{
    self, AreaForm, EstimateDb, EstimateView, LineForm, NewEstimateForm, Pickers,
};
use crate::handlers::report::{SavedPdf, Settings};

#[tauri::command]
pub fn estimate_pickers() -> Pickers {
    estimate::pickers()
}

#[tauri::command]
pub fn estimate_create(
    db: State<'_, EstimateDb>,
    form: NewEstimateForm,
) -> Result<EstimateView, DesktopError> {
    estimate::create(&db, &form)
}

#[tauri::command]
pub fn estimate_show(db: State<'_, EstimateDb>, id: i64) -> Result<EstimateView, DesktopError> {
    estimate::show(&db, id)
}

/// Photo intake decodes and thumbnails a 12 MP JPEG: off the main thread.
#[tauri::command]
pub async fn estimate_add_photo(
    db: State<'_, EstimateDb>,
    id: i64,
    path: String,
) -> Result<EstimateView, DesktopError> {
    let db = db.inner().clone();
    tokio::task::spawn_blocking(move || estimate::add_photo_path(&db, id, &path))
        .await
        .map_err(|e| DesktopError::Interrupted(e.to_string()))?
}

/// A file dropped on the window, as its name and bytes.
#[tauri::command]
pub async fn estimate_add_photo_bytes(
    db: State<'_, EstimateDb>,
    id: i64,
    name: String,
    bytes: Vec<u8>,
) -> Result<EstimateView, DesktopError> {
    let db = db.inner().clone();
    tokio::task::spawn_blocking(move || estimate::add_photo_bytes(&db, id, &name, bytes))
        .await
        .map_err(|e| DesktopError::Interrupted(e.to_string()))?
}

#[tauri::command]
pub fn estimate_add_area(
    db: State<'_, EstimateDb>,
    id: i64,
    area: AreaForm,
) -> Result<EstimateView, DesktopError> {
    estimate::add_area(&db, id, &area)
}

#[tauri::command]
pub fn estimate_remove_area(
    db: State<'_, EstimateDb>,
    id: i64,
    area: i64,
) -> Result<EstimateView, DesktopError> {
    estimate::remove_area(&db, id, area)
}

#[tauri::command]
pub fn estimate_edit_line(
    db: State<'_, EstimateDb>,
    id: i64,
    line: LineForm,
) -> Result<EstimateView, DesktopError> {
    estimate::edit_line(&db, id, &line)
}

#[tauri::command]
pub fn estimate_save_pdf(
    app: AppHandle,
    db: State<'_, EstimateDb>,
    id: i64,
) -> Result<SavedPdf, DesktopError> {
    estimate::save_pdf(
        &db,
        id,
        &Settings::load(&data_dir(&app)),
        &reports_dir(&app),
    )
}
