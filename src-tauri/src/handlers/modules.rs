//! The all-module scan on the Scan screen, and saving it to an estimate as
//! its pre- or post-repair scan (issue 16): `shopbench_app`'s workflows, the
//! ones `shopbench scan --modules --estimate ID --save-scan STAGE` runs.

use shopbench_app::modules::scan_all_modules;
use shopbench_app::repair_scans::{printed_scan, repair_scans, report_scans, save_repair_scan};
use shopbench_estimate::ScanStage;
use shopbench_obd::ObdLink;
use shopbench_report::{RepairScan, RepairScans};
use shopbench_store::{EstimateId, StoredEstimate};
use shopbench_views::{
    EstimateView, ModuleRowView, ModuleScanView, Progress, RepairScansView, ScanChangeView,
};

use super::link::Session;
use crate::error::DesktopError;
use crate::shop::Shop;

/// Reads every module of the connected car and keeps the scan in the session.
pub async fn scan(
    session: &Session,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<ModuleScanView, DesktopError> {
    let mut link = session.link.lock().await;
    let adapter_link = link.as_mut().ok_or(DesktopError::NotConnected)?;
    let scan = scan_all_modules(adapter_link, |step| {
        progress(Progress {
            step: "modules".into(),
            label: format!("Reading {step}"),
        })
    })
    .await?;
    let info = adapter_link.info();
    // As the Scan screen writes it, in both languages.
    let adapter = format!("{} ({})", info.adapter, info.port);
    let view = module_scan_view(&printed_scan("All-module scan".into(), &adapter, &scan));
    if let Ok(mut last) = session.last_module_scan.lock() {
        *last = Some((scan, adapter));
    }
    Ok(view)
}

/// Saves the session's last all-module scan to estimate `id` as its `stage` scan.
pub fn to_estimate(
    shop: &Shop,
    session: &Session,
    id: i64,
    stage: &str,
) -> Result<EstimateView, DesktopError> {
    let stage: ScanStage = stage
        .parse()
        .map_err(|e: String| DesktopError::invalid("Scan", e))?;
    let last = session
        .last_module_scan
        .lock()
        .map(|g| g.clone())
        .unwrap_or(None);
    let (scan, adapter) = last.ok_or_else(|| {
        DesktopError::invalid(
            "Scan",
            "no all-module scan yet — press “Scan all modules” first",
        )
    })?;
    save_repair_scan(&mut shop.store()?, EstimateId(id), stage, &scan, &adapter)?;
    super::estimate::show(shop, id)
}

/// The estimate's scans and their comparison, as the Estimate screen shows them (a scan
/// that no longer reads is named in place of the section).
pub fn repair_scans_view(s: &StoredEstimate) -> RepairScansView {
    match repair_scans(s) {
        Ok(pair) => repair_view(&report_scans(&pair)),
        Err(e) => RepairScansView {
            scans: vec![ModuleScanView {
                title: "The saved scans could not be read".into(),
                warnings: vec![e.to_string()],
                ..ModuleScanView::default()
            }],
            ..RepairScansView::default()
        },
    }
}

fn repair_view(r: &RepairScans) -> RepairScansView {
    RepairScansView {
        scans: r.scans.iter().map(module_scan_view).collect(),
        comparison: r.comparison.as_ref().map(|rows| {
            rows.iter()
                .map(|c| ScanChangeView {
                    module: c.module.clone(),
                    new: c.new.clone(),
                    cleared: c.cleared.clone(),
                    still_present: c.still_present.clone(),
                    caveat: c.caveat.clone(),
                })
                .collect()
        }),
        clean: r.clean.clone(),
    }
}

fn module_scan_view(s: &RepairScan) -> ModuleScanView {
    ModuleScanView {
        title: s.title.clone(),
        detail: s.detail.clone(),
        modules: s
            .modules
            .iter()
            .map(|m| ModuleRowView {
                module: m.module.clone(),
                codes: m.codes.clone(),
                not_read: m.not_read.clone(),
            })
            .collect(),
        warnings: s.warnings.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_obd::modules::{ModuleAddress, ModuleCodes, ModuleDtc, ModuleReport, ModuleScan};
    use shopbench_obd::uds::{UdsDtc, UdsStatus};
    use shopbench_views::NewEstimateForm;

    fn abs_with(codes: &[[u8; 3]]) -> ModuleScan {
        let mut m = ModuleReport::new(ModuleAddress::can11(0x7B0), Some("ABS/ESC".into()));
        m.codes = ModuleCodes::Read;
        m.dtcs = codes
            .iter()
            .map(|c| ModuleDtc::new(UdsDtc::from_bytes(*c), UdsStatus(0x08)))
            .collect();
        ModuleScan {
            protocol: Some(6),
            probed: 64,
            modules: vec![m],
            problems: Vec::new(),
        }
    }

    /// A new estimate for a 2022 Camry in California; its id.
    fn camry_estimate(shop: &Shop) -> i64 {
        let form = NewEstimateForm {
            vehicle: "Toyota Camry 2022".into(),
            state: "CA".into(),
            metro: false,
            class: String::new(),
        };
        crate::handlers::estimate::create(shop, &form).unwrap().id
    }

    #[test]
    fn the_last_module_scan_goes_to_an_estimate_and_the_screen_compares_the_two() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let session = Session::default();
        let id = camry_estimate(&shop);
        let err = to_estimate(&shop, &session, id, "pre").unwrap_err();
        assert!(err.to_string().contains("Scan all modules"), "{err}");

        let keep = |scan| *session.last_module_scan.lock().unwrap() = Some((scan, "sim".into()));
        keep(abs_with(&[[0x40, 0x35, 0x1C]]));
        let bad = to_estimate(&shop, &session, id, "during").unwrap_err();
        assert!(bad.to_string().contains("pre or post"), "{bad}");
        let view = to_estimate(&shop, &session, id, "pre").unwrap();
        assert_eq!(view.scans.scans.len(), 1);
        assert!(view.scans.comparison.is_none());
        assert!(view
            .lines
            .iter()
            .any(|l| l.id == "scan:pre" && !l.to_confirm));

        keep(abs_with(&[]));
        let view = to_estimate(&shop, &session, id, "post").unwrap();
        let rows = view.scans.comparison.expect("both scans: a comparison");
        assert_eq!(rows[0].module, "ABS/ESC (7B0)");
        assert_eq!(rows[0].cleared, ["C0035-1C"]);
        assert_eq!(view.scans.scans[1].modules[0].codes, Vec::<String>::new());
    }

    /// Regression (issue 19 item 5): in French the module scans on the Scan
    /// and Estimate screens kept their titles, adapter line, code states and
    /// comparison notes in English. The UI reads each through the catalogue.
    #[test]
    fn regression_the_module_scans_were_english_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let session = Session::default();
        let id = camry_estimate(&shop);
        let keep = |scan, adapter: &str| {
            *session.last_module_scan.lock().unwrap() = Some((scan, adapter.into()))
        };
        keep(
            abs_with(&[[0x40, 0x35, 0x1C]]),
            "ELM327 v1.5 (/dev/ttyUSB0)",
        );
        to_estimate(&shop, &session, id, "pre").unwrap();
        let mut after = abs_with(&[]);
        after.modules[0].address = ModuleAddress::can11(0x7B2);
        keep(after, "ELM327 v1.5 (/dev/ttyUSB0)");
        let view = to_estimate(&shop, &session, id, "post").unwrap();
        let mut shown: Vec<String> = Vec::new();
        for s in &view.scans.scans {
            shown.extend([s.title.clone(), s.detail.clone()]);
        }
        let rows = view.scans.comparison.expect("both scans: a comparison");
        shown.extend(rows.iter().filter_map(|r| r.caveat.clone()));
        assert!(shown.len() >= 6, "{shown:?}");
        crate::handlers::assert_french(shown);
        let code = &view.scans.scans[0].modules[0].codes[0];
        let french = shopbench_i18n::tr_text(shopbench_i18n::Lang::FrCa, code);
        assert!(
            french.contains(" en défaut maintenant — ")
                || french.contains(" confirmé — ")
                || french.contains(" en attente — "),
            "{code} => {french}"
        );
    }
}
