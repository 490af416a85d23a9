//! The pre- and post-repair all-module scans on an estimate's PDF: each scan
//! module by module, then what changed between them.
//!
//! The report crate does not read scans itself: the shop's workflow
//! (`shopbench-app`) turns the saved scans and their comparison into these
//! rows, already worded.

use crate::layout::{Align, Cell, Col, Layout, BODY_BOLD, RED, SMALL};

/// The scans to print on an estimate (empty: the section is left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairScans {
    /// The pre-repair scan, then the post-repair scan, where taken.
    pub scans: Vec<RepairScan>,
    /// Per module with a code in either scan, what changed between them: only when both
    /// were taken.
    pub comparison: Option<Vec<ScanChange>>,
    /// The modules with no code in either scan (named once instead of a row each).
    pub clean: Vec<String>,
}

/// One all-module scan as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairScan {
    /// "Pre-repair scan 3 — 2026-12-06 10:12 UTC".
    pub title: String,
    /// "ELM327 v1.5 on /dev/ttyUSB0 · 10 modules answered".
    pub detail: String,
    /// The modules that answered, in address order.
    pub modules: Vec<ScanModuleRow>,
    /// What makes the scan incomplete, worded for the customer.
    pub warnings: Vec<String>,
}

/// One module's line of a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanModuleRow {
    /// "ABS/ESC (7B0)".
    pub module: String,
    /// Its present codes ("C0035-1C confirmed — left front wheel speed sensor"); empty: none.
    pub codes: Vec<String>,
    /// Why its codes were not read, when they were not.
    pub not_read: Option<String>,
}

/// One module's change between the scans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanChange {
    /// "ABS/ESC (7B0)".
    pub module: String,
    /// Codes in the post-repair scan only.
    pub new: Vec<String>,
    /// Codes in the pre-repair scan only.
    pub cleared: Vec<String>,
    /// Codes in both.
    pub still_present: Vec<String>,
    /// What makes this module's comparison incomplete.
    pub caveat: Option<String>,
}

impl RepairScans {
    /// True when there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.scans.is_empty()
    }
}

/// Draws the scans and their comparison.
pub(crate) fn scans_section(l: &mut Layout, scans: &RepairScans) {
    if scans.is_empty() {
        return;
    }
    l.heading(l.t("Diagnostic scans of every module"), 60.0);
    for scan in &scans.scans {
        scan_table(l, scan);
    }
    match &scans.comparison {
        Some(rows) => comparison_table(l, rows, &scans.clean),
        None => l.paragraph(
            l.t("The comparison of the two scans is shown once both the pre-repair and the post-repair scan are taken."),
            SMALL,
            0.0,
        ),
    }
}

fn scan_table(l: &mut Layout, scan: &RepairScan) {
    l.need(40.0);
    l.paragraph(&l.text(&scan.title), BODY_BOLD, 0.0);
    l.paragraph(&l.text(&scan.detail), SMALL, 0.0);
    for w in &scan.warnings {
        l.bullet(&l.text(w), BODY_BOLD.color(RED));
    }
    let cols = [
        Col::new(l.t("Module"), 0.32, Align::Left),
        Col::new(l.t("Codes present"), 0.68, Align::Left),
    ];
    let rows: Vec<Vec<Cell>> = scan
        .modules
        .iter()
        .map(|m| {
            let codes = match (&m.not_read, m.codes.is_empty()) {
                (Some(why), _) => {
                    Cell::styled(l.tf("NOT READ: {}", &[&l.text(why)]), BODY_BOLD.color(RED))
                }
                (None, true) => Cell::styled(l.t("none"), SMALL),
                (None, false) => texts(l, &m.codes).into(),
            };
            vec![l.text(&m.module).into(), codes]
        })
        .collect();
    l.table(&cols, &rows);
    l.gap(6.0);
}

fn comparison_table(l: &mut Layout, rows: &[ScanChange], clean: &[String]) {
    l.need(60.0);
    l.paragraph(l.t("Before and after the repair"), BODY_BOLD, 0.0);
    let cols = [
        Col::new(l.t("Module"), 0.28, Align::Left),
        Col::new(l.t("New after the repair"), 0.24, Align::Left),
        Col::new(l.t("Cleared by the repair"), 0.24, Align::Left),
        Col::new(l.t("Still present"), 0.24, Align::Left),
    ];
    let list = |codes: &[String]| -> Cell {
        if codes.is_empty() {
            Cell::styled("—", SMALL)
        } else {
            texts(l, codes).into()
        }
    };
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let module = match &r.caveat {
                Some(c) => format!("{}\n({})", l.text(&r.module), l.text(c)),
                None => l.text(&r.module),
            };
            vec![
                module.into(),
                list(&r.new),
                list(&r.cleared),
                list(&r.still_present),
            ]
        })
        .collect();
    l.table(&cols, &cells);
    if !clean.is_empty() {
        l.paragraph(
            &l.tf(
                "No code in either scan: {}.",
                &[&clean
                    .iter()
                    .map(|m| l.text(m))
                    .collect::<Vec<_>>()
                    .join(", ")],
            ),
            SMALL,
            0.0,
        );
    }
    l.paragraph(
        l.t("A code counts as present when the module reports it confirmed, pending or failing now."),
        SMALL,
        0.0,
    );
}

/// Each text in the report's language, one per line (a module's codes,
/// a list of modules).
fn texts(l: &Layout, lines: &[String]) -> String {
    lines
        .iter()
        .map(|t| l.text(t))
        .collect::<Vec<_>>()
        .join("\n")
}
