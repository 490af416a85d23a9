//! Ports, connect, scan, clear, live data.

use std::time::{SystemTime, UNIX_EPOCH};

use shopbench_views::{
    ClearCodes, Connect, Disconnect, ListPorts, LivePids, LiveRead, LiveRecordStart,
    LiveRecordStop, ModuleScanToEstimate, Out, Progress, Scan, ScanModules,
};
use tauri::{AppHandle, Emitter, State};

use super::bind;
use crate::error::DesktopError;
use crate::handlers::link::{self, Session};
use crate::handlers::live::{self, Recorder};
use crate::shop::Shop;

fn emit(app: &AppHandle) -> impl FnMut(Progress) + Send + '_ {
    move |p| {
        let _ = app.emit("progress", p);
    }
}

bind!(list_ports => ListPorts);
#[tauri::command]
pub fn list_ports(args: ListPorts) -> Out<ListPorts> {
    let ListPorts {} = args;
    link::list_ports(&shopbench_j2534::Discovery::from_env())
}

bind!(connect => Connect);
#[tauri::command]
pub async fn connect(
    app: AppHandle,
    session: State<'_, Session>,
    shop: State<'_, Shop>,
    args: Connect,
) -> Result<Out<Connect>, DesktopError> {
    let memory = shop.paths().ok().map(|p| p.protocols_file());
    link::connect(&session, &args.port, memory, emit(&app)).await
}

bind!(disconnect => Disconnect);
#[tauri::command]
pub async fn disconnect(
    session: State<'_, Session>,
    args: Disconnect,
) -> Result<Out<Disconnect>, DesktopError> {
    let Disconnect {} = args;
    link::disconnect(&session).await;
    Ok(())
}

bind!(scan => Scan);
#[tauri::command]
pub async fn scan(
    app: AppHandle,
    session: State<'_, Session>,
    args: Scan,
) -> Result<Out<Scan>, DesktopError> {
    let Scan {} = args;
    link::scan(&session, emit(&app)).await
}

bind!(scan_modules => ScanModules);
#[tauri::command]
pub async fn scan_modules(
    app: AppHandle,
    session: State<'_, Session>,
    args: ScanModules,
) -> Result<Out<ScanModules>, DesktopError> {
    let ScanModules {} = args;
    crate::handlers::modules::scan(&session, emit(&app)).await
}

bind!(module_scan_to_estimate => ModuleScanToEstimate);
#[tauri::command]
pub fn module_scan_to_estimate(
    shop: State<'_, Shop>,
    session: State<'_, Session>,
    args: ModuleScanToEstimate,
) -> Result<Out<ModuleScanToEstimate>, DesktopError> {
    crate::handlers::modules::to_estimate(&shop, &session, args.id, &args.stage)
}

bind!(clear_codes => ClearCodes);
#[tauri::command]
pub async fn clear_codes(
    session: State<'_, Session>,
    args: ClearCodes,
) -> Result<Out<ClearCodes>, DesktopError> {
    link::clear(&session, args.confirmed).await
}

bind!(live_pids => LivePids);
#[tauri::command]
pub fn live_pids(shop: State<'_, Shop>, args: LivePids) -> Out<LivePids> {
    let LivePids {} = args;
    live::pid_choices(crate::settings::is_us(&shop.settings()))
}

bind!(live_read => LiveRead);
#[tauri::command]
pub async fn live_read(
    shop: State<'_, Shop>,
    session: State<'_, Session>,
    recorder: State<'_, Recorder>,
    args: LiveRead,
) -> Result<Out<LiveRead>, DesktopError> {
    let us = crate::settings::is_us(&shop.settings());
    live::read(&session, &recorder, &args.pids, us).await
}

bind!(live_record_start => LiveRecordStart);
/// Recordings go beside the reports (`live-<unix time>.csv`).
#[tauri::command]
pub fn live_record_start(
    shop: State<'_, Shop>,
    recorder: State<'_, Recorder>,
    args: LiveRecordStart,
) -> Result<Out<LiveRecordStart>, DesktopError> {
    let LiveRecordStart {} = args;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    live::start_recording(&recorder, &shop.paths()?.reports_dir, stamp)
}

bind!(live_record_stop => LiveRecordStop);
#[tauri::command]
pub fn live_record_stop(
    recorder: State<'_, Recorder>,
    args: LiveRecordStop,
) -> Result<Out<LiveRecordStop>, DesktopError> {
    let LiveRecordStop {} = args;
    live::stop_recording(&recorder)
}
