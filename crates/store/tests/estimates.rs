//! Estimates in a real SQLite file: whole saves, photo limits, history.

use shopbench_estimate::{
    DamageType, LineChange, LineEdit, LineOverride, Overrides, PartType, Rect, Severity, Vehicle,
};
use shopbench_store::{
    EstimateId, NewArea, NewEstimate, NewEstimatePhoto, Store, StoreError, MAX_ESTIMATE_PHOTOS,
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
    }
}

fn area(photo: Option<&str>, panel: &str, t: DamageType, s: Severity) -> NewArea {
    NewArea {
        photo: photo.map(String::from),
        region: photo.map(|_| Rect::new(0.1, 0.2, 0.3, 0.4).unwrap()),
        panel: panel.into(),
        damage_type: t,
        severity: s,
        dents: None,
    }
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
    assert!(matches!(err, StoreError::DuplicatePhoto { .. }), "{err}");
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

/// Migration 0010 (issue 21): the paint finish and hail dent counts are kept; a file written
/// before it gains them empty and keeps its estimates.
#[test]
fn finish_and_hail_dents_round_trip_and_a_file_before_0010_gains_them_empty() {
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
                 DROP TABLE module_scans; PRAGMA user_version = 8;",
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
