//! Vehicle & costs: VIN lookup with recalls, recalls import, the VIN-decoding data
//! (vPIC) and its import, purchase costs and their PDF.

use shopbench_views::{
    CostRegions, ImportRecalls, ImportVpic, LookupVin, Out, PurchaseCosts, SaveCostsPdf,
    SaveInspectionPdf, VpicStatus,
};
use tauri::State;

use super::{bind, off_main};
use crate::error::DesktopError;
use crate::handlers::{now, vehicle, vpic};
use crate::shop::Shop;

bind!(lookup_vin => LookupVin);
#[tauri::command]
pub async fn lookup_vin(
    shop: State<'_, Shop>,
    args: LookupVin,
) -> Result<Out<LookupVin>, DesktopError> {
    vehicle::lookup_vin(&shop, &shop.settings(), &args.vin, now()).await
}

bind!(import_recalls => ImportRecalls);
/// A full NHTSA file takes a minute: off the main thread, so the window stays live.
#[tauri::command]
pub async fn import_recalls(
    shop: State<'_, Shop>,
    args: ImportRecalls,
) -> Result<Out<ImportRecalls>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || vehicle::import_recalls(&shop, &args.path, now())).await
}

bind!(vpic_status => VpicStatus);
#[tauri::command]
pub fn vpic_status(
    shop: State<'_, Shop>,
    args: VpicStatus,
) -> Result<Out<VpicStatus>, DesktopError> {
    let VpicStatus {} = args;
    vpic::status(&shop)
}

bind!(import_vpic => ImportVpic);
/// Unpacking and checking the dataset takes seconds: off the main thread.
#[tauri::command]
pub async fn import_vpic(
    shop: State<'_, Shop>,
    args: ImportVpic,
) -> Result<Out<ImportVpic>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || vpic::import(&shop, &args.path)).await
}

bind!(cost_regions => CostRegions);
#[tauri::command]
pub fn cost_regions(args: CostRegions) -> Out<CostRegions> {
    let CostRegions {} = args;
    vehicle::regions()
}

bind!(purchase_costs => PurchaseCosts);
#[tauri::command]
pub async fn purchase_costs(
    shop: State<'_, Shop>,
    args: PurchaseCosts,
) -> Result<Out<PurchaseCosts>, DesktopError> {
    vehicle::purchase_costs(&args.form, &shop.settings()).await
}

bind!(save_costs_pdf => SaveCostsPdf);
#[tauri::command]
pub async fn save_costs_pdf(
    shop: State<'_, Shop>,
    args: SaveCostsPdf,
) -> Result<Out<SaveCostsPdf>, DesktopError> {
    vehicle::save_costs_pdf(&shop, &args.form, &shop.settings()).await
}

bind!(save_inspection_pdf => SaveInspectionPdf);
#[tauri::command]
pub async fn save_inspection_pdf(
    shop: State<'_, Shop>,
    session: State<'_, crate::handlers::link::Session>,
    args: SaveInspectionPdf,
) -> Result<Out<SaveInspectionPdf>, DesktopError> {
    let settings = shop.settings();
    crate::handlers::inspection::save_inspection_pdf(&shop, &session, &args.form, &settings, now())
        .await
}
