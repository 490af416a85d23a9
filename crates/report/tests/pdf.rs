//! The rendered PDFs read back with poppler's `pdftotext` and `pdfinfo`.
//!
//! These tools are required: a machine without them fails here with the
//! install hint rather than skipping.

use std::io::Write;
use std::process::Command;

use shopbench_costs::{ca_purchase_costs, us_purchase_costs, CaQuery, Cents, SaleType, UsQuery};
use shopbench_diagnosis::{diagnose, CaseInput, Knowledge};
use shopbench_estimate::{
    estimate, DamageArea, DamageType, EstimateData, EstimateRequest, Severity, Vehicle,
};
use shopbench_report::{
    render_diagnosis, render_estimate, render_estimate_with_photos, render_purchase_costs,
    EstimatePhoto, Logo, PaperSize, PurchaseCosts, Shop,
};

const INSTALL_HINT: &str = "poppler-utils is required for the PDF tests — install it with \
                            `apt-get install -y poppler-utils` (Debian/Ubuntu) or \
                            `brew install poppler` (macOS)";

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(pdf).expect("write pdf");
    let path = f.path().to_str().expect("utf-8 temp path").to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if name == "pdftotext" {
        all.push("-");
    }
    let out = Command::new(name)
        .args(&all)
        .env("TZ", "UTC") // pdfinfo prints dates in the local zone
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{name}`: {e}. {INSTALL_HINT}"));
    assert!(
        out.status.success(),
        "`{name}` rejected the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn text(pdf: &[u8]) -> String {
    tool("pdftotext", &["-layout"], pdf)
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

fn info(pdf: &[u8]) -> String {
    tool("pdfinfo", &[], pdf)
}

fn pages(pdf: &[u8]) -> usize {
    info(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

fn shop() -> Shop {
    let mut s = Shop::new(
        "Garage Müller – Service €",
        &["12 Main St", "Springfield, IL 62701"],
    );
    s.phone = Some("(217) 555-0142".into());
    s
}

const CASE: &str = r#"{
  "vehicle": {"vin": "1HGCM82633A004352", "make": "Honda", "model": "Accord", "year": 2003, "engine": "2.4L I4"},
  "mileage": {"value": 148200, "unit": "mi"},
  "complaint": "Rough idle when warm, check engine light on.",
  "findings": "Hissing near the intake at idle.",
  "dtcs": ["P0171", {"code": "P0300", "status": "pending", "ecu": "ECM"}],
  "freeze_frame": {"rpm": 720, "coolant_temp": 90, "ltft_b1": 22.5},
  "readings": {"ltft_b1": 21.0, "ltft_b1_2500": 6.0},
  "test_results": [
    {"step_id": "trims_2500", "outcome": "fail", "note": "LTFT +21 % at idle"},
    {"step_id": "pcv_check", "outcome": "pass"}
  ]
}"#;

fn case() -> CaseInput {
    serde_json::from_str(CASE).expect("case parses")
}

#[test]
fn diagnosis_report_has_every_section() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let pdf = render_diagnosis(&shop(), &case, &d, PaperSize::A4);
    let t = text(&pdf);
    for want in [
        "Garage Müller – Service €",
        "12 Main St",
        "Diagnostic report",
        "2003 Honda Accord",
        "1HGCM82633A004352",
        "148,200 mi",
        "Rough idle when warm",
        "Hissing near the intake",
        "P0171",
        "System Too Lean (Bank 1)",
        "P0300",
        "pending",
        "ECM",
        "Coolant temperature",
        "90°C",
        "+22.5%",
        "Probable causes",
        "Overall confidence",
        "Test plan",
        "✗",
        "✓",
        "LTFT +21 % at idle",
        "Normal result:",
        "Result:",
        "About this report",
    ] {
        assert!(t.contains(want), "{want:?} missing from:\n{t}");
    }
    // The top cause and its probability.
    assert!(
        t.contains(&d.causes[0].name[..20]),
        "top cause missing:\n{t}"
    );
    assert!(t.contains(" %"), "no percentages:\n{t}");
    let n = pages(&pdf);
    assert!(
        t.contains(&format!("Page 1 of {n}")),
        "no page number:\n{t}"
    );
    // The fonts are embedded.
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "{fonts}"
    );
}

#[test]
fn long_diagnosis_spills_onto_page_2_with_header_and_page_numbers() {
    let mut case = case();
    for i in 1..=8 {
        case.readings
            .insert(format!("misfire_cyl_{i}"), f64::from(i * 3));
        case.readings
            .insert(format!("compression_cyl_{i}"), 150.0 + f64::from(i));
    }
    for (i, name) in [
        "ltft_b2",
        "stft_b2",
        "maf",
        "idle_rpm",
        "charging_v",
        "battery_v",
    ]
    .iter()
    .enumerate()
    {
        case.freeze_frame.insert(name.to_string(), 10.0 + i as f64);
    }
    case.findings = "Long notes. ".repeat(120);
    let d = diagnose(Knowledge::embedded(), &case);
    let pdf = render_diagnosis(&shop(), &case, &d, PaperSize::Letter);
    let n = pages(&pdf);
    assert!(n >= 2, "expected at least two pages, got {n}");
    let p2 = page_text(&pdf, 2);
    assert!(
        p2.contains(&format!("Page 2 of {n}")),
        "page 2 footer:\n{p2}"
    );
    assert!(
        p2.contains("Garage Müller – Service €")
            && p2.contains("Diagnostic report · 2003 Honda Accord"),
        "running header on page 2:\n{p2}"
    );
    let last = page_text(&pdf, n);
    assert!(last.contains(&format!("Page {n} of {n}")), "{last}");
    assert!(
        last.contains("About this report"),
        "disclaimer at the end:\n{last}"
    );
}

/// The footer said "likelihoods are editorial estimates, not measured
/// frequen…" on A4: cut to fit beside the page number, the one sentence
/// the report owes the reader about its numbers lost its end.
#[test]
fn regression_footer_note_cut_off_mid_word_on_a4() {
    let mut case = case();
    case.findings = "Long notes. ".repeat(120);
    let d = diagnose(Knowledge::embedded(), &case);
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let pdf = render_diagnosis(&shop(), &case, &d, paper);
        for page in 1..=pages(&pdf) {
            let words = page_text(&pdf, page)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                words.contains("editorial estimates, not measured")
                    && words.contains("frequencies")
                    && !words.contains('…'),
                "{paper:?} page {page}:\n{words}"
            );
        }
    }
}

/// What a scan could not read is printed for the technician, with its
/// reason, under the scan details — the findings only name it (see the app's
/// `regression_adapter_replies_in_the_customers_findings`).
#[test]
fn what_the_scan_could_not_read_is_in_the_scan_details() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let scan = shopbench_report::ScanDetails {
        source: "Scanned 2026-12-07 15:28 UTC through ELM327 v1.5 on /dev/pts/0.".into(),
        not_read: vec!["test results (06): timeout after 2 s".into()],
        ..Default::default()
    };
    let pdf =
        shopbench_report::render_diagnosis_with_scan(&shop(), &case, &d, &scan, PaperSize::A4);
    let words = text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Scan details (for the technician)")
            && words.contains("Not read in this scan")
            && words.contains("test results (06): timeout after 2 s"),
        "{words}"
    );
}

#[test]
fn table_header_repeats_after_a_page_break() {
    let mut case = case();
    for i in 0..70 {
        case.readings
            .insert(format!("misfire_cyl_{i}"), f64::from(i));
    }
    let d = diagnose(Knowledge::embedded(), &case);
    let pdf = render_diagnosis(&shop(), &case, &d, PaperSize::A4);
    assert!(pages(&pdf) >= 2);
    let p2 = page_text(&pdf, 2);
    assert!(
        p2.contains("Reading") && p2.contains("Freeze frame") && p2.contains("Measured"),
        "readings table header repeated on page 2:\n{p2}"
    );
}

/// Issue 19 (in part): a report says when it was issued, on its first page and as the
/// PDF's creation date (which was 1970-01-01), and names the shop as its author; without
/// an issue time it prints none rather than a wrong one.
#[test]
fn the_issue_time_is_printed_and_kept_as_the_creation_date() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let issued = Shop {
        issued_at: Some(1_796_551_920), // 2026-12-06 10:12 UTC
        ..shop()
    };
    let pdf = render_diagnosis(&issued, &case, &d, PaperSize::A4);
    assert!(page_text(&pdf, 1).contains("Issued 2026-12-06 10:12 UTC"));
    let meta = info(&pdf);
    assert!(
        meta.contains("CreationDate:    Sun Dec  6 10:12:00 2026"),
        "{meta}"
    );
    assert!(
        meta.contains("Author:          Garage Müller – Service €"),
        "{meta}"
    );
    let undated = render_diagnosis(&shop(), &case, &d, PaperSize::A4);
    assert!(!text(&undated).contains("Issued"));
}

#[test]
fn both_paper_sizes() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let a4 = info(&render_diagnosis(&shop(), &case, &d, PaperSize::A4));
    assert!(a4.contains("595.28 x 841.89"), "{a4}");
    assert!(a4.contains("(A4)"), "{a4}");
    let letter = info(&render_diagnosis(&shop(), &case, &d, PaperSize::Letter));
    assert!(letter.contains("612 x 792"), "{letter}");
    assert!(letter.contains("(letter)"), "{letter}");
}

#[test]
fn empty_case_renders_one_page() {
    let case = CaseInput::default();
    let d = diagnose(Knowledge::embedded(), &case);
    let pdf = render_diagnosis(&Shop::default(), &case, &d, PaperSize::A4);
    assert_eq!(pages(&pdf), 1);
    let t = text(&pdf);
    assert!(t.contains("Vehicle not given"), "{t}");
    assert!(t.contains("No trouble codes were recorded"), "{t}");
    assert!(t.contains("Page 1 of 1"), "{t}");
}

/// Issue #18 item 1: a case whose scan could not read the codes is never
/// reported as a car without codes.
#[test]
fn codes_not_read_are_never_reported_as_no_codes() {
    let case = CaseInput {
        findings: "Codes not read: stored codes (03) — the adapter answered 03 with 'CAN ERROR'"
            .into(),
        ..CaseInput::default()
    };
    let d = diagnose(Knowledge::embedded(), &case);
    let t = text(&render_diagnosis(
        &Shop::default(),
        &case,
        &d,
        PaperSize::A4,
    ));
    assert!(!t.contains("No trouble codes were recorded"), "{t}");
    assert!(t.contains("could not all be read"), "{t}");
    assert!(t.contains("CAN ERROR"), "{t}");
}

#[test]
fn us_purchase_costs_seed_example() {
    let us = us_purchase_costs(&UsQuery::new(
        "CA",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .expect("CA");
    let pdf = render_purchase_costs(&shop(), PurchaseCosts::from(&us), PaperSize::Letter);
    let t = text(&pdf);
    for want in [
        "Purchase cost breakdown",
        "California (CA)",
        "$25,000.00",
        "private party",
        "$1,812.50",
        "$2,687.50",
        "$28.00",
        "Total known",
        "Estimated total range",
        "Notes and sources",
        "Source: https://",
        "Amounts in USD",
    ] {
        assert!(t.contains(want), "{want:?} missing from:\n{t}");
    }
    for c in &us.caveats {
        let start: String = c.chars().take(30).collect();
        assert!(t.contains(&start), "caveat {start:?} missing");
    }
    assert!(
        t.contains(&format!("${}", thousands_cents(us.total_known_usd.get()))),
        "{t}"
    );
}

#[test]
fn ca_purchase_costs_seed_example() {
    let ca = ca_purchase_costs(&CaQuery::new(
        "on",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .expect("ON");
    let pdf = render_purchase_costs(&shop(), PurchaseCosts::from(&ca), PaperSize::A4);
    let t = text(&pdf);
    for want in [
        "Ontario (ON)",
        "RST (13%)",
        "$3,250.00",
        "$20.00",
        "$59.00",
        "$3,329.00",
        "Amounts in CAD",
    ] {
        assert!(t.contains(want), "{want:?} missing from:\n{t}");
    }
    assert_eq!(pages(&pdf), 1);
}

fn thousands_cents(c: i64) -> String {
    let d = (c / 100).to_string();
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{:02}", c % 100)
}

/// A 2022 Camry in California with `areas` marked, OEM parts.
fn camry_in_ca(areas: Vec<DamageArea>) -> EstimateRequest {
    EstimateRequest::new(Vehicle::new("Toyota", "Camry", 2022), "CA", areas)
}

#[test]
fn estimate_report_for_the_seed_camry() {
    let req = camry_in_ca(vec![
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate),
        DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor),
    ]);
    let est = estimate(&req, EstimateData::shipped()).expect("estimate");
    let pdf = render_estimate(&shop(), &est, "EST-0042", PaperSize::Letter);
    let t = text(&pdf);
    for want in [
        "Repair estimate",
        "Estimate EST-0042",
        "2022 Toyota Camry",
        "Line items",
        "REPLACE",
        "ADAS calibrations",
        "Totals",
        "Customer signature and date",
        "Estimator signature and date",
    ] {
        assert!(t.contains(want), "{want:?} missing from:\n{t}");
    }
    let total = format!("${}", thousands_cents(est.totals.total.get() as i64));
    assert!(t.contains(&total), "total {total} missing:\n{t}");
    for li in &est.line_items {
        let start: String = li.description.chars().take(18).collect();
        assert!(t.contains(&start), "line {start:?} missing:\n{t}");
    }
}

#[test]
fn estimate_photos_are_drawn_with_their_areas_labelled() {
    let mut bumper = DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate);
    bumper.photo_id = Some("front.jpg".into());
    bumper.region = Some(shopbench_estimate::Rect::new(0.2, 0.5, 0.4, 0.3).unwrap());
    let mut fender = DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor);
    fender.photo_id = Some("side.jpg".into());
    let req = camry_in_ca(vec![bumper, fender]);
    let est = estimate(&req, EstimateData::shipped()).expect("estimate");
    let photo = |id: &str, w: u32, h: u32| EstimatePhoto {
        id: id.into(),
        width: w,
        height: h,
        rgb: (0..w * h)
            .flat_map(|i| [(i % 251) as u8, 120, 200])
            .collect(),
    };
    let photos = [
        photo("front.jpg", 320, 240),
        photo("side.jpg", 240, 320),
        photo("rear.jpg", 320, 180),
    ];
    let pdf = render_estimate_with_photos(
        &shop(),
        &est,
        &photos,
        &Default::default(),
        "EST-0042",
        PaperSize::A4,
    );
    let images = tool("pdfimages", &["-list"], &pdf);
    let sizes: Vec<(u32, u32)> = images
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[3].parse().unwrap(), f[4].parse().unwrap())
        })
        .collect();
    assert_eq!(sizes, [(320, 240), (240, 320), (320, 180)], "{images}");
    let t = text(&pdf);
    for want in [
        "Photos",
        "front.jpg — 1 dent (moderate) on front bumper cover",
        "side.jpg — 2 scratch (minor) on front fender, left",
        "rear.jpg",
        "Damage",
        "Customer signature and date",
    ] {
        assert!(t.contains(want), "{want:?} missing from:\n{t}");
    }
    // Without photos the section is not there; a photo with bad pixel data is skipped.
    assert!(!text(&render_estimate(&shop(), &est, "EST-0042", PaperSize::A4)).contains("Photos"));
    let mut bad = photo("front.jpg", 10, 10);
    bad.rgb.truncate(5);
    let pdf = render_estimate_with_photos(
        &shop(),
        &est,
        &[bad],
        &Default::default(),
        "EST-0042",
        PaperSize::A4,
    );
    assert_eq!(tool("pdfimages", &["-list"], &pdf).lines().count(), 2);
}

#[test]
fn characters_outside_the_font_become_question_marks() {
    let mut case = case();
    case.complaint = "noise 🚗 at 40 °C – ok".into();
    let d = diagnose(Knowledge::embedded(), &case);
    let t = text(&render_diagnosis(&shop(), &case, &d, PaperSize::A4));
    assert!(t.contains("noise ? at 40 °C – ok"), "{t}");
}

/// Issue 19: the shop's logo heads the report, left of its name, which is
/// still printed; a report without one has no image.
#[test]
fn the_shops_logo_heads_the_report() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let plain = render_diagnosis(&shop(), &case, &d, PaperSize::Letter);
    let images = |pdf: &[u8]| tool("pdfimages", &["-list"], pdf).lines().count() - 2;
    assert_eq!(images(&plain), 0);
    let (w, h) = (240u32, 96u32);
    let rgb: Vec<u8> = (0..w * h)
        .flat_map(|i| [200, (i % 255) as u8, 40])
        .collect();
    let branded = Shop {
        logo: Some(Logo {
            width: w,
            height: h,
            rgb,
        }),
        ..shop()
    };
    let pdf = render_diagnosis(&branded, &case, &d, PaperSize::Letter);
    assert_eq!(images(&pdf), 1);
    let list = tool("pdfimages", &["-list"], &pdf);
    assert!(list.contains(" 240    96 "), "{list}");
    assert!(
        page_text(&pdf, 1).contains("Garage Müller"),
        "{}",
        page_text(&pdf, 1)
    );
    if let Ok(out) = std::env::var("SHOPBENCH_KEEP_PDF") {
        std::fs::write(out, &pdf).unwrap();
    }
}

/// Issue 19: the customer reads the plain words first — what we found, what
/// we recommend, what it may cost, how sure we are — before the technician's
/// detail; a case with nothing ranked says so instead of inventing a cause.
#[test]
fn the_first_page_answers_the_customers_four_questions_first() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let pdf = render_diagnosis(&shop(), &case, &d, PaperSize::Letter);
    let first = page_text(&pdf, 1);
    let at = |s: &str| {
        first
            .find(s)
            .unwrap_or_else(|| panic!("page 1 lacks {s}: {first}"))
    };
    assert!(at("In short") < at("What we found"));
    assert!(at("What we found") < at("What we recommend"));
    assert!(at("What we recommend") < at("What it may cost"));
    assert!(at("What it may cost") < at("How sure we are"));
    assert!(
        at("How sure we are") < at("Trouble codes"),
        "the summary comes before the detail"
    );
    let top = d.causes[0].name.to_lowercase();
    let words: Vec<&str> = top.split_whitespace().take(2).collect();
    assert!(first.to_lowercase().contains(&words.join(" ")), "{first}");
    assert!(first.contains("not a quote"), "{first}");
    let summary = &first[at("What we found")..at("How sure we are")];
    assert!(!summary.contains("100 %"), "nothing is certain: {summary}");
    if let Ok(out) = std::env::var("SHOPBENCH_KEEP_PDF") {
        std::fs::write(out, &pdf).unwrap();
    }

    let nothing = CaseInput::default();
    let empty = diagnose(Knowledge::embedded(), &nothing);
    let pdf = render_diagnosis(&shop(), &nothing, &empty, PaperSize::Letter);
    let first = page_text(&pdf, 1);
    assert!(first.contains("could not point to a cause yet"), "{first}");
    assert!(!first.contains("What it may cost"), "{first}");
}

/// Issue 19 item 5: a shop working in French hands the customer a report
/// whose own words are French — the four answers, the headings, the table
/// columns, the footer — with the shop's name and the codes as they are;
/// what the engines wrote (cause names, test steps) stays as written.
#[test]
fn a_french_shop_gets_the_report_in_french() {
    let case = case();
    let d = diagnose(Knowledge::embedded(), &case);
    let shop = Shop {
        lang: shopbench_i18n::Lang::FrCa,
        issued_at: Some(1_796_000_000),
        ..shop()
    };
    let pdf = render_diagnosis(&shop, &case, &d, PaperSize::Letter);
    let first = page_text(&pdf, 1);
    for want in [
        "Rapport de diagnostic",
        "Émis le",
        "En bref",
        "Ce que nous avons trouvé",
        "Ce que nous recommandons",
        "Ce que cela peut coûter",
        "Notre degré de certitude",
        "Codes d'anomalie",
        "Page 1 de",
        &shop.name,
        // The knowledge's cause and test names, from the catalogue.
        "fuite de dépression",
        "test de fumée de l'admission",
    ] {
        assert!(first.contains(want), "page 1 lacks {want:?}: {first}");
    }
    for english in [
        "In short",
        "What we found",
        "Trouble codes",
        "Page 1 of",
        "vacuum / unmetered air leak",
        "smoke-test the intake",
    ] {
        assert!(!first.contains(english), "page 1 still says {english:?}");
    }
    // The technician's detail too: systems, evidence notes, tools,
    // conclusions, the advice on raising the confidence.
    let all = text(&pdf);
    for want in [
        "air / carburant",
        "P0171 (lien vérifié)",
        "Corrections élevées au ralenti mais normales",
        "Outils : générateur de fumée",
        "Défaut trouvé :",
        "Noter les résultats et relancer",
        "Lire les compteurs de ratés",
        "Faire l'étape 1 (Test de fumée",
    ] {
        assert!(all.contains(want), "the report lacks {want:?}: {all}");
    }
    for english in [
        "curated link",
        "Tools:",
        "Fault found",
        "Record the results",
        "Do step 1",
    ] {
        assert!(!all.contains(english), "the report still says {english:?}");
    }
    if let Ok(out) = std::env::var("SHOPBENCH_KEEP_PDF_FR") {
        std::fs::write(out, &pdf).unwrap();
    }
}

/// Issue 19 item 5: the estimate and the purchase costs (a Quebec purchase,
/// in CAD) in French — their own words; the lines the engines wrote stay as
/// written, and the figures are the same as in English.
#[test]
fn the_estimate_and_purchase_costs_come_in_french_too() {
    let french = Shop {
        lang: shopbench_i18n::Lang::FrCa,
        ..shop()
    };
    let qc = ca_purchase_costs(&CaQuery::new(
        "qc",
        Cents::from_dollars(18_500),
        SaleType::Private,
    ))
    .expect("QC");
    let pdf = render_purchase_costs(&french, PurchaseCosts::from(&qc), PaperSize::Letter);
    if let Ok(dir) = std::env::var("SHOPBENCH_KEEP_PDF_DIR") {
        std::fs::write(format!("{dir}/costs-fr.pdf"), &pdf).unwrap();
    }
    let fr = text(&pdf);
    let en = text(&render_purchase_costs(
        &shop(),
        PurchaseCosts::from(&qc),
        PaperSize::Letter,
    ));
    for want in [
        "Détail des frais d'achat",
        "L'achat",
        "Taxes et frais",
        "Prix de vente",
        "Total connu",
        "Montants en CAD",
        "Page 1 de 1",
        "TVQ (9,975 %)",
        "Droits de transfert",
        "Montants compilés le",
    ] {
        assert!(
            fr.contains(want),
            "{want:?} missing from the French costs:\n{fr}"
        );
    }
    assert!(
        !fr.contains("Registration transfer fee") && !fr.contains("Figures compiled"),
        "the French costs keep English labels or caveats:\n{fr}"
    );
    // The same figure, written as each language writes money: `$1,845.38`
    // in English, `1 845,38 $` (no-break spaces) in French.
    let total = |t: &str, label: &str| {
        let line = t.lines().find(|l| l.contains(label)).unwrap_or_default();
        line.replace('\u{a0}', " ")
    };
    let en_total = total(&en, "Total known");
    let figure = en_total.split_whitespace().last().unwrap();
    let in_french = format!(
        "{} $",
        figure
            .trim_start_matches('$')
            .replace(',', " ")
            .replace('.', ",")
    );
    assert!(figure.starts_with('$'), "{en_total}");
    assert!(
        total(&fr, "Total connu").ends_with(&in_french),
        "{in_french:?} in French: {fr}"
    );

    let req = camry_in_ca(vec![DamageArea::manual(
        "front_bumper",
        DamageType::Dent,
        Severity::Moderate,
    )]);
    let est = estimate(&req, EstimateData::shipped()).expect("estimate");
    let pdf = render_estimate(&french, &est, "EST-0042", PaperSize::Letter);
    if let Ok(dir) = std::env::var("SHOPBENCH_KEEP_PDF_DIR") {
        std::fs::write(format!("{dir}/estimate-fr.pdf"), &pdf).unwrap();
    }
    let fr = text(&pdf);
    for want in [
        "Estimation de réparation",
        "Estimation EST-0042",
        "Véhicule et taux",
        "Lignes de l'estimation",
        "Totaux",
        "Autorisation",
        "Signature du client et date",
    ] {
        assert!(
            fr.contains(want),
            "{want:?} missing from the French estimate:\n{fr}"
        );
    }
    // The engine's own words too (issue 19 item 5): operations, panels,
    // line descriptions, totals, ADAS, the question, the data's names.
    for want in [
        "REMPLACER",
        "RACCORD",
        "Recouvrement de pare-chocs avant",
        "bosse",
        "modéré",
        "M.-O. carrosserie",
        "Étalonnage statique",
        "inclus",
        "Balayage diagnostique avant",
        "Ce 2022 Toyota Camry est-il équipé",
        "Taux horaires par État",
    ] {
        assert!(
            fr.contains(want),
            "{want:?} missing from the French estimate:\n{fr}"
        );
    }
    for english in [
        "Repair estimate",
        "Line items",
        "Authorization",
        "REPLACE",
        "Front bumper cover",
        "Body labor",
        "Static Calibration",
        "included",
        "Is this",
        "Pre-repair diagnostic scan",
        "Paint and materials",
        "State labor rates",
    ] {
        assert!(
            !fr.contains(english),
            "the French estimate still says {english:?}"
        );
    }
}

/// Rust beside insurer work: the derived customer-pay lines (clear coat, materials, sales
/// tax) said "(customer pay)" in their description and the PDF said it again; the
/// customer's own total is stated once, apart from the insurer's.
#[test]
fn regression_customer_pay_was_labelled_twice() {
    let req = camry_in_ca(vec![
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Severe),
        DamageArea::manual("quarter_panel_left", DamageType::Rust, Severity::Moderate),
    ]);
    let est = estimate(&req, EstimateData::shipped()).expect("estimate");
    let pdf = render_estimate(&shop(), &est, "EST-0043", PaperSize::Letter);
    if let Some(out) = std::env::var_os("PDF_OUT") {
        std::fs::write(out, &pdf).unwrap();
    }
    // A long description wraps in its cell, with the other columns between its lines.
    let t = text(&pdf);
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("(customer pay) (customer"), "{t}");
    let customer_lines = est
        .line_items
        .iter()
        .filter(|l| l.payer == shopbench_estimate::Payer::Customer)
        .count();
    assert_eq!(t.matches("(customer").count(), customer_lines, "{flat}");
    let own = format!(
        "Customer pay (not in total) ${}",
        thousands_cents(est.totals.customer_pay.get() as i64)
    );
    assert!(flat.contains(&own), "{own} missing: {flat}");
}
