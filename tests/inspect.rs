//! The used-car inspection end to end (issue 16, item 6): `shopbench inspect`
//! against the real `elm327-emulator` and from a saved scan with NHTSA's
//! flat files imported, and `POST /v1/inspection` on a real server — the
//! PDFs read back with `pdftotext`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use shopbench_client::{Client, ClientError, InspectionRequest};
use shopbench_e2e::{
    ok, pdf_flat_text, run_shopbench, workspace_root, ApiServer, Emulator, TestDb,
};

const F150: &str = "1FTFW1ET5DFC10312";

/// `shopbench data import KIND FILE` into `home`'s recall cache, from crates/recalls' fixtures.
fn import(home: &Path, kind: &str, fixture: &str) {
    let file = workspace_root()
        .join("crates/recalls/tests/fixtures")
        .join(fixture);
    ok(run_shopbench(
        home,
        &["data", "import", kind, file.to_str().unwrap()],
    ));
}

/// A scan of the emulator's car, saved as `scan --json` prints it, with the VIN set to `vin`.
fn saved_scan(dir: &Path, vin: &str) -> PathBuf {
    let emu = Emulator::pty("car");
    let run = ok(run_shopbench(
        dir,
        &["scan", "--port", &emu.port().arg(), "--json"],
    ));
    let mut scan: Value = serde_json::from_str(&run.stdout).expect("scan JSON");
    scan["vin"] = vin.into();
    let path = dir.join("scan.json");
    std::fs::write(&path, scan.to_string()).unwrap();
    path
}

#[test]
fn inspect_reads_the_emulators_car_in_one_connection_and_writes_the_pdf() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let pdf = home.path().join("inspection.pdf");
    let run = ok(run_shopbench(
        home.path(),
        &[
            "inspect",
            "--port",
            &emu.port().arg(),
            "--state",
            "CA",
            "--price",
            "25000",
            "--local-rate",
            "1.25",
            "-o",
            pdf.to_str().unwrap(),
            "--json",
        ],
    ));
    let json: Value = serde_json::from_str(&run.stdout).expect("inspection JSON");
    // The emulator's car counts 4 warm-ups and about 50 km since its codes were cleared.
    let cleared = &json["recently_cleared"];
    assert_eq!(cleared["warm_ups"], 4, "{cleared}");
    assert_eq!(cleared["recent"], true, "{cleared}");
    let km = cleared["distance_km"].as_f64().unwrap().round();
    let text = pdf_flat_text(&pdf);
    assert!(
        text.contains(&format!("The codes were cleared {km} km ago")),
        "{text}"
    );
    assert!(text.contains("ask the seller why"), "{text}");
    // The one connection also asked every module over UDS (the stock car answers none).
    assert!(run.stderr.contains("looking for modules"), "{}", run.stderr);
    assert!(text.contains("stored codes (03): none"), "{text}");
    assert!(text.contains("Readiness monitors"), "{text}");
    assert!(
        text.contains("ECU name (09 0A) ECM-EngineControl"),
        "{text}"
    );
    // No recall data on this computer: said so, never "no recalls".
    assert!(
        text.contains("Recalls and known issues NOT CHECKED"),
        "{text}"
    );
    assert!(!text.contains("No recalls"), "{text}");
    // The buyer's costs: California, $25,000 private sale.
    assert!(text.contains("Costs of buying it"), "{text}");
    assert!(text.contains("California (CA)"), "{text}");
    assert_eq!(json["costs"]["state"], "CA");
    assert!(text.contains("Local tax rate 1.25 %"), "{text}");
    assert!(
        text.contains("What this inspection could not check"),
        "{text}"
    );
}

#[test]
fn inspect_from_a_saved_scan_lists_the_imported_recalls_and_ontario_costs() {
    let home = tempfile::tempdir().unwrap();
    let scan = saved_scan(home.path(), F150);
    import(home.path(), "nhtsa-recalls", "FLAT_RCL_sample.txt");
    import(home.path(), "nhtsa-complaints", "FLAT_CMPL_sample.txt");
    let pdf = home.path().join("inspection.pdf");
    let run = ok(run_shopbench(
        home.path(),
        &[
            "inspect",
            "--from-scan",
            scan.to_str().unwrap(),
            "--province",
            "ON",
            "--price",
            "18000",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(
        run.stdout
            .contains("CHECK      3 recalls for the 2013 FORD F-150 (US 3, Canada not known)"),
        "{}",
        run.stdout
    );
    let text = pdf_flat_text(&pdf);
    assert!(text.contains("2013 FORD F-150"), "{text}");
    assert!(text.contains("15V900002"), "{text}");
    // Transport Canada was never imported: its count is not known, and the PDF says so.
    assert!(
        text.contains("Canadian recalls (Transport Canada): not in the recall data"),
        "{text}"
    );
    assert!(text.contains("Ontario (ON)"), "{text}");
    assert!(text.contains("The codes were cleared"), "{text}");
    // Without a module scan, the modules are named as not scanned.
    assert!(text.contains("were not scanned"), "{text}");
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let home = tempfile::tempdir().unwrap();
    let pdf = home.path().join("inspection.pdf");
    let not_a_scan = home.path().join("case.json");
    std::fs::write(&not_a_scan, r#"{"complaint": "rough idle"}"#).unwrap();
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "--from-scan",
                not_a_scan.to_str().unwrap(),
                "--state",
                "CA",
                "--price",
                "25000",
            ],
            "is not the JSON `shopbench scan --json` prints",
        ),
        // The price is checked before the car is touched (no port is opened).
        (
            &[
                "--port",
                "/dev/nonexistent-port",
                "--state",
                "CA",
                "--price",
                "lots",
            ],
            "price",
        ),
        (
            &[
                "--from-scan",
                not_a_scan.to_str().unwrap(),
                "--state",
                "ZZ",
                "--price",
                "25000",
            ],
            "ZZ",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["inspect"];
        all.extend_from_slice(args);
        all.extend(["-o", pdf.to_str().unwrap()]);
        let run = run_shopbench(home.path(), &all);
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("opening"), "{}", run.stderr);
        assert!(!pdf.exists(), "{args:?} wrote a PDF");
    }
}

fn request(scan: Value) -> InspectionRequest {
    InspectionRequest {
        scan,
        modules: None,
        state: Some("CA".into()),
        province: None,
        price: "25000".into(),
        sale_type: None,
        local_rate: None,
        trade_in: None,
        family_gift: None,
        buyer_has_plates: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_a_saved_scan_as_json_or_pdf_and_refusals_are_free() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let scan: Value =
        serde_json::from_str(&std::fs::read_to_string(saved_scan(dir.path(), F150)).unwrap())
            .unwrap();
    import(dir.path(), "nhtsa-recalls", "FLAT_RCL_sample.txt");
    let data_db = dir.path().join(".local/share/shopbench/nhtsa.db");
    assert!(data_db.is_file());
    let server = ApiServer::start(db.target(), &["--data-db", data_db.to_str().unwrap()]);
    let key = server.partner_key("acme");
    let api = Client::new(&server.url, &key).unwrap();

    let answer = api.inspection(&request(scan.clone())).await.unwrap();
    assert_eq!(answer.credits_charged, 30);
    let i = &answer.body.answer;
    assert_eq!(i.vin.as_deref(), Some(F150));
    let counts = &i.recalls.data.as_ref().unwrap().counts;
    assert_eq!((counts.us, counts.canada), (Some(3), None)); // Transport Canada: no data
    assert!(i
        .recently_cleared
        .statement
        .starts_with("The codes were cleared"));
    assert_eq!(api.account().await.unwrap().credit_balance, 20);

    // 20 credits do not pay for another: a free 402, and no PDF.
    match api.inspection_pdf(&request(scan.clone())).await {
        Err(ClientError::Api(p)) => assert_eq!(p.status, 402, "{p:?}"),
        other => panic!("expected a 402: {other:?}"),
    }
    server.admin(&["credits", "add", "acme", "50", "--mode", "test"]);
    let pdf = api.inspection_pdf(&request(scan.clone())).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let file = dir.path().join("api.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = pdf_flat_text(&file);
    assert!(text.contains("Used-car inspection"), "{text}");
    assert!(text.contains("15V900002"), "{text}");
    assert_eq!(api.account().await.unwrap().credit_balance, 40);

    // Refusals: RFC 9457 problems, and free.
    let mut both = request(scan.clone());
    both.province = Some("ON".into());
    let mut not_a_scan = request(serde_json::json!({"complaint": "rough idle"}));
    not_a_scan.price = "25000".into();
    let mut bad_price = request(scan.clone());
    bad_price.price = "lots".into();
    let mut rate_in_canada = request(scan);
    (rate_in_canada.state, rate_in_canada.province) = (None, Some("ON".into()));
    rate_in_canada.local_rate = Some("1.5".into());
    for (req, expected) in [
        (rate_in_canada, "local_rate"),
        (both, "exactly one of state"),
        (not_a_scan, "scan: not the JSON"),
        (bad_price, "price"),
    ] {
        match api.inspection(&req).await {
            Err(ClientError::Api(p)) => {
                assert_eq!(p.status, 400, "{p:?}");
                assert!(p.detail.contains(expected), "{p:?}");
            }
            other => panic!("{expected}: {other:?}"),
        }
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 40);
}

/// Issue 19 item 5: a shop that chose French in Settings gets the inspection
/// in French from the CLI too (one `settings.json` for both front-ends),
/// the findings, the codes-cleared signals and what could not be checked
/// included; the reason a source could not be read (an error's
/// explanation) stays as written.
#[test]
fn a_french_shops_inspection_comes_out_in_french() {
    let home = tempfile::tempdir().unwrap();
    let scan = saved_scan(home.path(), F150);
    let home_dir = home.path().as_os_str().to_owned();
    let paths = shopbench_app::ShopPaths::from_vars(|k| (k == "HOME").then(|| home_dir.clone()))
        .expect("paths under HOME");
    std::fs::create_dir_all(paths.settings_file().parent().unwrap()).unwrap();
    std::fs::write(
        paths.settings_file(),
        r#"{"shop_name": "Garage Tremblay", "language": "fr-CA"}"#,
    )
    .unwrap();
    let pdf = home.path().join("inspection.pdf");
    ok(run_shopbench(
        home.path(),
        &[
            "inspect",
            "--from-scan",
            scan.to_str().unwrap(),
            "--province",
            "QC",
            "--price",
            "18000",
            "-o",
            pdf.to_str().unwrap(),
        ],
    ));
    let text = pdf_flat_text(&pdf);
    for want in [
        "Garage Tremblay",
        "Inspection de véhicule d'occasion",
        "En un coup d'œil",
        "Les codes viennent-ils d'être effacés?",
        "Coûts d'achat",
        "Page 1 de",
        "Le témoin d'anomalie est",
        "Ce que cette inspection n'a pas pu vérifier",
        "Licence du gouvernement ouvert",
    ] {
        assert!(
            text.contains(want),
            "French inspection lacks {want:?}: {text}"
        );
    }
    assert!(!text.contains("At a glance"), "{text}");
    for english in [
        "The check-engine light",
        "The codes were",
        "were not scanned",
    ] {
        assert!(!text.contains(english), "{english:?} in French: {text}");
    }
}
