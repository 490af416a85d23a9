//! End to end: `shopbench costs … --pdf` and `shopbench diagnose --input … --pdf`
//! write PDFs that poppler reads back (pdftotext/pdfinfo are required; a
//! machine without them fails here with the install hint).

use std::path::{Path, PathBuf};
use std::process::Command;

use shopbench_e2e::{pdf_flat_text, run_shopbench, Run};

const INSTALL_HINT: &str = "poppler-utils is required for the PDF tests — install it with \
                            `apt-get install -y poppler-utils` (Debian/Ubuntu) or \
                            `brew install poppler` (macOS)";

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}`: {e}. {INSTALL_HINT}"));
    assert!(
        out.status.success(),
        "`{tool}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn pdf_text(path: &Path) -> String {
    poppler(
        "pdftotext",
        &["-layout", path.to_str().expect("utf-8 path"), "-"],
    )
}

fn pdf_info(path: &Path) -> String {
    poppler("pdfinfo", &[path.to_str().expect("utf-8 path")])
}

/// `shopbench costs` for a $25,000 private sale in `place` (`["us", "--state", "CA"]`,
/// `["ca", "--province", "SK"]`), its PDF written to `pdf`, then `more`.
fn private_sale_pdf_args<'a>(place: &[&'a str], pdf: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["costs"];
    args.extend_from_slice(place);
    args.extend(["--price", "25000", "--sale", "private", "--pdf", pdf]);
    args.extend_from_slice(more);
    args
}

#[test]
fn costs_us_writes_a_letter_pdf_with_the_shop_header() {
    let home = tempfile::tempdir().expect("temp home");
    let shop = home.path().join("shop.json");
    std::fs::write(
        &shop,
        r#"{"name": "Main Street Auto", "address": ["12 Main St", "Springfield, IL 62701"], "phone": "(217) 555-0142"}"#,
    )
    .expect("write shop");
    let pdf = home.path().join("costs.pdf");
    let run = run_shopbench(
        home.path(),
        &private_sale_pdf_args(
            &["us", "--state", "CA"],
            pdf.to_str().expect("utf-8"),
            &["--shop", shop.to_str().expect("utf-8")],
        ),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    // The table still goes to stdout; stderr says where the PDF went.
    assert!(run.stdout.contains("1,812.50"), "{}", run.stdout);
    assert!(run.stderr.contains("costs.pdf"), "{}", run.stderr);
    let text = pdf_text(&pdf);
    for want in [
        "Main Street Auto",
        "(217) 555-0142",
        "California (CA)",
        "$1,812.50",
        "$28.00",
        "Page 1 of 1",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let info = pdf_info(&pdf);
    assert!(info.contains("612 x 792"), "letter by default:\n{info}");
}

/// Issue 19 (in part): the shop entered once in the desktop's Settings heads
/// the CLI's PDFs too, on the paper chosen there; `--shop` and `--paper` still win.
#[test]
fn the_desktops_settings_head_the_clis_pdfs_unless_the_flags_say_otherwise() {
    let home = tempfile::tempdir().expect("temp home");
    let config = home.path().join(".config/shopbench");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.json"),
        r#"{"shop_name": "Prairie Garage", "shop_address": "4 Elm Rd\nRegina, SK", "shop_email": "desk@prairie.example", "shop_registration": "SGI 4471", "paper": "a4", "engine": "embedded"}"#,
    )
    .unwrap();
    let pdf = home.path().join("costs.pdf");
    let costs = |extra: &[&str]| {
        let args = private_sale_pdf_args(
            &["ca", "--province", "SK"],
            pdf.to_str().expect("utf-8"),
            extra,
        );
        let run = run_shopbench(home.path(), &args);
        assert_eq!(run.code, Some(0), "{run:?}");
    };
    costs(&[]);
    let text = pdf_text(&pdf);
    for want in [
        "Prairie Garage",
        "4 Elm Rd",
        "desk@prairie.example",
        "SGI 4471",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let info = pdf_info(&pdf);
    assert!(
        info.contains("595.28 x 841.89"),
        "A4 from the settings:\n{info}"
    );
    assert!(
        info.contains("Author:          Prairie Garage"),
        "the shop is the author:\n{info}"
    );
    assert!(
        !info.contains("1970"),
        "dated when written, not 1970:\n{info}"
    );
    assert!(
        text.contains("Issued 20"),
        "the issue time is printed:\n{text}"
    );
    costs(&["--paper", "letter"]);
    assert!(pdf_info(&pdf).contains("612 x 792"), "--paper wins");
    // A settings file that is not JSON is named, and nothing is written.
    std::fs::write(config.join("settings.json"), "{oops").unwrap();
    std::fs::remove_file(&pdf).unwrap();
    let run = run_shopbench(
        home.path(),
        &private_sale_pdf_args(&["ca", "--province", "SK"], pdf.to_str().unwrap(), &[]),
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("settings.json"), "{}", run.stderr);
    assert!(!pdf.exists());
}

#[test]
fn costs_ca_pdf_on_a4() {
    let home = tempfile::tempdir().expect("temp home");
    let pdf = home.path().join("on.pdf");
    let run = run_shopbench(
        home.path(),
        &private_sale_pdf_args(
            &["ca", "--province", "ON"],
            pdf.to_str().expect("utf-8"),
            &["--paper", "a4"],
        ),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let text = pdf_text(&pdf);
    assert!(text.contains("$3,329.00"), "{text}");
    assert!(pdf_info(&pdf).contains("595.28 x 841.89"), "A4");
}

/// `shopbench diagnose --input case.json --pdf diag.pdf` in `home`, the case
/// file holding `case`, with the `more` flags: what it printed and the PDF.
fn diagnose_input_pdf(home: &Path, case: &str, more: &[&str]) -> (Run, PathBuf) {
    let file = home.join("case.json");
    std::fs::write(&file, case).expect("write case");
    let pdf = home.join("diag.pdf");
    let mut args = vec![
        "diagnose",
        "--input",
        file.to_str().expect("utf-8"),
        "--pdf",
        pdf.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(more);
    let run = run_shopbench(home, &args);
    assert_eq!(run.code, Some(0), "{run:?}");
    (run, pdf)
}

#[test]
fn diagnose_input_writes_the_report() {
    let home = tempfile::tempdir().expect("temp home");
    let (_, pdf) = diagnose_input_pdf(
        home.path(),
        r#"{"vehicle": {"make": "Honda", "model": "Civic", "year": 2012},
            "complaint": "shakes at idle, check engine light flashing",
            "dtcs": ["P0300", "P0302"],
            "freeze_frame": {"coolant_temp": 88, "rpm": 650}}"#,
        &["--paper", "a4"],
    );
    let text = pdf_text(&pdf);
    for want in [
        "Diagnostic report",
        "2012 Honda Civic",
        "P0302",
        "Cylinder 2 Misfire Detected",
        "88°C",
        "Probable causes",
        "Test plan",
        "Page 1 of",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    assert!(pdf_info(&pdf).contains("(A4)"));
}

/// `diagnose --input` of a Camry misfiring on cylinder 4 (P0304), with its PDF.
fn cylinder_4_misfire_pdf(home: &Path) -> (Run, PathBuf) {
    diagnose_input_pdf(
        home,
        r#"{"vehicle": {"make": "Toyota", "model": "Camry", "year": 2012},
            "complaint": "shakes at idle, check engine light flashing",
            "dtcs": ["P0304"]}"#,
        &[],
    )
}

/// `diagnose --input` with a cylinder-4 misfire code: the plan's steps name
/// cylinder 4 where they said "the misfiring cylinder" — in the text the CLI
/// prints and in the PDF report, both from the engine's plan.
#[test]
fn diagnose_input_plan_names_the_misfiring_cylinder() {
    let home = tempfile::tempdir().expect("temp home");
    let (run, pdf) = cylinder_4_misfire_pdf(home.path());
    for want in [
        "[coil_swap] Swap cylinder 4's coil with a neighbouring cylinder's — Swap coils",
        "[plug_inspect] Pull and inspect the spark plugs, cylinder 4's first — Remove plugs",
        "[injector_test] Test cylinder 4's injector (noid light",
    ] {
        assert!(
            run.stdout.contains(want),
            "{want:?} missing:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("the misfiring cylinder's coil"),
        "{}",
        run.stdout
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("Swap cylinder 4's coil"), "{text}");
}

#[test]
fn bad_paper_size_and_unwritable_path_are_clear_errors() {
    let home = tempfile::tempdir().expect("temp home");
    let run = run_shopbench(
        home.path(),
        &private_sale_pdf_args(&["us", "--state", "CA"], "x.pdf", &["--paper", "legal"]),
    );
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("use a4 or letter"), "{}", run.stderr);

    let missing = home.path().join("no/such/dir/out.pdf");
    let run = run_shopbench(
        home.path(),
        &private_sale_pdf_args(
            &["us", "--state", "CA"],
            missing.to_str().expect("utf-8"),
            &[],
        ),
    );
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("cannot write the PDF"),
        "{}",
        run.stderr
    );
}

/// `shopbench report CASE_ID -o FILE`: a saved case's PDF. The first report
/// diagnoses the case (and saves that run); a second one reuses the saved run;
/// after a test result is recorded the report diagnoses again and shows the
/// re-ranked plan with the recorded step. `diagnose CASE_ID --pdf` writes the
/// same report while it saves the run.
#[test]
fn report_for_a_saved_case_follows_its_latest_diagnosis() {
    let home = tempfile::tempdir().expect("temp home");
    let h = home.path();
    let created = run_shopbench(
        h,
        &[
            "case",
            "new",
            "--vehicle",
            "Toyota Camry 2014 2.5L",
            "--mileage",
            "120000",
            "--complaint",
            "shakes at idle, check engine light flashing",
            "--code",
            "P0300",
            "--code",
            "P0302",
            "--json",
        ],
    );
    assert_eq!(created.code, Some(0), "{created:?}");
    let case: serde_json::Value = serde_json::from_str(&created.stdout).expect("case JSON");
    let id = case["id"].as_i64().expect("id").to_string();
    let runs = |h: &Path| -> usize {
        let show = run_shopbench(h, &["case", "show", &id, "--json"]);
        assert_eq!(show.code, Some(0), "{show:?}");
        let v: serde_json::Value = serde_json::from_str(&show.stdout).expect("case JSON");
        v["runs"].as_array().expect("runs").len()
    };

    let first = h.join("first.pdf");
    let run = run_shopbench(h, &["report", &id, "-o", first.to_str().expect("utf-8")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stderr.contains("not been diagnosed yet"),
        "{}",
        run.stderr
    );
    assert_eq!(runs(h), 1, "the report's diagnosis is saved with the case");
    let text = pdf_text(&first);
    for want in [
        "Diagnostic report",
        "2014 Toyota Camry",
        "shakes at idle",
        "P0302",
        "Probable causes",
        "Test plan",
        "Page 1 of",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    assert!(pdf_info(&first).contains("letter"), "US Letter by default");

    // Nothing changed: the saved run is the report, no new run.
    let again = h.join("again.pdf");
    let run = run_shopbench(
        h,
        &[
            "report",
            &id,
            "-o",
            again.to_str().expect("utf-8"),
            "--paper",
            "a4",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("reporting saved run"), "{}", run.stderr);
    assert_eq!(runs(h), 1);
    assert!(pdf_info(&again).contains("(A4)"));

    // A recorded test result changes the case: the report re-diagnoses.
    let rec = run_shopbench(h, &["case", "test", &id, "coil_swap", "fail"]);
    assert_eq!(rec.code, Some(0), "{rec:?}");
    let after = h.join("after.pdf");
    let run = run_shopbench(h, &["report", &id, "-o", after.to_str().expect("utf-8")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("changed since"), "{}", run.stderr);
    assert_eq!(runs(h), 2);
    assert_ne!(pdf_text(&after), text, "the re-ranked report differs");

    // diagnose CASE_ID --pdf: a run and its PDF in one go.
    let diag = h.join("diag.pdf");
    let run = run_shopbench(
        h,
        &["diagnose", &id, "--pdf", diag.to_str().expect("utf-8")],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("Probable causes"), "{}", run.stdout);
    assert_eq!(runs(h), 3);
    assert!(pdf_text(&diag).contains("Test plan"));

    // An unknown case and an unwritable path are clear errors that save nothing.
    let run = run_shopbench(h, &["report", "999", "-o", "x.pdf"]);
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("999"), "{}", run.stderr);
    let run = run_shopbench(h, &["report", &id, "-o", "/no/such/dir/r.pdf"]);
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("cannot write the PDF"),
        "{}",
        run.stderr
    );
    assert_eq!(runs(h), 3);
}

/// Regression: the PDF's "If normal: go to …" named the next step by the knowledge's
/// general wording ("go to Swap the misfiring cylinder's coil with a neighbour") while the
/// step itself, a line above, named cylinder 4.
#[test]
fn regression_pdf_go_to_named_the_next_step_without_its_cylinder() {
    let home = tempfile::tempdir().expect("temp home");
    let (_, pdf) = cylinder_4_misfire_pdf(home.path());
    let text = pdf_flat_text(&pdf);
    assert!(
        text.contains("go to Pull and inspect the spark plugs, cylinder 4's first"),
        "{text}"
    );
    assert!(!text.contains("misfiring cylinder"), "{text}");
}

/// Regression: the PDF named a recorded result's test, and the "Against: …" it
/// gave, by the knowledge's general wording ("✓ Swap the misfiring cylinder's
/// coil with a neighbour — passed") beside plan steps naming cylinder 4.
#[test]
fn regression_pdf_named_a_recorded_test_without_its_cylinder() {
    let home = tempfile::tempdir().expect("temp home");
    let (_, pdf) = diagnose_input_pdf(
        home.path(),
        r#"{"vehicle": {"make": "Toyota", "model": "Camry", "year": 2012},
            "complaint": "shakes at idle, check engine light flashing",
            "dtcs": ["P0304"],
            "test_results": [{"step_id": "coil_swap", "outcome": "pass"}]}"#,
        &[],
    );
    let text = pdf_flat_text(&pdf);
    assert!(
        text.contains("Swap cylinder 4's coil with a neighbouring cylinder's — passed"),
        "{text}"
    );
    assert!(
        text.contains("Against: Swap cylinder 4's coil with a neighbouring cylinder's passed"),
        "{text}"
    );
    assert!(!text.contains("misfiring cylinder"), "{text}");
}
