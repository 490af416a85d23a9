//! What an all-module scan found, and how two scans compare.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use shopbench_core::DtcCatalog;

use super::address::{area_of, ModuleAddress};
use crate::uds::{ExtendedData, Snapshot, UdsDtc, UdsStatus};

/// Everything an all-module scan found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleScan {
    /// The protocol scanned (ELM327 numbering: 6/8 11-bit, 7/9 29-bit).
    pub protocol: Option<u8>,
    /// How many addresses were asked.
    pub probed: usize,
    /// The modules that answered, in address order.
    pub modules: Vec<ModuleReport>,
    /// What went wrong outside any one module.
    #[serde(default)]
    pub problems: Vec<String>,
}

/// One identification value (service 22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identification {
    /// The data identifier (0xF190, …).
    pub did: u16,
    /// Its label ("VIN").
    pub label: String,
    /// Its value as text.
    pub value: String,
}

/// Whether a module's code list was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ModuleCodes {
    /// Read: the module's list is [`ModuleReport::dtcs`] (empty = none).
    Read,
    /// The module does not keep codes this way (it refused 19 02 as not supported).
    Unsupported {
        /// Its refusal.
        reason: String,
    },
    /// Not read: nothing is known about this module's codes.
    NotRead {
        /// Why.
        reason: String,
    },
}

/// One code of one module, with what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleDtc {
    /// The 3-byte code (`C0035-1C`).
    pub dtc: UdsDtc,
    /// Its status byte.
    pub status: UdsStatus,
    /// What the 2-byte code means (generic catalogue, or "manufacturer-specific …").
    pub meaning: String,
    /// What the failure-type byte means (SAE J2012-DA).
    pub failure: String,
    /// Its snapshot (freeze frame), where the module keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Snapshot>,
    /// Its extended data, where the module gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended: Option<ExtendedData>,
}

impl ModuleDtc {
    /// A code with its meanings looked up.
    pub fn new(dtc: UdsDtc, status: UdsStatus) -> ModuleDtc {
        ModuleDtc {
            dtc,
            status,
            meaning: DtcCatalog::generic()
                .describe(dtc.code())
                .summary()
                .to_string(),
            failure: dtc.failure_meaning(),
            snapshot: None,
            extended: None,
        }
    }

    /// True when the code counts as present: confirmed, pending or failing now.
    pub fn is_active(&self) -> bool {
        self.status.confirmed() || self.status.pending() || self.status.test_failed()
    }
}

/// What one module reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleReport {
    /// Where it is.
    pub address: ModuleAddress,
    /// What its address block usually holds ("chassis", "body", …).
    pub area: String,
    /// Its name: the J1979 ECU name (09 0A) or its system name (F197).
    pub name: Option<String>,
    /// Identification values it gave (VIN, serial, part number, versions).
    pub identification: Vec<Identification>,
    /// Whether its codes were read.
    pub codes: ModuleCodes,
    /// Its codes (19 02), with snapshots and extended data.
    pub dtcs: Vec<ModuleDtc>,
    /// True when it only gave its codes in the extended session (10 03).
    #[serde(default)]
    pub extended_session: bool,
    /// What went wrong with this module.
    #[serde(default)]
    pub problems: Vec<String>,
}

impl ModuleReport {
    /// A module that answered at `address`, nothing read yet.
    pub fn new(address: ModuleAddress, name: Option<String>) -> ModuleReport {
        ModuleReport {
            address,
            area: area_of(address).to_string(),
            name,
            identification: Vec::new(),
            codes: ModuleCodes::NotRead {
                reason: "not reached".into(),
            },
            dtcs: Vec::new(),
            extended_session: false,
            problems: Vec::new(),
        }
    }

    /// "ABS/ESC (7B0)" or "chassis module at 7B0".
    pub fn title(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", self.address.short()),
            None => format!("{} module at {}", self.area, self.address.short()),
        }
    }

    /// An identification value by DID.
    pub fn ident(&self, did: u16) -> Option<&str> {
        self.identification
            .iter()
            .find(|i| i.did == did)
            .map(|i| i.value.as_str())
    }

    /// The codes that count as present.
    pub fn active_codes(&self) -> BTreeSet<UdsDtc> {
        self.dtcs
            .iter()
            .filter(|d| d.is_active())
            .map(|d| d.dtc)
            .collect()
    }

    /// The reason, when the codes were not read.
    pub fn not_read(&self) -> Option<&str> {
        match &self.codes {
            ModuleCodes::NotRead { reason } => Some(reason),
            _ => None,
        }
    }
}

impl ModuleScan {
    /// Every code that counts as present, over all modules.
    pub fn active_count(&self) -> usize {
        self.modules.iter().map(|m| m.active_codes().len()).sum()
    }

    /// True when every module's codes were read (or it does not keep any).
    pub fn complete(&self) -> bool {
        self.modules.iter().all(|m| m.not_read().is_none())
    }

    /// A module by address.
    pub fn module(&self, address: ModuleAddress) -> Option<&ModuleReport> {
        self.modules.iter().find(|m| m.address == address)
    }
}

/// One module in a before/after comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleComparison {
    /// The module.
    pub address: ModuleAddress,
    /// Its title in the later scan (or the earlier, if it is gone).
    pub title: String,
    /// In the later scan only.
    pub new: Vec<UdsDtc>,
    /// In the earlier scan only.
    pub cleared: Vec<UdsDtc>,
    /// In both.
    pub still_present: Vec<UdsDtc>,
    /// Something that makes this module's comparison incomplete (codes not
    /// read in one of the scans, module missing from one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
}

/// Per module: the codes that are new, cleared and still present between a
/// pre-repair and a post-repair scan. Codes count when confirmed, pending or
/// failing now; modules are matched by address.
pub fn compare_scans(before: &ModuleScan, after: &ModuleScan) -> Vec<ModuleComparison> {
    let addresses: BTreeSet<ModuleAddress> = before
        .modules
        .iter()
        .chain(&after.modules)
        .map(|m| m.address)
        .collect();
    addresses
        .into_iter()
        .map(|a| compare_module(a, before.module(a), after.module(a)))
        .collect()
}

fn compare_module(
    address: ModuleAddress,
    before: Option<&ModuleReport>,
    after: Option<&ModuleReport>,
) -> ModuleComparison {
    let codes = |m: Option<&ModuleReport>| m.map(ModuleReport::active_codes).unwrap_or_default();
    let (b, a) = (codes(before), codes(after));
    let caveat = match (before, after) {
        (None, _) => Some("not found in the pre-repair scan".to_string()),
        (_, None) => Some("not found in the post-repair scan".to_string()),
        (Some(x), Some(y)) => x
            .not_read()
            .map(|r| format!("codes not read before the repair: {r}"))
            .or_else(|| {
                y.not_read()
                    .map(|r| format!("codes not read after the repair: {r}"))
            }),
    };
    ModuleComparison {
        address,
        title: after
            .or(before)
            .map(ModuleReport::title)
            .unwrap_or_default(),
        new: a.difference(&b).copied().collect(),
        cleared: b.difference(&a).copied().collect(),
        still_present: a.intersection(&b).copied().collect(),
        caveat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(addr: u16, codes: &[(&str, u8)]) -> ModuleReport {
        let mut m = ModuleReport::new(ModuleAddress::can11(addr), None);
        m.codes = ModuleCodes::Read;
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

    #[test]
    fn comparison_says_new_cleared_and_still_present_per_module() {
        let before = scan(vec![
            module(0x7B0, &[("C0035-1C", 0xAF), ("U0100-87", 0x28)]),
            module(0x737, &[("B0092-13", 0x89)]),
        ]);
        let after = scan(vec![
            module(0x7B0, &[("U0100-87", 0x28), ("C0040-1C", 0x09)]),
            module(0x737, &[]),
            module(0x7A4, &[("C0410-54", 0x89)]),
        ]);
        let c = compare_scans(&before, &after);
        let abs = c.iter().find(|m| m.address.request == 0x7B0).unwrap();
        assert_eq!(abs.cleared, ["C0035-1C".parse().unwrap()]);
        assert_eq!(abs.new, ["C0040-1C".parse().unwrap()]);
        assert_eq!(abs.still_present, ["U0100-87".parse().unwrap()]);
        let srs = c.iter().find(|m| m.address.request == 0x737).unwrap();
        assert_eq!(srs.cleared.len(), 1);
        assert!(srs.new.is_empty() && srs.caveat.is_none());
        let radar = c.iter().find(|m| m.address.request == 0x7A4).unwrap();
        assert_eq!(radar.new.len(), 1);
        assert_eq!(
            radar.caveat.as_deref(),
            Some("not found in the pre-repair scan")
        );
    }

    #[test]
    fn a_code_that_passed_since_is_not_present() {
        // 0x50: test not completed this cycle + since clear: nothing failed
        let m = module(0x7B0, &[("C0035-1C", 0x50)]);
        assert!(m.active_codes().is_empty());
        assert_eq!(m.title(), "chassis module at 7B0");
        assert_eq!(scan(vec![m]).active_count(), 0);
    }
}
