//! Writes one of each report into a directory, for looking at:
//! `cargo run -p shopbench-report --example sample_reports -- /tmp/reports`
//! then e.g. `pdftoppm -png -r 60 /tmp/reports/diagnosis-a4.pdf /tmp/reports/diag`.

use shopbench_costs::{ca_purchase_costs, us_purchase_costs, CaQuery, Cents, SaleType, UsQuery};
use shopbench_diagnosis::{diagnose, CaseInput, Knowledge};
use shopbench_estimate::{
    estimate, DamageArea, DamageType, EstimateData, EstimateRequest, Severity, Vehicle,
};
use shopbench_report::{
    render_diagnosis, render_estimate, render_purchase_costs, PaperSize, PurchaseCosts, Shop,
};

const CASE: &str = r#"{
  "vehicle": {"vin": "1HGCM82633A004352", "make": "Honda", "model": "Accord", "year": 2003, "engine": "2.4L I4 K24A4"},
  "mileage": {"value": 148200, "unit": "mi"},
  "complaint": "Rough idle when warm, hesitation when accelerating, check engine light on for two weeks.",
  "findings": "Hissing near the intake at idle; PCV hose cracked at the elbow.",
  "dtcs": ["P0171", {"code": "P0300", "status": "pending", "ecu": "ECM"}, "P0174"],
  "freeze_frame": {"rpm": 720, "coolant_temp": 90, "ltft_b1": 22.5, "stft_b1": 8.0, "maf": 2.1},
  "readings": {"ltft_b1": 21.0, "ltft_b1_2500": 6.0, "misfire_cyl_2": 14, "o2_b1s1_min_v": 0.08, "o2_b1s1_max_v": 0.82},
  "test_results": [{"step_id": "trims_2500", "outcome": "fail", "note": "LTFT +21 % at idle, +6 % at 2500 rpm"}, {"step_id": "pcv_check", "outcome": "pass", "note": "slight vacuum at the filler cap"}]
}"#;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir).expect("create output directory");
    let mut shop = Shop::new(
        "Main Street Auto & Électrique",
        &["12 Main St", "Springfield, IL 62701"],
    );
    shop.phone = Some("(217) 555-0142".into());
    shop.email = Some("service@mainstreet.example".into());
    shop.registration = Some("ARD 123456".into());

    let case: CaseInput = serde_json::from_str(CASE).expect("case parses");
    let d = diagnose(Knowledge::embedded(), &case);
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let pdf = render_diagnosis(&shop, &case, &d, paper);
        std::fs::write(dir.join(format!("diagnosis-{paper}.pdf")), pdf).expect("write");
    }

    let us = us_purchase_costs(&UsQuery::new(
        "ca",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .expect("CA costs");
    let pdf = render_purchase_costs(&shop, PurchaseCosts::from(&us), PaperSize::Letter);
    std::fs::write(dir.join("costs-us-ca.pdf"), pdf).expect("write");
    let ca = ca_purchase_costs(&CaQuery::new(
        "on",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .expect("ON costs");
    let pdf = render_purchase_costs(&shop, PurchaseCosts::from(&ca), PaperSize::A4);
    std::fs::write(dir.join("costs-ca-on.pdf"), pdf).expect("write");

    let areas = vec![
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate),
        DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor),
    ];
    let req = EstimateRequest::new(Vehicle::new("Toyota", "Camry", 2022), "CA", areas);
    let est = estimate(&req, EstimateData::shipped()).expect("estimate");
    let pdf = render_estimate(&shop, &est, "EST-0042", PaperSize::Letter);
    std::fs::write(dir.join("estimate.pdf"), pdf).expect("write");
    println!("wrote the sample reports to {}", dir.display());
}
