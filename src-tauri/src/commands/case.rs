//! The case form, drafts, saved cases, diagnosis, settings and the diagnosis PDF.

use shopbench_views::{
    CaseFromScan, CheckConnection, CloseCase, ListCases, LoadDraft, LoadFormDrafts, LoadLaborRates,
    LoadSettings, OpenCase, OpenPdf, Out, RecordStep, RunDiagnosis, SaveCase, SaveDraft,
    SaveFormDrafts, SaveLaborRates, SavePdf, SaveSettings, SetLogo,
};
use tauri::State;

use super::{bind, off_main};
use crate::error::DesktopError;
use crate::handlers::link::Session;
use crate::handlers::{case, diagnose, remote, report};
use crate::shop::Shop;

bind!(case_from_scan => CaseFromScan);
#[tauri::command]
pub async fn case_from_scan(
    shop: State<'_, Shop>,
    session: State<'_, Session>,
    args: CaseFromScan,
) -> Result<Out<CaseFromScan>, DesktopError> {
    let scan = session.last_scan().ok_or(DesktopError::NoScan)?;
    let shop = shop.inner().clone();
    off_main(move || case::from_scan(&shop, &scan, &args.form)).await
}

bind!(load_draft => LoadDraft);
#[tauri::command]
pub fn load_draft(shop: State<'_, Shop>, args: LoadDraft) -> Result<Out<LoadDraft>, DesktopError> {
    let LoadDraft {} = args;
    case::load_draft(&shop)
}

bind!(save_draft => SaveDraft);
#[tauri::command]
pub fn save_draft(shop: State<'_, Shop>, args: SaveDraft) -> Result<Out<SaveDraft>, DesktopError> {
    case::save_draft(&shop, &args.form)
}

bind!(load_form_drafts => LoadFormDrafts);
#[tauri::command]
pub fn load_form_drafts(
    shop: State<'_, Shop>,
    args: LoadFormDrafts,
) -> Result<Out<LoadFormDrafts>, DesktopError> {
    let LoadFormDrafts {} = args;
    crate::handlers::drafts::load(&shop)
}

bind!(save_form_drafts => SaveFormDrafts);
#[tauri::command]
pub fn save_form_drafts(
    shop: State<'_, Shop>,
    args: SaveFormDrafts,
) -> Result<Out<SaveFormDrafts>, DesktopError> {
    crate::handlers::drafts::save(&shop, &args.drafts)
}

bind!(save_case => SaveCase);
#[tauri::command]
pub async fn save_case(
    shop: State<'_, Shop>,
    args: SaveCase,
) -> Result<Out<SaveCase>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || case::save_case(&shop, &args.form)).await
}

bind!(list_cases => ListCases);
#[tauri::command]
pub fn list_cases(shop: State<'_, Shop>, args: ListCases) -> Result<Out<ListCases>, DesktopError> {
    // The first versions' JSON case files, brought in once before listing.
    let old = crate::handlers::json_cases::import_json_cases(&shop)?;
    for (file, why) in &old.failed {
        eprintln!("shopbench: old case file {file} not imported: {why}");
    }
    case::search(&shop, &args.query)
}

bind!(open_case => OpenCase);
#[tauri::command]
pub fn open_case(shop: State<'_, Shop>, args: OpenCase) -> Result<Out<OpenCase>, DesktopError> {
    case::open(&shop, args.id)
}

bind!(run_diagnosis => RunDiagnosis);
/// Embedded or remote, as Settings say; an embedded run on a saved case saves
/// the case and the run, so `shopbench report ID` shows this ranking.
#[tauri::command]
pub async fn run_diagnosis(
    shop: State<'_, Shop>,
    args: RunDiagnosis,
) -> Result<Out<RunDiagnosis>, DesktopError> {
    diagnose::run_with(&shop, &shop.settings(), &args.form).await
}

bind!(record_step => RecordStep);
#[tauri::command]
pub fn record_step(args: RecordStep) -> Out<RecordStep> {
    diagnose::record(args.form, &args.step, args.outcome)
}

bind!(close_case => CloseCase);
#[tauri::command]
pub async fn close_case(
    shop: State<'_, Shop>,
    args: CloseCase,
) -> Result<Out<CloseCase>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || case::close(&shop, &args.form, &args.fix)).await
}

bind!(check_connection => CheckConnection);
#[tauri::command]
pub async fn check_connection(args: CheckConnection) -> Result<Out<CheckConnection>, DesktopError> {
    remote::check_connection(&args.settings).await
}

bind!(load_settings => LoadSettings);
#[tauri::command]
pub fn load_settings(shop: State<'_, Shop>, args: LoadSettings) -> Out<LoadSettings> {
    let LoadSettings {} = args;
    shop.settings()
}

bind!(save_settings => SaveSettings);
#[tauri::command]
pub fn save_settings(
    shop: State<'_, Shop>,
    args: SaveSettings,
) -> Result<Out<SaveSettings>, DesktopError> {
    crate::settings::save(&args.settings, &shop.paths()?.settings_file())
}

bind!(set_logo => SetLogo);
#[tauri::command]
pub fn set_logo(shop: State<'_, Shop>, args: SetLogo) -> Result<Out<SetLogo>, DesktopError> {
    let file = shop.paths()?.settings_file();
    crate::settings::set_logo(std::path::Path::new(args.path.trim()), &file)
}

bind!(load_labor_rates => LoadLaborRates);
#[tauri::command]
pub fn load_labor_rates(
    shop: State<'_, Shop>,
    args: LoadLaborRates,
) -> Result<Out<LoadLaborRates>, DesktopError> {
    crate::handlers::estimate::labor_rates(&shop, &args.state)
}

bind!(save_labor_rates => SaveLaborRates);
#[tauri::command]
pub fn save_labor_rates(
    shop: State<'_, Shop>,
    args: SaveLaborRates,
) -> Result<Out<SaveLaborRates>, DesktopError> {
    crate::handlers::estimate::save_labor_rates(&shop, &args.state, &args.rates)
}

bind!(save_pdf => SavePdf);
#[tauri::command]
pub async fn save_pdf(shop: State<'_, Shop>, args: SavePdf) -> Result<Out<SavePdf>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || report::save_diagnosis_pdf(&shop, &args.form, &shop.settings())).await
}

bind!(open_pdf => OpenPdf);
#[tauri::command]
pub fn open_pdf(shop: State<'_, Shop>, args: OpenPdf) -> Result<Out<OpenPdf>, DesktopError> {
    report::open_pdf(&args.path, &shop.paths()?.reports_dir)
}
