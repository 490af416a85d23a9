//! Crash safety: a writer *process* saving cases is killed with SIGKILL
//! mid-save; the database must open clean with every case the writer had
//! reported saved intact, and no half-saved case anywhere.
//!
//! The writer is this same test binary re-run with `SHOPBENCH_STORE_CRASH_WRITER`
//! set (see [`crash_writer`]): it prints `begin K` before each save and
//! `saved K ID` after `create_case` returned, i.e. after COMMIT.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use shopbench_diagnosis::{DistanceUnit, DtcStatus, Mileage};
use shopbench_store::{
    CaseDtc, CaseId, FreezeFrame, LiveSnapshot, NewCase, Reading, ReadingSource, Store,
};

const WRITER_ENV: &str = "SHOPBENCH_STORE_CRASH_WRITER";

/// Case number `k`, big enough (≈2,300 rows) that a save takes milliseconds even
/// in a release build, and fully determined by `k` so the checker can rebuild
/// what must be there.
fn big_case(k: u64) -> NewCase {
    let reading = |i: u64| Reading::number(&format!("pid_{i}"), (k * 1000 + i) as f64 / 8.0, "%");
    NewCase {
        complaint: format!("crash case {k}"),
        findings: "x".repeat((k % 7) as usize * 100),
        mileage: Some(Mileage {
            value: k as f64,
            unit: DistanceUnit::Km,
        }),
        dtcs: (0..30)
            .map(|i| CaseDtc {
                code: format!("P{:04X}", 0x100 + i).parse().unwrap(),
                status: [DtcStatus::Stored, DtcStatus::Pending, DtcStatus::Permanent][i % 3],
                ecu: Some(format!("7E{}", i % 8)),
            })
            .collect(),
        freeze_frames: (0..3)
            .map(|f| FreezeFrame {
                ecu: Some("7E8".into()),
                frame: f,
                dtc: Some("P0171".parse().unwrap()),
                values: (0..100).map(reading).collect(),
            })
            .collect(),
        snapshots: (0..5)
            .map(|s| LiveSnapshot {
                taken_at: Some(format!("2026-01-01T00:00:0{s}Z")),
                source: ReadingSource::Obd,
                label: format!("snapshot {s}"),
                readings: (0..400).map(reading).collect(),
            })
            .collect(),
        ..NewCase::default()
    }
}

fn assert_complete(store: &Store, id: CaseId, k: u64) {
    let c = store.case(id).unwrap();
    let want = big_case(k);
    assert_eq!(c.complaint, want.complaint, "case {id}");
    assert_eq!(c.findings, want.findings, "case {id}");
    assert_eq!(c.mileage, want.mileage, "case {id}");
    assert_eq!(c.dtcs, want.dtcs, "case {id}: codes");
    assert_eq!(
        c.freeze_frames, want.freeze_frames,
        "case {id}: freeze frames"
    );
    assert_eq!(c.snapshots, want.snapshots, "case {id}: snapshots");
    let h = store.history(id).unwrap();
    assert_eq!(h.len(), 1, "case {id}: history");
    assert_eq!(h[0].action, "case.create");
}

/// The writer role. A no-op in a normal test run.
#[test]
fn crash_writer() {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return;
    };
    let first: u64 = std::env::var("CRASH_FIRST_K").unwrap().parse().unwrap();
    let mut store = Store::open(path).unwrap();
    let mut out = std::io::stdout().lock();
    for k in first.. {
        writeln!(out, "begin {k}").unwrap();
        out.flush().unwrap();
        let id = store.create_case(&big_case(k)).unwrap();
        writeln!(out, "saved {k} {}", id.0).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn killing_a_writer_mid_save_keeps_every_committed_case_and_no_partial_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let exe = std::env::current_exe().unwrap();
    let mut committed: BTreeMap<u64, CaseId> = BTreeMap::new();
    let mut interrupted = Vec::new();

    for round in 0..4u64 {
        let mut child = Command::new(&exe)
            .args(["crash_writer", "--exact", "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, &path)
            .env("CRASH_FIRST_K", (round * 1_000_000).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let a few saves complete (more each round), then kill right after
        // the next save has begun: the kill lands inside create_case.
        let want = 3 + round as usize * 2;
        let mut saved_this_round = 0;
        let in_flight = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the writer keeps reporting");
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["saved", k, id] => {
                    committed.insert(k.parse().unwrap(), CaseId(id.parse().unwrap()));
                    saved_this_round += 1;
                }
                ["begin", k] if saved_this_round >= want => {
                    std::thread::sleep(Duration::from_micros(round * 300));
                    break k.parse::<u64>().unwrap();
                }
                ["begin", _] => {}
                _ => {} // libtest's own chatter
            }
        };
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "the writer was killed, not finished"
        );
        // Everything the writer printed before dying was committed before it printed.
        reader.join().unwrap();
        for line in rx.try_iter() {
            if let ["saved", k, id] = line.split_whitespace().collect::<Vec<_>>().as_slice() {
                committed.insert(k.parse().unwrap(), CaseId(id.parse().unwrap()));
            }
        }
        if !committed.contains_key(&in_flight) {
            interrupted.push(in_flight);
        }

        // A killed writer leaves its write-ahead log behind: recovery has work to do.
        let wal = dir.path().join("crash.db-wal");
        assert!(
            std::fs::metadata(&wal)
                .map(|m| m.len() > 0)
                .unwrap_or(false),
            "round {round}: expected a hot WAL after SIGKILL"
        );

        // Open, as the next shopbench run would.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), ["ok"], "round {round}");
        for (&k, &id) in &committed {
            assert_complete(&store, id, k);
        }
        // Every case in the file is whole: the in-flight one is there
        // complete (committed just before the kill, not yet printed) or absent.
        let all = store.list_cases(None, u32::MAX).unwrap();
        for c in &all {
            let k: u64 = c
                .complaint
                .strip_prefix("crash case ")
                .unwrap()
                .parse()
                .unwrap();
            assert_complete(&store, c.id, k);
            assert!(committed.get(&k).is_none_or(|id| *id == c.id));
            assert!(committed.contains_key(&k) || k == in_flight, "case {k}");
        }
        assert!(all.len() >= committed.len());
    }
    assert!(
        !interrupted.is_empty(),
        "no kill interrupted a save in 4 rounds; the test proves nothing"
    );
    eprintln!(
        "{} committed cases intact; saves interrupted and rolled back: {interrupted:?}",
        committed.len()
    );
}
