//! Case ↔ the diagnosis engine's `CaseInput`: how a stored case is read by
//! the engine, and how a case file (`diagnose --input`) becomes a case.
//!
//! OBD readings (freeze frames, snapshots read through the adapter) carry
//! OBD PID names (`long_fuel_trim_1`); the engine's rules use their own
//! (`ltft_b1`). [`OBD_TO_ENGINE`] maps one to the other; OBD values the
//! engine has no rule for are kept in the case but not handed to it, so a
//! scan's thirty freeze-frame values do not turn into thirty "unused
//! reading" warnings. Manual measurements are passed under their own names.

use std::collections::BTreeMap;

use shopbench_diagnosis::{in_rule_unit, CaseInput, DtcEntry, TestResult, KNOWN_READINGS};
use shopbench_store::{
    Case, CaseDtc, FreezeFrame, LiveSnapshot, NewCase, Reading, ReadingSource, TestRecord,
};

use crate::AppError;

/// OBD PID name (fields flattened as `pid_field`) → the engine's reading name.
pub const OBD_TO_ENGINE: &[(&str, &str)] = &[
    ("long_fuel_trim_1", "ltft_b1"),
    ("long_fuel_trim_2", "ltft_b2"),
    ("short_fuel_trim_1", "stft_b1"),
    ("short_fuel_trim_2", "stft_b2"),
    ("maf", "maf"),
    ("rpm", "rpm"),
    ("coolant_temp", "coolant_temp"),
    ("intake_temp", "iat"),
    ("o2_b1s1_voltage", "o2_b1s1_v"),
    ("o2_b1s2_voltage", "o2_b1s2_v"),
    ("o2_b2s1_voltage", "o2_b2s1_v"),
    ("o2_b2s2_voltage", "o2_b2s2_v"),
    ("fuel_pressure", "fuel_pressure_kpa"),
    ("intake_pressure", "map_kpa"),
    ("barometric_pressure", "baro_kpa"),
    ("engine_load", "load_pct"),
    ("speed", "speed_kmh"),
    ("throttle_pos", "throttle_pct"),
    ("timing_advance", "timing_advance"),
    ("fuel_level", "fuel_level_pct"),
    ("run_time", "engine_runtime_s"),
    ("catalyst_temp_b1s1", "catalyst_temp"),
];

/// The engine's name for an OBD-sourced value, if the engine uses it.
fn engine_name(obd_name: &str) -> Option<&str> {
    OBD_TO_ENGINE
        .iter()
        .find(|(o, _)| *o == obd_name)
        .map(|(_, e)| *e)
        .or_else(|| {
            (KNOWN_READINGS.contains(&obd_name)
                || obd_name.starts_with("misfire_cyl_")
                || obd_name.starts_with("compression_cyl_"))
            .then_some(obd_name)
        })
}

/// The numeric readings under the engine's names, in its rules' units. OBD
/// values come in those units from the PID table; a measurement typed in
/// another unit (`coolant_temp=198F`) is converted, and one whose unit cannot
/// be converted (refused when typed since; older cases may hold one) is left
/// out rather than scored as if it were in the rules' unit.
fn numeric(readings: &[Reading], obd: bool, into: &mut BTreeMap<String, f64>) {
    for r in readings {
        let Some(v) = r.value else { continue };
        if obd {
            if let Some(name) = engine_name(&r.name) {
                into.insert(name.to_string(), v);
            }
        } else if let Ok(v) = in_rule_unit(&r.name, v, &r.unit) {
            into.insert(r.name.clone(), v);
        }
    }
}

/// The engine's view of a stored case: vehicle, mileage, complaint, findings,
/// codes, freeze-frame values (every frame, later frames winning), live
/// readings (later snapshots winning) and recorded test results.
pub fn engine_input(case: &Case) -> CaseInput {
    {
        let mut freeze_frame = BTreeMap::new();
        for ff in &case.freeze_frames {
            numeric(&ff.values, true, &mut freeze_frame);
        }
        let mut readings = BTreeMap::new();
        for s in &case.snapshots {
            numeric(&s.readings, s.source == ReadingSource::Obd, &mut readings);
        }
        CaseInput {
            vehicle: case.vehicle.clone(),
            mileage: case.mileage,
            complaint: case.complaint.clone(),
            symptoms: Vec::new(),
            findings: case.findings.clone(),
            dtcs: case
                .dtcs
                .iter()
                .map(|d| DtcEntry {
                    code: d.code.to_string(),
                    status: d.status,
                    ecu: d.ecu.clone(),
                })
                .collect(),
            freeze_frame,
            readings,
            test_results: case
                .test_results
                .iter()
                .map(|t| TestResult {
                    step_id: t.step_id.clone(),
                    outcome: t.outcome,
                    note: t.note.clone(),
                })
                .collect(),
        }
    }
}

/// The engine's view of a case not saved yet (a form diagnosed as typed):
/// the same reading as [`engine_input`] gives once it is saved.
pub fn new_case_input(new: &NewCase) -> CaseInput {
    engine_input(&Case {
        id: shopbench_store::CaseId(0),
        created_at: String::new(),
        updated_at: String::new(),
        source: String::new(),
        vehicle: new.vehicle.clone(),
        customer: new.customer.clone(),
        mileage: new.mileage,
        complaint: new.complaint.clone(),
        findings: new.findings.clone(),
        dtcs: new.dtcs.clone(),
        freeze_frames: new.freeze_frames.clone(),
        snapshots: new.snapshots.clone(),
        readiness: new.readiness.clone(),
        test_results: new.test_results.clone(),
        photos: Vec::new(),
        runs: Vec::new(),
        fix: None,
    })
}

/// A new case from an engine input (a `diagnose --input` file, `case new --from`).
///
/// Malformed codes and VINs are refused with the reason; symptom tags are
/// not stored (the engine derives them again from the complaint).
pub fn new_case_from_input(input: &CaseInput) -> Result<NewCase, AppError> {
    {
        let dtcs = input
            .dtcs
            .iter()
            .map(|d| {
                Ok(CaseDtc {
                    code: d.code.parse()?,
                    status: d.status,
                    ecu: d.ecu.clone(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let to_readings = |m: &BTreeMap<String, f64>| -> Vec<Reading> {
            m.iter().map(|(k, v)| Reading::number(k, *v, "")).collect()
        };
        let freeze_frames = if input.freeze_frame.is_empty() {
            Vec::new()
        } else {
            vec![FreezeFrame {
                ecu: None,
                frame: 0,
                dtc: None,
                values: to_readings(&input.freeze_frame),
            }]
        };
        let snapshots = if input.readings.is_empty() {
            Vec::new()
        } else {
            vec![LiveSnapshot {
                taken_at: None,
                source: ReadingSource::Manual,
                label: "imported readings".to_string(),
                readings: to_readings(&input.readings),
            }]
        };
        Ok(NewCase {
            vehicle: input.vehicle.clone(),
            customer: String::new(),
            mileage: input.mileage,
            complaint: input.complaint.clone(),
            findings: input.findings.clone(),
            dtcs,
            freeze_frames,
            snapshots,
            readiness: None,
            test_results: input
                .test_results
                .iter()
                .map(|t| TestRecord {
                    step_id: t.step_id.clone(),
                    outcome: t.outcome,
                    note: t.note.clone(),
                    recorded_at: String::new(),
                    recorded_by: String::new(),
                })
                .collect(),
            from_scan: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_name_is_an_engine_name() {
        for (_, e) in OBD_TO_ENGINE {
            assert!(KNOWN_READINGS.contains(e), "{e}");
        }
    }

    #[test]
    fn obd_values_the_engine_does_not_use_are_left_out() {
        let mut m = BTreeMap::new();
        numeric(
            &[
                Reading::number("long_fuel_trim_1", 18.0, "%"),
                Reading::number("warmups_since_dtc_clear", 3.0, "count"),
                Reading::text("fuel_status", "Closed loop"),
            ],
            true,
            &mut m,
        );
        assert_eq!(
            m.into_iter().collect::<Vec<_>>(),
            vec![("ltft_b1".to_string(), 18.0)]
        );
    }

    /// `case new --reading coolant_temp=140F` was diagnosed as 140 °C
    /// ("Coolant above 110 °C"): the unit typed was never read.
    #[test]
    fn regression_a_reading_typed_in_another_unit_was_scored_in_the_rules_unit() {
        let mut m = BTreeMap::new();
        numeric(
            &[
                Reading::number("coolant_temp", 140.0, "F"),
                Reading::number("fuel_pressure_kpa", 40.0, "psi"),
                Reading::number("ltft_b1", 18.0, "%"),
                Reading::number("battery_v", 12.0, "psi"), // older case, refused now
            ],
            false,
            &mut m,
        );
        assert!((m["coolant_temp"] - 60.0).abs() < 1e-9, "{m:?}");
        assert!((m["fuel_pressure_kpa"] - 275.790_28).abs() < 1e-4, "{m:?}");
        assert_eq!(m["ltft_b1"], 18.0);
        assert!(!m.contains_key("battery_v"), "{m:?}");
    }
}
