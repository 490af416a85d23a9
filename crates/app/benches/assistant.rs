//! The assistant's speed, embedded: time to the first streamed sentence and
//! to the whole answer (goals < 50 ms and < 200 ms), for every question of
//! `tests/data/assistant-questions.jsonl`, through the real workflow — a
//! SQLite shop database on disk with closed cases, the recall and complaint
//! fixtures imported as the offline cache. Not a test: run with
//! `cargo bench -p shopbench-app --bench assistant`.
//!
//! Two paths are measured: `answer` (look up, rank, write, stream — what the
//! server's `/v1/chat` calls) and `ask` (the same inside a saved
//! conversation, as `shopbench ask` and the desktop run it: the history read
//! and two messages written, each write an fsync'd transaction). The first
//! question of the process also pays for loading the knowledge and the code
//! catalogue; it is reported on its own. The machine's load average is
//! recorded before and after, since other builds share these cores. Writes
//! `target/bench/assistant.md` as well as stdout.

use std::path::Path;
use std::time::{Duration, Instant};

use shopbench_app::assistant::{
    answer, ask, Ask, AssistantSettings, Engine, Question, Sources, Turn,
};
use shopbench_app::ShopPaths;
use shopbench_recalls::ImportKind;
use shopbench_store::{CaseDtc, NewCase, Store, TestOutcome, VehicleId};

const QUESTIONS: &str = include_str!("../../../tests/data/assistant-questions.jsonl");
const ROUNDS: usize = 5;

struct Q {
    history: Vec<String>,
    question: String,
}

fn questions() -> Vec<Q> {
    QUESTIONS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("question line");
            Q {
                history: v["history"]
                    .as_array()
                    .expect("history")
                    .iter()
                    .map(|h| h.as_str().expect("text").to_string())
                    .collect(),
                question: v["question"].as_str().expect("question").to_string(),
            }
        })
        .collect()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../recalls/tests/fixtures")
        .join(name)
}

/// A shop on disk: the fixtures as the recall cache, ten closed cases.
fn shop(dir: &Path) -> (ShopPaths, Store) {
    let home = dir.as_os_str().to_owned();
    let paths = ShopPaths::from_vars(|k| (k == "HOME").then(|| home.clone())).expect("paths");
    std::fs::create_dir_all(&paths.data_dir).expect("data dir");
    let mut cache = shopbench_recalls::Store::open(&paths.recalls).expect("cache");
    cache
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), 0)
        .expect("recalls");
    cache
        .import_file(ImportKind::Complaints, &fixture("FLAT_CMPL_sample.txt"), 0)
        .expect("complaints");
    let mut store = shopbench_app::open_store(&paths.db, Some("bench")).expect("store");
    for (i, (make, model, code, step)) in [
        ("Toyota", "Camry", "P0420", "rear_o2_graph"),
        ("Ford", "F-150", "P0300", "coil_swap"),
    ]
    .iter()
    .cycle()
    .take(10)
    .enumerate()
    {
        let id = store
            .create_case(&NewCase {
                vehicle: VehicleId {
                    make: Some(make.to_string()),
                    model: Some(model.to_string()),
                    year: Some(2010 + i as u16),
                    ..VehicleId::default()
                },
                dtcs: vec![CaseDtc::from(
                    code.parse::<shopbench_core::Dtc>().expect("code"),
                )],
                ..NewCase::default()
            })
            .expect("case");
        store
            .record_test(id, step, TestOutcome::Fail, None)
            .expect("test");
    }
    (paths, store)
}

/// Times one call: (first streamed sentence, whole answer).
fn timed(run: impl FnOnce(&mut dyn FnMut(&str))) -> (Duration, Duration) {
    let start = Instant::now();
    let mut first: Option<Duration> = None;
    run(&mut |_| {
        first.get_or_insert_with(|| start.elapsed());
    });
    let whole = start.elapsed();
    (first.unwrap_or(whole), whole)
}

fn history_of(q: &Q) -> Vec<Turn> {
    q.history
        .iter()
        .flat_map(|h| [Turn::user(h), Turn::assistant("")])
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn spread(mut v: Vec<Duration>) -> String {
    v.sort();
    let at = |p: f64| ms(v[((v.len() - 1) as f64 * p).round() as usize]);
    format!(
        "median {:.2} ms, p95 {:.2} ms, min {:.2} ms, max {:.2} ms ({} answers)",
        at(0.5),
        at(0.95),
        at(0.0),
        at(1.0),
        v.len()
    )
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    let load_before = loadavg();
    let dir = tempfile::tempdir().expect("temp dir");
    let (paths, mut store) = shop(dir.path());
    let settings = AssistantSettings::default();
    let qs = questions();
    let (mut first, mut whole, mut first_ask, mut whole_ask) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut cold = None;
    for _ in 0..ROUNDS {
        for q in &qs {
            let h = history_of(q);
            let sources = Sources {
                recalls: Some(&paths.recalls),
                vpic: None,
                cases: Some(&store),
            };
            let question = Question {
                message: &q.question,
                history: &h,
                case: None,
                engine: Some(Engine::Facts),
            };
            let t = timed(|d| {
                answer(&sources, &settings, &question, d).expect("answer");
            });
            if cold.is_none() {
                cold = Some(t);
            } else {
                first.push(t.0);
                whole.push(t.1);
            }
        }
        for q in &qs {
            let req = Ask {
                message: &q.question,
                conversation: None,
                case: None,
                engine: Some(Engine::Facts),
            };
            let t = timed(|d| {
                ask(&mut store, &paths, &settings, &req, d).expect("ask");
            });
            first_ask.push(t.0);
            whole_ask.push(t.1);
        }
    }
    let cold = cold.expect("one question");
    let report = format!(
        "# Assistant benchmark\n\n\
         {n} questions × {ROUNDS} rounds, facts engine, release build, one thread; a SQLite shop database on disk \
         (10 closed cases), the recall/complaint fixtures as the offline cache. {cores} cores; load average \
         before {load_before}, after {load_after} (other builds were running).\n\n\
         | path | first streamed sentence | whole answer |\n|---|---|---|\n\
         | first question of the process (knowledge and catalogue loaded) | {c0:.1} ms | {c1:.1} ms |\n\
         | `answer` (look up, rank, write, stream) | {f} | {w} |\n\
         | `ask` (the same in a saved conversation: history read, 2 messages written) | {fa} | {wa} |\n\n\
         Goals: first sentence < 50 ms, whole answer < 200 ms.\n",
        n = qs.len(),
        cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        load_after = loadavg(),
        c0 = ms(cold.0),
        c1 = ms(cold.1),
        f = spread(first),
        w = spread(whole),
        fa = spread(first_ask),
        wa = spread(whole_ask),
    );
    print!("{report}");
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("bench");
    if std::fs::create_dir_all(&out).is_ok() {
        let _ = std::fs::write(out.join("assistant.md"), &report);
    }
}
