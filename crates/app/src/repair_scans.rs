//! Pre- and post-repair scans on a body-shop estimate (issue 16): an
//! all-module scan saved to the estimate as what the collision left or what
//! the repair left, the scan lines it bills, and the comparison of the two —
//! once for the CLI and the desktop.

use std::path::Path;

use serde::{Deserialize, Serialize};
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
    if let (Some(ours), Some(theirs)) = (&before.vin, &vin) {
        if ours != theirs {
            warnings.push(format!(
                "the modules report VIN {theirs}, estimate {} has {ours} — is this the right car?",
                id.reference()
            ));
        }
    }
    warnings.extend(not_read(scan));
    if stage == ScanStage::Post && before.latest_scan(ScanStage::Pre).is_none() {
        warnings.push(format!(
            "estimate {} has no pre-repair scan: there is nothing to compare this one with",
            id.reference()
        ));
    }
    Ok(SavedRepairScan { stored, warnings })
}

/// Reads a scan saved by `shopbench scan --modules --json` (to attach a scan taken on
/// another machine or earlier).
pub fn read_scan_file(path: &Path) -> Result<ModuleScan, AppError> {
    let text = std::fs::read_to_string(path).map_err(|source| AppError::Io {
        action: "read the scan",
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| AppError::Invalid {
        field: path.display().to_string(),
        reason: format!(
            "not an all-module scan as `shopbench scan --modules --json` writes it: {e}"
        ),
    })
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
    let n = s.scan.modules.len();
    RepairScan {
        title: format!(
            "{} scan {} — {} UTC",
            s.stage.title(),
            s.id,
            s.taken_at
                .get(..16)
                .unwrap_or(&s.taken_at)
                .replace('T', " ")
        ),
        detail: format!(
            "{} · {n} module{} answered · {} code{} present",
            s.adapter,
            if n == 1 { "" } else { "s" },
            s.scan.active_count(),
            if s.scan.active_count() == 1 { "" } else { "s" }
        ),
        modules: s.scan.modules.iter().map(module_row).collect(),
        warnings: not_read(&s.scan),
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
