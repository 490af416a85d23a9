//! The store against real SQLite files in a temp folder.

use std::time::Duration;

use shopbench_core::Dtc;
use shopbench_diagnosis::{
    diagnose, CaseInput, DistanceUnit, DtcEntry, DtcStatus, Knowledge, Mileage,
};
use shopbench_store::{
    CaseDtc, CaseEdit, CaseId, FreezeFrame, LiveSnapshot, NewCase, NewModuleScan, Photo, Reading,
    ReadingSource, Store, StoreError, TestOutcome, VehicleId, SCHEMA_VERSION,
};

fn code(s: &str) -> CaseDtc {
    CaseDtc::from(s.parse::<Dtc>().unwrap())
}

fn camry() -> NewCase {
    NewCase {
        vehicle: VehicleId {
            vin: Some("4T1BF1FK5EU123456".parse().unwrap()),
            make: Some("Toyota".into()),
            model: Some("Camry".into()),
            year: Some(2014),
            engine: Some("2.5L".into()),
        },
        mileage: Some(Mileage {
            value: 120_000.0,
            unit: DistanceUnit::Mi,
        }),
        complaint: "check engine light, hesitates when cold".into(),
        findings: String::new(),
        dtcs: vec![
            code("P0171"),
            CaseDtc {
                status: DtcStatus::Pending,
                ecu: Some("7E8".into()),
                ..code("P0174")
            },
        ],
        freeze_frames: vec![FreezeFrame {
            ecu: Some("7E8".into()),
            frame: 0,
            dtc: Some("P0171".parse().unwrap()),
            values: vec![
                Reading::number("long_fuel_trim_1", 21.9, "%"),
                Reading::number("long_fuel_trim_2", 19.5, "%"),
                Reading::number("coolant_temp", 88.0, "°C"),
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
fn a_case_round_trips_through_a_file_and_reopens_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        s.create_case(&camry()).unwrap()
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), ["ok"]);
    let mode: String = s
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: bool = s
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fk);

    let c = s.case(id).unwrap();
    let want = camry();
    assert_eq!(c.vehicle, want.vehicle);
    assert_eq!(c.mileage, want.mileage);
    assert_eq!(c.dtcs, want.dtcs);
    assert_eq!(c.dtcs[1].status, DtcStatus::Pending);
    assert_eq!(c.freeze_frames, want.freeze_frames);
    assert_eq!(c.snapshots[0].readings, want.snapshots[0].readings);
    assert!(c.snapshots[0].taken_at.is_some());
    assert_eq!(c.source, "manual");
}

#[test]
fn a_failed_edit_changes_nothing_and_unknown_cases_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("c.db")).unwrap();
    let id = s.create_case(&camry()).unwrap();
    let before = s.case(id).unwrap();
    let history_before = s.history(id).unwrap().len();

    // The complaint change comes first, the bad removal second: both roll back.
    let err = s
        .edit_case(
            id,
            &CaseEdit {
                complaint: Some("changed".into()),
                remove_codes: vec!["P0420".parse().unwrap()],
                ..CaseEdit::default()
            },
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::CodeNotOnCase { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("case {id} has no code P0420 — `shopbench case show {id}` lists its codes")
    );
    assert_eq!(s.case(id).unwrap(), before);
    assert_eq!(s.history(id).unwrap().len(), history_before);

    let missing = CaseId(999);
    let err = s.case(missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "case 999 does not exist — `shopbench case list` shows the cases"
    );
    assert!(matches!(
        s.record_test(missing, "coil_swap", TestOutcome::Pass, None),
        Err(StoreError::CaseNotFound(_))
    ));
    assert!(matches!(
        s.history(missing),
        Err(StoreError::CaseNotFound(_))
    ));
    assert!(s
        .record_test(id, "Coil Swap!", TestOutcome::Pass, None)
        .is_err());
}

#[test]
fn edits_tests_and_runs_are_all_in_the_history_which_cannot_be_rewritten() {
    let mut s = Store::open_in_memory().unwrap().with_actor("alex");
    let id = s.create_case(&camry()).unwrap();
    let c = s
        .edit_case(
            id,
            &CaseEdit {
                findings: Some("cracked intake boot".into()),
                add_dtcs: vec![code("P0300"), code("P0171")],
                remove_codes: vec!["P0174".parse().unwrap()],
                mileage: Some(Mileage {
                    value: 193_000.0,
                    unit: DistanceUnit::Km,
                }),
                ..CaseEdit::default()
            },
        )
        .unwrap();
    let codes: Vec<String> = c.dtcs.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["P0171", "P0300"]); // P0171 stored was already there
    s.record_test(id, "smoke_test", TestOutcome::Fail, Some("leak at boot"))
        .unwrap();
    s.record_test(id, "smoke_test", TestOutcome::Pass, None)
        .unwrap();
    // How a stored case reads as the engine's input is shopbench-app's (tested there).
    let input = CaseInput {
        dtcs: vec![DtcEntry::stored("P0171"), DtcEntry::stored("P0300")],
        ..CaseInput::default()
    };
    let d = diagnose(Knowledge::embedded(), &input);
    let run = s
        .save_run(id, &input, &d, Duration::from_micros(1500))
        .unwrap();
    assert_eq!(run.duration_ms, 1.5);
    assert_eq!(run.engine_version, d.engine_version);
    s.add_photo(
        id,
        &Photo {
            id: 0,
            path: "/photos/boot.jpg".into(),
            sha256: "a".repeat(64),
            mime: "image/jpeg".into(),
            width: Some(4000),
            height: Some(3000),
            thumbnail: Some(vec![0xFF, 0xD8, 0xFF]),
            caption: "intake boot".into(),
            created_at: String::new(),
        },
    )
    .unwrap();

    let case = s.case(id).unwrap();
    assert_eq!(case.test_results.len(), 1);
    assert_eq!(case.test_results[0].outcome, TestOutcome::Pass);
    assert_eq!(case.runs.len(), 1);
    assert_eq!(
        case.runs[0].result["engine_version"],
        d.engine_version.as_str()
    );
    assert_eq!(
        case.photos[0].thumbnail.as_deref(),
        Some(&[0xFF, 0xD8, 0xFF][..])
    );

    let h = s.history(id).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "case.create",
            "findings",
            "mileage",
            "dtc.remove",
            "dtc.add",
            "test.record",
            "test.record",
            "diagnosis.run",
            "photo.add"
        ]
    );
    assert!(h.iter().all(|e| e.actor == "alex"));
    assert_eq!(h[6].old.as_ref().unwrap()["outcome"], "fail");
    assert_eq!(h[6].new.as_ref().unwrap()["outcome"], "pass");
    assert_eq!(h[3].old.as_ref().unwrap()[0]["code"], "P0174");

    let conn = s.connection();
    let upd = conn
        .execute("UPDATE history SET actor = 'mallory'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    let del = conn.execute("DELETE FROM history", []).unwrap_err();
    assert!(del.to_string().contains("append-only"), "{del}");
    // Deleting the case would cascade into history: refused as well.
    assert!(conn.execute("DELETE FROM cases", []).is_err());
    assert_eq!(s.history(id).unwrap(), h);
}

#[test]
fn list_searches_vehicle_complaint_and_codes_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create_case(&camry()).unwrap();
    let b = s
        .create_case(&NewCase {
            vehicle: VehicleId {
                make: Some("Ford".into()),
                model: Some("F-150".into()),
                year: Some(2011),
                engine: Some("5.0L V8".into()),
                vin: None,
            },
            complaint: "grinding noise when braking".into(),
            dtcs: vec![CaseDtc {
                code: "C0035".parse().unwrap(),
                status: DtcStatus::Stored,
                ecu: None,
            }],
            ..NewCase::default()
        })
        .unwrap();
    let ids = |q: Option<&str>| -> Vec<CaseId> {
        s.list_cases(q, 100)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(ids(None), [b, a]);
    assert_eq!(ids(Some("camry")), [a]);
    assert_eq!(ids(Some("p0174")), [a]);
    assert_eq!(ids(Some("BRAKING")), [b]);
    assert_eq!(ids(Some("2011")), [b]);
    assert_eq!(ids(Some("4T1BF")), [a]);
    assert!(ids(Some("100%_")).is_empty());
    let list = s.list_cases(None, 1).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].codes, ["C0035"]);
}

#[test]
fn the_customer_is_saved_searched_edited_with_history_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let (a, b) = {
        let mut s = Store::open(&path).unwrap().with_actor("sam");
        let a = s
            .create_case(&NewCase {
                customer: "  Dana O'Neil ".into(),
                ..camry()
            })
            .unwrap();
        let b = s
            .create_case(&NewCase {
                complaint: "no start".into(),
                ..NewCase::default()
            })
            .unwrap();
        (a, b)
    };
    let mut s = Store::open(&path).unwrap().with_actor("kim");
    assert_eq!(s.case(a).unwrap().customer, "Dana O'Neil");
    assert_eq!(s.case(b).unwrap().customer, "");
    let found: Vec<_> = s.list_cases(Some("o'neil"), 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].id, found[0].customer.as_str()),
        (a, "Dana O'Neil")
    );
    // Unchanged customer: no history entry; changed: one, with old and new.
    let same = CaseEdit {
        customer: Some("Dana O'Neil".into()),
        ..CaseEdit::default()
    };
    s.edit_case(a, &same).unwrap();
    let edit = CaseEdit {
        customer: Some("Lee Park".into()),
        ..CaseEdit::default()
    };
    assert_eq!(s.edit_case(a, &edit).unwrap().customer, "Lee Park");
    let h: Vec<_> = s
        .history(a)
        .unwrap()
        .into_iter()
        .filter(|h| h.action == "customer")
        .collect();
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].actor, "kim");
    assert_eq!(h[0].old, Some(serde_json::json!("Dana O'Neil")));
    assert_eq!(h[0].new, Some(serde_json::json!("Lee Park")));
    assert!(s.list_cases(Some("dana"), 10).unwrap().is_empty());
    assert_eq!(s.list_cases(Some("PARK"), 10).unwrap()[0].id, a);
}

#[test]
fn a_file_at_schema_6_gains_an_empty_customer_and_keeps_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let id = s.create_case(&camry()).unwrap();
        // Back to the schema before 0007, as a file written by that release
        // (0008's tables, 0009's estimate areas and photo views, 0010's columns and
        // 0011's table undone too).
        s.connection()
            .execute_batch(
                "DROP TABLE conversation_messages; DROP TABLE conversations; \
                 DROP TABLE estimate_remote_pricings; DROP TABLE shop_identity; DROP TABLE case_fixes; DROP TABLE shared_fixes; DROP TABLE case_scans; DROP TABLE estimate_scans; DROP TABLE module_scans; ALTER TABLE estimates DROP COLUMN finish; \
                 DROP INDEX cases_customer; ALTER TABLE cases DROP COLUMN customer; \
                 DROP TABLE estimate_areas; \
                 CREATE TABLE estimate_areas (id INTEGER PRIMARY KEY, estimate_id INTEGER NOT NULL, \
                   photo_id INTEGER, panel TEXT NOT NULL, damage_type TEXT NOT NULL, \
                   severity TEXT NOT NULL, x REAL, y REAL, w REAL, h REAL, created_at TEXT NOT NULL); \
                 ALTER TABLE estimate_photos DROP COLUMN view; \
                 PRAGMA user_version = 6;",
            )
            .unwrap();
        id
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let case = s.case(id).unwrap();
    assert_eq!(case.customer, "");
    assert_eq!(case.complaint, camry().complaint);
}

#[test]
fn warnings_for_a_bad_check_digit_and_an_empty_case() {
    let mut c = camry();
    c.vehicle.vin = Some("4T1BF1FK6EU123456".parse().unwrap());
    let w = c.warnings();
    assert!(w.iter().any(|w| w.contains("check digit")), "{w:?}");
    let empty = NewCase::default();
    let w = empty.warnings();
    assert!(
        w.iter().any(|w| w.contains("no complaint and no codes")),
        "{w:?}"
    );
    // Warned about, still saved as entered.
    let mut s = Store::open_in_memory().unwrap();
    let id = s.create_case(&c).unwrap();
    assert_eq!(s.case(id).unwrap().vehicle.vin, c.vehicle.vin);
}

#[test]
fn a_newer_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let s = Store::open(&path).unwrap();
        s.connection()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("upgrade shopbench"), "{err}");
}

#[test]
fn an_added_freeze_frame_wins_over_the_older_one_and_is_in_the_history() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.create_case(&camry()).unwrap();
    let edit = CaseEdit {
        add_freeze_frame: Some(FreezeFrame {
            ecu: None,
            frame: 0,
            dtc: None,
            values: vec![Reading::number("ltft_b1", 12.5, "%")],
        }),
        ..CaseEdit::default()
    };
    let case = s.edit_case(id, &edit).unwrap();
    assert_eq!(case.freeze_frames.len(), 2);
    assert_eq!(case.freeze_frames[1].values[0].value, Some(12.5));
    let last = s.history(id).unwrap().pop().unwrap();
    assert_eq!(last.action, "freeze_frame.add");
}

// ---- issue #16: all-module scans kept with the case ---------------------------

fn module_scan(active: u32) -> NewModuleScan {
    NewModuleScan {
        adapter: "shopbench J2534 simulator on libsim.so".into(),
        modules: 10,
        active_codes: active,
        complete: true,
        scan: serde_json::json!({
            "protocol": 6,
            "probed": 64,
            "modules": [{ "address": "7B0/7B8", "dtcs": [{ "dtc": "C0035-1C" }] }],
            "problems": [],
        }),
    }
}

#[test]
fn module_scans_are_kept_with_the_case_in_order_with_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let id = {
        let mut s = Store::open(&path).unwrap().with_actor("sam");
        let id = s.create_case(&camry()).unwrap();
        let first = s.save_module_scan(id, &module_scan(8)).unwrap();
        let second = s.save_module_scan(id, &module_scan(1)).unwrap();
        assert!(second.id > first.id);
        assert_eq!(first.case_id, id);
        id
    };
    let s = Store::open(&path).unwrap();
    let scans = s.module_scans(id).unwrap();
    assert_eq!(scans.len(), 2);
    assert_eq!(scans[0].scan, module_scan(8));
    assert_eq!(scans[1].scan.active_codes, 1);
    assert!(scans[0].taken_at.ends_with('Z'), "{}", scans[0].taken_at);
    let h = s.history(id).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.action, "module_scan.save");
    assert_eq!(last.actor, "sam");
    assert_eq!(last.new.as_ref().unwrap()["active_codes"], 1);
}

#[test]
fn a_module_scan_for_no_case_or_not_an_object_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let err = s.save_module_scan(CaseId(9), &module_scan(0)).unwrap_err();
    assert!(matches!(err, StoreError::CaseNotFound(CaseId(9))), "{err}");
    assert!(matches!(
        s.module_scans(CaseId(9)).unwrap_err(),
        StoreError::CaseNotFound(_)
    ));
    let id = s.create_case(&camry()).unwrap();
    let mut bad = module_scan(0);
    bad.scan = serde_json::json!([1, 2]);
    assert!(matches!(
        s.save_module_scan(id, &bad).unwrap_err(),
        StoreError::Invalid(_)
    ));
    assert!(s.module_scans(id).unwrap().is_empty());
    assert_eq!(s.history(id).unwrap().len(), 1);
}

#[test]
fn a_file_at_schema_10_gains_module_scans_and_keeps_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let id = s.create_case(&camry()).unwrap();
        // Back to the schema before 0011, as a file written by the previous release.
        s.connection()
            .execute_batch(
                "DROP TABLE estimate_remote_pricings; DROP TABLE shop_identity; DROP TABLE case_fixes; DROP TABLE shared_fixes; DROP TABLE case_scans; DROP TABLE estimate_scans; DROP TABLE module_scans; PRAGMA user_version = 10;",
            )
            .unwrap();
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.case(id).unwrap().complaint, camry().complaint);
    assert!(s.module_scans(id).unwrap().is_empty());
    s.save_module_scan(id, &module_scan(2)).unwrap();
    assert_eq!(s.module_scans(id).unwrap().len(), 1);
}

#[test]
fn a_case_opened_from_a_module_scan_is_saved_whole_or_not_at_all() {
    let mut s = Store::open_in_memory().unwrap();
    let stored = s
        .create_case_with_module_scan(&camry(), &module_scan(3))
        .unwrap();
    let case = s.case(stored.case_id).unwrap();
    assert_eq!(case.complaint, camry().complaint);
    assert_eq!(s.module_scans(case.id).unwrap()[0].scan, module_scan(3));
    let actions: Vec<String> = s
        .history(case.id)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(actions, ["case.create", "module_scan.save"]);

    // a case the store refuses keeps no scan either
    let mut bad = camry();
    bad.test_results = vec![shopbench_store::TestRecord {
        step_id: "not a step id!".into(),
        outcome: TestOutcome::Pass,
        note: None,
        recorded_at: String::new(),
        recorded_by: String::new(),
    }];
    assert!(s
        .create_case_with_module_scan(&bad, &module_scan(1))
        .is_err());
    assert_eq!(s.list_cases(None, 100).unwrap().len(), 1);
}

// ---- issue #16: the OBD-II scan a case was opened from ---------------------

#[test]
fn the_scan_a_case_was_opened_from_is_kept_whole_and_a_non_object_saves_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let scan = serde_json::json!({ "adapter": "ELM327 v1.5", "test_results": [{ "tid": 133 }] });
    let id = s.create_case_with_scan(&camry(), &scan).unwrap();
    let (taken_at, kept) = s.case_scan(id).unwrap().expect("the scan is kept");
    assert_eq!(kept, scan);
    assert!(taken_at.ends_with('Z'), "{taken_at}");
    let plain = s.create_case(&camry()).unwrap();
    assert!(s.case_scan(plain).unwrap().is_none());
    let before = s.list_cases(None, 100).unwrap().len();
    assert!(s
        .create_case_with_scan(&camry(), &serde_json::json!([1]))
        .is_err());
    assert_eq!(s.list_cases(None, 100).unwrap().len(), before);
}
