//! `shopbench code | scan | live | clear` end to end: the real binary against the
//! real `elm327-emulator` on a pseudo-terminal or TCP port.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use shopbench_e2e::{read_lines, run_shopbench, run_shopbench_unread, shopbench, Emulator};

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

/// `shopbench pids | head -3` and `shopbench code … | head -1` panicked
/// ("failed printing to stdout: Broken pipe", a backtrace, exit 101) once the
/// reader had gone: `println!` panics on a closed pipe.
#[test]
fn regression_printing_into_a_closed_pipe_panicked() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["pids"][..], &["code", "P0171", "P0300"], &["adapters"]] {
        let run = run_shopbench_unread(home.path(), args);
        assert_eq!(run.code, Some(0), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    }
}

/// `shopbench live | head` panicked at its first round (see above); it now
/// stops as if asked to, says why, and its CSV keeps the round it read. A
/// scan whose output nobody reads is still saved as the case it was asked for.
#[test]
fn regression_live_into_a_closed_pipe_panicked() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let csv = home.path().join("drive.csv");
    let port = emu.port().arg();
    let args = [
        "live",
        "--port",
        &port,
        "--pids",
        "rpm,speed",
        "--hz",
        "0",
        "--count",
        "50",
    ];
    let mut args = args.to_vec();
    args.extend(["--csv", csv.to_str().unwrap()]);
    let run = run_shopbench_unread(home.path(), &args);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("stopped by the closed output pipe after 1 round;"),
        "{}",
        run.stderr
    );
    assert_eq!(read_lines(&csv).len(), 1 + 2, "{:?}", read_lines(&csv));

    let scan = run_shopbench_unread(
        home.path(),
        &["scan", "--port", &port, "--save-case", "--json"],
    );
    assert_eq!(scan.code, Some(0), "{scan:?}");
    let case = run_shopbench(home.path(), &["case", "show", "1"]);
    assert_eq!(case.code, Some(0), "{case:?}");
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
    // The binary is built (or checked) on first use: not part of the time measured.
    shopbench();
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
    // issue #18 item 6: the OS's reason once, not twice
    assert_eq!(
        run.stderr.matches("No such file or directory").count(),
        1,
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

/// `clear --yes` erased codes it could not read first, and listed as cleared
/// the codes of an ECU that refused the clear — both with exit 0.
#[test]
fn regression_clear_erased_unread_codes_and_claimed_refused_ones() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    emu.console("emulator.answer['GET_DTC'] = '<writeln>NO DATA</writeln>'");
    let refused = run_shopbench(home.path(), &["clear", "--port", &port, "--yes"]);
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(
        refused.stderr.contains("nothing was cleared"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("add --even-unread"),
        "{}",
        refused.stderr
    );
    let forced = run_shopbench(
        home.path(),
        &["clear", "--port", &port, "--yes", "--even-unread"],
    );
    assert_eq!(forced.code, Some(0), "{forced:?}");
    assert!(
        forced.stdout.contains("could not be read before the clear"),
        "{}",
        forced.stdout
    );

    let two = "<header>7E8</header><size>04</size><data>43 01 01 43</data>\
               <header>7E9</header><size>04</size><data>43 01 07 00</data>";
    emu.console(&format!("emulator.answer['GET_DTC'] = '{two}'"));
    emu.console(
        "emulator.answer['CLEAR_DIAG_TC'] = '<header>7E8</header><size>01</size><data>44</data>\
         <header>7E9</header><size>03</size><data>7F 04 22</data>'",
    );
    let partly = run_shopbench(home.path(), &["clear", "--port", &port, "--yes"]);
    assert_eq!(partly.code, Some(3), "{partly:?}");
    assert!(
        partly.stdout.contains("Cleared 1 code:\n  P0143"),
        "{}",
        partly.stdout
    );
    assert!(partly.stdout.contains("NOT cleared"), "{}", partly.stdout);
    assert!(partly.stdout.contains("P0700"), "{}", partly.stdout);
    assert!(
        partly
            .stderr
            .contains("ECU 7E9 did not acknowledge the clear"),
        "{}",
        partly.stderr
    );
}

/// `modules clear --yes` said "No module has codes: nothing to clear." and
/// exited 0 when no module's codes had been read (the emulator answers NO
/// DATA to 19 02 at every address).
#[test]
fn regression_modules_clear_took_unread_codes_for_none() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &["modules", "clear", "--port", &emu.port().arg(), "--yes"],
    );
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        !run.stdout.contains("No module has codes"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("nothing was cleared"), "{}", run.stderr);
    assert!(
        run.stderr.contains("module(s) could not be read (7E0/7E8"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(" more)"), "{}", run.stderr);
}

// ---- issue #18: the car link ---------------------------------------------

/// Item 1: a code list the adapter could not read is "NOT READ", never
/// "none"; the saved case says so; the exit status is 3.
#[test]
fn can_error_on_get_dtc_is_not_read_not_none() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    emu.console("emulator.answer['GET_DTC'] = '<string>CAN ERROR\\r</string>'");

    let run = run_shopbench(home.path(), &["scan", "--port", &port, "--save-case"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    let out = &run.stdout;
    assert!(!out.contains("none stored, pending or permanent"), "{out}");
    assert!(out.contains("stored codes (03):"), "{out}");
    assert!(
        out.contains("NOT READ — the adapter answered 03 with 'CAN ERROR'"),
        "{out}"
    );
    assert!(out.contains("pending codes (07):    none"), "{out}");
    assert!(
        run.stderr.contains("the scan is incomplete"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("NOT READ: stored codes (03)"),
        "{}",
        run.stderr
    );

    let case = run_shopbench(home.path(), &["case", "show", "1"]);
    assert_eq!(case.code, Some(0), "{case:?}");
    assert!(
        case.stdout.contains("Codes not read: stored codes (03)"),
        "{}",
        case.stdout
    );
    assert!(case.stdout.contains("none read"), "{}", case.stdout);

    let json = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    assert_eq!(json.code, Some(3), "{json:?}");
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["code_lists"][0]["status"], "stored");
    assert_eq!(v["code_lists"][0]["state"], "not_read");
    assert!(v["code_lists"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("CAN ERROR"));
    assert_eq!(v["code_lists"][1]["state"], "read");
    assert_eq!(v["code_lists"][1]["ecus"][0], "7E8");
}

/// Item 1: unplugged before 07/0A, the partial report says those lists
/// were not read, not "none".
#[test]
fn unplugged_before_pending_codes_is_not_none() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    emu.console("emulator.answer['GET_CURRENT_DTC'] = '<exec>import os; os._exit(0)</exec>'");
    let run = run_shopbench(home.path(), &["scan", "--port", &emu.port().arg()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let out = &run.stdout;
    assert!(out.contains("PARTIAL REPORT"), "{out}");
    assert!(!out.contains("none stored, pending or permanent"), "{out}");
    assert!(out.contains("stored codes (03):     none"), "{out}");
    assert!(
        out.contains(
            "pending codes (07):    NOT READ — the scan stopped before this list was read"
        ),
        "{out}"
    );
}

/// Item 2: `live --pids rpm,speed` goes on after the adapter refuses the
/// response-count suffix (`010C0D1` → '?').
#[test]
fn live_keeps_going_when_the_adapter_refuses_the_count_suffix() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &[
            "live",
            "--port",
            &emu.port().arg(),
            "--pids",
            "rpm,speed",
            "--hz",
            "0",
            "--count",
            "5",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(
        lines
            .iter()
            .all(|l| l.contains("rpm=") && l.contains("speed=")),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("did not understand"), "{}", run.stderr);
}

/// Item 2: one CAN ERROR is a warning for one round, not the end of a recording.
#[test]
fn live_survives_a_can_error() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    // the first 010C gets CAN ERROR, the ones after the normal answer
    emu.console(
        "emulator.answer['RPM'] = '<eval>self.answer.pop(\"RPM\") and \"CAN ERROR\\\\r\"</eval>'",
    );
    let run = run_shopbench(
        home.path(),
        &[
            "live",
            "--port",
            &emu.port().arg(),
            "--pids",
            "rpm",
            "--hz",
            "0",
            "--count",
            "3",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("CAN ERROR"), "{}", run.stderr);
    assert!(
        run.stderr.contains("trying again next round"),
        "{}",
        run.stderr
    );
    let values = run.stdout.lines().filter(|l| l.contains("rpm=")).count();
    assert_eq!(values, 2, "{}", run.stdout);
}

/// Item 3: SIGTERM and SIGHUP stop a recording cleanly, every row kept.
#[test]
fn live_csv_keeps_every_row_on_sigterm_and_sighup() {
    for (signal, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGHUP, "SIGHUP")] {
        let emu = Emulator::pty("car");
        let home = tempfile::tempdir().unwrap();
        let csv = home.path().join("drive.csv");
        let mut child = Command::new(shopbench())
            .args([
                "live",
                "--port",
                &emu.port().arg(),
                "--pids",
                "rpm",
                "--hz",
                "20",
                "--csv",
            ])
            .arg(&csv)
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shopbench live");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut printed = 0;
        let mut line = String::new();
        while printed < 3 {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "live ended early");
            printed += 1;
        }
        // SAFETY: sending a signal to our own child process, whose id is valid until waited for.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let rest: Vec<String> = out.lines().map_while(Result::ok).collect();
        printed += rest.len();
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(0), "{name}: {err}");
        assert!(err.contains(&format!("stopped by {name}")), "{err}");
        let rows = read_lines(&csv);
        assert_eq!(rows[0], "elapsed_s,ecu,pid,name,value,unit");
        assert_eq!(rows.len() - 1, printed, "{name}: {rows:?}");
    }
}

/// Item 2: an adapter that stalls is connected again and the recording goes on.
#[test]
fn live_reconnects_after_a_stall() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(shopbench())
        .args([
            "live",
            "--port",
            &emu.port().arg(),
            "--pids",
            "rpm",
            "--hz",
            "5",
        ])
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start shopbench live");
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let (tx, rx) = std::sync::mpsc::channel();
    let err = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    assert!(out.next().unwrap().unwrap().contains("rpm="));
    emu.console("delay 7");
    let mut stderr = Vec::new();
    while !stderr.iter().any(|l: &String| l.contains("reconnecting")) {
        stderr.push(rx.recv().expect("live ended before reconnecting"));
    }
    emu.console("delay 0");
    // the stalled rounds are printed as such, then values come again
    let mut stalled = false;
    loop {
        let line = out.next().expect("live ended").unwrap();
        stalled |= line.contains("(no values this round)");
        if stalled && line.contains("rpm=") {
            break;
        }
    }
    // SAFETY: signalling our own child, not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    assert_eq!(child.wait().unwrap().code(), Some(0), "{stderr:?}");
    assert!(
        stderr.iter().any(|l| l.contains("stopped answering")),
        "{stderr:?}"
    );
}

/// Item 4: after a scan against a slow adapter gives up, the next scan works.
#[test]
fn stale_output_from_a_scan_that_gave_up_does_not_break_the_next_scan() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    let args = [
        "scan",
        "--port",
        &port,
        "--baud",
        "38400",
        "--timeout-ms",
        "1000",
    ];
    emu.console("delay 5");
    let gave_up = run_shopbench(home.path(), &args);
    assert_ne!(gave_up.code, Some(0), "{gave_up:?}");
    emu.console("delay 0");
    for _ in 0..2 {
        let next = run_shopbench(home.path(), &args);
        assert_eq!(next.code, Some(0), "{next:?}");
        assert!(
            next.stdout.contains("none stored, pending or permanent"),
            "{}",
            next.stdout
        );
    }
}

/// Item 5: `--protocol 6` on a silent car tries protocol 6 only.
#[test]
fn forced_protocol_on_a_silent_car_never_searches() {
    let emu = Emulator::pty("engineoff");
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        home.path(),
        &["scan", "--port", &emu.port().arg(), "--protocol", "6"],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("chosen by hand"), "{}", run.stderr);
    assert!(!run.stderr.contains("searching"), "{}", run.stderr);
    assert!(!run.stderr.contains("trying protocol"), "{}", run.stderr);
}

/// Item 6: a refused Wi-Fi adapter port gets network advice, not the dialout group.
#[test]
fn refused_tcp_port_gets_wifi_advice_not_dialout() {
    let home = tempfile::tempdir().unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let run = run_shopbench(
        home.path(),
        &["scan", "--port", &format!("tcp://127.0.0.1:{free}")],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("192.168.0.10:35000"), "{}", run.stderr);
    assert!(!run.stderr.contains("dialout"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("refused").count(), 1, "{}", run.stderr);
}

// ---- OBD audit: what the mechanic is told ---------------------------------

/// The car answered NO DATA to 01 01 (monitor status): the scan said "MIL not
/// reported", showed no readiness and no problem, and its JSON held only
/// nulls — as if the car had nothing to say rather than did not answer.
#[test]
fn regression_an_unanswered_monitor_status_went_unremarked() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    emu.console("emulator.answer['STATUS'] = '<writeln>NO DATA</writeln>'");

    let run = run_shopbench(home.path(), &["scan", "--port", &port]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = &run.stdout;
    assert!(!out.contains("MIL        not reported"), "{out}");
    assert!(
        out.contains("MIL        NOT KNOWN — the monitor status (01 01) was not read"),
        "{out}"
    );
    assert!(
        out.contains("did not answer the monitor-status request"),
        "{out}"
    );

    let json = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert!(v["mil_on"].is_null() && v["readiness"].is_null(), "{v}");
    let problems = v["problems"].to_string();
    assert!(
        problems.contains("readiness (01 01): the car did not answer the monitor-status request"),
        "{problems}"
    );
}

/// `clear --yes` printed "Cleared 1 code" and nothing of the permanent code
/// (0A) the car still held: a mechanic took the car for clean. A clear (04)
/// does not erase permanent codes; they go once their monitor runs and
/// passes. When 0A could not be read, nothing is said of permanent codes.
#[test]
fn regression_clear_did_not_say_that_permanent_codes_stay() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    emu.console(
        "emulator.answer['GET_DTC'] = '<header>7E8</header><size>04</size><data>43 01 04 20</data>'",
    );
    emu.console(
        "emulator.answer['UNKNOWN_0A'] = '<header>7E8</header><size>04</size><data>4A 01 04 20</data>'",
    );
    let run = run_shopbench(home.path(), &["clear", "--port", &port, "--yes"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = &run.stdout;
    assert!(out.contains("Cleared 1 code:\n  P0420"), "{out}");
    assert!(
        out.contains("Permanent codes stay after a clear (04): P0420"),
        "{out}"
    );
    assert!(out.contains("its monitor runs again and passes"), "{out}");
    let json = run_shopbench(home.path(), &["clear", "--port", &port, "--yes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["permanent"][0]["dtcs"][0]["code"], "P0420", "{v}");

    emu.console("emulator.answer['UNKNOWN_0A'] = '<writeln>NO DATA</writeln>'");
    let unread = run_shopbench(home.path(), &["clear", "--port", &port, "--yes"]);
    assert_eq!(unread.code, Some(0), "{unread:?}");
    assert!(!unread.stdout.contains("ermanent"), "{}", unread.stdout);
}

/// `live --pids rpm,fuel_pressure,speed` on a car without fuel pressure
/// printed rpm and speed and said nothing of fuel_pressure, round after
/// round; alone (NO DATA) it printed only "(no values this round)". The car's
/// silence is now said once per PID.
#[test]
fn regression_live_said_nothing_of_pids_the_car_does_not_report() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    for pids in ["rpm,fuel_pressure,speed", "fuel_pressure"] {
        let args = ["live", "--port", &port, "--pids", pids, "--hz", "0"];
        let mut args = args.to_vec();
        args.extend(["--count", "3"]);
        let run = run_shopbench(home.path(), &args);
        assert_eq!(run.code, Some(0), "{pids}: {run:?}");
        let note = "note: the car does not report fuel_pressure (01 0A)";
        assert_eq!(
            run.stderr.matches(note).count(),
            1,
            "{pids}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("rpm (01 0C)"), "{}", run.stderr);
    }
}

/// `live` kept asking, round after round, for a PID the car does not report
/// (fuel_pressure on the emulator's car): each ask a round trip (here one
/// request per PID: the adapter refuses multi-PID requests), slowing the PIDs
/// that answer; alone, it looped on empty rounds until Ctrl-C. A PID silent
/// for 3 rounds in a row is now no longer asked, said once; with nothing
/// left to ask, `live` stops with an error.
#[test]
fn regression_live_asks_pids_the_car_does_not_report() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    let asked = home.path().join("asked.txt");
    // every request is written to `asked`; multi-PID requests (`010C0A0D`,
    // not `010C1`) are refused with "?", so each PID is one request
    emu.console(&format!(
        r"emulator.multi_pid_answer = lambda cmd, header: (open({asked:?}, 'a').write(cmd + chr(10)) and None) or ('<string>?\r</string>' if cmd[:2] == '01' and len(cmd) >= 6 else None)"
    ));
    let live = |pids: &str, count: &str| {
        let args = [
            "live", "--port", &port, "--pids", pids, "--hz", "0", "--count", count,
        ];
        run_shopbench(home.path(), &args)
    };

    let run = live("rpm,fuel_pressure,speed", "8");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout.matches("rpm=").count(), 8, "{}", run.stdout);
    assert_eq!(run.stdout.matches("speed=").count(), 8, "{}", run.stdout);
    let note = "note: no longer asking for fuel_pressure (01 0A): no value in 3 rounds in a row";
    assert_eq!(run.stderr.matches(note).count(), 1, "{}", run.stderr);
    let log = std::fs::read_to_string(&asked).expect("the emulator logged the requests");
    // single-PID requests, with or without the response-count suffix
    let asks = |pid: &str| {
        log.lines()
            .filter(|l| l.len() <= 5 && l.starts_with(pid))
            .count()
    };
    assert_eq!(asks("010A"), 3, "{log}");
    assert_eq!(asks("010C"), 8, "{log}");

    let alone = live("fuel_pressure", "10");
    assert_ne!(alone.code, Some(0), "{alone:?}");
    assert_eq!(alone.stdout.lines().count(), 3, "{}", alone.stdout);
    assert!(
        alone
            .stderr
            .contains("no PID left to read: the car gave no value for fuel_pressure (01 0A) in 3 rounds in a row"),
        "{}",
        alone.stderr
    );
}

/// Ctrl-C (SIGINT) ended `live` with status 0 and `scan` with 1, so a
/// script could not tell an interrupted command from a finished or failed
/// one; the convention is 130 (128 + SIGINT), after stopping cleanly.
#[test]
fn regression_ctrl_c_did_not_exit_130() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    let spawn = |args: &[&str]| {
        Command::new(shopbench())
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shopbench")
    };
    let interrupt = |child: &std::process::Child| {
        // SAFETY: signalling our own child, not yet waited for.
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    };

    let mut live = spawn(&["live", "--port", &port, "--pids", "rpm", "--hz", "5"]);
    let mut out = BufReader::new(live.stdout.take().unwrap()).lines();
    assert!(out.next().unwrap().unwrap().contains("rpm="));
    interrupt(&live);
    let run = live.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(130), "{err}");
    assert!(err.contains("stopped by Ctrl-C after"), "{err}");
    assert!(!err.contains("error:"), "{err}");

    // A scan held up by a slow car, interrupted: nothing saved, status 130.
    emu.console("delay 3");
    let mut scan = spawn(&["scan", "--port", &port]);
    let mut err = BufReader::new(scan.stderr.take().unwrap()).lines();
    while !err.next().unwrap().unwrap().contains("… reading") {}
    interrupt(&scan);
    let rest: Vec<String> = err.map_while(Result::ok).collect();
    assert_eq!(scan.wait().unwrap().code(), Some(130), "{rest:?}");
    assert!(
        rest.iter()
            .any(|l| l.contains("stopped by Ctrl-C during the scan")),
        "{rest:?}"
    );
}

/// The car's MIL was off while it held stored codes (the fault not seen
/// lately, or a code that never lights the lamp): normal, but the scan said
/// only "MIL off — 2 confirmed emission codes" and listed the codes, leaving
/// the mechanic to explain a lamp that is out over codes that are there.
/// The scan now says why, in the text, the JSON and the saved case.
#[test]
fn regression_mil_off_with_stored_codes_not_remarked() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    // 01 01: MIL off, 2 confirmed codes; 03: P0171 and P0174
    emu.console("emulator.answer['STATUS'] = '<header>7E8</header><size>06</size><data>41 01 02 07 65 00</data>'");
    emu.console("emulator.answer['GET_DTC'] = '<header>7E8</header><size>06</size><data>43 02 01 71 01 74</data>'");
    let note = "MIL off with 2 stored codes: normal — the lamp goes out once a fault is not seen for 3 drive cycles in a row, while its code stays stored until 40 warm-up cycles pass without it";

    let run = run_shopbench(home.path(), &["scan", "--port", &port, "--save-case"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains(&format!("note: {note}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("some codes never light the lamp"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("counts 2 confirmed"), "{}", run.stdout);

    let json = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert!(
        v["notes"][0].as_str().is_some_and(|n| n.starts_with(note)),
        "{v}"
    );
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");

    let case = run_shopbench(home.path(), &["case", "show", "1"]);
    assert_eq!(case.code, Some(0), "{case:?}");
    assert!(case.stdout.contains(note), "{}", case.stdout);
}

/// The confirmed-code count (01 01) was summed over the ECUs and compared
/// with every stored code (03): the engine counting 2 codes but returning 1,
/// while the transmission returned 1 it did not count, added up to 2 = 2 and
/// went unremarked; a list holding more codes than counted was never
/// remarked. Each ECU is now compared with itself — and the emulator's own
/// stored codes (sent without the count byte) raise no false alarm.
#[test]
fn regression_a_code_count_that_differs_per_ecu_went_unremarked() {
    let mut emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    emu.console("emulator.answer['STATUS'] = '<header>7E8</header><size>06</size><data>41 01 82 07 65 00</data><header>7E9</header><size>06</size><data>41 01 00 00 00 00</data>'");
    emu.console("emulator.answer['GET_DTC'] = '<header>7E8</header><size>04</size><data>43 01 01 71</data><header>7E9</header><size>04</size><data>43 01 07 00</data>'");

    let run = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(v["dtc_count"], 2, "{v}");
    let problems = v["problems"].to_string();
    assert!(
        problems.contains("stored codes (03): ECU 7E8 counts 2 confirmed codes (01 01) but its stored list (03) holds 1 — a code may not have been read: scan again"),
        "{problems}"
    );
    assert!(
        problems.contains("stored codes (03): ECU 7E9 counts 0 confirmed codes (01 01) but its stored list (03) holds 1 — the count and the list disagree"),
        "{problems}"
    );
    let text = run_shopbench(home.path(), &["scan", "--port", &port]);
    assert!(
        text.stdout.contains("ECU 7E8 counts 2 confirmed codes"),
        "{}",
        text.stdout
    );

    // The emulator's own stored codes: 01 01 counts them, 03 sends them
    // without the count byte. Same count, same list: no problem.
    emu.console("emulator.answer.clear()");
    emu.console("import elm.obd_message as m; m.DTC_STORED[:] = ['0143', '0196']");
    let own = run_shopbench(home.path(), &["scan", "--port", &port, "--json"]);
    assert_eq!(own.code, Some(0), "{own:?}");
    let v: serde_json::Value = serde_json::from_str(&own.stdout).expect("valid JSON");
    assert_eq!(
        (v["mil_on"].clone(), v["dtc_count"].clone()),
        (true.into(), 2.into()),
        "{v}"
    );
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_eq!(v["notes"], serde_json::json!([]), "{v}");
}

/// The scan reads each cylinder's misfire count (service 06, MIDs A2–AD) and
/// `--save-case` kept none of them: diagnosing the case for a rough idle
/// asked the mechanic to "Read Mode 06 misfire counters per cylinder", which
/// the scan had just printed. The counts are now the case's readings.
#[test]
fn regression_a_scan_case_lost_the_mode_06_misfire_counts() {
    let emu = Emulator::pty("car");
    let home = tempfile::tempdir().unwrap();
    let port = emu.port().arg();
    let run = run_shopbench(home.path(), &["scan", "--port", &port, "--save-case"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("Misfire cylinder 4"),
        "the emulator reports cylinder misfire counts: {}",
        run.stdout
    );
    let edit = run_shopbench(
        home.path(),
        &["case", "edit", "1", "--complaint", "rough idle when cold"],
    );
    assert_eq!(edit.code, Some(0), "{edit:?}");
    let case = run_shopbench(home.path(), &["case", "show", "1"]);
    for cylinder in 1..=4 {
        assert!(
            case.stdout.contains(&format!("misfire_cyl_{cylinder} ")),
            "{}",
            case.stdout
        );
    }
    let diagnosis = run_shopbench(home.path(), &["diagnose", "1"]);
    assert_eq!(diagnosis.code, Some(0), "{diagnosis:?}");
    assert!(
        diagnosis.stdout.contains("symptoms: rough_idle"),
        "{}",
        diagnosis.stdout
    );
    assert!(
        !diagnosis.stdout.contains("Read Mode 06 misfire counters"),
        "{}",
        diagnosis.stdout
    );
}
