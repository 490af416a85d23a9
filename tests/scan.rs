//! `shopbench code | scan | live | clear` end to end: the real binary against the
//! real `elm327-emulator` on a pseudo-terminal or TCP port.

use std::time::{Duration, Instant};

use shopbench_e2e::{read_lines, run_shopbench, Emulator};

/// The three VINs the emulator's `car` scenario cycles through.
const CAR_VINS: [&str; 3] = [
    "WP0ZZZ99ZTS390000",
    "MAT403096BNL00000",
    "SB1ZS3JE60E282102",
];

#[test]
fn code_lookup_prints_meanings_and_rejects_garbage() {
    let home = tempfile::tempdir().unwrap();
    let ok = run_shopbench(home.path(), &["code", "P0171", "P1234"]);
    assert_eq!(ok.code, Some(0), "{ok:?}");
    assert!(
        ok.stdout.contains("P0171  System Too Lean (Bank 1)"),
        "{}",
        ok.stdout
    );
    assert!(ok.stdout.contains("manufacturer-specific"), "{}", ok.stdout);

    let bad = run_shopbench(home.path(), &["code", "PX171"]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr.contains("is not a trouble code"),
        "{}",
        bad.stderr
    );
    assert!(!bad.stderr.contains("backtrace"), "{}", bad.stderr);
}

#[test]
fn scan_prints_the_car_and_a_second_scan_works_too() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();

    let first = run_shopbench(home.path(), &["scan", "--port", &port]);
    assert_eq!(first.code, Some(0), "{first:?}");
    let out = &first.stdout;
    assert!(out.contains("ELM327 v1.5"), "{out}");
    assert!(
        out.contains("ISO 15765-4 CAN (11 bit ID, 500 kbaud)"),
        "{out}"
    );
    assert!(CAR_VINS.iter().any(|v| out.contains(v)), "{out}");
    assert!(out.contains("MIL        off"), "{out}");
    assert!(out.contains("none stored, pending or permanent"), "{out}");
    assert!(out.contains("Readiness monitors"), "{out}");
    // Progress goes to stderr, never into the report.
    assert!(
        first.stderr.contains("searching for the car's protocol"),
        "{}",
        first.stderr
    );
    assert!(!out.contains('…'), "{out}");

    // The same adapter again: the remembered protocol skips the search, and
    // nothing the first session left behind confuses the second.
    let second = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    assert_eq!(second.code, Some(0), "{second:?}");
    assert!(second.stderr.contains("(remembered)"), "{}", second.stderr);
    assert!(!second.stderr.contains("searching"), "{}", second.stderr);
    let json: serde_json::Value = serde_json::from_str(&second.stdout).expect("valid JSON");
    assert_eq!(json["protocol"], 6);
    assert!(CAR_VINS.contains(&json["vin"].as_str().unwrap()), "{json}");
    assert_eq!(json["mil_on"], false);
}

#[test]
fn scan_over_tcp() {
    let emu = Emulator::tcp("car");
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &["scan", "--port", &emu.port().arg(), "--json"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        json["port"].as_str().unwrap().contains("127.0.0.1"),
        "{json}"
    );
    assert!(CAR_VINS.contains(&json["vin"].as_str().unwrap()), "{json}");
}

#[test]
fn engine_off_fails_fast_with_a_clear_message() {
    let emu = Emulator::pty("engineoff");
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let run = run_shopbench(home.path(), &["scan", "--port", &emu.port().arg()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let err = run.stderr.to_lowercase();
    assert!(err.contains("unable to connect"), "{}", run.stderr);
    assert!(err.contains("ignition"), "{}", run.stderr);
    // The emulator gives up after ~4.5 s; we must not hang or retry for long after it.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn missing_port_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &[
            "scan",
            "--port",
            "/dev/does-not-exist-42",
            "--baud",
            "38400",
        ],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("/dev/does-not-exist-42"),
        "{}",
        run.stderr
    );
}

#[test]
fn live_streams_values_with_units_and_records_csv() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let csv = home.path().join("drive.csv");
    let run = run_shopbench(
        home.path(),
        &[
            "live",
            "--port",
            &emu.port().arg(),
            "--pids",
            "rpm,speed,coolant_temp",
            "--hz",
            "0",
            "--count",
            "4",
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    for l in &lines {
        assert!(l.contains("rpm=") && l.contains(" rpm"), "{l}");
        assert!(l.contains("speed=") && l.contains("km/h"), "{l}");
        assert!(l.contains("coolant_temp="), "{l}");
    }
    let rows = read_lines(&csv);
    assert_eq!(rows[0], "elapsed_s,ecu,pid,name,value,unit");
    assert_eq!(rows.len(), 1 + 4 * 3, "{rows:?}");
    assert!(rows[1..].iter().all(|r| r.contains(",7E8,")), "{rows:?}");
}

#[test]
fn live_rejects_unknown_pids_before_touching_the_port() {
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &["live", "--port", "/dev/null", "--pids", "rpm,warp_drive"],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("unknown PID 'warp_drive'"),
        "{}",
        run.stderr
    );
}

#[test]
fn clear_needs_confirmation_and_reports_what_it_cleared() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();

    let refused = run_shopbench(home.path(), &["clear", "--port", &port]);
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);

    // Store two codes the way the emulator's own setting does (no count byte).
    emu.console("import elm.obd_message as m; m.DTC_STORED.extend(['0143', '0196'])");
    let scan = run_shopbench(home.path(), &["scan", "--port", &port]);
    assert_eq!(scan.code, Some(0), "{scan:?}");
    assert!(scan.stdout.contains("P0143  stored"), "{}", scan.stdout);
    assert!(scan.stdout.contains("P0196  stored"), "{}", scan.stdout);

    let cleared = run_shopbench(home.path(), &["clear", "--port", &port, "--yes"]);
    assert_eq!(cleared.code, Some(0), "{cleared:?}");
    assert!(
        cleared.stdout.contains("Cleared 2 codes"),
        "{}",
        cleared.stdout
    );
    assert!(cleared.stdout.contains("P0143"), "{}", cleared.stdout);
    assert!(
        cleared.stdout.contains("Acknowledged by: 7E8"),
        "{}",
        cleared.stdout
    );
    // (A re-scan would show the codes again: the emulator models a fault that is
    // still present, and its ATZ restores the stored list.)
}
