//! A scan becomes a case: the complete mapping, written once, so a case
//! saved from `shopbench scan --save-case` and one saved from the desktop's
//! Scan screen hold the same codes, freeze frames, readiness and readings —
//! and so diagnose alike.

use shopbench_core::Vin;
use shopbench_diagnosis::CODES_NOT_READ;
use shopbench_obd::{problem_part, CodeListRead, ListOutcome, PidValue, ScanReport, TestResult};
use shopbench_report::{MonitorTestRow, ScanDetails};
use shopbench_store::{
    CaseDtc, CaseId, FreezeFrame, LiveSnapshot, NewCase, ReadinessSummary, Reading, ReadingSource,
    Store,
};

use crate::AppError;

/// The case a scan makes, with what could not be kept as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanCase {
    /// The new case: VIN, codes per ECU, every freeze frame, readiness, the voltage and the
    /// misfire counts per cylinder.
    pub case: NewCase,
    /// What the mechanic should know (a VIN the car reported that is not a VIN).
    pub warnings: Vec<String>,
}

/// Every value of a PID read as case readings: one per number, field or text
/// (fields flattened as `pid_field`, e.g. `o2_b1s1_voltage`).
pub fn readings_of(values: &[shopbench_obd::Reading]) -> Vec<Reading> {
    let mut out = Vec::new();
    for v in values {
        match &v.value {
            PidValue::Number(n) => out.push(Reading::number(&v.name, *n, &v.unit)),
            PidValue::Fields(fields) => out.extend(
                fields
                    .iter()
                    .map(|f| Reading::number(&format!("{}_{}", v.name, f.name), f.value, &f.unit)),
            ),
            PidValue::Text(t) => out.push(Reading::text(&v.name, t)),
            PidValue::Flags(flags) => out.push(Reading::text(&v.name, &flags.join(", "))),
            PidValue::Dtc(d) => out.push(Reading::text(
                &v.name,
                &d.map(|d| d.to_string()).unwrap_or_else(|| "none".into()),
            )),
        }
    }
    out
}

fn readiness_of(r: &ScanReport) -> Option<ReadinessSummary> {
    match &r.readiness {
        Some(rd) => Some(ReadinessSummary {
            mil_on: Some(rd.mil_on),
            dtc_count: Some(rd.dtc_count as u32),
            ignition: serde_json::to_value(rd.ignition)
                .ok()
                .and_then(|v| v.as_str().map(String::from)),
            complete: rd
                .monitors
                .iter()
                .filter(|m| m.supported && m.complete)
                .map(|m| m.name.clone())
                .collect(),
            incomplete: rd.incomplete().map(|m| m.name.clone()).collect(),
        }),
        None if r.mil_on.is_some() => Some(ReadinessSummary {
            mil_on: r.mil_on,
            dtc_count: r.dtc_count,
            ..ReadinessSummary::default()
        }),
        None => None,
    }
}

/// What the scan itself measured, as one snapshot: the adapter's voltage and
/// each cylinder's misfire count from service 06 — so a diagnosis of the case
/// uses the counts the scan read instead of asking for them again.
fn scan_snapshot(r: &ScanReport) -> Option<LiveSnapshot> {
    let mut readings: Vec<Reading> = r
        .battery_voltage
        // f32 from the adapter: keep the digits it actually reports.
        .map(|v| {
            Reading::number(
                "adapter_voltage",
                (f64::from(v) * 100.0).round() / 100.0,
                "V",
            )
        })
        .into_iter()
        .collect();
    readings.extend(misfire_counts(&r.test_results));
    (!readings.is_empty()).then(|| LiveSnapshot {
        taken_at: None,
        source: ReadingSource::Obd,
        label: format!("scan via {} on {}", r.adapter, r.port),
        readings,
    })
}

/// Service 06's misfire monitors: MID A2–AD is cylinder 1–12 (SAE J1979).
const MISFIRE_MIDS: std::ops::RangeInclusive<u8> = 0xA2..=0xAD;
/// Misfire test ids, the preferred first: 0C counts the current or last
/// driving cycle, 0B is the average of the last ten (SAE J1979-DA's
/// standardized test ids).
const MISFIRE_TIDS: [u8; 2] = [0x0C, 0x0B];

/// Each cylinder's misfire count (`misfire_cyl_N`, the engine's name).
fn misfire_counts(results: &[TestResult]) -> Vec<Reading> {
    cylinder_misfires(results)
        .into_iter()
        .map(|(cylinder, count)| {
            Reading::number(&format!("misfire_cyl_{cylinder}"), count, "counts")
        })
        .collect()
}

/// Each cylinder's misfire count (cylinder, count), all from one test so that
/// cylinders compare: the test most cylinders report, the current-cycle one
/// when as many report it; a cylinder without that test is left out.
pub(crate) fn cylinder_misfires(results: &[TestResult]) -> Vec<(u8, f64)> {
    let of_test = |tid: u8| -> Vec<(u8, f64)> {
        MISFIRE_MIDS
            .filter_map(|mid| {
                let t = results.iter().find(|t| t.mid == mid && t.tid == tid)?;
                Some((mid - 0xA1, t.value))
            })
            .collect()
    };
    MISFIRE_TIDS
        .map(of_test)
        .into_iter()
        .reduce(|best, next| if next.len() > best.len() { next } else { best })
        .unwrap_or_default()
}

/// The findings line for the code lists the scan could not read
/// (`Codes not read: stored codes (03) — …`), so that a case without codes
/// from an incomplete scan never reads as a car without codes. A report
/// from before code lists were recorded says that nothing is known.
pub fn codes_not_read_line(report: &ScanReport) -> Option<String> {
    if report.code_lists.is_empty() {
        return Some(format!(
            "{CODES_NOT_READ} this scan did not record whether its code lists were read"
        ));
    }
    let parts = codes_not_read(report);
    (!parts.is_empty()).then(|| format!("{CODES_NOT_READ} {}", parts.join("; ")))
}

/// Each code list the scan could not read, with why: `stored codes (03) — …`.
/// The findings line and the saved scan's answer name them the same way.
pub(crate) fn codes_not_read(report: &ScanReport) -> Vec<String> {
    report
        .codes_not_read()
        .iter()
        .map(|l| {
            format!(
                "{} — {}",
                l.label(),
                l.not_read_reason().unwrap_or_default()
            )
        })
        .collect()
}

/// One code list in words, the same in every front-end: `none` (an ECU
/// said so), `2 codes`, `not kept by this car (…)`, `NOT READ — why`.
pub fn code_list_text(report: &ScanReport, list: &CodeListRead) -> String {
    match &list.outcome {
        ListOutcome::Read { .. } => {
            let n = report
                .ecus
                .iter()
                .flat_map(|e| &e.dtcs)
                .filter(|d| d.status == list.status)
                .count();
            match n {
                0 => "none".to_string(),
                1 => "1 code".to_string(),
                n => format!("{n} codes"),
            }
        }
        ListOutcome::Unsupported { reason } => format!("not kept by this car ({reason})"),
        ListOutcome::NotRead { reason } => format!("NOT READ — {reason}"),
    }
}

/// True for the problem line a code list not read put in `report.problems`
/// (already said by [`codes_not_read_line`]).
fn is_code_list_problem(report: &ScanReport, problem: &str) -> bool {
    report
        .codes_not_read()
        .iter()
        .any(|l| l.problem().as_deref() == Some(problem))
}

/// The case `report` makes (no complaint yet: the mechanic adds it).
pub fn case_from_scan(report: &ScanReport) -> ScanCase {
    let mut warnings = Vec::new();
    let mut findings = Vec::new();
    let vin = report.vin.as_deref().and_then(|v| match v.parse::<Vin>() {
        Ok(vin) => Some(vin),
        Err(e) => {
            warnings.push(format!("the car reported a VIN that cannot be kept: {e}"));
            findings.push(format!("VIN as reported by the car: {v} ({e})"));
            None
        }
    });
    let dtcs = report
        .ecus
        .iter()
        .flat_map(|e| {
            e.dtcs.iter().map(move |d| CaseDtc {
                code: d.code,
                status: d.status,
                ecu: Some(e.ecu.to_string()),
            })
        })
        .collect();
    // Every frame; a report written before `freeze_frames` existed has only `freeze_frame`.
    let frames = if report.freeze_frames.is_empty() {
        report.freeze_frame.iter().collect::<Vec<_>>()
    } else {
        report.freeze_frames.iter().collect()
    };
    let freeze_frames = frames
        .into_iter()
        .map(|ff| FreezeFrame {
            ecu: Some(ff.ecu.to_string()),
            frame: ff.frame,
            dtc: Some(ff.dtc),
            values: readings_of(&ff.values),
        })
        .collect();
    if let Some(line) = codes_not_read_line(report) {
        findings.push(line);
    }
    findings.extend(report.notes.iter().cloned());
    let other_problems: Vec<&str> = report
        .problems
        .iter()
        .map(String::as_str)
        .filter(|p| !is_code_list_problem(report, p))
        .collect();
    if !other_problems.is_empty() {
        // The findings name the part; the why — adapter replies in hex, advice
        // about clones — is for the technician and stays in the scan, which the
        // report prints under its scan details.
        let parts: Vec<&str> = other_problems.iter().map(|p| problem_part(p)).collect();
        findings.push(format!(
            "Scan could not read: {} — the reasons are in the scan details",
            parts.join("; ")
        ));
    }
    let mut case = NewCase {
        findings: findings.join("\n"),
        dtcs,
        freeze_frames,
        snapshots: scan_snapshot(report).into_iter().collect(),
        readiness: readiness_of(report),
        from_scan: true,
        ..NewCase::default()
    };
    case.vehicle.vin = vin;
    ScanCase { case, warnings }
}

/// Reads a scan saved as JSON by `command` (`shopbench scan --json`, `… --modules --json`):
/// `thing` names what it should be in the error when it is not.
pub fn read_saved_scan<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    thing: &str,
    command: &str,
) -> Result<T, AppError> {
    let text = std::fs::read_to_string(path).map_err(|source| AppError::Io {
        action: "read the saved scan",
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| AppError::Invalid {
        field: path.display().to_string(),
        reason: format!("not {thing}: it is not the JSON `{command}` prints: {e}"),
    })
}

/// A service 06 result as the report and the Scan screen show it (the value in its unit,
/// raw when the car's scaling is not known).
pub fn monitor_test_row(t: &shopbench_obd::TestResult) -> MonitorTestRow {
    MonitorTestRow {
        monitor: t.monitor.clone(),
        test: format!("TID {:02X}", t.tid),
        value: t.with_unit(t.value),
        limits: format!("{} – {}", t.shown(t.min), t.with_unit(t.max)),
        passed: t.passed,
    }
}

/// "ECU 7E8: 312J6000 (CVN 6953CD4B), A4701000 (CVN 611F6EF2)".
pub fn calibration_line(c: &shopbench_obd::EcuCalibration) -> String {
    let ids: Vec<String> = (0..c.calibration_ids.len().max(c.cvns.len()))
        .map(|i| {
            let id = c.calibration_ids.get(i).map_or("?", String::as_str);
            match c.cvns.get(i) {
                Some(cvn) => format!("{id} (CVN {cvn})"),
                None => id.to_string(),
            }
        })
        .collect();
    format!("ECU {}: {}", c.ecu, ids.join(", "))
}

/// The scan's details for the diagnosis report, from the scan taken at `taken_at`.
pub fn scan_details(report: &ScanReport, taken_at: &str) -> ScanDetails {
    ScanDetails {
        source: format!(
            "Scanned {} UTC through {} on {}.",
            taken_at.get(..16).unwrap_or(taken_at).replace('T', " "),
            report.adapter,
            report.port
        ),
        since_cleared: report.since_cleared.as_ref().map(|s| s.statement()),
        monitor_tests: report.test_results.iter().map(monitor_test_row).collect(),
        calibrations: report.calibrations.iter().map(calibration_line).collect(),
        not_read: report.problems.clone(),
    }
}

/// The details of the scan kept with case `id` (empty when the case was not opened from a
/// scan, or its scan predates this record).
pub fn case_scan_details(store: &Store, id: CaseId) -> Result<ScanDetails, AppError> {
    let Some((taken_at, json)) = store.case_scan(id)? else {
        return Ok(ScanDetails::default());
    };
    let report: ScanReport = serde_json::from_value(json).map_err(|e| {
        shopbench_store::StoreError::Corrupt(format!("case {id}: its scan does not read: {e}"))
    })?;
    Ok(scan_details(&report, &taken_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_obd::DtcStatus;

    fn report(lists: Vec<CodeListRead>, problems: Vec<String>) -> ScanReport {
        ScanReport {
            adapter: "ELM327 v1.5".into(),
            port: "/dev/pts/3".into(),
            protocol: Some(6),
            protocol_name: None,
            battery_voltage: None,
            vin: None,
            vin_warnings: Vec::new(),
            mil_on: Some(false),
            dtc_count: Some(0),
            ecus: Vec::new(),
            code_lists: lists,
            freeze_frame: None,
            freeze_frames: Vec::new(),
            readiness: None,
            test_results: Vec::new(),
            since_cleared: None,
            calibrations: Vec::new(),
            in_use_performance: Vec::new(),
            notes: Vec::new(),
            problems,
        }
    }

    fn read(status: DtcStatus) -> CodeListRead {
        CodeListRead {
            status,
            service: status.obd_service(),
            outcome: ListOutcome::Read { ecus: Vec::new() },
        }
    }

    /// Issue #18 item 1: a saved case never lets "not read" look like zero codes.
    #[test]
    fn codes_not_read_go_into_the_findings_never_zero_codes() {
        let stored = CodeListRead::not_read(
            DtcStatus::Stored,
            "the adapter answered 03 with 'CAN ERROR'",
        );
        let r = report(
            vec![stored, read(DtcStatus::Pending), read(DtcStatus::Permanent)],
            vec![
                "stored codes (03): not read — the adapter answered 03 with 'CAN ERROR'".into(),
                "ECU names (09 0A): timeout".into(),
            ],
        );
        let case = case_from_scan(&r).case;
        assert!(case.dtcs.is_empty());
        let first = case.findings.lines().next().unwrap();
        assert_eq!(
            first,
            "Codes not read: stored codes (03) — the adapter answered 03 with 'CAN ERROR'"
        );
        // said once, not again among the other problems
        assert_eq!(
            case.findings.matches("CAN ERROR").count(),
            1,
            "{}",
            case.findings
        );
        assert!(
            case.findings.contains("Scan could not read: ECU names"),
            "{}",
            case.findings
        );

        let complete = report(DtcStatus::ALL.map(read).to_vec(), Vec::new());
        assert_eq!(case_from_scan(&complete).case.findings, "");
        // a report from before code lists were recorded: unknown, not "none"
        let old = report(Vec::new(), Vec::new());
        assert!(case_from_scan(&old)
            .case
            .findings
            .starts_with(CODES_NOT_READ));
    }

    fn misfire_test(mid: u8, tid: u8, count: f64) -> TestResult {
        TestResult {
            mid,
            monitor: format!("Misfire cylinder {}", mid - 0xA1),
            tid,
            uas_id: 0x24,
            unit: "counts".into(),
            value: count,
            min: 0.0,
            max: 65535.0,
            passed: true,
        }
    }

    /// The scan read each cylinder's misfire count (service 06) and the case
    /// kept none of them, so the diagnosis of the saved case asked the
    /// mechanic to "Read Mode 06 misfire counters per cylinder" — already read.
    #[test]
    fn regression_a_scan_case_lost_the_mode_06_misfire_counts() {
        let mut r = report(DtcStatus::ALL.map(read).to_vec(), Vec::new());
        r.battery_voltage = Some(12.6);
        r.test_results = vec![
            misfire_test(0xA2, 0x0B, 3.0),
            misfire_test(0xA2, 0x0C, 0.0),
            misfire_test(0xA3, 0x0B, 25.0),
            misfire_test(0xA3, 0x0C, 41.0),
            // only the ten-cycle average for cylinder 3: every cylinder is
            // then read from that test, never a mix of the two
            misfire_test(0xA4, 0x0B, 7.0),
            // another monitor's test 0C is not a misfire count
            TestResult {
                mid: 0x21,
                ..misfire_test(0xA2, 0x0C, 99.0)
            },
        ];
        let case = case_from_scan(&r).case;
        let [snapshot] = &case.snapshots[..] else {
            panic!("one snapshot: {:?}", case.snapshots)
        };
        let got: Vec<(&str, Option<f64>)> = snapshot
            .readings
            .iter()
            .map(|r| (r.name.as_str(), r.value))
            .collect();
        assert_eq!(
            got,
            [
                ("adapter_voltage", Some(12.6)),
                ("misfire_cyl_1", Some(3.0)),
                ("misfire_cyl_2", Some(25.0)),
                ("misfire_cyl_3", Some(7.0)),
            ]
        );
        // Once every cylinder reports this drive cycle's count, that is the one read.
        r.test_results.push(misfire_test(0xA4, 0x0C, 9.0));
        let counts = cylinder_misfires(&r.test_results);
        assert_eq!(counts, [(1, 0.0), (2, 41.0), (3, 9.0)]);
        // No voltage and no misfire monitor: no snapshot at all.
        let bare = report(DtcStatus::ALL.map(read).to_vec(), Vec::new());
        assert!(case_from_scan(&bare).case.snapshots.is_empty());
    }

    /// A scan whose 06 reply was cut short put "Scan could not read: test
    /// results (06): unexpected reply to 0602: \"7E8101C46…\" … the adapter
    /// may be a faulty clone" in the case's findings, which the customer's
    /// report prints as the technician's findings.
    #[test]
    fn regression_adapter_replies_in_the_customers_findings() {
        let why = "unexpected reply to 0602: \"7E8101C4602070B0088\" (incomplete multi-frame message from 7E8: 27 of 28 bytes) — retry; if it repeats, the adapter may be a faulty clone";
        let r = report(
            DtcStatus::ALL.map(read).to_vec(),
            vec![format!("test results (06): {why}"), "VIN: timeout".into()],
        );
        let case = case_from_scan(&r).case;
        assert_eq!(
            case.findings,
            "Scan could not read: test results (06); VIN — the reasons are in the scan details"
        );
        let details = scan_details(&r, "2026-12-07T15:28:08.919Z");
        assert_eq!(
            details.not_read,
            [
                format!("test results (06): {why}"),
                "VIN: timeout".to_string()
            ]
        );
        assert!(!details.is_empty());
    }
}
