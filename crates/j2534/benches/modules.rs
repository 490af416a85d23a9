//! Benchmark (not a test): the all-module scan over J2534 — the simulated
//! PassThru library (`shopbench-j2534-sim`, 10 modules with their simulated
//! response times, 64 addresses probed), loaded through a manifest as a real
//! driver is — in shopbench's order (several modules asked at once) and in the
//! naive one, on 11-bit and 29-bit CAN.
//!
//! `cargo bench -p shopbench-j2534 --bench modules` prints a Markdown report.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../../obd/benches/common/mod.rs"]
mod timing;

use shopbench_j2534::{Discovery, LinkOptions, PassThruLink};
use timing::{summary, time_both_orders};

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
        let t = time_both_orders(&mut link).await;
        assert!(
            t.modules.iter().all(|&n| n == 10),
            "every simulated module found"
        );
        println!("| {label} | shopbench (batched) | {} |", summary(t.fast));
        println!("| {label} | naive | {} |", summary(t.naive));
    }
}
