//! All-module scans in the shop's workflow (issue 16): every module's UDS
//! codes read over whichever link is connected, kept with a case, and
//! cleared only with the user's consent — once for the CLI and the desktop.
//!
//! The scan itself is `shopbench_obd::modules` (written once over
//! [`UdsLink`], which both the ELM327 and J2534 links implement); this module
//! is where it meets the shop's database.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use shopbench_core::Vin;
use shopbench_diagnosis::DtcStatus;
use shopbench_obd::modules::{
    clear_module_codes, scan_modules, ModuleAddress, ModuleClear, ModuleCodes, ModuleScan,
    ModuleScanOptions, UdsLink,
};
use shopbench_obd::ClearConfirmation;
use shopbench_store::{CaseDtc, CaseId, NewCase, NewModuleScan, Store, StoredModuleScan};

use crate::AppError;

/// Reads every module the link can reach (`shopbench scan --modules`, the
/// desktop's module scan): discovery, identification, codes with snapshots
/// and extended data. `progress` gets a line per step.
pub async fn scan_all_modules<L: UdsLink>(
    link: &mut L,
    progress: impl FnMut(&str),
) -> Result<ModuleScan, AppError> {
    Ok(scan_modules(link, &ModuleScanOptions::default(), progress).await?)
}

/// An all-module scan kept with a case.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedModuleScan {
    /// The scan as stored (its id, case and time).
    pub stored: StoredModuleScan,
    /// True when a new case was opened for it.
    pub new_case: bool,
    /// What the mechanic should know (the modules disagree on the VIN, a VIN that cannot be kept).
    pub warnings: Vec<String>,
}

/// Keeps `scan` with case `case`, or opens a new case from it (`None`): the
/// VIN the modules report, each module's present codes (confirmed as stored,
/// otherwise pending, under the module's response address) — case and scan
/// in one transaction. `adapter` names the link ("ELM327 v1.5 on /dev/ttyUSB0").
pub fn save_module_scan(
    store: &mut Store,
    case: Option<CaseId>,
    scan: &ModuleScan,
    adapter: &str,
) -> Result<SavedModuleScan, AppError> {
    let new = new_module_scan(scan, adapter)?;
    let (vin, mut warnings) = module_vin(scan);
    match case {
        Some(id) => {
            let stored = store.save_module_scan(id, &new)?;
            // The case's own VIN against the modules': a swapped module shows here.
            let case_vin = store.case(id)?.vehicle.vin;
            if let (Some(c), Some(m)) = (case_vin, vin) {
                if c != m {
                    warnings.push(format!(
                        "the modules report VIN {m}, case {id} has {c} — is this the right car?"
                    ));
                }
            }
            Ok(SavedModuleScan {
                stored,
                new_case: false,
                warnings,
            })
        }
        None => {
            let mut case = case_from_module_scan(scan);
            case.vehicle.vin = vin;
            let stored = store.create_case_with_module_scan(&case, &new)?;
            Ok(SavedModuleScan {
                stored,
                new_case: true,
                warnings,
            })
        }
    }
}

/// A scan as the store keeps it: the summary a listing shows and the whole scan as JSON.
pub(crate) fn new_module_scan(scan: &ModuleScan, adapter: &str) -> Result<NewModuleScan, AppError> {
    Ok(NewModuleScan {
        adapter: adapter.to_string(),
        modules: u32::try_from(scan.modules.len()).unwrap_or(u32::MAX),
        active_codes: u32::try_from(scan.active_count()).unwrap_or(u32::MAX),
        complete: scan.complete(),
        scan: serde_json::to_value(scan).map_err(shopbench_store::StoreError::from)?,
    })
}

/// The case an all-module scan opens (no complaint yet: the mechanic adds it):
/// each module's present codes, and findings naming the modules whose codes
/// were not read.
pub fn case_from_module_scan(scan: &ModuleScan) -> NewCase {
    // In the scan's module order; one 2-byte code per status and module
    // (C0035-1C and C0035-29 are both C0035 on the case).
    let mut seen = BTreeSet::new();
    let mut dtcs = Vec::new();
    for m in &scan.modules {
        for d in m.dtcs.iter().filter(|d| d.is_active()) {
            let status = if d.status.confirmed() {
                DtcStatus::Stored
            } else {
                DtcStatus::Pending
            };
            let ecu = m.address.ecu().to_string();
            if seen.insert((d.dtc.code(), status, ecu.clone())) {
                dtcs.push(CaseDtc {
                    code: d.dtc.code(),
                    status,
                    ecu: Some(ecu),
                });
            }
        }
    }
    let mut findings = vec![format!(
        "All-module scan: {} module{} answered, {} code{} present.",
        scan.modules.len(),
        if scan.modules.len() == 1 { "" } else { "s" },
        scan.active_count(),
        if scan.active_count() == 1 { "" } else { "s" },
    )];
    for m in &scan.modules {
        if let Some(reason) = m.not_read() {
            findings.push(format!("{}: codes NOT READ — {reason}", m.title()));
        }
    }
    NewCase {
        findings: findings.join("\n"),
        dtcs,
        from_scan: true,
        ..NewCase::default()
    }
}

/// The VIN most modules report (F190), with a warning when they disagree or
/// it is not a valid VIN.
pub(crate) fn module_vin(scan: &ModuleScan) -> (Option<Vin>, Vec<String>) {
    let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for m in &scan.modules {
        if let Some(v) = m.ident(0xF190).map(str::trim).filter(|v| !v.is_empty()) {
            seen.entry(v).or_default().push(m.title());
        }
    }
    let mut warnings = Vec::new();
    if seen.len() > 1 {
        let list: Vec<String> = seen
            .iter()
            .map(|(vin, who)| format!("{vin} ({})", who.join(", ")))
            .collect();
        warnings.push(format!(
            "the modules report different VINs: {} — a module may come from another car",
            list.join("; ")
        ));
    }
    let Some((most, _)) = seen.iter().max_by_key(|(_, who)| who.len()) else {
        return (None, warnings);
    };
    match most.parse::<Vin>() {
        Ok(vin) => (Some(vin), warnings),
        Err(e) => {
            warnings.push(format!(
                "the modules reported a VIN that cannot be kept: {e}"
            ));
            (None, warnings)
        }
    }
}

/// What a module clear did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModulesCleared {
    /// Each module asked, with its answer.
    pub modules: Vec<ClearedModule>,
}

/// One module's answer to the clear request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClearedModule {
    /// Its title in the scan that found it ("ABS/ESC (7B0)"), or its address.
    pub title: String,
    /// Its answer.
    #[serde(flatten)]
    pub result: ModuleClear,
}

impl ModulesCleared {
    /// The modules that did not confirm.
    pub fn refused(&self) -> impl Iterator<Item = &ClearedModule> {
        self.modules.iter().filter(|m| !m.result.cleared)
    }
}

/// The modules a clear goes to when none are named: those with any code in `scan`.
pub fn modules_with_codes(scan: &ModuleScan) -> Vec<ModuleAddress> {
    scan.modules
        .iter()
        .filter(|m| !m.dtcs.is_empty())
        .map(|m| m.address)
        .collect()
}

/// The modules of `scan` whose codes could not be read: a clear of "every
/// module with codes" cannot say they have none.
pub fn modules_not_read(scan: &ModuleScan) -> Vec<ModuleAddress> {
    scan.modules
        .iter()
        .filter(|m| matches!(m.codes, ModuleCodes::NotRead { .. }))
        .map(|m| m.address)
        .collect()
}

/// Clears the codes of `modules` (14 FF FF FF): build `consent` only from
/// an explicit user action. `scan`, when given, names the modules.
pub async fn clear_modules<L: UdsLink>(
    link: &mut L,
    modules: &[ModuleAddress],
    scan: Option<&ModuleScan>,
    consent: ClearConfirmation,
) -> Result<ModulesCleared, AppError> {
    let results = clear_module_codes(link, modules, consent).await?;
    Ok(ModulesCleared {
        modules: results
            .into_iter()
            .map(|result| ClearedModule {
                title: scan
                    .and_then(|s| s.module(result.address))
                    .map(|m| m.title())
                    .unwrap_or_else(|| format!("module at {}", result.address.short())),
                result,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_obd::modules::{Identification, ModuleCodes, ModuleDtc, ModuleReport};
    use shopbench_obd::uds::UdsStatus;

    fn module(addr: u16, vin: Option<&str>, codes: &[(&str, u8)]) -> ModuleReport {
        let mut m = ModuleReport::new(ModuleAddress::can11(addr), None);
        m.codes = ModuleCodes::Read;
        m.identification = vin
            .map(|v| Identification {
                did: 0xF190,
                label: "VIN".into(),
                value: v.into(),
            })
            .into_iter()
            .collect();
        m.dtcs = codes
            .iter()
            .map(|(c, s)| ModuleDtc::new(c.parse().unwrap(), UdsStatus(*s)))
            .collect();
        m
    }

    fn scan(modules: Vec<ModuleReport>) -> ModuleScan {
        ModuleScan {
            protocol: Some(6),
            probed: 64,
            modules,
            problems: Vec::new(),
        }
    }

    const VIN: &str = "SB1ZS3JE60E282102";

    /// `modules clear --yes` said "No module has codes: nothing to clear."
    /// when the modules' codes had not been read at all (exit 0).
    #[test]
    fn regression_modules_whose_codes_were_not_read_counted_as_having_none() {
        let mut unread = module(0x737, None, &[]);
        unread.codes = ModuleCodes::NotRead {
            reason: "NO DATA".into(),
        };
        let s = scan(vec![module(0x7E0, None, &[]), unread]);
        assert!(modules_with_codes(&s).is_empty());
        assert_eq!(modules_not_read(&s), vec![ModuleAddress::can11(0x737)]);
    }

    #[test]
    fn a_new_case_gets_the_present_codes_once_per_module_and_the_modules_vin() {
        let mut srs = module(0x737, None, &[]);
        srs.codes = ModuleCodes::NotRead {
            reason: "no answer in time".into(),
        };
        let s = scan(vec![
            // C0035-1C and C0035-29: one 2-byte code, kept once
            module(
                0x7B0,
                Some(VIN),
                &[("C0035-1C", 0xAF), ("C0035-29", 0x2F), ("U0100-87", 0x50)],
            ),
            module(0x7E0, Some(VIN), &[("P0171-00", 0x04)]),
            srs,
        ]);
        let mut store = Store::open_in_memory().unwrap();
        let saved = save_module_scan(&mut store, None, &s, "sim").unwrap();
        assert!(saved.new_case && saved.warnings.is_empty(), "{saved:?}");
        let case = store.case(saved.stored.case_id).unwrap();
        assert_eq!(case.vehicle.vin.unwrap().to_string(), VIN);
        let codes: Vec<String> = case
            .dtcs
            .iter()
            .map(|d| format!("{} {:?} {}", d.code, d.status, d.ecu.as_deref().unwrap()))
            .collect();
        // U0100-87 passed since (0x50): not present
        assert_eq!(codes, ["C0035 Stored 7B8", "P0171 Pending 7E8"]);
        assert!(case
            .findings
            .contains("3 modules answered, 3 codes present"));
        assert!(
            case.findings.contains("codes NOT READ — no answer in time"),
            "{}",
            case.findings
        );
        let kept = store.module_scans(case.id).unwrap();
        assert_eq!(kept.len(), 1);
        assert!(!kept[0].scan.complete);
        let back: ModuleScan = serde_json::from_value(kept[0].scan.scan.clone()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn modules_disagreeing_on_the_vin_are_named() {
        let other = "4T1BF1FK5EU123456";
        let s = scan(vec![
            module(0x7E0, Some(VIN), &[]),
            module(0x7B0, Some(VIN), &[]),
            module(0x737, Some(other), &[]),
        ]);
        let mut store = Store::open_in_memory().unwrap();
        let saved = save_module_scan(&mut store, None, &s, "sim").unwrap();
        assert_eq!(
            store
                .case(saved.stored.case_id)
                .unwrap()
                .vehicle
                .vin
                .unwrap()
                .to_string(),
            VIN,
            "the VIN most modules report"
        );
        assert!(
            saved.warnings[0].contains(other) && saved.warnings[0].contains("737)"),
            "{:?}",
            saved.warnings
        );
    }

    #[test]
    fn a_scan_kept_with_an_existing_case_checks_its_vin() {
        let mut store = Store::open_in_memory().unwrap();
        let mut case = NewCase::default();
        case.vehicle.vin = Some("4T1BF1FK5EU123456".parse().unwrap());
        let id = store.create_case(&case).unwrap();
        let s = scan(vec![module(0x7E0, Some(VIN), &[("P0171-00", 0x08)])]);
        let saved = save_module_scan(&mut store, Some(id), &s, "sim").unwrap();
        assert!(!saved.new_case);
        assert!(saved.warnings[0].contains("is this the right car?"));
        assert_eq!(store.module_scans(id).unwrap().len(), 1);
        // the case's own codes are the mechanic's: not changed
        assert!(store.case(id).unwrap().dtcs.is_empty());
        let err = save_module_scan(&mut store, Some(CaseId(99)), &s, "sim").unwrap_err();
        assert!(err.to_string().contains("case 99 does not exist"), "{err}");
    }
}
