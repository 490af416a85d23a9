//! The shopbench desktop app: a Tauri 2 shell over the engine crates.
//!
//! Only this crate knows Tauri. [`handlers`] holds what each screen does as
//! plain functions over values, a [`handlers::link::Session`] and a folder —
//! tested without a window; `commands` holds the one-line Tauri adapters.
//! The UI (`../ui`, Leptos compiled to wasm32) is served from `../dist`.
#![deny(missing_docs)]

mod commands;
mod error;
pub mod handlers;

pub use error::DesktopError;

use tauri::Manager;

/// Builds and runs the app (blocks until the window closes).
pub fn run() {
    tauri::Builder::default()
        .manage(handlers::link::Session::default())
        .manage(handlers::live::Recorder::default())
        .manage(handlers::vehicle::DataFiles::from_env())
        .manage(handlers::estimate::EstimateDb::from_env())
        .setup(|app| {
            let dir = app.path().app_data_dir()?;
            // Saved cases live in the CLI's case database, as estimates do.
            let db = handlers::estimate::EstimateDb::from_env().path;
            app.manage(handlers::case::CaseFiles::new(dir, db));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::link::list_ports,
            commands::link::connect,
            commands::link::disconnect,
            commands::link::scan,
            commands::link::clear_codes,
            commands::live::live_pids,
            commands::live::live_read,
            commands::live::live_record_start,
            commands::live::live_record_stop,
            commands::case::case_from_scan,
            commands::case::load_draft,
            commands::case::save_draft,
            commands::case::save_case,
            commands::case::list_cases,
            commands::case::open_case,
            commands::diagnose::run_diagnosis,
            commands::diagnose::record_step,
            commands::diagnose::check_connection,
            commands::report::load_settings,
            commands::report::save_settings,
            commands::report::save_pdf,
            commands::report::open_pdf,
            commands::vehicle::lookup_vin,
            commands::vehicle::import_recalls,
            commands::vehicle::cost_regions,
            commands::vehicle::purchase_costs,
            commands::vehicle::save_costs_pdf,
            commands::estimate::estimate_pickers,
            commands::estimate::estimate_create,
            commands::estimate::estimate_show,
            commands::estimate::estimate_add_photo,
            commands::estimate::estimate_add_photo_bytes,
            commands::estimate::estimate_add_area,
            commands::estimate::estimate_remove_area,
            commands::estimate::estimate_edit_line,
            commands::estimate::estimate_save_pdf,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the shopbench desktop app");
}
