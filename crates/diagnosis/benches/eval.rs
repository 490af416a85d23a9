//! Diagnosis time per case over the labelled case set (goal < 100 ms each,
//! knowledge loading included, amortised). Not a test: run with
//! `cargo bench -p shopbench-diagnosis --bench eval`.
//!
//! Measures, in one process: parsing and validating the knowledge files (what
//! the first diagnosis of a session pays), then every case of
//! `tests/data/diagnosis-cases.jsonl` and the hold-out set diagnosed many times
//! over, reporting the median and p99 of the wall time per case, and the
//! first-pass time per case with the knowledge load spread over it. Writes the
//! figures to `target/bench/diagnosis.md` as well as stdout.

use std::time::{Duration, Instant};

use shopbench_diagnosis::{diagnose, parse_cases_jsonl, Knowledge, LabelledCase};

const CASES: &str = include_str!("../../../tests/data/diagnosis-cases.jsonl");
const HOLDOUT: &str = include_str!("../../../tests/data/diagnosis-cases-holdout.jsonl");
const KNOWLEDGE: [&str; 4] = [
    include_str!("../../../assets/knowledge/causes.json"),
    include_str!("../../../assets/knowledge/codes.json"),
    include_str!("../../../assets/knowledge/rules.json"),
    include_str!("../../../assets/knowledge/tests.json"),
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let mut cases: Vec<LabelledCase> = parse_cases_jsonl(CASES).expect("case set parses");
    cases.extend(parse_cases_jsonl(HOLDOUT).expect("hold-out set parses"));

    // Cold: the knowledge is parsed and validated, then each case diagnosed once.
    let t = Instant::now();
    let kb = Knowledge::from_json(KNOWLEDGE[0], KNOWLEDGE[1], KNOWLEDGE[2], KNOWLEDGE[3])
        .expect("knowledge loads");
    let load = t.elapsed();
    let t = Instant::now();
    for c in &cases {
        std::hint::black_box(diagnose(&kb, &c.case));
    }
    let first_pass = t.elapsed();
    let amortised = (load + first_pass) / cases.len() as u32;

    // Warm: every case many times; per-case wall times.
    let rounds = 30;
    let mut times = Vec::with_capacity(cases.len() * rounds);
    for _ in 0..rounds {
        for c in &cases {
            let t = Instant::now();
            let d = diagnose(&kb, &c.case);
            times.push(t.elapsed());
            assert!(!d.causes.is_empty() || c.case.dtcs.is_empty());
        }
    }
    times.sort();
    let report = format!(
        "# Diagnosis benchmark\n\n\
         {n} labelled cases (tests/data), {rounds} rounds, one thread.\n\n\
         - knowledge parse + validate: {load:.1} ms (once per process)\n\
         - first pass (lazy loads such as the 9,533-code catalogue included), knowledge load amortised: {amortised:.2} ms per case\n\
         - per case, warm: median {median:.3} ms, p99 {p99:.3} ms, max {max:.3} ms\n\
         - goal: < 100 ms per case including knowledge loading\n",
        n = cases.len(),
        load = ms(load),
        amortised = ms(amortised),
        median = ms(percentile(&times, 0.5)),
        p99 = ms(percentile(&times, 0.99)),
        max = ms(*times.last().expect("times")),
    );
    print!("{report}");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/bench");
    if std::fs::create_dir_all(dir).is_ok() {
        let path = format!("{dir}/diagnosis.md");
        match std::fs::write(&path, &report) {
            Ok(()) => println!("saved {path}"),
            Err(e) => eprintln!("could not save {path}: {e}"),
        }
    }
}
