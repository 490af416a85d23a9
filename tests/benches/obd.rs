//! Benchmark (not a test): shopbench's ELM327 client against python-OBD 0.7.3,
//! both talking to the same `elm327-emulator` build, in one run.
//!
//! `cargo bench -p shopbench-e2e --bench obd` prints a table and writes
//! `target/bench/obd.md` and `target/bench/obd.json`.
//!
//! Each phase gets a fresh emulator (python-OBD's `close()` leaves a stale
//! `ATZ` answer that breaks its own next connection on the same port):
//! - connect with the automatic protocol search, then a full scan;
//! - connect with a known protocol (ours: remembered; python-OBD: `protocol="6"`), then a full scan;
//! - live data: ROUNDS rounds of RPM + speed + coolant temperature.
//!
//! Our full scan reads more than python-OBD's (VIN, readiness, stored/pending/
//! permanent DTCs, ECU names, supported PIDs, the whole freeze frame, mode 06);
//! python-OBD's reads VIN, 03, 07, the freeze-frame DTC and 01 01.

use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};
use shopbench_e2e::{workspace_root, Emulator, EmulatorPort};
use shopbench_obd::{ConnectOptions, Elm327, LiveReader, PidSpec, PortSpec};

const ROUNDS: usize = 500;

/// CPU seconds (user + system) this process has used.
fn own_cpu() -> f64 {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer we own.
    let ru = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr());
        ru.assume_init()
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn pty(emu: &Emulator) -> String {
    match emu.port() {
        EmulatorPort::Pty(p) => p.clone(),
        EmulatorPort::Tcp(_) => unreachable!("bench uses ptys"),
    }
}

async fn ours(memory: &std::path::Path) -> Value {
    let live_pids: Vec<&'static PidSpec> = ["rpm", "speed", "coolant_temp"]
        .iter()
        .map(|n| PidSpec::by_name(n).expect("pid in table"))
        .collect();
    let opts = || ConnectOptions {
        baud: Some(38400),
        memory: Some(memory.to_path_buf()),
        ..ConnectOptions::default()
    };
    let mut out = serde_json::Map::new();
    for (phase, label) in [("auto", "connect_s"), ("known", "connect_known_protocol_s")] {
        let emu = Emulator::pty("car");
        let spec: PortSpec = pty(&emu).parse().unwrap();
        let t0 = Instant::now();
        let mut elm = Elm327::connect(&spec, opts(), |_| {})
            .await
            .expect("connect");
        out.insert(label.into(), json!(t0.elapsed().as_secs_f64()));
        let t0 = Instant::now();
        let report = shopbench_obd::scan(&mut elm, |_| {}).await.expect("scan");
        let key = if phase == "auto" {
            "scan_s"
        } else {
            "scan_known_protocol_s"
        };
        out.insert(key.into(), json!(t0.elapsed().as_secs_f64()));
        out.insert(format!("vin_{phase}"), json!(report.vin));
    }
    let emu = Emulator::pty("car");
    let spec: PortSpec = pty(&emu).parse().unwrap();
    let mut elm = Elm327::connect(&spec, opts(), |_| {})
        .await
        .expect("connect");
    let mut reader = LiveReader::new(&live_pids, true);
    let emu_cpu0 = emu.cpu_seconds();
    let cpu0 = own_cpu();
    let t0 = Instant::now();
    let mut values = 0usize;
    for _ in 0..ROUNDS {
        values += reader.read(&mut elm).await.expect("live read").len();
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu = own_cpu() - cpu0;
    out.insert("live_values".into(), json!(values));
    out.insert("live_s".into(), json!(elapsed));
    out.insert("live_values_per_s".into(), json!(values as f64 / elapsed));
    out.insert("live_cpu_s".into(), json!(cpu));
    out.insert(
        "cpu_ms_per_query".into(),
        json!(1000.0 * cpu / ROUNDS as f64),
    );
    out.insert("emulator_cpu_s".into(), json!(emu.cpu_seconds() - emu_cpu0));
    Value::Object(out)
}

fn python_obd() -> Value {
    let python = workspace_root().join(".venv/bin/python");
    let script = workspace_root().join("tools/bench_python_obd.py");
    let mut out = serde_json::Map::new();
    for phase in ["auto", "known", "live"] {
        let emu = Emulator::pty("car");
        let emu_cpu0 = emu.cpu_seconds();
        let run = Command::new(&python)
            .arg(&script)
            .args([phase, &pty(&emu), &ROUNDS.to_string()])
            .output()
            .expect("run python-OBD bench");
        assert!(
            run.status.success(),
            "python-OBD phase {phase} failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let v: Value = serde_json::from_slice(&run.stdout).expect("python bench JSON");
        let obj = v.as_object().unwrap();
        for (k, val) in obj {
            let key = match (phase, k.as_str()) {
                ("known", "connect_s") => "connect_known_protocol_s".to_string(),
                ("known", "scan_s") => "scan_known_protocol_s".to_string(),
                (_, "vin") => format!("vin_{phase}"),
                _ => k.clone(),
            };
            out.insert(key, val.clone());
        }
        if phase == "live" {
            out.insert("emulator_cpu_s".into(), json!(emu.cpu_seconds() - emu_cpu0));
        }
    }
    Value::Object(out)
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(f64::NAN)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful. Run only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ours = rt.block_on(ours(&dir.path().join("protocols.json")));
    let theirs = python_obd();

    let rows = [
        ("connect (auto search)", "connect_s", "s", false),
        ("full scan", "scan_s", "s", false),
        (
            "connect (known protocol)",
            "connect_known_protocol_s",
            "s",
            false,
        ),
        (
            "full scan (known protocol)",
            "scan_known_protocol_s",
            "s",
            false,
        ),
        (
            "live values/s (RPM+speed+coolant)",
            "live_values_per_s",
            "/s",
            true,
        ),
        ("CPU ms per live round", "cpu_ms_per_query", "ms", false),
        (
            "emulator CPU s during live phase",
            "emulator_cpu_s",
            "s",
            false,
        ),
    ];
    let mut md =
        String::from("| measure | shopbench | python-OBD 0.7.3 | ratio |\n|---|---|---|---|\n");
    for (label, key, unit, higher_better) in rows {
        let (a, b) = (f(&ours, key), f(&theirs, key));
        let ratio = if higher_better { a / b } else { b / a };
        md.push_str(&format!(
            "| {label} | {a:.4} {unit} | {b:.4} {unit} | {ratio:.1}× |\n"
        ));
    }
    let total = |v: &Value, c: &str, s: &str| f(v, c) + f(v, s);
    let auto = total(&theirs, "connect_s", "scan_s") / total(&ours, "connect_s", "scan_s");
    let known = total(&theirs, "connect_s", "scan_s")
        / total(&ours, "connect_known_protocol_s", "scan_known_protocol_s");
    md.push_str(&format!(
        "\nconnect + full scan: {auto:.1}× faster than python-OBD (goal ≥ 2×); with the remembered protocol {known:.1}× faster than python-OBD's auto connect (goal ≥ 8×).\n\
         live rounds: {ROUNDS} (python-OBD: one PID per request in its fast mode; shopbench: one multi-PID request per round).\n\
         VINs read — shopbench: {}, python-OBD: {}.\n",
        ours["vin_auto"], theirs["vin_auto"]
    ));
    println!("{md}");
    let out_dir = workspace_root().join("target/bench");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("obd.md"), &md).unwrap();
    std::fs::write(
        out_dir.join("obd.json"),
        serde_json::to_string_pretty(&json!({ "shopbench": ours, "python_obd": theirs, "rounds": ROUNDS, "at": format!("{:?}", std::time::SystemTime::now()) })).unwrap(),
    )
    .unwrap();
}
