//! Ports, connect, scan, clear.

use tauri::{AppHandle, Emitter, Manager, State};

use crate::error::DesktopError;
use crate::handlers::link::{self, Cleared, Connected, PortInfo, Progress, ScanView, Session};

fn emit(app: &AppHandle) -> impl FnMut(Progress) + Send + '_ {
    move |p| {
        let _ = app.emit("progress", p);
    }
}

#[tauri::command]
pub fn list_ports() -> Result<Vec<PortInfo>, DesktopError> {
    link::list_ports()
}

#[tauri::command]
pub async fn connect(
    app: AppHandle,
    session: State<'_, Session>,
    port: String,
) -> Result<Connected, DesktopError> {
    let memory = app
        .path()
        .app_cache_dir()
        .ok()
        .map(|d| d.join("protocols.json"));
    link::connect(&session, &port, memory, emit(&app)).await
}

#[tauri::command]
pub async fn disconnect(session: State<'_, Session>) -> Result<(), DesktopError> {
    link::disconnect(&session).await;
    Ok(())
}

#[tauri::command]
pub async fn scan(app: AppHandle, session: State<'_, Session>) -> Result<ScanView, DesktopError> {
    link::scan(&session, emit(&app)).await
}

#[tauri::command]
pub async fn clear_codes(
    session: State<'_, Session>,
    confirmed: bool,
) -> Result<Cleared, DesktopError> {
    link::clear(&session, confirmed).await
}
