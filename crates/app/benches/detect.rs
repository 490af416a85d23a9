//! Detection on 12 MP photos with a YOLOv8n-sized model (issue 20's goal: 5 photos in < 2 s
//! with pricing). Not a test: run with `cargo bench -p shopbench-app --bench detect`.
//!
//! The model is YOLOv8n's architecture for the six CarDD classes at 640 × 640 with random
//! weights (~3.0 M parameters, made once by `crates/detect/tools/make_models.py yolov8n` under
//! `target/bench/`; it needs Python with `onnx` and `numpy` — `$SHOPBENCH_PYTHON` names the
//! interpreter, default `python3`). It finds nothing useful and costs what a trained YOLOv8n
//! costs. The photos are five noisy 4032 × 3024 JPEGs of ~4 MB (as in the photos benchmark).
//!
//! Measured, after one warm-up:
//! - per photo, one at a time: decode with EXIF orientation, then letterbox + inference +
//!   decoding + NMS (`OnnxDetector::detections`), and the letterbox alone;
//! - what `shopbench estimate new --photo ×5 --detect --accept-proposals` does: reading,
//!   intake and detection of the five photos with one decode each
//!   (`shopbench_app::detection::read_photos_with_proposals`, photos spread over the cores),
//!   pricing seed 001's areas plus the accepted proposals, and the SQLite save.
//!
//! Prints and writes `target/bench/detect.md`: medians, fastest and slowest, and the load
//! average (`/proc/loadavg`) before and after.

mod common;

use common::{calibrate, photo, seed_areas, seed_camry, H, W};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use shopbench_app::detection::{accepted_areas, read_photos_with_proposals};
use shopbench_app::estimates::new_request;
use shopbench_detect::{candidates, nms, Letterbox, OnnxDetector, OutputGeometry, OutputLayout};
use shopbench_estimate::{estimate, EstimateData, ImageRef, View};
use shopbench_photos::decode_oriented;
use shopbench_store::Store;

const RUNS: usize = 7;

const MANIFEST: &str = r#"{
  "name": "YOLOv8n-sized graph, random weights (benchmark)",
  "format": "yolov8",
  "input": {"width": 640, "height": 640},
  "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
  "damage_types": {"dent": "dent", "scratch": "scratch", "crack": "crack",
    "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}
}"#;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The YOLOv8n-sized model, made on first use.
fn model(dir: &Path) -> PathBuf {
    let path = dir.join("yolov8n-random.onnx");
    if path.exists() {
        return path;
    }
    let python = std::env::var("SHOPBENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../detect/tools/make_models.py");
    let ok = Command::new(&python)
        .arg(&script)
        .arg("yolov8n")
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "could not make {} with {python}: it needs the onnx and numpy packages —\n  \
             python3 -m venv /tmp/onnx-venv && /tmp/onnx-venv/bin/pip install onnx numpy\n  \
             SHOPBENCH_PYTHON=/tmp/onnx-venv/bin/python cargo bench -p shopbench-app --bench detect",
            path.display()
        );
        std::process::exit(1);
    }
    path
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median, fastest and slowest of `v`, in ms.
fn spread(v: &[Duration]) -> (f64, f64, f64) {
    let mut s: Vec<f64> = v.iter().map(|d| ms(*d)).collect();
    s.sort_by(f64::total_cmp);
    (s[s.len() / 2], s[0], s[s.len() - 1])
}

fn row(name: &str, v: &[Duration]) -> String {
    let (med, lo, hi) = spread(v);
    format!("| {name} | {med:.1} | {lo:.1} | {hi:.1} |\n")
}

/// The five benchmark photos, named `photo0.jpg` … `photo4.jpg`.
type Photos = [(String, Vec<u8>)];

/// Per-photo times, one photo at a time after a warm-up: the decode with EXIF
/// orientation, `OnnxDetector::detections` (letterbox + inference + decoding +
/// NMS), and the letterbox alone.
struct OnePhotoTimes {
    decode: Vec<Duration>,
    detect: Vec<Duration>,
    letterbox: Vec<Duration>,
}

fn time_one_photo_at_a_time(detector: &OnnxDetector, files: &Photos) -> OnePhotoTimes {
    let (mut decode, mut detect, mut letterbox) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..=RUNS {
        let (name, bytes) = &files[run % files.len()];
        let t0 = Instant::now();
        let (w, h, rgb) = decode_oriented(name, bytes).expect("decode");
        let t_decode = t0.elapsed();
        let image = ImageRef {
            photo_id: name,
            width: w,
            height: h,
            rgb: &rgb,
            view: Some(View::Front),
        };
        let t1 = Instant::now();
        let found = detector.detections(&image).expect("detect");
        let t_detect = t1.elapsed();
        let m = detector.manifest();
        let t2 = Instant::now();
        let lb = Letterbox::fit((w as usize, h as usize), (m.input.width, m.input.height));
        let tensor = lb.tensor(&rgb, &m.normalize, m.input.pad_value);
        let t_letterbox = t2.elapsed();
        assert_eq!(tensor.len(), 3 * 640 * 640);
        if run == 0 {
            println!("warm-up: {} boxes above the threshold", found.len());
            continue;
        }
        decode.push(t_decode);
        detect.push(t_detect);
        letterbox.push(t_letterbox);
    }
    OnePhotoTimes {
        decode,
        detect,
        letterbox,
    }
}

/// Decoding and NMS at their worst: all 8,400 candidates above the threshold, in clusters.
fn time_worst_case_decoding_and_nms() -> Vec<Duration> {
    let per_box = 4 + 6;
    let n = 8400;
    let mut synthetic = vec![0f32; per_box * n];
    for i in 0..n {
        let (cx, cy) = ((i % 80) as f32 * 8.0, (i / 80) as f32 * 6.0);
        for (a, v) in [cx, cy, 40.0, 30.0].into_iter().enumerate() {
            synthetic[a * n + i] = v;
        }
        synthetic[(4 + i % 6) * n + i] = 0.3 + (i % 97) as f32 / 200.0;
    }
    let geometry = OutputGeometry::of(OutputLayout::Yolov8, 6, &[1, per_box, n]).expect("shape");
    let mut worst = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let kept = nms(&candidates(&geometry, &synthetic, 0.25), 0.45, 100);
        worst.push(t.elapsed());
        assert_eq!(kept.len(), 100);
    }
    worst
}

/// Times of `estimate new` with the five photos and --detect --accept-proposals,
/// after a warm-up: the whole command, reading + intake + detection, pricing,
/// and the SQLite save; and how many proposals the warm-up made.
struct EstimateNewTimes {
    total: Vec<Duration>,
    seen: Vec<Duration>,
    price: Vec<Duration>,
    save: Vec<Duration>,
    proposals_seen: usize,
}

fn time_estimate_new(
    detector: &OnnxDetector,
    files: &Photos,
    views: [Option<View>; 5],
) -> EstimateNewTimes {
    let store_dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, bytes)| {
            let p = store_dir.path().join(name);
            std::fs::write(&p, bytes).expect("photo file");
            p
        })
        .collect();
    let view_specs: Vec<String> = files
        .iter()
        .zip(views)
        .filter_map(|((name, _), v)| v.map(|v| format!("{name}={v}")))
        .collect();
    let mut store = Store::open(store_dir.path().join("bench.db")).expect("store");
    let mut times = EstimateNewTimes {
        total: Vec::new(),
        seen: Vec::new(),
        price: Vec::new(),
        save: Vec::new(),
        proposals_seen: 0,
    };
    for run in 0..=RUNS {
        let t0 = Instant::now();
        let (photos, proposals) =
            read_photos_with_proposals(&paths, &view_specs, detector).expect("photos");
        let t_seen = t0.elapsed();

        let t2 = Instant::now();
        let (accepted, _) = accepted_areas(&proposals);
        let (new, mut areas) = (seed_camry(), seed_areas());
        areas.extend(accepted);
        let est = estimate(&new_request(&new, &areas), EstimateData::shipped()).expect("price");
        assert!(est.totals.total.get() > 0);
        let t_price = t2.elapsed();

        let t3 = Instant::now();
        store.create_estimate(&new, &photos, &areas).expect("save");
        let t_save = t3.elapsed();
        if run == 0 {
            times.proposals_seen = proposals.len();
            continue;
        }
        times.total.push(t0.elapsed());
        times.seen.push(t_seen);
        times.price.push(t_price);
        times.save.push(t_save);
    }
    times
}

fn main() {
    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    let load_before = loadavg();
    let model_path = model(&dir);
    let manifest_path = dir.join("yolov8n-random.json");
    std::fs::write(&manifest_path, MANIFEST).expect("manifest");

    let t = Instant::now();
    let detector = OnnxDetector::from_files(&model_path, &manifest_path).expect("load");
    let load = t.elapsed();
    println!("model loaded and optimised in {:.0} ms", ms(load));

    let amp = calibrate();
    let files: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| (format!("photo{i}.jpg"), photo(W, H, amp, 11 + i)))
        .collect();
    let mb: Vec<String> = files
        .iter()
        .map(|(_, b)| format!("{:.1}", b.len() as f64 / 1e6))
        .collect();
    let views = [
        Some(View::Front),
        Some(View::Left),
        Some(View::Rear),
        Some(View::Right),
        None,
    ];

    let one = time_one_photo_at_a_time(&detector, &files);
    let worst = time_worst_case_decoding_and_nms();
    let new = time_estimate_new(&detector, &files, views);
    let without_save: Vec<Duration> = new
        .total
        .iter()
        .zip(&new.save)
        .map(|(t, s)| *t - *s)
        .collect();
    let load_after = loadavg();

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let proposals_seen = new.proposals_seen;
    let mut report = format!(
        "# Detection benchmark\n\n\
         `cargo bench -p shopbench-app --bench detect` — YOLOv8n architecture (6 classes, \
         640 × 640, random weights) run by tract-onnx 0.22 on {cores} core(s); five \
         {W} × {H} JPEGs of {} MB; {RUNS} runs after a warm-up. Load average before: \
         {load_before}; after: {load_after}. Model load and optimisation: {:.0} ms (once per \
         command). Warm-up proposals: {proposals_seen} (random weights).\n\n\
         ## One photo at a time (ms)\n\n| stage | median | fastest | slowest |\n|---|---|---|---|\n",
        mb.join(", "),
        ms(load)
    );
    report += &row("decode 12 MP JPEG, EXIF orientation", &one.decode);
    report += &row("letterbox to 640 × 640 (alone)", &one.letterbox);
    report += &row("letterbox + inference + decode + NMS", &one.detect);
    report += &row(
        "decode + NMS alone, 8,400 candidates all above the threshold (synthetic worst case)",
        &worst,
    );
    let per_photo: Vec<Duration> = one
        .decode
        .iter()
        .zip(&one.detect)
        .map(|(a, b)| *a + *b)
        .collect();
    report += &row("**per photo, decode to proposals**", &per_photo);
    report += "\n## `estimate new` with 5 photos, --detect --accept-proposals (ms)\n\n\
               | stage | median | fastest | slowest |\n|---|---|---|---|\n";
    report += &row(
        "read + intake + detection (one decode per photo, photos over the cores)",
        &new.seen,
    );
    report += &row("pricing", &new.price);
    report += &row(
        "**intake + detection + pricing** (goal < 2000)",
        &without_save,
    );
    report += &row("SQLite save of the originals", &new.save);
    report += &row("total with the save", &new.total);
    print!("{report}");
    let out = dir.join("detect.md");
    std::fs::write(&out, &report).expect("report");
    println!("\nwritten to {}", out.display());
}
