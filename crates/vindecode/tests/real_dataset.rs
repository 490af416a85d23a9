//! Decodes against the real vPIC dataset. These tests fail (never skip) when
//! the dataset is missing: run `scripts/fetch-vpic` first.

use std::sync::OnceLock;

use shopbench_vindecode::{Decoder, Error};

fn decoder() -> &'static Decoder {
    static D: OnceLock<Decoder> = OnceLock::new();
    D.get_or_init(|| {
        let path: std::path::PathBuf = std::env::var_os("SHOPBENCH_VPIC_DB")
            .map(Into::into)
            .expect(
            "SHOPBENCH_VPIC_DB names the vPIC file: scripts/test sets it from scripts/fetch-vpic",
        );
        match Decoder::open_at(&path, "2026-11-24") {
            Ok(d) => d,
            Err(e) => {
                panic!("{e}\n(the vPIC dataset is needed for these tests: run scripts/fetch-vpic)")
            }
        }
    })
}

fn mmy(vin: &str) -> (String, String, u16) {
    let d = decoder()
        .decode_str(vin)
        .unwrap_or_else(|e| panic!("{vin}: {e}"));
    let v = d.vehicle;
    (v.make.unwrap(), v.model.unwrap(), v.year.unwrap())
}

fn check(vin: &str, make: &str, model: &str, year: u16) {
    assert_eq!(
        mmy(vin),
        (make.to_string(), model.to_string(), year),
        "{vin}"
    );
}

#[test]
fn seed_f150_decodes_with_a_check_digit_warning() {
    let d = decoder().decode_str("1FTFW1ET5DFC10312").unwrap();
    let v = &d.vehicle;
    assert_eq!(
        (v.make.as_deref(), v.model.as_deref(), v.year),
        (Some("FORD"), Some("F-150"), Some(2013))
    );
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert_eq!(v.vpic_error_code, "1");
    assert!(v.vpic_error_text.is_some());
    assert_eq!(v.vehicle_type.as_deref(), Some("TRUCK"));
    assert_eq!(d.provenance.source, "nhtsa-vpic-offline");
    assert_eq!(d.provenance.cache, "local");
    assert!(d
        .missing_fields
        .iter()
        .any(|m| m.field == "safetyEquipment"));
    println!("{}", serde_json::to_string_pretty(&d).unwrap());
}

#[test]
fn honda_accord_2003() {
    let d = decoder().decode_str("1HGCM82633A004352").unwrap();
    let v = &d.vehicle;
    assert_eq!(
        (v.make.as_deref(), v.model.as_deref(), v.year),
        (Some("HONDA"), Some("Accord"), Some(2003))
    );
    assert!(d.warnings.is_empty());
    assert_eq!(v.vpic_error_code, "0");
    assert_eq!(v.engine.cylinders, Some(6));
    assert_eq!(v.engine.model.as_deref(), Some("J30A4"));
    assert_eq!(v.plant_country.as_deref(), Some("UNITED STATES (USA)"));
    assert_eq!(v.vehicle_type.as_deref(), Some("PASSENGER CAR"));
    println!("{}", serde_json::to_string_pretty(&d).unwrap());
}

#[test]
fn makes_across_years() {
    check("4T1BF1FK5CU123456", "TOYOTA", "Camry", 2012);
    check("5YJ3E1EA7JF000316", "TESLA", "Model 3", 2018);
    check("1VWBN7A36CC000000", "VOLKSWAGEN", "Passat", 2012);
    check("3VWFE21C04M000001", "VOLKSWAGEN", "Beetle", 2004);
    check("WBA3A5C5XCF256985", "BMW", "328i", 2012);
    check("KNDJT2A54D7000001", "KIA", "Soul", 2013);
    check("JTDKN3DU0A0000001", "TOYOTA", "Prius", 2010);
    check("1GCVKREC0EZ123456", "CHEVROLET", "Silverado", 2014);
    check("5NPE24AF8FH000000", "HYUNDAI", "Sonata", 2015);
}

#[test]
fn camry_engine_fields() {
    let v = decoder().decode_str("4T1BF1FK5CU123456").unwrap().vehicle;
    assert_eq!(v.engine.cylinders, Some(4));
    assert_eq!(v.engine.displacement_l, Some(2.5));
    assert_eq!(v.engine.fuel_type.as_deref(), Some("Gasoline"));
    assert_eq!(v.body_class.as_deref(), Some("Sedan/Saloon"));
}

#[test]
fn european_filler_vin_is_unresolved_not_invented() {
    // 'ZZZ' in positions 4–6 is the European "no VDS" filler; vPIC has no
    // pattern for it, so there is no model to report.
    match decoder().decode_str("WVWZZZ1KZ6W000001") {
        Err(Error::Unresolved {
            what, manufacturer, ..
        }) => {
            assert_eq!(what, "the model");
            assert_eq!(manufacturer.as_deref(), Some("VOLKSWAGEN AG"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_wmi_is_a_typed_error() {
    match decoder().decode_str("AAA12345678901234") {
        Err(Error::UnknownWmi { wmi, .. }) => assert_eq!(wmi, "AAA"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_vins_are_rejected_before_decoding() {
    for bad in [
        "1FTFW1ET5DFC1031",
        "1FTFW1ET5DFC103120",
        "1FTFW1ET5DFC1O312",
        "1FTFW1ET5DFC1031!",
    ] {
        assert!(
            matches!(decoder().decode_str(bad), Err(Error::MalformedVin(_))),
            "{bad}"
        );
    }
}

#[test]
fn missing_dataset_says_how_to_fetch_it() {
    let e = Decoder::open("/nonexistent/vpic.lite.db").unwrap_err();
    assert!(matches!(e, Error::DatasetMissing { .. }));
    assert!(e.to_string().contains("scripts/fetch-vpic"), "{e}");
}

#[test]
fn open_for_loads_only_what_the_vin_needs_and_decodes_the_same() {
    let path: std::path::PathBuf = std::env::var_os("SHOPBENCH_VPIC_DB")
        .map(Into::into)
        .expect(
            "SHOPBENCH_VPIC_DB names the vPIC file: scripts/test sets it from scripts/fetch-vpic",
        );
    let vin: shopbench_core::Vin = "1HGCM82633A004352".parse().unwrap();
    let small = Decoder::open_for(&path, std::slice::from_ref(&vin)).unwrap();
    assert!(small.counts().1 < decoder().counts().1);
    let a = small.decode(&vin).unwrap();
    let b = decoder().decode(&vin).unwrap();
    assert_eq!(a.vehicle, b.vehicle);
    assert_eq!(a.variables, b.variables);
}

#[test]
fn generated_vins_decode() {
    // VINs built from the dataset's own model patterns must nearly all resolve.
    let vins = shopbench_vindecode::plausible_vins(decoder(), 300, 7);
    assert_eq!(vins.len(), 300);
    let distinct: std::collections::HashSet<_> = vins.iter().collect();
    assert_eq!(distinct.len(), 300);
    let ok = vins
        .iter()
        .filter(|v| decoder().decode_str(v).is_ok())
        .count();
    assert!(ok >= 294, "only {ok} of 300 resolved");
    for v in &vins {
        let vin: shopbench_core::Vin = v.parse().unwrap();
        assert!(vin.check_digit_ok(), "{v}");
    }
}

/// `Decoder::check`, the cheap check a status makes: the real file passes;
/// none, text, the file cut in half and another SQLite database fail as a
/// load would, naming the file.
#[test]
fn check_opens_the_file_as_a_load_does_without_loading_it() {
    let path: std::path::PathBuf = std::env::var_os("SHOPBENCH_VPIC_DB")
        .map(Into::into)
        .expect("SHOPBENCH_VPIC_DB names the vPIC file");
    let started = std::time::Instant::now();
    Decoder::check(&path).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));

    let dir = std::env::temp_dir().join(format!("vindecode-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let none = dir.join("none.db");
    assert!(matches!(
        Decoder::check(&none),
        Err(Error::DatasetMissing { .. })
    ));
    let text = dir.join("text.db");
    std::fs::write(&text, "an old dataset").unwrap();
    let cut = dir.join("cut.db");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    for bad in [&text, &cut, &other] {
        let e = Decoder::check(bad).unwrap_err();
        assert!(
            matches!(&e, Error::Dataset { path, .. } if path == bad),
            "{}: {e:?}",
            bad.display()
        );
        let loaded = Decoder::open_for(bad, &[]).unwrap_err();
        assert_eq!(loaded.to_string(), e.to_string());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
