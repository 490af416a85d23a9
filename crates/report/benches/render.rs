//! Diagnosis PDF render time (goal < 200 ms). Not a test: run with
//! `cargo bench -p shopbench-report --bench render`.
//!
//! Renders the report of a realistic lean/misfire case (codes, freeze frame,
//! readings, a recorded test, the full plan) on A4 and prints the median and
//! p95 of the wall time per render, font parsing amortised (the first render,
//! which parses the embedded fonts, is reported separately).

use std::time::{Duration, Instant};

use shopbench_diagnosis::{diagnose, CaseInput, Knowledge};
use shopbench_report::{render_diagnosis, PaperSize, Shop};

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
    let case: CaseInput = serde_json::from_str(CASE).expect("bench case parses");
    let kb = Knowledge::embedded();
    let diagnosis = diagnose(kb, &case);
    let shop = Shop::new("Main Street Auto", &["12 Main St", "Springfield, IL 62701"]);

    let t0 = Instant::now();
    let first = render_diagnosis(&shop, &case, &diagnosis, PaperSize::A4);
    let first_time = t0.elapsed();

    let runs = 30;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let pdf = render_diagnosis(&shop, &case, &diagnosis, PaperSize::A4);
            let d = t.elapsed();
            assert!(pdf.starts_with(b"%PDF-"));
            d
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "diagnosis PDF render: median {:.1} ms, p95 {:.1} ms over {runs} runs ({} bytes; first render incl. font parsing {:.1} ms; goal < 200 ms)",
        ms(times[runs / 2]),
        ms(times[runs * 95 / 100]),
        first.len(),
        ms(first_time),
    );
}
