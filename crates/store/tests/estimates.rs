//! Estimates in a real SQLite file: whole saves, photo limits, history.

use shopbench_estimate::{
    AreaSource, DamageType, LineChange, LineEdit, LineOverride, Overrides, PartType, ProposedArea,
    Rect, Severity, Vehicle, View,
};
use shopbench_store::{
    EstimateId, HistoryEntry, NewArea, NewEstimate, NewEstimatePhoto, Store, StoreError,
    MAX_ESTIMATE_PHOTOS,
};

fn camry() -> NewEstimate {
    NewEstimate {
        vehicle: Vehicle::new("Toyota", "Camry", 2022),
        vin: Some("4T1B11HK5NU000001".parse().unwrap()),
        state: "ca".into(),
        metro: false,
        part_preference: PartType::Oem,
    }
}

/// A photo record; the store keeps bytes as given (intake is the photos crate's job).
fn photo(name: &str, seed: u8) -> NewEstimatePhoto {
    let original: Vec<u8> = (0..4096u32).map(|i| (i as u8) ^ seed).collect();
    let sha256 = format!("{:0>64}", format!("{seed:02x}"));
    NewEstimatePhoto {
        file_name: name.into(),
        sha256,
        mime: "image/jpeg".into(),
        width: 4000,
        height: 3000,
        orientation: 1,
        original,
        thumbnail: vec![0xFF, 0xD8, seed],
        view: None,
    }
}

fn area(photo: Option<&str>, panel: &str, t: DamageType, s: Severity) -> NewArea {
    NewArea::by_estimator(
        photo,
        photo.map(|_| Rect::new(0.1, 0.2, 0.3, 0.4).unwrap()),
        panel,
        t,
        s,
    )
}

fn seed_areas() -> Vec<NewArea> {
    vec![
        area(
            Some("front.jpg"),
            "front_bumper",
            DamageType::Dent,
            Severity::Moderate,
        ),
        area(
            Some("side.jpg"),
            "front_fender_left",
            DamageType::Scratch,
            Severity::Minor,
        ),
    ]
}

#[test]
fn an_estimate_round_trips_through_a_file_and_prices_like_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let id = {
        let mut s = Store::open(&path).unwrap().with_actor("eve");
        s.create_estimate(
            &camry(),
            &[photo("front.jpg", 1), photo("side.jpg", 2)],
            &seed_areas(),
        )
        .unwrap()
    };
    let s = Store::open(&path).unwrap();
    let e = s.estimate(id).unwrap();
    assert_eq!(e.state, "CA");
    assert_eq!(e.vin.as_ref().unwrap().as_str(), "4T1B11HK5NU000001");
    assert_eq!(e.photos.len(), 2);
    assert_eq!(e.photos[0].file_name, "front.jpg");
    assert_eq!((e.photos[0].width, e.photos[0].bytes), (4000, 4096));
    assert_eq!(e.photos[1].thumbnail, vec![0xFF, 0xD8, 2]);
    assert_eq!(e.areas.len(), 2);
    assert_eq!(e.areas[0].photo.as_deref(), Some("front.jpg"));
    assert_eq!(
        e.areas[0].region,
        Some(Rect::new(0.1, 0.2, 0.3, 0.4).unwrap())
    );
    assert_eq!(
        s.estimate_photo_original(id, "side.jpg").unwrap(),
        photo("side.jpg", 2).original
    );

    let list = s.list_estimates(10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].vehicle, "2022 Toyota Camry");
    assert_eq!((list[0].photos, list[0].areas), (2, 2));
    let actions: Vec<String> = s
        .estimate_history(id)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(
        actions,
        [
            "estimate.create",
            "photo.add",
            "photo.add",
            "area.add",
            "area.add"
        ]
    );
    assert_eq!(s.integrity_check().unwrap(), ["ok"]);
}

#[test]
fn a_refused_photo_keeps_the_estimate_and_its_earlier_photos() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s
        .create_estimate(&camry(), &[photo("front.jpg", 1)], &[])
        .unwrap();
    for i in 2..=MAX_ESTIMATE_PHOTOS as u8 {
        s.add_estimate_photo(id, &photo(&format!("p{i}.jpg"), i))
            .unwrap();
    }
    let before = s.estimate(id).unwrap();
    let err = s.add_estimate_photo(id, &photo("six.jpg", 6)).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooManyPhotos {
                count: 6,
                max: 5,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("at most 5 photos"));
    // Same content under another name, and another content under an existing name.
    let mut s2 = Store::open_in_memory().unwrap();
    let id2 = s2
        .create_estimate(&camry(), &[photo("a.jpg", 1)], &[])
        .unwrap();
    let err = s2.add_estimate_photo(id2, &photo("b.jpg", 1)).unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicatePhoto { ref existing, .. } if existing == "a.jpg"),
        "{err}"
    );
    let err = s2.add_estimate_photo(id2, &photo("a.jpg", 9)).unwrap_err();
    assert!(matches!(err, StoreError::PhotoNameTaken { .. }), "{err}");
    let mut bad = photo("c.jpg", 3);
    bad.sha256 = "xyz".into();
    assert!(matches!(
        s2.add_estimate_photo(id2, &bad),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(s2.estimate(id2).unwrap().photos.len(), 1);

    assert_eq!(s.estimate(id).unwrap(), before);
    assert!(matches!(
        s.add_estimate_photo(EstimateId(99), &photo("x.jpg", 7)),
        Err(StoreError::EstimateNotFound(EstimateId(99)))
    ));
}

#[test]
fn the_schema_itself_refuses_a_sixth_photo() {
    let mut s = Store::open_in_memory().unwrap();
    let photos: Vec<_> = (1..=5).map(|i| photo(&format!("p{i}.jpg"), i)).collect();
    let id = s.create_estimate(&camry(), &photos, &[]).unwrap();
    let err = s
        .connection()
        .execute(
            "INSERT INTO estimate_photos (estimate_id, file_name, sha256, mime, width, height, \
             original, thumbnail, created_at) VALUES (?1, 'x.jpg', ?2, 'image/jpeg', 1, 1, x'00', x'00', 'now')",
            rusqlite::params![id.0, "f".repeat(64)],
        )
        .unwrap_err();
    assert!(err.to_string().contains("at most 5 photos"), "{err}");
}

#[test]
fn a_failed_create_saves_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    // The second area names a photo that is not on the estimate.
    let mut areas = seed_areas();
    areas[1].photo = Some("missing.jpg".into());
    let err = s
        .create_estimate(&camry(), &[photo("front.jpg", 1)], &areas)
        .unwrap_err();
    assert!(
        err.to_string().contains("no photo named missing.jpg"),
        "{err}"
    );
    let six: Vec<_> = (1..=6).map(|i| photo(&format!("p{i}.jpg"), i)).collect();
    assert!(matches!(
        s.create_estimate(&camry(), &six, &[]),
        Err(StoreError::TooManyPhotos {
            estimate: None,
            count: 6,
            ..
        })
    ));
    assert!(s.list_estimates(10).unwrap().is_empty());
    let n: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM estimate_photos", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn areas_and_overrides_are_edited_with_history_that_cannot_be_rewritten() {
    let mut s = Store::open_in_memory().unwrap().with_actor("eve");
    let id = s
        .create_estimate(
            &camry(),
            &[photo("front.jpg", 1), photo("side.jpg", 2)],
            &[],
        )
        .unwrap();
    let a1 = s.add_estimate_area(id, &seed_areas()[0]).unwrap();
    let a2 = s.add_estimate_area(id, &seed_areas()[1]).unwrap();
    let no_photo = area(None, "hood", DamageType::Dent, Severity::Minor);
    s.add_estimate_area(id, &no_photo).unwrap();
    let mut boxed_without_photo = no_photo.clone();
    boxed_without_photo.region = Some(Rect::new(0.0, 0.0, 0.5, 0.5).unwrap());
    assert!(matches!(
        s.add_estimate_area(id, &boxed_without_photo),
        Err(StoreError::Invalid(_))
    ));
    let none = Overrides::default();
    s.remove_estimate_area(id, a2, &none).unwrap();
    assert!(matches!(
        s.remove_estimate_area(id, a2, &none),
        Err(StoreError::AreaNotOnEstimate { .. })
    ));
    let e = s.estimate(id).unwrap();
    assert_eq!(e.areas.iter().map(|a| a.id).collect::<Vec<_>>()[0], a1);
    assert_eq!(e.areas.len(), 2);

    let ov = Overrides {
        lines: vec![LineOverride {
            line_id: "front_bumper:REFINISH".into(),
            change: LineChange::Edit(LineEdit {
                paint_hours: Some(shopbench_estimate::Hours::try_from_hours(3.0).unwrap()),
                ..LineEdit::default()
            }),
        }],
        added: vec![],
    };
    s.set_estimate_overrides(id, &ov).unwrap();
    s.set_estimate_overrides(id, &ov).unwrap(); // no change, no history
    assert_eq!(s.estimate(id).unwrap().overrides, ov);
    let h = s.estimate_history(id).unwrap();
    let actions: Vec<&str> = h.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "estimate.create",
            "photo.add",
            "photo.add",
            "area.add",
            "area.add",
            "area.add",
            "area.remove",
            "overrides"
        ]
    );
    assert!(h.iter().all(|e| e.actor == "eve"));
    assert_eq!(h[6].old.as_ref().unwrap()["panel"], "front_fender_left");
    let err = s
        .connection()
        .execute("DELETE FROM estimate_history", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

/// A detector's proposal on `photo` (no panel when `panel` is `None`).
fn proposal(photo: &str, panel: Option<&str>, t: Option<DamageType>, conf: f32) -> ProposedArea {
    ProposedArea {
        photo_id: Some(photo.into()),
        region: Rect::new(0.2, 0.5, 0.3, 0.2).unwrap(),
        panel: panel.map(String::from),
        damage_type: t,
        severity: Severity::Moderate,
        confidence: conf,
        label: "dent".into(),
        source: AreaSource::Detector("cardd".into()),
    }
}

#[test]
fn proposals_are_kept_apart_from_areas_until_confirmed_or_dropped() {
    let mut s = Store::open_in_memory().unwrap().with_actor("eve");
    let photos = [photo("front.jpg", 1), photo("side.jpg", 2)];
    let props = [
        proposal("front.jpg", None, Some(DamageType::Dent), 0.9),
        proposal(
            "side.jpg",
            Some("front_door_left"),
            Some(DamageType::Dent),
            0.8,
        ),
        proposal("side.jpg", Some("front_door_left"), None, 0.7),
    ];
    let (id, ids) = s
        .create_estimate_with_proposals(&camry(), &photos, &seed_areas()[..1], &props)
        .unwrap();
    assert_eq!((ids.proposals.len(), ids.areas.len()), (3, 1));
    let e = s.estimate(id).unwrap();
    assert_eq!(e.areas.len(), 1, "only the estimator's area counts");
    assert_eq!(e.areas[0].source, AreaSource::Manual);
    assert_eq!(e.proposals.len(), 3);
    assert_eq!(e.proposals[0].proposed_area(), props[0]);
    assert_eq!(e.proposals[2].damage_type, None);
    assert_eq!(e.proposals[1].detector, "cardd");
    let listed = &s.list_estimates(1).unwrap()[0];
    assert_eq!((listed.areas, listed.proposals), (1, 3));

    // Confirmed on the estimator's panel: an area with the detector and its confidence.
    s.confirm_estimate_proposal(
        id,
        ids.proposals[0],
        "hood",
        DamageType::Dent,
        Severity::Minor,
        None,
    )
    .unwrap();
    s.drop_estimate_proposal(id, ids.proposals[2]).unwrap();
    let e = s.estimate(id).unwrap();
    let hood = e.areas.iter().find(|a| a.id == ids.proposals[0]).unwrap();
    assert_eq!(
        (hood.panel.as_str(), hood.severity),
        ("hood", Severity::Minor)
    );
    assert_eq!(hood.source, AreaSource::Detector("cardd".into()));
    assert_eq!(hood.confidence, Some(0.9));
    assert_eq!(hood.region, Some(props[0].region));
    assert_eq!(e.proposals.len(), 1);

    // Only an open proposal can be confirmed or dropped; an area is removed, not dropped.
    for bad in [ids.proposals[0], ids.proposals[2], ids.areas[0], 999] {
        assert!(
            matches!(
                s.drop_estimate_proposal(id, bad),
                Err(StoreError::NotAProposal { .. })
            ),
            "{bad}"
        );
        assert!(matches!(
            s.confirm_estimate_proposal(id, bad, "hood", DamageType::Dent, Severity::Minor, None),
            Err(StoreError::NotAProposal { .. })
        ));
    }
    let err = s
        .remove_estimate_area(id, ids.proposals[1], &Overrides::default())
        .unwrap_err();
    assert!(err.to_string().contains("--drop"), "{err}");
    let actions: Vec<String> = s
        .estimate_history(id)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .filter(|a| a.starts_with("proposal"))
        .collect();
    assert_eq!(
        actions,
        [
            "proposal.add",
            "proposal.add",
            "proposal.add",
            "proposal.confirm",
            "proposal.drop"
        ]
    );
}

#[test]
fn a_new_look_replaces_the_open_proposals_of_the_photos_looked_at_only() {
    let mut s = Store::open_in_memory().unwrap();
    let photos = [photo("front.jpg", 1), photo("side.jpg", 2)];
    let props = [
        proposal("front.jpg", None, Some(DamageType::Dent), 0.9),
        proposal("side.jpg", None, Some(DamageType::Dent), 0.8),
    ];
    let (id, _) = s
        .create_estimate_with_proposals(&camry(), &photos, &[], &props)
        .unwrap();
    let again = [proposal("front.jpg", None, Some(DamageType::Scratch), 0.6)];
    let accepted = NewArea {
        source: AreaSource::Detector("cardd".into()),
        confidence: Some(0.5),
        ..area(Some("front.jpg"), "hood", DamageType::Dent, Severity::Minor)
    };
    let ids = s
        .replace_estimate_proposals(id, &["front.jpg"], &again, &[accepted])
        .unwrap();
    let e = s.estimate(id).unwrap();
    let kept: Vec<(&str, Option<DamageType>)> = e
        .proposals
        .iter()
        .map(|p| (p.photo.as_str(), p.damage_type))
        .collect();
    assert_eq!(
        kept,
        [
            ("side.jpg", Some(DamageType::Dent)),
            ("front.jpg", Some(DamageType::Scratch))
        ]
    );
    assert_eq!(e.areas.len(), 1);
    assert_eq!(e.areas[0].id, ids.areas[0]);
    assert_eq!(e.areas[0].confidence, Some(0.5));
    // A detector's area must carry its confidence, the estimator's none.
    let mut bad = area(None, "hood", DamageType::Dent, Severity::Minor);
    bad.confidence = Some(0.5);
    assert!(matches!(
        s.add_estimate_area(id, &bad),
        Err(StoreError::Invalid(_))
    ));
    // A proposal on a photo the estimate lacks saves nothing.
    let stray = [proposal("rear.jpg", None, Some(DamageType::Dent), 0.9)];
    assert!(matches!(
        s.replace_estimate_proposals(id, &["front.jpg"], &stray, &[]),
        Err(StoreError::PhotoNotOnEstimate { .. })
    ));
    assert_eq!(s.estimate(id).unwrap(), e);
}

#[test]
fn the_schema_refuses_a_priced_area_without_a_panel_and_an_estimators_proposal() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s
        .create_estimate(&camry(), &[photo("front.jpg", 1)], &[])
        .unwrap();
    for (sql, why) in [
        ("INSERT INTO estimate_areas (estimate_id, severity, damage_type, created_at) \
          VALUES (?1, 'minor', 'dent', 'now')", "a confirmed area without a panel"),
        ("INSERT INTO estimate_areas (estimate_id, panel, severity, damage_type, created_at, status, label, \
          photo_id, x, y, w, h) VALUES (?1, 'hood', 'minor', 'dent', 'now', 'proposed', 'dent', 1, 0, 0, 0.1, 0.1)",
         "the estimator's proposal"),
        ("INSERT INTO estimate_areas (estimate_id, panel, severity, damage_type, created_at, source) \
          VALUES (?1, 'hood', 'minor', 'dent', 'now', 'detector:x')", "a detector's area without confidence"),
        ("INSERT INTO estimate_areas (estimate_id, panel, severity, damage_type, created_at, source, confidence) \
          VALUES (?1, 'hood', 'minor', 'dent', 'now', 'robot', 0.5)", "an unknown source"),
    ] {
        assert!(
            s.connection().execute(sql, [id.0]).is_err(),
            "the schema took {why}"
        );
    }
}

#[test]
fn a_photo_remembers_the_side_of_the_car_it_shows() {
    let mut s = Store::open_in_memory().unwrap();
    let mut front = photo("front.jpg", 1);
    front.view = Some(View::Front);
    let id = s
        .create_estimate(&camry(), &[front, photo("side.jpg", 2)], &[])
        .unwrap();
    s.set_estimate_photo_view(id, "side.jpg", Some(View::Left))
        .unwrap();
    let views: Vec<Option<View>> = s
        .estimate(id)
        .unwrap()
        .photos
        .iter()
        .map(|p| p.view)
        .collect();
    assert_eq!(views, [Some(View::Front), Some(View::Left)]);
    assert!(matches!(
        s.set_estimate_photo_view(id, "rear.jpg", None),
        Err(StoreError::PhotoNotOnEstimate { .. })
    ));
    let h = s.estimate_history(id).unwrap();
    assert_eq!(h.last().unwrap().action, "photo.view");
}

/// Regression (issue 20): a file saved before migration 0009 must keep its areas, as the
/// estimator's confirmed ones, and its photos, with no side said.
#[test]
fn a_file_at_schema_7_keeps_its_areas_as_the_estimators() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let id = s
            .create_estimate(&camry(), &[photo("front.jpg", 1)], &seed_areas()[..1])
            .unwrap();
        // Back to the 0006 layout, as a file written by the previous release.
        s.connection()
            .execute_batch(
                "CREATE TABLE old_areas (id INTEGER PRIMARY KEY, estimate_id INTEGER NOT NULL \
                   REFERENCES estimates (id), photo_id INTEGER REFERENCES estimate_photos (id), \
                   panel TEXT NOT NULL, damage_type TEXT NOT NULL, severity TEXT NOT NULL, \
                   x REAL, y REAL, w REAL, h REAL, created_at TEXT NOT NULL); \
                 INSERT INTO old_areas SELECT id, estimate_id, photo_id, panel, damage_type, \
                   severity, x, y, w, h, created_at FROM estimate_areas; \
                 DROP TABLE estimate_areas; ALTER TABLE old_areas RENAME TO estimate_areas; \
                 ALTER TABLE estimate_photos DROP COLUMN view; \
                 DROP TABLE conversation_messages; DROP TABLE conversations; \
                 DROP TABLE estimate_remote_pricings; DROP TABLE shop_identity; DROP TABLE case_fixes; DROP TABLE shared_fixes; DROP TABLE case_scans; DROP TABLE estimate_scans; DROP TABLE module_scans; ALTER TABLE estimates DROP COLUMN finish; \
                 PRAGMA user_version = 7;",
            )
            .unwrap();
        id
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), shopbench_store::SCHEMA_VERSION);
    let e = s.estimate(id).unwrap();
    assert_eq!(e.areas.len(), 1);
    assert_eq!(
        (e.areas[0].source.clone(), e.areas[0].confidence),
        (AreaSource::Manual, None)
    );
    assert_eq!(
        e.areas[0].region,
        Some(Rect::new(0.1, 0.2, 0.3, 0.4).unwrap())
    );
    assert!(e.proposals.is_empty());
    assert_eq!(e.photos[0].view, None);
    assert_eq!(s.integrity_check().unwrap(), ["ok"]);
}

/// Migration 0010 (issue 21): the paint finish and hail dent counts are kept; a file written
/// before it (schema 9) gains them empty and keeps its estimates.
#[test]
fn finish_and_hail_dents_round_trip_and_a_schema_9_file_gains_them_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let mut new = camry();
    new.vehicle.finish = Some(shopbench_estimate::Finish::ThreeStage);
    let mut hail = area(None, "hood", DamageType::Dent, Severity::Moderate);
    hail.dents = Some("35xquarter".parse().unwrap());
    let (with, without) = {
        let mut s = Store::open(&path).unwrap();
        let with = s.create_estimate(&new, &[], &[hail]).unwrap();
        let plain = area(None, "hood", DamageType::Dent, Severity::Minor);
        let without = s.create_estimate(&camry(), &[], &[plain]).unwrap();
        let back = s.estimate(with).unwrap();
        assert_eq!(
            back.vehicle.finish,
            Some(shopbench_estimate::Finish::ThreeStage)
        );
        assert_eq!(back.areas[0].dents.unwrap().to_string(), "35xquarter");
        s.connection()
            .execute_batch(
                "ALTER TABLE estimates DROP COLUMN finish; \
                 ALTER TABLE estimate_areas DROP COLUMN dents; \
                 DROP TABLE estimate_remote_pricings; DROP TABLE shop_identity; DROP TABLE case_fixes; DROP TABLE shared_fixes; DROP TABLE case_scans; DROP TABLE estimate_scans; DROP TABLE module_scans; PRAGMA user_version = 9;",
            )
            .unwrap();
        (with, without)
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), shopbench_store::SCHEMA_VERSION);
    for id in [with, without] {
        let e = s.estimate(id).unwrap();
        assert_eq!(e.vehicle.finish, None);
        assert!(e.areas.iter().all(|a| a.dents.is_none()));
    }
    let bad = s.connection().execute(
        "UPDATE estimate_areas SET dents = 'many' WHERE estimate_id = ?1",
        [with.0],
    );
    assert!(
        bad.is_err(),
        "the schema refuses a dent count that is not COUNTxSIZE"
    );
}

// ---- issue #16: pre- and post-repair scans saved to an estimate ---------------

/// The estimate's history entries of one `action` ("scan.save", "remote.price"), oldest
/// first.
fn history_of(s: &Store, id: EstimateId, action: &str) -> Vec<HistoryEntry> {
    s.estimate_history(id)
        .unwrap()
        .into_iter()
        .filter(|h| h.action == action)
        .collect()
}

fn scan(active: u32) -> shopbench_store::NewModuleScan {
    shopbench_store::NewModuleScan {
        adapter: "shopbench J2534 simulator on libsim.so".into(),
        modules: 10,
        active_codes: active,
        complete: active > 0,
        scan: serde_json::json!({ "protocol": 6, "probed": 64, "modules": [], "problems": [] }),
    }
}

#[test]
fn repair_scans_are_kept_by_stage_the_latest_wins_and_the_history_has_each() {
    use shopbench_estimate::ScanStage::{Post, Pre};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let id = {
        let mut s = Store::open(&path).unwrap().with_actor("kim");
        let id = s.create_estimate(&camry(), &[], &[]).unwrap();
        let pre = s.save_estimate_scan(id, Pre, &scan(8)).unwrap();
        s.save_estimate_scan(id, Post, &scan(4)).unwrap();
        let again = s.save_estimate_scan(id, Post, &scan(0)).unwrap();
        assert!(again.id > pre.id);
        id
    };
    let s = Store::open(&path).unwrap();
    let e = s.estimate(id).unwrap();
    assert_eq!(e.scans.len(), 3);
    assert_eq!(e.latest_scan(Pre).unwrap().scan, scan(8));
    assert_eq!(e.latest_scan(Post).unwrap().scan, scan(0));
    assert!(!e.latest_scan(Post).unwrap().scan.complete);
    let saves = history_of(&s, id, "scan.save");
    assert_eq!(saves.len(), 3);
    assert_eq!(saves[2].actor, "kim");
    assert_eq!(saves[2].new.as_ref().unwrap()["stage"], "post");
}

#[test]
fn a_repair_scan_for_no_estimate_or_not_an_object_saves_nothing() {
    use shopbench_estimate::ScanStage::Pre;
    let mut s = Store::open_in_memory().unwrap();
    let err = s
        .save_estimate_scan(EstimateId(4), Pre, &scan(1))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::EstimateNotFound(EstimateId(4))),
        "{err}"
    );
    let id = s.create_estimate(&camry(), &[], &[]).unwrap();
    let mut bad = scan(1);
    bad.scan = serde_json::json!(["not", "an", "object"]);
    assert!(s.save_estimate_scan(id, Pre, &bad).is_err());
    assert!(s.estimate(id).unwrap().scans.is_empty());
}

// ---- issue #19 item 4: an estimate priced by a server (remote mode) -------------

fn pricing(remote_id: &str) -> shopbench_store::NewRemotePricing {
    shopbench_store::NewRemotePricing {
        server: "http://127.0.0.1:8080".into(),
        remote_id: remote_id.into(),
        credits_charged: 3,
        sent: serde_json::json!({ "vehicle_make": "Toyota", "areas": [] }),
        answer: serde_json::json!({ "id": remote_id, "cost": { "total_min": 123_400 } }),
    }
}

#[test]
fn remote_pricings_are_kept_in_order_reopened_and_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.db");
    let id = {
        let mut s = Store::open(&path).unwrap().with_actor("kim");
        let id = s.create_estimate(&camry(), &[], &[]).unwrap();
        let first = s
            .save_estimate_remote_pricing(id, &pricing("est_a"))
            .unwrap();
        let second = s
            .save_estimate_remote_pricing(id, &pricing("est_b"))
            .unwrap();
        assert!(second.id > first.id);
        id
    };
    let s = Store::open(&path).unwrap();
    let e = s.estimate(id).unwrap();
    let ids: Vec<_> = e
        .remote_pricings
        .iter()
        .map(|p| p.pricing.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["est_a", "est_b"]);
    assert_eq!(e.remote_pricings[1].pricing, pricing("est_b"));
    let saves = history_of(&s, id, "remote.price");
    assert_eq!(saves.len(), 2);
    assert_eq!(saves[0].actor, "kim");
    assert_eq!(saves[1].new.as_ref().unwrap()["remote_id"], "est_b");
}

#[test]
fn a_remote_pricing_for_no_estimate_or_not_an_object_saves_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let err = s
        .save_estimate_remote_pricing(EstimateId(9), &pricing("est_a"))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::EstimateNotFound(EstimateId(9))),
        "{err}"
    );
    let id = s.create_estimate(&camry(), &[], &[]).unwrap();
    let mut bad = pricing("est_a");
    bad.answer = serde_json::json!("not an object");
    assert!(s.save_estimate_remote_pricing(id, &bad).is_err());
    let mut negative = pricing("est_a");
    negative.credits_charged = -1;
    assert!(s.save_estimate_remote_pricing(id, &negative).is_err());
    assert!(s.estimate(id).unwrap().remote_pricings.is_empty());
}

/// Whether `hay` holds `needle` anywhere.
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A photo added by mistake (the wrong car, a customer's face) could not be taken off an
/// estimate. It now can: the history keeps its name and SHA-256, and its bytes are in
/// neither the database file nor its write-ahead log. A photo a damage area is marked on
/// stays.
#[test]
fn a_removed_photo_leaves_no_bytes_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut s = Store::open(&path).unwrap();
    let mut face = photo("face.jpg", 7);
    let mut x = 0x2545_f491_u32;
    face.original = (0..50_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let id = s
        .create_estimate(
            &camry(),
            &[photo("front.jpg", 1), face.clone()],
            &seed_areas()[..1],
        )
        .unwrap();
    let files = || {
        ["shop.db", "shop.db-wal"]
            .iter()
            .filter_map(|f| std::fs::read(dir.path().join(f)).ok())
            .collect::<Vec<_>>()
    };
    let needle = &face.original[20_000..20_064];
    assert!(
        files().iter().any(|f| holds(f, needle)),
        "the test looks for what is there"
    );

    s.remove_estimate_photo(id, "face.jpg").unwrap();
    let names: Vec<String> = s
        .estimate(id)
        .unwrap()
        .photos
        .into_iter()
        .map(|p| p.file_name)
        .collect();
    assert_eq!(names, ["front.jpg"]);
    let last = s.estimate_history(id).unwrap().pop().unwrap();
    assert_eq!(last.action, "photo.remove");
    assert_eq!(last.old.as_ref().unwrap()["sha256"], face.sha256.as_str());
    for f in files() {
        assert!(
            !holds(&f, needle),
            "the removed photo's bytes are still in the file"
        );
    }

    assert!(
        s.remove_estimate_photo(id, "front.jpg").is_err(),
        "an area is marked on it"
    );
    assert!(matches!(
        s.remove_estimate_photo(id, "face.jpg"),
        Err(StoreError::PhotoNotOnEstimate { .. })
    ));
    assert_eq!(s.estimate(id).unwrap().photos.len(), 1);
}
