//! The used-car inspection PDF from the desktop (issue 16): the car scanned
//! on the Scan screen (and its modules, when "Scan all modules" was pressed),
//! the VIN's recalls and known issues read offline, and the purchase costs of
//! the Vehicle screen's form — `shopbench_app`'s `inspect`, the workflow
//! `shopbench inspect` runs.

use shopbench_app::inspection::inspect;
use shopbench_app::VehicleDataSource;
use shopbench_recalls::Network;
use shopbench_report::render_inspection;
use shopbench_views::{CostsForm, SavedPdf, Settings};

use super::link::Session;
use crate::error::DesktopError;
use crate::shop::Shop;

/// Writes the inspection PDF into the reports folder. The costs are checked
/// first, so a bad state or price is refused before anything is looked up;
/// without a scan in this session there is nothing to inspect. `now`: Unix seconds.
pub async fn save_inspection_pdf(
    shop: &Shop,
    session: &Session,
    form: &CostsForm,
    settings: &Settings,
    now: i64,
) -> Result<SavedPdf, DesktopError> {
    let costs = super::vehicle::compute_here(form)?;
    let scan = session.last_scan().ok_or(DesktopError::NoScan)?;
    let modules = session
        .last_module_scan
        .lock()
        .map(|g| g.as_ref().map(|(m, _)| m.clone()))
        .unwrap_or(None);
    let paths = shop.paths()?;
    let src = VehicleDataSource {
        vpic: paths.vpic.clone(),
        recalls: paths.recalls.clone(),
        network: Network::Offline,
        now,
    };
    let inspection = inspect(&src, &scan, modules.as_ref(), costs).await;
    let pdf = render_inspection(
        &crate::settings::shop(settings),
        &inspection,
        crate::settings::paper_size(settings)?,
    );
    let stem = format!(
        "inspection-{}",
        inspection.vin.as_deref().unwrap_or("vehicle")
    );
    super::write_pdf(&paths.reports_dir, &stem, &pdf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;

    fn form(price: &str) -> CostsForm {
        CostsForm {
            country: "us".into(),
            region: "CA".into(),
            price: price.into(),
            sale: "private".into(),
            ..CostsForm::default()
        }
    }

    #[test]
    fn a_bad_price_is_refused_first_and_no_scan_means_nothing_to_inspect() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let session = Session::default();
        let settings = shop.settings();
        let bad = block_on(save_inspection_pdf(
            &shop,
            &session,
            &form("lots"),
            &settings,
            0,
        ));
        assert!(matches!(bad, Err(DesktopError::Invalid { .. })), "{bad:?}");
        let none = block_on(save_inspection_pdf(
            &shop,
            &session,
            &form("25000"),
            &settings,
            0,
        ));
        assert!(matches!(none, Err(DesktopError::NoScan)), "{none:?}");
        let reports = shop.paths().unwrap().reports_dir.clone();
        assert!(!reports.exists() || std::fs::read_dir(reports).unwrap().next().is_none());
    }
}
