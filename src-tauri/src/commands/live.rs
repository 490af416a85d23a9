//! Live data: PIDs, one round of readings, CSV recording.

use std::time::{SystemTime, UNIX_EPOCH};

use tauri::{AppHandle, State};

use crate::commands::report::{data_dir, reports_dir};
use crate::error::DesktopError;
use crate::handlers::link::Session;
use crate::handlers::live::{self, LiveFrame, PidChoice, Recorder, RecordingStatus};
use crate::handlers::report::Settings;

/// True when Settings → Units is US customary.
fn us_units(app: &AppHandle) -> bool {
    Settings::load(&data_dir(app)).is_us()
}

#[tauri::command]
pub fn live_pids(app: AppHandle) -> Vec<PidChoice> {
    live::pid_choices(us_units(&app))
}

#[tauri::command]
pub async fn live_read(
    app: AppHandle,
    session: State<'_, Session>,
    recorder: State<'_, Recorder>,
    pids: Vec<String>,
) -> Result<LiveFrame, DesktopError> {
    live::read(&session, &recorder, &pids, us_units(&app)).await
}

/// Recordings go beside the reports (~/Documents/shopbench/live-<unix time>.csv).
#[tauri::command]
pub fn live_record_start(
    app: AppHandle,
    recorder: State<'_, Recorder>,
) -> Result<RecordingStatus, DesktopError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    live::start_recording(&recorder, &reports_dir(&app), stamp)
}

#[tauri::command]
pub fn live_record_stop(
    recorder: State<'_, Recorder>,
) -> Result<Option<RecordingStatus>, DesktopError> {
    live::stop_recording(&recorder)
}
