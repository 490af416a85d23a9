//! The shop's workflows, written once.
//!
//! The CLI (`crates/cli`), the desktop app (`src-tauri`) and the partner API
//! (`crates/server`) are front-ends: each parses its own input (flags, a
//! form, a query string), calls one function here, and renders the result.
//! Nothing here knows clap, Tauri or axum. The engines stay pure; this crate
//! is where they meet the shop's database, files and adapters:
//!
//! - [`ShopPaths`] — where the shop's files live, one documented rule;
//! - [`parse_vehicle`] and [`input`] — what the technician types, read one way;
//!   [`check_model_year`] — no model year later than next year's, wherever a
//!   vehicle is saved (estimates, cases; CLI, desktop and API alike);
//! - [`case_from_scan`] / [`save_scan`] — a scan becomes a case, completely;
//! - [`diagnose_and_save`], [`diagnosis_for_report`], [`record_test`],
//!   [`save_whole`] — cases diagnosed, reported and saved;
//! - [`Lookups`] — NHTSA owner complaints about the vehicle, from the
//!   shop's cache, weighed by the diagnosis as evidence;
//! - [`bulletins`] — the manufacturers' bulletins (NHTSA's index, imported)
//!   that bear on a diagnosis: naming its codes or its likely systems;
//! - [`fixes`] — a case closed with what fixed the car; the shop's confirmed
//!   fixes, which later diagnoses of similar cars learn from, shared as a file;
//! - [`estimates`] — body-shop estimates, every change priced before it is saved;
//! - [`labor_rates`] — the shop's labor rates for its state, beside the
//!   shipped figures, kept in the estimate override file every estimate reads;
//! - [`detection`] — the shop's own damage model run over an estimate's photos,
//!   its boxes proposed for the estimator to confirm;
//! - [`parse_costs_query`] / [`purchase_costs`] — one reading of a purchase-cost
//!   question, one table of the answer;
//! - [`inspection`] — the used-car inspection: a scan, the VIN's recalls and
//!   known issues and the purchase costs, as one report a buyer reads;
//! - [`modules`] — all-module scans (UDS, every ECU) kept with a case, and
//!   module codes cleared with consent;
//! - [`list_adapters`] and [`connect`] — serial ports and J2534 devices in one
//!   list, and a link to either;
//! - [`decode_vin`] and [`VehicleDataSource`] — a VIN decoded offline, then its
//!   recalls, reliability snapshot or known issues;
//! - [`assistant`] — the shop assistant: a question answered from what
//!   shopbench holds, every sentence citing its sources, streamed, and kept
//!   with its conversation.
//!
//! ```
//! use shopbench_app::{diagnose_and_save, input::parse_code_lines, parse_vehicle, Lookups};
//! use shopbench_store::{NewCase, Store};
//!
//! let mut store = Store::open_in_memory()?;
//! let id = store.create_case(&NewCase {
//!     vehicle: parse_vehicle("Land Rover Discovery 2019 3.0L")?,
//!     complaint: "shakes at idle, check engine light flashing".into(),
//!     dtcs: parse_code_lines("P0300\nP0302 pending")?,
//!     ..NewCase::default()
//! })?;
//! let d = diagnose_and_save(&mut store, id, &Lookups::none())?;
//! assert_eq!(d.result.causes[0].system, "ignition");
//! assert_eq!(store.case(id)?.runs.len(), 1);
//! # Ok::<(), shopbench_app::AppError>(())
//! ```
#![deny(missing_docs)]

mod adapters;
pub mod assistant;
pub mod bulletins;
mod cases;
mod complaints;
mod costs;
pub mod detection;
mod engine_input;
mod error;
pub mod estimates;
mod files;
pub mod fixes;
pub mod input;
pub mod inspection;
pub mod labor_rates;
pub mod line_edits;
mod link;
pub mod modules;
mod paths;
pub mod remote_estimates;
pub mod repair_scans;
mod scan;
mod shop_identity;
mod vehicle;
mod vehicle_data;
pub mod vin_vehicle;
pub mod vpic_install;

pub use adapters::{
    extra_ports, j2534_adapters, list_adapters, Adapter, AdapterKind, AdapterList, EXTRA_PORTS_VAR,
};
pub use cases::{
    create_case, diagnose_and_save, diagnose_unsaved, diagnosis_for_report, edit_case, open_store,
    record_test, save_scan, save_whole, Diagnosed, RunSource, SavedScan,
};
pub use complaints::{Looked, Lookups};
pub use costs::{
    parse_costs_query, purchase_costs, CostRow, Costs, CostsQuery, CostsTable, Country,
};
pub use engine_input::{engine_input, new_case_from_input, new_case_input, OBD_TO_ENGINE};
pub use error::AppError;
pub use link::{
    battery_note, connect, Connection, LinkEvent, LinkSettings, Target, J2534_PREFIX, LOW_BATTERY_V,
};
pub use paths::{vars, DetectorPaths, ShopPaths};
pub use scan::{
    calibration_line, case_from_scan, case_scan_details, code_list_text, codes_not_read_line,
    monitor_test_row, read_saved_scan, readings_of, scan_details, ScanCase,
};
pub use shop_identity::{shop_from_settings, shop_settings, store_logo};
pub use vehicle::{
    check_model_year, parse_make_model_year, parse_vehicle, this_year, MULTI_WORD_MAKES,
};
pub use vehicle_data::{decode_vin, recalls_vehicle, vehicle_for_report, VehicleDataSource};
