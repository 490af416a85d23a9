//! The scan's details on the diagnosis report, for the technician: the
//! on-board monitor tests (06) with their limits, each control unit's
//! software (09 04/06), and what the car counted since its codes were last
//! cleared. The shop's workflow (`shopbench-app`) words the rows from the
//! scan kept with the case; this module only lays them out.

use crate::layout::{Align, Cell, Col, Layout, BODY, BODY_BOLD, RED, SMALL};

/// What the scan adds to the report (empty: the section is left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanDetails {
    /// "Scanned 2026-12-06 10:12 UTC through ELM327 v1.5 on /dev/ttyUSB0".
    pub source: String,
    /// "Since the codes were last cleared: 4 engine warm-ups, 50 km, …".
    pub since_cleared: Option<String>,
    /// On-board monitor tests (06).
    pub monitor_tests: Vec<MonitorTestRow>,
    /// "ECU 7E8: 312J6000 (CVN 6953CD4B)", one per control unit.
    pub calibrations: Vec<String>,
    /// What the scan could not read, each with the reason as the scan gave
    /// it ("test results (06): unexpected reply to 0602: …"): detail for the
    /// technician, kept out of the findings the customer reads.
    pub not_read: Vec<String>,
}

/// One service 06 test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorTestRow {
    /// "Catalyst bank 1".
    pub monitor: String,
    /// "TID 85".
    pub test: String,
    /// "0.42 ratio".
    pub value: String,
    /// "0 – 0.75".
    pub limits: String,
    /// Within its limits.
    pub passed: bool,
}

impl ScanDetails {
    /// True when there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.since_cleared.is_none()
            && self.monitor_tests.is_empty()
            && self.calibrations.is_empty()
            && self.not_read.is_empty()
    }
}

/// Draws the section.
pub(crate) fn scan_details_section(l: &mut Layout, d: &ScanDetails) {
    if d.is_empty() {
        return;
    }
    l.heading(l.t("Scan details (for the technician)"), 60.0);
    l.paragraph(&d.source, SMALL, 0.0);
    if let Some(since) = &d.since_cleared {
        l.paragraph(since, BODY, 0.0);
    }
    if !d.monitor_tests.is_empty() {
        l.gap(6.0);
        l.paragraph(l.t("On-board monitor tests (mode 06)"), BODY_BOLD, 0.0);
        let cols = [
            Col::new(l.t("Monitor"), 0.36, Align::Left),
            Col::new(l.t("Test"), 0.12, Align::Left),
            Col::new(l.t("Value"), 0.18, Align::Right),
            Col::new(l.t("Limits"), 0.22, Align::Right),
            Col::new(l.t("Result"), 0.12, Align::Left),
        ];
        let rows: Vec<Vec<Cell>> = d
            .monitor_tests
            .iter()
            .map(|t| {
                let verdict = if t.passed {
                    Cell::styled(l.t("pass"), SMALL)
                } else {
                    Cell::styled(l.t("FAIL"), BODY_BOLD.color(RED))
                };
                vec![
                    t.monitor.clone().into(),
                    Cell::styled(t.test.clone(), SMALL),
                    t.value.clone().into(),
                    Cell::styled(t.limits.clone(), SMALL),
                    verdict,
                ]
            })
            .collect();
        l.table(&cols, &rows);
    }
    if !d.calibrations.is_empty() {
        l.gap(6.0);
        l.paragraph(
            l.t("Control unit software (calibration IDs and verification numbers)"),
            BODY_BOLD,
            0.0,
        );
        for c in &d.calibrations {
            l.bullet(c, BODY);
        }
    }
    if !d.not_read.is_empty() {
        l.gap(6.0);
        l.paragraph(l.t("Not read in this scan"), BODY_BOLD, 0.0);
        for p in &d.not_read {
            l.bullet(p, SMALL);
        }
    }
}
