//! Estimate: photos, damage areas, priced lines, line edits, insurance view and PDF.

use shopbench_views::{
    EstimateAddArea, EstimateAddPhoto, EstimateAddPhotoBytes, EstimateConfirmProposal,
    EstimateCreate, EstimateDetect, EstimateDropProposal, EstimateEditLine, EstimateList,
    EstimatePickers, EstimatePriceRemote, EstimateRemoveArea, EstimateRemovePhoto,
    EstimateResetLine, EstimateSavePdf, EstimateShow, Out,
};
use tauri::State;

use super::{bind, off_main};
use crate::error::DesktopError;
use crate::handlers::estimate;
use crate::shop::Shop;

bind!(estimate_pickers => EstimatePickers);
#[tauri::command]
pub fn estimate_pickers(args: EstimatePickers) -> Out<EstimatePickers> {
    let EstimatePickers {} = args;
    estimate::pickers()
}

bind!(estimate_create => EstimateCreate);
#[tauri::command]
pub fn estimate_create(
    shop: State<'_, Shop>,
    args: EstimateCreate,
) -> Result<Out<EstimateCreate>, DesktopError> {
    estimate::create(&shop, &args.form)
}

bind!(estimate_show => EstimateShow);
#[tauri::command]
pub fn estimate_show(
    shop: State<'_, Shop>,
    args: EstimateShow,
) -> Result<Out<EstimateShow>, DesktopError> {
    estimate::show(&shop, args.id)
}

bind!(estimate_price_remote => EstimatePriceRemote);
/// Remote mode: one charged request to the server of the settings.
#[tauri::command]
pub async fn estimate_price_remote(
    shop: State<'_, Shop>,
    args: EstimatePriceRemote,
) -> Result<Out<EstimatePriceRemote>, DesktopError> {
    crate::handlers::estimate_remote::price(&shop, &shop.settings(), args.id).await
}

bind!(estimate_list => EstimateList);
#[tauri::command]
pub fn estimate_list(
    shop: State<'_, Shop>,
    args: EstimateList,
) -> Result<Out<EstimateList>, DesktopError> {
    estimate::list(&shop, &args.query)
}

bind!(estimate_add_photo => EstimateAddPhoto);
/// Photo intake decodes and thumbnails a 12 MP JPEG: off the main thread.
#[tauri::command]
pub async fn estimate_add_photo(
    shop: State<'_, Shop>,
    args: EstimateAddPhoto,
) -> Result<Out<EstimateAddPhoto>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || estimate::add_photo_path(&shop, args.id, &args.path)).await
}

bind!(estimate_add_photo_bytes => EstimateAddPhotoBytes);
/// A file dropped on the window, as its name and bytes.
#[tauri::command]
pub async fn estimate_add_photo_bytes(
    shop: State<'_, Shop>,
    args: EstimateAddPhotoBytes,
) -> Result<Out<EstimateAddPhotoBytes>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || estimate::add_photo_bytes(&shop, args.id, &args.name, args.bytes)).await
}

bind!(estimate_remove_photo => EstimateRemovePhoto);
#[tauri::command]
pub fn estimate_remove_photo(
    shop: State<'_, Shop>,
    args: EstimateRemovePhoto,
) -> Result<Out<EstimateRemovePhoto>, DesktopError> {
    estimate::remove_photo(&shop, args.id, args.photo)
}

bind!(estimate_reset_line => EstimateResetLine);
#[tauri::command]
pub fn estimate_reset_line(
    shop: State<'_, Shop>,
    args: EstimateResetLine,
) -> Result<Out<EstimateResetLine>, DesktopError> {
    estimate::reset_line(&shop, args.id, &args.line)
}

bind!(estimate_add_area => EstimateAddArea);
#[tauri::command]
pub fn estimate_add_area(
    shop: State<'_, Shop>,
    args: EstimateAddArea,
) -> Result<Out<EstimateAddArea>, DesktopError> {
    estimate::add_area(&shop, args.id, &args.area)
}

bind!(estimate_remove_area => EstimateRemoveArea);
#[tauri::command]
pub fn estimate_remove_area(
    shop: State<'_, Shop>,
    args: EstimateRemoveArea,
) -> Result<Out<EstimateRemoveArea>, DesktopError> {
    estimate::remove_area(&shop, args.id, args.area)
}

bind!(estimate_detect => EstimateDetect);
#[tauri::command]
pub async fn estimate_detect(
    shop: State<'_, Shop>,
    args: EstimateDetect,
) -> Result<Out<EstimateDetect>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || estimate::detect(&shop, args.id, &args.views)).await
}

bind!(estimate_confirm_proposal => EstimateConfirmProposal);
#[tauri::command]
pub fn estimate_confirm_proposal(
    shop: State<'_, Shop>,
    args: EstimateConfirmProposal,
) -> Result<Out<EstimateConfirmProposal>, DesktopError> {
    estimate::confirm_proposal(&shop, args.id, &args.proposal)
}

bind!(estimate_drop_proposal => EstimateDropProposal);
#[tauri::command]
pub fn estimate_drop_proposal(
    shop: State<'_, Shop>,
    args: EstimateDropProposal,
) -> Result<Out<EstimateDropProposal>, DesktopError> {
    estimate::drop_proposal(&shop, args.id, args.area)
}

bind!(estimate_edit_line => EstimateEditLine);
#[tauri::command]
pub fn estimate_edit_line(
    shop: State<'_, Shop>,
    args: EstimateEditLine,
) -> Result<Out<EstimateEditLine>, DesktopError> {
    estimate::edit_line(&shop, args.id, &args.line)
}

bind!(estimate_save_pdf => EstimateSavePdf);
#[tauri::command]
pub async fn estimate_save_pdf(
    shop: State<'_, Shop>,
    args: EstimateSavePdf,
) -> Result<Out<EstimateSavePdf>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || estimate::save_pdf(&shop, args.id, &shop.settings())).await
}
