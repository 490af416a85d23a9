//! How a stored case reads as the diagnosis engine's input, and how a case
//! file becomes a case — against a real SQLite file.

use shopbench_app::{engine_input, new_case_from_input};
use shopbench_diagnosis::CaseInput;
use shopbench_store::{
    CaseEdit, FreezeFrame, LiveSnapshot, NewCase, Reading, ReadingSource, Store,
};

fn scanned_camry() -> NewCase {
    NewCase {
        vehicle: shopbench_app::parse_vehicle("Toyota Camry 2014 2.5L").unwrap(),
        dtcs: shopbench_app::input::parse_code_lines("P0171\nP0174 pending 7E8").unwrap(),
        freeze_frames: vec![FreezeFrame {
            ecu: Some("7E8".into()),
            frame: 0,
            dtc: Some("P0171".parse().unwrap()),
            values: vec![
                Reading::number("long_fuel_trim_1", 21.9, "%"),
                Reading::number("long_fuel_trim_2", 19.5, "%"),
                Reading::number("warmups_since_dtc_clear", 3.0, "count"),
                Reading::text("fuel_status", "Closed loop"),
            ],
        }],
        snapshots: vec![LiveSnapshot {
            taken_at: None,
            source: ReadingSource::Manual,
            label: "idle, warm".into(),
            readings: vec![Reading::number("fuel_pressure_psi", 52.0, "psi")],
        }],
        ..NewCase::default()
    }
}

#[test]
fn obd_names_are_mapped_and_values_the_engine_does_not_use_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("shop.db")).unwrap();
    let id = s.create_case(&scanned_camry()).unwrap();
    let input = engine_input(&s.case(id).unwrap());
    assert_eq!(input.freeze_frame.get("ltft_b1"), Some(&21.9));
    assert_eq!(input.freeze_frame.get("ltft_b2"), Some(&19.5));
    assert!(!input.freeze_frame.contains_key("fuel_status"));
    assert!(!input.freeze_frame.contains_key("warmups_since_dtc_clear"));
    assert_eq!(input.readings.get("fuel_pressure_psi"), Some(&52.0));
    assert_eq!(input.dtcs[1].ecu.as_deref(), Some("7E8"));
    assert_eq!(input.vehicle.make.as_deref(), Some("Toyota"));

    // A later frame wins over the older one.
    let edit = CaseEdit {
        add_freeze_frame: Some(FreezeFrame {
            ecu: None,
            frame: 0,
            dtc: None,
            values: vec![Reading::number("ltft_b1", 12.5, "%")],
        }),
        ..CaseEdit::default()
    };
    let input = engine_input(&s.edit_case(id, &edit).unwrap());
    assert_eq!(input.freeze_frame["ltft_b1"], 12.5);
    assert_eq!(input.freeze_frame["ltft_b2"], 19.5);
}

#[test]
fn a_case_file_converts_both_ways_and_a_bad_code_is_refused() {
    let input: CaseInput = serde_json::from_value(serde_json::json!({
        "vehicle": {"make": "Honda", "model": "Civic", "year": 2012, "engine": "1.8L"},
        "mileage": {"value": 150000, "unit": "km"},
        "complaint": "rough idle",
        "findings": "vacuum hiss",
        "dtcs": ["P0171", {"code": "P0300", "status": "pending", "ecu": "ECM"}],
        "freeze_frame": {"ltft_b1": 18.0},
        "readings": {"fuel_pressure_psi": 40.0},
        "test_results": [{"step_id": "smoke_test", "outcome": "fail", "note": "leak at PCV"}]
    }))
    .unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let id = s
        .create_case(&new_case_from_input(&input).unwrap())
        .unwrap();
    assert_eq!(engine_input(&s.case(id).unwrap()), input);

    let bad = CaseInput {
        dtcs: vec![shopbench_diagnosis::DtcEntry::stored("P01X1")],
        ..CaseInput::default()
    };
    let err = new_case_from_input(&bad).unwrap_err();
    assert!(
        err.to_string().contains("'P01X1' is not a trouble code"),
        "{err}"
    );
}
