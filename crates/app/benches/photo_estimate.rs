//! Photos → priced, saved estimate (issue 5's goal: < 1 s; seed 001 quotes ~15 s). Not a
//! test: run with `cargo bench -p shopbench-app --bench photo_estimate`.
//!
//! Five noisy 12 MP (4032 × 3024) JPEGs of ~4 MB each are generated once (noise level
//! calibrated so the files really are ~4 MB, like phone photos). Each run then does what
//! `shopbench estimate new` does with them: intake (sniff, limits, full decode, EXIF, 320 px
//! thumbnail, SHA-256) of all five, spread over the cores by `intake_many`, pricing seed 001's two damage areas, and saving the
//! estimate with the five originals and thumbnails to a SQLite file (WAL, synchronous=FULL).
//! Prints the median and the slowest run, with the split per stage.

mod common;

use common::{calibrate, photo, seed_areas, seed_camry, H, W};
use std::time::{Duration, Instant};

use shopbench_app::estimates::new_request;
use shopbench_estimate::{estimate, EstimateData};
use shopbench_photos::intake_many;
use shopbench_store::{NewEstimatePhoto, Store};

fn main() {
    let amp = calibrate();
    let files: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| (format!("photo{i}.jpg"), photo(W, H, amp, 11 + i)))
        .collect();
    let sizes: Vec<String> = files
        .iter()
        .map(|(_, b)| format!("{:.1}", b.len() as f64 / 1e6))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("bench.db")).expect("store");

    let runs = 7;
    let mut totals = Vec::new();
    let mut stages = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let photos: Vec<NewEstimatePhoto> = intake_many(&refs)
            .into_iter()
            .zip(&files)
            .map(|(p, (_, bytes))| NewEstimatePhoto::from_intake(p.expect("intake"), bytes.clone()))
            .collect();
        let t_intake = t0.elapsed();

        let t1 = Instant::now();
        let (new, areas) = (seed_camry(), seed_areas());
        let est = estimate(&new_request(&new, &areas), EstimateData::shipped()).expect("price");
        assert!(est.totals.total.get() > 0);
        let t_price = t1.elapsed();

        let t2 = Instant::now();
        store.create_estimate(&new, &photos, &areas).expect("save");
        let t_save = t2.elapsed();
        totals.push(t0.elapsed());
        stages.push((t_intake, t_price, t_save));
    }
    let mut order: Vec<usize> = (0..runs).collect();
    order.sort_by_key(|&i| totals[i]);
    let med = order[runs / 2];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (i, p, s) = stages[med];
    println!(
        "estimate from 5 photos ({W}×{H} JPEG, {} MB): median {:.0} ms (intake+thumbnails {:.0} ms, \
         pricing {:.2} ms, SQLite save {:.0} ms), slowest {:.0} ms over {runs} runs; goal < 1000 ms",
        sizes.join("/"),
        ms(totals[med]),
        ms(i),
        ms(p),
        ms(s),
        ms(totals[order[runs - 1]]),
    );
}
