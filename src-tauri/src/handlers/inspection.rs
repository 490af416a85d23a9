//! The used-car inspection PDF from the desktop (issue 16): the car scanned
//! on the Scan screen (and its modules, when "Scan all modules" was pressed),
//! the VIN's recalls and known issues read offline, and the purchase costs of
//! the Vehicle screen's form — `shopbench_app`'s `inspect`, the workflow
//! `shopbench inspect` runs; in remote mode the server's, which runs it too.

use shopbench_app::inspection::{inspect, remote_request};
use shopbench_app::VehicleDataSource;
use shopbench_recalls::Network;
use shopbench_report::render_inspection;
use shopbench_views::{CostsForm, SavedPdf, Settings};
use shopbench_wire::Inspection;

use super::link::Session;
use crate::error::DesktopError;
use crate::shop::Shop;

/// Writes the inspection PDF into the reports folder, the inspection made
/// by the engine the settings choose. The costs are checked first, so a bad
/// state or price is refused before anything is looked up (or a credit
/// spent); without a scan in this session there is nothing to inspect.
/// `now`: Unix seconds.
pub async fn save_inspection_pdf(
    shop: &Shop,
    session: &Session,
    form: &CostsForm,
    settings: &Settings,
    now: i64,
) -> Result<SavedPdf, DesktopError> {
    let inspection = inspection(shop, session, form, settings, now).await?;
    let pdf = render_inspection(
        &crate::settings::shop(settings),
        &inspection,
        crate::settings::paper_size(settings)?,
    );
    let stem = format!(
        "inspection-{}",
        inspection.vin.as_deref().unwrap_or("vehicle")
    );
    super::write_pdf(&shop.paths()?.reports_dir, &stem, &pdf)
}

/// The inspection of this session's scans: made here with the shop's data
/// files read offline, or in remote mode by the server's
/// `POST /v1/inspection` (charged), sent the same scans and costs form.
async fn inspection(
    shop: &Shop,
    session: &Session,
    form: &CostsForm,
    settings: &Settings,
    now: i64,
) -> Result<Inspection, DesktopError> {
    // The form is checked here first, so a typo costs no credit; the server
    // refuses what only the rules can (an unknown state) without charging.
    let (country, params) = super::vehicle::params(form)?;
    let query = super::vehicle::query(country, &params)?;
    let scan = session.last_scan().ok_or(DesktopError::NoScan)?;
    let modules = session
        .last_module_scan
        .lock()
        .map(|g| g.as_ref().map(|(m, _)| m.clone()))
        .unwrap_or(None);
    if crate::settings::is_remote(settings) {
        let req = remote_request(&scan, modules.as_ref(), &params)?;
        return super::remote::inspection(settings, &req).await;
    }
    let paths = shop.paths()?;
    let src = VehicleDataSource {
        vpic: paths.vpic.clone(),
        recalls: paths.recalls.clone(),
        network: Network::Offline,
        now,
    };
    let costs = shopbench_app::purchase_costs(&query, super::now())?;
    Ok(inspect(&src, &scan, modules.as_ref(), costs).await)
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

    /// Issue 19 item 4: in remote mode the server inspects the scan this
    /// session made (one charged request), and the answer is the embedded
    /// engine's for the same scan and costs form, trade-in included; the
    /// PDF is written here, with the shop's settings, as in embedded mode.
    /// A state the rules do not know is the server's to refuse, uncharged:
    /// the costs are no longer computed here first (regression: in remote
    /// mode the handler priced the purchase locally only to check the form).
    #[test]
    fn in_remote_mode_the_server_inspects_this_sessions_scan() {
        use crate::handlers::link::{connect, scan};
        use crate::handlers::remote::tests::{remote, server_funded};
        let mut emu = shopbench_e2e::Emulator::pty("car");
        emu.console("import elm.obd_message as m; m.DTC_STORED.extend(['0300'])");
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let session = Session::default();
        let form = CostsForm {
            region: "TX".into(),
            sale: "dealer".into(),
            trade_in: "5000".into(),
            ..form("25000")
        };
        let without = CostsForm {
            trade_in: String::new(),
            ..form.clone()
        };
        assert_ne!(
            super::super::vehicle::compute_here(&form).unwrap(),
            super::super::vehicle::compute_here(&without).unwrap(),
            "a form whose trade-in changes the costs"
        );
        let (here, there, balance, pdf) = block_on(async {
            connect(&session, &emu.port().arg(), None, |_| {})
                .await
                .unwrap();
            scan(&session, |_| {}).await.unwrap();
            let here = inspection(&shop, &session, &form, &shop.settings(), 0)
                .await
                .unwrap();
            let (url, key) = server_funded(100).await;
            let s = remote(&url, &key);
            let there = inspection(&shop, &session, &form, &s, 0).await.unwrap();
            let pdf = save_inspection_pdf(&shop, &session, &form, &s, 0)
                .await
                .unwrap();
            let nowhere = CostsForm {
                region: "ZZ".into(),
                ..form.clone()
            };
            let refused = inspection(&shop, &session, &nowhere, &s, 0).await;
            assert!(
                matches!(refused, Err(DesktopError::Remote(_))),
                "the server refuses it: {refused:?}"
            );
            let balance = crate::handlers::remote::check_connection(&s).await.unwrap();
            (here, there, balance, pdf)
        });
        assert_eq!(there.codes, here.codes);
        assert_eq!(there.costs, here.costs, "the trade-in reaches the server");
        assert_eq!(there.vin, here.vin);
        assert!(there.vin.is_some());
        assert_eq!(
            balance.credits, 40,
            "two inspections of 30 credits from 100"
        );
        assert!(std::path::Path::new(&pdf.path).exists(), "{pdf:?}");
    }
}
