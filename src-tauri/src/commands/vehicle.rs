//! Vehicle & costs: VIN lookup with recalls, recalls import, purchase costs and their PDF.

use std::time::{SystemTime, UNIX_EPOCH};

use tauri::{AppHandle, State};

use crate::commands::report::{data_dir, reports_dir};
use crate::error::DesktopError;
use crate::handlers::report::{SavedPdf, Settings};
use crate::handlers::vehicle::{self, CostsForm, CostsView, DataFiles, Regions, VehicleView};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[tauri::command]
pub async fn lookup_vin(
    files: State<'_, DataFiles>,
    vin: String,
) -> Result<VehicleView, DesktopError> {
    vehicle::lookup_vin(&files, &vin, now()).await
}

/// A full NHTSA file takes a minute: off the main thread, so the window stays live.
#[tauri::command]
pub async fn import_recalls(
    files: State<'_, DataFiles>,
    path: String,
) -> Result<String, DesktopError> {
    let files = files.inner().clone();
    tokio::task::spawn_blocking(move || vehicle::import_recalls(&files, &path, now()))
        .await
        .map_err(|e| DesktopError::Interrupted(e.to_string()))?
}

#[tauri::command]
pub fn cost_regions() -> Regions {
    vehicle::regions()
}

#[tauri::command]
pub fn purchase_costs(form: CostsForm) -> Result<CostsView, DesktopError> {
    vehicle::purchase_costs(&form)
}

#[tauri::command]
pub fn save_costs_pdf(app: AppHandle, form: CostsForm) -> Result<SavedPdf, DesktopError> {
    vehicle::save_costs_pdf(&form, &Settings::load(&data_dir(&app)), &reports_dir(&app))
}
