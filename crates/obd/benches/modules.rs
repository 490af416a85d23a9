//! Benchmark (not a test): the all-module scan over an ELM327 — the real
//! `elm327-emulator` (PyPI 4.0.0) on a pseudo-terminal, its `car` scenario
//! with the UDS modules of `tests/emulator/uds_car.py` (5 modules: engine,
//! ABS, airbag, body, radar; 64 addresses probed) — in shopbench's order and
//! in the naive one, and the emulator's own per-request floor.
//!
//! `cargo bench -p shopbench-obd --bench modules` prints a Markdown report.

mod common;

#[path = "../tests/emulator/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::time::{Duration, Instant};

use common::{summary, time_both_orders};
use harness::Emulator;
use shopbench_obd::modules::{ModuleAddress, PhysicalRequest, UdsLink, Wait};
use shopbench_obd::{ConnectOptions, Elm327, PortSpec};

const FLOOR_ROUNDS: usize = 30;

/// Median seconds of one request to `module` with `wait`.
async fn one_request(elm: &mut Elm327, module: ModuleAddress, wait: Wait) -> f64 {
    let mut times = Vec::new();
    for _ in 0..FLOOR_ROUNDS {
        let batch = [PhysicalRequest {
            module,
            data: vec![0x3E, 0x00],
        }];
        let t0 = Instant::now();
        elm.physical(&batch, wait).await.expect("request");
        times.push(t0.elapsed().as_secs_f64());
    }
    elm.end_physical().await.expect("back to OBD-II");
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut emu = Emulator::start("car");
    emu.install_uds_modules();
    let spec: PortSpec = emu.port.parse().unwrap();
    let opts = ConnectOptions {
        request_timeout: Duration::from_secs(3),
        ..ConnectOptions::default()
    };
    let mut elm = Elm327::connect(&spec, opts, |_| {}).await.expect("connect");
    let t = time_both_orders(&mut elm).await;
    let modules = t.modules.last().copied().unwrap_or(0);
    let present = one_request(&mut elm, ModuleAddress::can11(0x7B0), Wait::Full).await;
    let absent = one_request(&mut elm, ModuleAddress::can11(0x7C0), Wait::Probe).await;
    println!("## All-module scan over the ELM327 emulator ({modules} modules, 64 addresses)\n");
    println!("| order | time |\n|---|---|");
    println!("| shopbench (batched) | {} |", summary(t.fast));
    println!(
        "| naive (one request at a time, full waits) | {} |",
        summary(t.naive)
    );
    println!(
        "\nThe emulator's floor, median of {FLOOR_ROUNDS}: one request to a present module \
         (3E 00 to 7B0) {:.2} ms; a probe of an absent address (3E 00 to 7C0, no answer) {:.2} ms \
         (the emulator says NO DATA at once: a real bus makes the adapter wait out its timeout). \
         Discovery alone asks 64 addresses, {} of them empty: at least {:.3} s.",
        present * 1e3,
        absent * 1e3,
        64 - modules,
        (64 - modules) as f64 * absent + modules as f64 * present
    );
}
