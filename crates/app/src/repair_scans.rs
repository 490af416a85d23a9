//! Pre- and post-repair scans on a body-shop estimate (issue 16): an
//! all-module scan saved to the estimate as what the collision left or what
//! the repair left, the scan lines it bills, and the comparison of the two —
//! once for the CLI and the desktop.

use std::path::Path;

use serde::{Deserialize, Serialize};
use shopbench_core::Vin;
use shopbench_estimate::{ScanStage, ScanTaken};
use shopbench_obd::modules::{compare_scans, ModuleComparison, ModuleReport, ModuleScan};
use shopbench_report::{RepairScan, RepairScans, ScanChange, ScanModuleRow};
use shopbench_store::{EstimateId, Store, StoredEstimate, StoredEstimateScan};

use crate::modules::{module_vin, new_module_scan};
use crate::AppError;

/// A scan saved to an estimate, and what the estimator should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedRepairScan {
    /// The scan as stored.
    pub stored: StoredEstimateScan,
    /// The modules' VIN is not the estimate's; codes not read; a post-repair scan with no
    /// pre-repair scan to compare with.
    pub warnings: Vec<String>,
}

/// Saves `scan` as estimate `id`'s `stage` scan. `adapter` names the link.
pub fn save_repair_scan(
    store: &mut Store,
    id: EstimateId,
    stage: ScanStage,
    scan: &ModuleScan,
    adapter: &str,
) -> Result<SavedRepairScan, AppError> {
    let before = store.estimate(id)?;
    let stored = store.save_estimate_scan(id, stage, &new_module_scan(scan, adapter)?)?;
    let (vin, mut warnings) = module_vin(scan);
    warnings.extend(vin.as_ref().and_then(|v| other_car(&before, v)));
    warnings.extend(not_read(scan));
    if stage == ScanStage::Post && before.latest_scan(ScanStage::Pre).is_none() {
        warnings.push(format!(
            "estimate {} has no pre-repair scan: there is nothing to compare this one with",
            id.reference()
        ));
    }
    Ok(SavedRepairScan { stored, warnings })
}

/// Why the car the modules name by `scanned` may not be estimate `est`'s:
/// another VIN than the estimate's; or, when the estimate has none, a model
/// year (VIN position 10) other than the estimate's (a VIN whose year cannot
/// be read passes: nothing contradicts it). A scan file from another car was billed as this one's
/// pre-repair scan without a word when the estimate had no VIN.
fn other_car(est: &StoredEstimate, scanned: &Vin) -> Option<String> {
    let reference = est.id.reference();
    if let Some(ours) = &est.vin {
        return (ours != scanned).then(|| {
            format!("the modules report VIN {scanned}, estimate {reference} has {ours} — is this the right car?")
        });
    }
    let year = est.vehicle.year;
    let theirs = scanned.model_year(year.max(2000)).filter(|&y| y != year)?;
    Some(format!(
        "the modules report VIN {scanned} (model year {theirs}), estimate {reference} is for a {year} {} {} — is this the right car?",
        est.vehicle.make, est.vehicle.model
    ))
}

/// Reads a scan saved by `shopbench scan --modules --json` (to attach a scan taken on
/// another machine or earlier).
pub fn read_scan_file(path: &Path) -> Result<ModuleScan, AppError> {
    crate::scan::read_saved_scan(
        path,
        "an all-module scan",
        "shopbench scan --modules --json",
    )
}

/// The scans the estimate's scan lines cite: the latest of each stage.
pub fn scans_taken(est: &StoredEstimate) -> Vec<ScanTaken> {
    ScanStage::ALL
        .into_iter()
        .filter_map(|stage| est.latest_scan(stage))
        .map(|s| ScanTaken {
            stage: s.stage,
            summary: scan_summary(s),
        })
        .collect()
}

/// "scan 3 of 2026-12-06: 10 modules, 4 codes present" (", codes of 1 module NOT READ").
pub fn scan_summary(s: &StoredEstimateScan) -> String {
    let n = &s.scan;
    let plural = |k: u32, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "scan {} of {}: {}, {} present{}",
        s.id,
        s.taken_at.get(..10).unwrap_or(&s.taken_at),
        plural(n.modules, "module", "modules"),
        plural(n.active_codes, "code", "codes"),
        if n.complete {
            ""
        } else {
            ", some modules' codes NOT READ"
        }
    )
}

/// An estimate's latest pre- and post-repair scans, read back, and their comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairScanPair {
    /// The latest pre-repair scan.
    pub pre: Option<RepairScanRead>,
    /// The latest post-repair scan.
    pub post: Option<RepairScanRead>,
    /// Per module, new / cleared / still present: when both were taken.
    pub comparison: Option<Vec<ModuleComparison>>,
}

/// One saved scan with its modules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairScanRead {
    /// Its id.
    pub id: i64,
    /// Pre- or post-repair.
    pub stage: ScanStage,
    /// When it was saved (UTC, RFC 3339).
    pub taken_at: String,
    /// The adapter it went through.
    pub adapter: String,
    /// The scan.
    pub scan: ModuleScan,
}

/// The estimate's scans, read back and compared.
pub fn repair_scans(est: &StoredEstimate) -> Result<RepairScanPair, AppError> {
    let read = |stage| -> Result<Option<RepairScanRead>, AppError> {
        let Some(s) = est.latest_scan(stage) else {
            return Ok(None);
        };
        let scan = serde_json::from_value(s.scan.scan.clone()).map_err(|e| {
            shopbench_store::StoreError::Corrupt(format!(
                "estimate scan {}: not an all-module scan: {e}",
                s.id
            ))
        })?;
        Ok(Some(RepairScanRead {
            id: s.id,
            stage,
            taken_at: s.taken_at.clone(),
            adapter: s.scan.adapter.clone(),
            scan,
        }))
    };
    let (pre, post) = (read(ScanStage::Pre)?, read(ScanStage::Post)?);
    let comparison = match (&pre, &post) {
        (Some(a), Some(b)) => Some(compare_scans(&a.scan, &b.scan)),
        _ => None,
    };
    Ok(RepairScanPair {
        pre,
        post,
        comparison,
    })
}

/// The scans as the estimate's PDF (and `estimate show`) print them: a row per module with a
/// code in either scan, the modules clean in both named once.
pub fn report_scans(pair: &RepairScanPair) -> RepairScans {
    let rows = pair.comparison.as_deref().unwrap_or_default();
    let quiet = |c: &&ModuleComparison| {
        c.new.is_empty() && c.cleared.is_empty() && c.still_present.is_empty() && c.caveat.is_none()
    };
    let codes =
        |list: &[shopbench_obd::uds::UdsDtc]| list.iter().map(ToString::to_string).collect();
    RepairScans {
        scans: [&pair.pre, &pair.post]
            .into_iter()
            .flatten()
            .map(report_scan)
            .collect(),
        comparison: pair.comparison.as_ref().map(|_| {
            rows.iter()
                .filter(|c| !quiet(c))
                .map(|c| ScanChange {
                    module: c.title.clone(),
                    new: codes(&c.new),
                    cleared: codes(&c.cleared),
                    still_present: codes(&c.still_present),
                    caveat: c.caveat.clone(),
                })
                .collect()
        }),
        clean: rows.iter().filter(quiet).map(|c| c.title.clone()).collect(),
    }
}

fn report_scan(s: &RepairScanRead) -> RepairScan {
    let title = format!(
        "{} scan {} — {} UTC",
        s.stage.title(),
        s.id,
        s.taken_at
            .get(..16)
            .unwrap_or(&s.taken_at)
            .replace('T', " ")
    );
    printed_scan(title, &s.adapter, &s.scan)
}

/// A scan worded for the customer (a row per module, its present codes, what was not read)
/// under `title`: the PDF's, `estimate show`'s and the desktop's module scan.
pub fn printed_scan(title: String, adapter: &str, scan: &ModuleScan) -> RepairScan {
    let n = scan.modules.len();
    RepairScan {
        title,
        detail: format!(
            "{adapter} · {n} module{} answered · {} code{} present",
            if n == 1 { "" } else { "s" },
            scan.active_count(),
            if scan.active_count() == 1 { "" } else { "s" }
        ),
        modules: scan.modules.iter().map(module_row).collect(),
        warnings: not_read(scan),
    }
}

fn module_row(m: &ModuleReport) -> ScanModuleRow {
    ScanModuleRow {
        module: m.title(),
        codes: m
            .dtcs
            .iter()
            .filter(|d| d.is_active())
            .map(|d| format!("{} {} — {}", d.dtc, state_word(d), d.meaning))
            .collect(),
        not_read: m.not_read().map(str::to_string),
    }
}

/// "confirmed", "pending" or "failing now".
fn state_word(d: &shopbench_obd::modules::ModuleDtc) -> &'static str {
    if d.status.confirmed() {
        "confirmed"
    } else if d.status.pending() {
        "pending"
    } else {
        "failing now"
    }
}

/// A warning per module whose codes were not read.
fn not_read(scan: &ModuleScan) -> Vec<String> {
    scan.modules
        .iter()
        .filter_map(|m| {
            m.not_read()
                .map(|why| format!("{}: codes NOT READ — {why}", m.title()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_estimate::{PartType, Vehicle};
    use shopbench_obd::modules::{Identification, ModuleAddress, ModuleCodes, ModuleDtc};
    use shopbench_obd::uds::{UdsDtc, UdsStatus};
    use shopbench_store::NewEstimate;

    const VIN: &str = "SB1ZS3JE60E282102";

    /// One ABS module at 7B0 with `codes` (3 bytes each, confirmed) reporting `vin`.
    fn abs_scan(codes: &[[u8; 3]], vin: &str) -> ModuleScan {
        let mut m = ModuleReport::new(ModuleAddress::can11(0x7B0), Some("ABS/ESC".into()));
        m.codes = ModuleCodes::Read;
        m.identification.push(Identification {
            did: 0xF190,
            label: "VIN".into(),
            value: vin.into(),
        });
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

    fn estimate(store: &mut Store) -> EstimateId {
        let new = NewEstimate {
            vehicle: Vehicle::new("Toyota", "Camry", 2022),
            vin: Some(VIN.parse().unwrap()),
            state: "CA".into(),
            metro: false,
            part_preference: PartType::Oem,
        };
        store.create_estimate(&new, &[], &[]).unwrap()
    }

    #[test]
    fn a_post_repair_scan_alone_or_from_another_car_is_saved_with_warnings() {
        let mut store = Store::open_in_memory().unwrap();
        let id = estimate(&mut store);
        let other = "1HGCM82633A004352";
        let saved = save_repair_scan(
            &mut store,
            id,
            ScanStage::Post,
            &abs_scan(&[], other),
            "sim",
        )
        .unwrap();
        assert_eq!(saved.warnings.len(), 2, "{:?}", saved.warnings);
        assert!(saved.warnings[0].contains(&format!("the modules report VIN {other}")));
        assert!(saved.warnings[1].contains("has no pre-repair scan"));
        let pre = save_repair_scan(&mut store, id, ScanStage::Pre, &abs_scan(&[], VIN), "sim");
        assert!(pre.unwrap().warnings.is_empty());
    }

    /// A scan file from another car (its modules' VIN a 2013 truck's) was
    /// saved and billed as the pre-repair scan of a 2019 F-150 estimate
    /// without a word, because the estimate had no VIN to compare.
    #[test]
    fn regression_a_scan_of_another_car_was_taken_silently_when_the_estimate_had_no_vin() {
        let mut store = Store::open_in_memory().unwrap();
        let new = |year: u16| NewEstimate {
            vehicle: Vehicle::new("Ford", "F-150", year),
            vin: None,
            state: "CO".into(),
            metro: false,
            part_preference: PartType::Oem,
        };
        let f150 = store.create_estimate(&new(2019), &[], &[]).unwrap();
        // 1FTFW1ET5DFC10312: position 10 'D' — a 2013
        let other = save_repair_scan(
            &mut store,
            f150,
            ScanStage::Pre,
            &abs_scan(&[], "1FTFW1ET5DFC10312"),
            "sim",
        )
        .unwrap();
        assert!(
            other.warnings[0]
                .contains("(model year 2013), estimate EST-0001 is for a 2019 Ford F-150"),
            "{:?}",
            other.warnings
        );
        // the right year: nothing contradicts it, nothing is said
        let same_year = store.create_estimate(&new(2013), &[], &[]).unwrap();
        let unchecked = save_repair_scan(
            &mut store,
            same_year,
            ScanStage::Pre,
            &abs_scan(&[], "1FTFW1ET5DFC10312"),
            "sim",
        )
        .unwrap();
        assert!(unchecked.warnings.is_empty(), "{:?}", unchecked.warnings);
    }

    #[test]
    fn the_pair_compares_the_latest_scans_and_the_lines_cite_them() {
        let mut store = Store::open_in_memory().unwrap();
        let id = estimate(&mut store);
        let c0035 = [0x40, 0x35, 0x1C];
        let u0100 = [0xC1, 0x00, 0x87];
        for (stage, codes) in [
            (ScanStage::Pre, vec![c0035, u0100]),
            (ScanStage::Post, vec![c0035]),
            (ScanStage::Post, vec![u0100]),
        ] {
            save_repair_scan(&mut store, id, stage, &abs_scan(&codes, VIN), "sim").unwrap();
        }
        let est = store.estimate(id).unwrap();
        let pair = repair_scans(&est).unwrap();
        assert_eq!(pair.post.as_ref().unwrap().id, 3);
        let printed = report_scans(&pair);
        let row = &printed.comparison.as_ref().unwrap()[0];
        assert_eq!(row.module, "ABS/ESC (7B0)");
        assert_eq!(row.cleared, ["C0035-1C"]);
        assert_eq!(row.still_present, ["U0100-87"]);
        assert!(row.new.is_empty());
        assert_eq!(printed.scans[0].modules[0].codes.len(), 2);
        let taken = scans_taken(&est);
        assert_eq!(taken.len(), 2);
        assert!(
            taken[1].summary.starts_with("scan 3 of "),
            "{}",
            taken[1].summary
        );
        assert!(taken[1].summary.ends_with(": 1 module, 1 code present"));
    }
}
