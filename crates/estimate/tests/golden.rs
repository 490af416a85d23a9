//! Golden files: the seed-001 Camry estimate's insurance view and complete response, so any
//! change to the shipped data or the engine shows up as a reviewed diff.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p shopbench-estimate --test golden`.

use std::path::PathBuf;

use shopbench_estimate::{
    estimate, DamageArea, DamageType, EstimateData, EstimateRequest, EstimateSummary,
    InsuranceEstimate, Severity, Vehicle,
};

fn check(name: &str, value: &impl serde::Serialize) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert_eq!(
        text, want,
        "{name} changed — review, then UPDATE_GOLDEN=1 to accept"
    );
}

#[test]
fn camry_seed_example_golden() {
    let mut v = Vehicle::new("Toyota", "Camry", 2022);
    v.equipment = Some(
        ["forward_camera", "front_radar"]
            .map(String::from)
            .into_iter()
            .collect(),
    );
    let areas = vec![
        DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate),
        DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor),
    ];
    let req = EstimateRequest::new(v, "CA", areas);
    let est = estimate(&req, EstimateData::shipped()).unwrap();
    check(
        "camry_insurance.json",
        &InsuranceEstimate::from_estimate(&est, "est_camry"),
    );
    check(
        "camry_summary.json",
        &EstimateSummary::from_estimate(&est, "est_camry", None),
    );
}
