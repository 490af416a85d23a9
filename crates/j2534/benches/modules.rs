//! Benchmark (not a test): the all-module scan over J2534 — the simulated
//! PassThru library (`shopbench-j2534-sim`, 10 modules with their simulated
//! response times, 64 addresses probed), loaded through a manifest as a real
//! driver is — in shopbench's order (several modules asked at once) and in the
//! naive one, on 11-bit and 29-bit CAN.
//!
//! `cargo bench -p shopbench-j2534 --bench modules` prints a Markdown report.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use shopbench_j2534::{Discovery, LinkOptions, PassThruLink};
use shopbench_obd::modules::{scan_modules, ModuleScanOptions, ScanOrder};

const RUNS: usize = 5;

fn summary(mut s: Vec<f64>) -> String {
    s.sort_by(f64::total_cmp);
    format!(
        "{:.2} s (min {:.2}, max {:.2}, n = {})",
        s[s.len() / 2],
        s[0],
        s[s.len() - 1],
        s.len()
    )
}

fn link(scenario: &str) -> PassThruLink {
    let home = common::home_with_sim_manifest();
    let device = Discovery {
        home: Some(home.path().to_owned()),
        env_lib: None,
    }
    .resolve(Some("simulator"))
    .expect("discover the simulator");
    let options = LinkOptions {
        open_name: Some(scenario.to_owned()),
        ..LinkOptions::default()
    };
    PassThruLink::open(common::sim(), &device, options, |_| {}).expect("open the simulator")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("## All-module scan over J2534 (simulator, 10 modules, 64 addresses)\n");
    println!("| CAN | order | time |\n|---|---|---|");
    for (label, scenario) in [("11-bit", ""), ("29-bit", "ids:29")] {
        let mut link = link(scenario);
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..RUNS {
            for (i, order) in [ScanOrder::Fast, ScanOrder::Naive].into_iter().enumerate() {
                let options = ModuleScanOptions {
                    order,
                    ..ModuleScanOptions::default()
                };
                let t0 = Instant::now();
                let scan = scan_modules(&mut link, &options, |_| {})
                    .await
                    .expect("scan");
                times[i].push(t0.elapsed().as_secs_f64());
                assert_eq!(scan.modules.len(), 10, "every simulated module found");
            }
        }
        let [fast, naive] = times;
        println!("| {label} | shopbench (batched) | {} |", summary(fast));
        println!("| {label} | naive | {} |", summary(naive));
    }
}
