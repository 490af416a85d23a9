//! What the two all-module scan benchmarks share (this crate's, over the
//! ELM327 emulator, and `shopbench-j2534`'s, over the simulated PassThru
//! library): scans in both orders, alternating, and the figures' summary.

use std::time::Instant;

use shopbench_obd::modules::{scan_modules, ModuleScanOptions, ScanOrder, UdsLink};

/// Scans per order.
pub const RUNS: usize = 5;

/// Seconds per scan in shopbench's order and in the naive one, and the modules each scan
/// found.
pub struct Timings {
    /// `ScanOrder::Fast`.
    pub fast: Vec<f64>,
    /// `ScanOrder::Naive`.
    pub naive: Vec<f64>,
    /// Modules found, per scan.
    pub modules: Vec<usize>,
}

/// [`RUNS`] scans in each order, alternating, over `link`.
pub async fn time_both_orders<L: UdsLink>(link: &mut L) -> Timings {
    let mut t = Timings {
        fast: Vec::new(),
        naive: Vec::new(),
        modules: Vec::new(),
    };
    for _ in 0..RUNS {
        for order in [ScanOrder::Fast, ScanOrder::Naive] {
            let options = ModuleScanOptions {
                order,
                ..ModuleScanOptions::default()
            };
            let t0 = Instant::now();
            let scan = scan_modules(link, &options, |_| {}).await.expect("scan");
            let took = t0.elapsed().as_secs_f64();
            match order {
                ScanOrder::Fast => t.fast.push(took),
                ScanOrder::Naive => t.naive.push(took),
            }
            t.modules.push(scan.modules.len());
        }
    }
    t
}

/// "1.31 s (min 1.30, max 1.34, n = 5)": the median, the spread and the count.
pub fn summary(mut s: Vec<f64>) -> String {
    s.sort_by(f64::total_cmp);
    format!(
        "{:.2} s (min {:.2}, max {:.2}, n = {})",
        s[s.len() / 2],
        s[0],
        s[s.len() - 1],
        s.len()
    )
}
