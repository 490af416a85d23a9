//! The shopbench desktop app: a Tauri 2 shell over `shopbench-app`'s workflows.
//!
//! Only this crate knows Tauri. [`handlers`] holds what each screen does as
//! plain functions over values, a [`handlers::link::Session`] and the shop's
//! folders ([`shop::Shop`]) — tested without a window; `commands` holds the
//! one-line Tauri adapters, each typed by its contract in `shopbench-views`
//! (which the UI, `../ui`, compiles against too). The UI is served from `../dist`.
#![deny(missing_docs)]

mod commands;
mod error;
pub mod handlers;
pub mod settings;
pub mod shop;

pub use error::DesktopError;

/// Registers the commands and lists their names, from one list, so a test
/// can prove every command of the contract is registered.
macro_rules! app_commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// The names of the registered commands.
        pub const REGISTERED: &[&str] = &[$(stringify!($name)),*];

        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(commands::$module::$name),*]
        }
    };
}

app_commands![
    link::list_ports,
    link::connect,
    link::disconnect,
    link::scan,
    link::scan_modules,
    link::module_scan_to_estimate,
    link::clear_codes,
    link::live_pids,
    link::live_read,
    link::live_record_start,
    link::live_record_stop,
    case::case_from_scan,
    case::load_draft,
    case::save_draft,
    case::load_form_drafts,
    case::save_form_drafts,
    case::save_case,
    case::list_cases,
    case::open_case,
    case::run_diagnosis,
    case::record_step,
    case::close_case,
    case::check_connection,
    case::load_settings,
    case::save_settings,
    case::set_logo,
    case::load_labor_rates,
    case::save_labor_rates,
    case::save_pdf,
    case::open_pdf,
    vehicle::lookup_vin,
    vehicle::import_recalls,
    vehicle::vpic_status,
    vehicle::import_vpic,
    vehicle::cost_regions,
    vehicle::purchase_costs,
    vehicle::save_costs_pdf,
    vehicle::save_inspection_pdf,
    estimate::estimate_pickers,
    estimate::estimate_create,
    estimate::estimate_show,
    estimate::estimate_price_remote,
    estimate::estimate_list,
    estimate::estimate_add_photo,
    estimate::estimate_add_photo_bytes,
    estimate::estimate_remove_photo,
    estimate::estimate_reset_line,
    estimate::estimate_add_area,
    estimate::estimate_remove_area,
    estimate::estimate_detect,
    estimate::estimate_confirm_proposal,
    estimate::estimate_drop_proposal,
    estimate::estimate_edit_line,
    estimate::estimate_save_pdf,
    assistant::ask,
    assistant::list_conversations,
    assistant::open_conversation,
];

/// Builds and runs the app (blocks until the window closes).
pub fn run() {
    for (name, value) in webkit_defaults(|k| std::env::var_os(k)) {
        // Before GTK and WebKit start, while this is the only thread.
        std::env::set_var(name, value);
    }
    tauri::Builder::default()
        .manage(handlers::link::Session::default())
        .manage(handlers::live::Recorder::default())
        .manage(shop::Shop::from_env())
        .invoke_handler(invoke_handler())
        .run(tauri::generate_context!())
        .expect("error while running the shopbench desktop app");
}

/// The WebKitGTK settings the app starts with unless the user set them.
///
/// `WEBKIT_DISABLE_DMABUF_RENDERER=1` puts WebKitGTK (≥ 2.42) on its
/// shared-memory renderer: on this project's reference machine (no GPU) the
/// Connect screen then paints in about 0.74 s instead of 1.2–1.3 s
/// (`scripts/bench-desktop`, see `src-tauri/README.md`), and it is the
/// usual cure for the blank window the DMA-BUF renderer gives on some
/// NVIDIA and Wayland set-ups. A shop that wants the DMA-BUF renderer back
/// sets the variable to `0`. Linux only: elsewhere the variable means nothing.
pub fn webkit_defaults(
    var: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Vec<(&'static str, &'static str)> {
    const DEFAULTS: [(&str, &str); 1] = [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")];
    if !cfg!(target_os = "linux") {
        return Vec::new();
    }
    DEFAULTS
        .into_iter()
        .filter(|(name, _)| var(name).is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_dmabuf_renderer_is_off_unless_the_user_chose() {
        let unset = super::webkit_defaults(|_| None);
        assert_eq!(unset, [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
        let chosen =
            super::webkit_defaults(|k| (k == "WEBKIT_DISABLE_DMABUF_RENDERER").then(|| "0".into()));
        assert!(chosen.is_empty(), "{chosen:?}");
    }

    /// Every command of the contract is registered, and nothing else.
    #[test]
    fn every_contract_command_is_registered() {
        let mut registered = super::REGISTERED.to_vec();
        let mut contract = shopbench_views::COMMANDS.to_vec();
        registered.sort_unstable();
        contract.sort_unstable();
        assert_eq!(registered, contract);
    }
}
