//! Case ↔ the diagnosis engine's `CaseInput`.
//!
//! OBD readings (freeze frames, snapshots read through the adapter) carry
//! OBD PID names (`long_fuel_trim_1`); the engine's rules use their own
//! (`ltft_b1`). [`OBD_TO_ENGINE`] maps one to the other; OBD values the
//! engine has no rule for are kept in the case but not handed to it, so a
//! scan's thirty freeze-frame values do not turn into thirty "unused
//! reading" warnings. Manual measurements are passed under their own names.

use std::collections::BTreeMap;

use shopbench_diagnosis::{CaseInput, DtcEntry, TestResult, Vehicle, KNOWN_READINGS};

use crate::{
    Case, CaseDtc, FreezeFrame, LiveSnapshot, NewCase, Reading, ReadingSource, StoreError,
    TestRecord, VehicleInfo,
};

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

fn numeric(readings: &[Reading], obd: bool, into: &mut BTreeMap<String, f64>) {
    for r in readings {
        let Some(v) = r.value else { continue };
        let name = if obd {
            match engine_name(&r.name) {
                Some(n) => n,
                None => continue,
            }
        } else {
            r.name.as_str()
        };
        into.insert(name.to_string(), v);
    }
}

impl Case {
    /// The engine's view of the case: vehicle, mileage, complaint, findings,
    /// codes, freeze-frame values (every frame, later frames winning), live
    /// readings (later snapshots winning) and recorded test results.
    pub fn to_input(&self) -> CaseInput {
        let mut freeze_frame = BTreeMap::new();
        for ff in &self.freeze_frames {
            numeric(&ff.values, true, &mut freeze_frame);
        }
        let mut readings = BTreeMap::new();
        for s in &self.snapshots {
            numeric(&s.readings, s.source == ReadingSource::Obd, &mut readings);
        }
        let v = &self.vehicle;
        CaseInput {
            vehicle: Vehicle {
                vin: v.vin.as_ref().map(|v| v.to_string()),
                make: v.make.clone(),
                model: v.model.clone(),
                year: v.year,
                engine: v.engine.clone(),
            },
            mileage: self.mileage,
            complaint: self.complaint.clone(),
            symptoms: Vec::new(),
            findings: self.findings.clone(),
            dtcs: self
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
            test_results: self
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

impl NewCase {
    /// A new case from an engine input (e.g. a `diagnose --input` file).
    ///
    /// Malformed codes and VINs are refused with the reason; symptom tags are
    /// not stored (the engine derives them again from the complaint).
    pub fn from_input(input: &CaseInput) -> Result<NewCase, StoreError> {
        let v = &input.vehicle;
        let vin = v
            .vin
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .transpose()?;
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
            .collect::<Result<Vec<_>, StoreError>>()?;
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
            vehicle: VehicleInfo {
                vin,
                make: v.make.clone(),
                model: v.model.clone(),
                year: v.year,
                engine: v.engine.clone(),
            },
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
}
