//! All-module scans on the desktop: the Scan screen's module scan, and the
//! pre- and post-repair scans on the Estimate screen with their comparison.

use serde::{Deserialize, Serialize};

/// One all-module scan as the screen shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleScanView {
    /// "All-module scan" or "Pre-repair scan 3 — 2026-12-06 10:12 UTC".
    pub title: String,
    /// Adapter, modules answered, codes present.
    pub detail: String,
    /// The modules that answered.
    pub modules: Vec<ModuleRowView>,
    /// Modules whose codes were not read.
    pub warnings: Vec<String>,
}

/// One module's line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRowView {
    /// "ABS/ESC (7B0)".
    pub module: String,
    /// Present codes ("C0035-1C confirmed — Left Front Wheel Speed Sensor …").
    pub codes: Vec<String>,
    /// Why the codes were not read, when they were not.
    pub not_read: Option<String>,
}

/// One module's change between the pre- and the post-repair scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanChangeView {
    /// "ABS/ESC (7B0)".
    pub module: String,
    /// In the post-repair scan only.
    pub new: Vec<String>,
    /// In the pre-repair scan only.
    pub cleared: Vec<String>,
    /// In both.
    pub still_present: Vec<String>,
    /// What makes the comparison incomplete for this module.
    pub caveat: Option<String>,
}

/// An estimate's pre- and post-repair scans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairScansView {
    /// The latest pre-repair scan, then the latest post-repair scan, where taken.
    pub scans: Vec<ModuleScanView>,
    /// Per module with a code in either scan: only once both are taken.
    pub comparison: Option<Vec<ScanChangeView>>,
    /// Modules with no code in either scan.
    pub clean: Vec<String>,
}
