//! End-to-end: the real client against the real `elm327-emulator`, over a
//! pseudo-terminal through tokio-serial (and TCP for `-n`).
//!
//! Needs the emulator: `python3 -m venv .venv && .venv/bin/pip install
//! ELM327-emulator==4.0.0 obd==0.7.3` in the workspace root (or `SHOPBENCH_ELM`).
//! A missing emulator fails the tests with that message; they are never skipped.

#[path = "emulator/harness.rs"]
mod harness;

use harness::Emulator;
use shopbench_obd::{
    clear_dtcs, read_dtcs, read_pids, read_test_results, read_vin, scan, scan_partial,
    AdapterFault, ClearConfirmation, ConnectOptions, ConnectStep, DtcStatus, EcuAddress, Elm327,
    ListOutcome, LiveReader, ObdError, ObdLink, PidSpec, PidValue, PortSpec, Protocol,
};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const VINS: [&str; 3] = [
    "WP0ZZZ99ZTS390000",
    "MAT403096BNL00000",
    "SB1ZS3JE60E282102",
];

fn opts() -> ConnectOptions {
    ConnectOptions {
        // generous for a loaded 2-core machine; the emulator answers in ms
        request_timeout: Duration::from_secs(3),
        ..ConnectOptions::default()
    }
}

async fn connect(emu: &Emulator) -> Elm327 {
    connect_with(emu, opts()).await
}

/// Connects with a 1 s request timeout, for tests that make the car late.
async fn connect_impatient(emu: &Emulator) -> Elm327 {
    connect_with(
        emu,
        ConnectOptions {
            request_timeout: Duration::from_secs(1),
            ..opts()
        },
    )
    .await
}

async fn connect_with(emu: &Emulator, o: ConnectOptions) -> Elm327 {
    let spec: PortSpec = emu.port.parse().unwrap();
    Elm327::connect(&spec, o, |_| {})
        .await
        .unwrap_or_else(|e| panic!("connect to {}: {e}", emu.port))
}

#[tokio::test]
async fn car_full_scan_over_pty() {
    let emu = Emulator::start("car");
    let mut steps = Vec::new();
    let spec: PortSpec = emu.port.parse().unwrap();
    let mut elm = Elm327::connect(&spec, opts(), |s| steps.push(s))
        .await
        .unwrap();
    assert_eq!(elm.protocol(), Some(Protocol(6)));
    assert_eq!(elm.identity(), "ELM327 v1.5");
    assert!(steps.contains(&ConnectStep::Searching), "{steps:?}");
    assert!(steps
        .iter()
        .any(|s| matches!(s, ConnectStep::Voltage(v) if (11.0..15.0).contains(v))));

    let t0 = Instant::now();
    let report = scan(&mut elm, |_| {}).await.unwrap();
    eprintln!("full scan: {:?}", t0.elapsed());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        VINS.contains(&report.vin.as_deref().unwrap()),
        "{:?}",
        report.vin
    );
    assert_eq!(report.protocol, Some(6));
    assert!(
        report
            .battery_voltage
            .is_some_and(|v| (11.0..15.0).contains(&v)),
        "{:?}",
        report.battery_voltage
    );
    assert_eq!(report.mil_on, Some(false));
    assert_eq!(report.dtc_count, Some(0));
    assert!(
        report.ecus.iter().all(|e| e.dtcs.is_empty()),
        "{:?}",
        report.ecus
    );
    let engine = report
        .ecus
        .iter()
        .find(|e| e.ecu == EcuAddress::Can11(0x7E8))
        .unwrap();
    assert_eq!(engine.name.as_deref(), Some("ECM-EngineControl"));
    let readiness = report.readiness.as_ref().unwrap();
    assert!(readiness
        .monitors
        .iter()
        .any(|m| m.name == "catalyst" && m.supported));
    assert!(report.freeze_frame.is_none());
    assert!(!report.test_results.is_empty(), "mode 06 results expected");
    // Service 09: the engine's two calibrations with their CVNs, its in-use ratios.
    let cal = &report.calibrations;
    assert_eq!(cal.len(), 1, "{cal:?}");
    assert_eq!(cal[0].ecu, EcuAddress::Can11(0x7E8));
    assert_eq!(cal[0].calibration_ids, ["312J6000", "A4701000"]);
    assert_eq!(cal[0].cvns, ["6953CD4B", "611F6EF2"]);
    let iupr = &report.in_use_performance;
    assert_eq!(iupr.len(), 1, "{iupr:?}");
    assert_eq!((iupr[0].ignition_cycles, iupr[0].obd_conditions), (154, 24));
    assert_eq!(iupr[0].monitors[0].monitor, "Catalyst bank 1");
    assert_eq!(
        (
            iupr[0].monitors[0].completed,
            iupr[0].monitors[0].conditions
        ),
        (17, 24)
    );
    // The emulator's car counts 4 warm-ups and about 50 km since the codes were cleared.
    let since = report.since_cleared.as_ref().expect("01 30/31 read");
    assert_eq!(since.warm_ups, Some(4));
    assert!(
        since
            .distance_km
            .is_some_and(|km| (49.0..=51.0).contains(&km)),
        "{since:?}"
    );
    assert!(
        since.statement().starts_with("Codes last cleared"),
        "{}",
        since.statement()
    );
    // the report serialises for --json
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"vin\""));
}

#[tokio::test]
async fn vin_is_complete_and_follows_the_emulator_cycle() {
    let emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let vin = read_vin(&mut elm).await.unwrap().unwrap();
        assert_eq!(vin.len(), 17, "{vin}");
        seen.push(vin);
    }
    seen.sort();
    let mut all = VINS.map(String::from).to_vec();
    all.sort();
    assert_eq!(seen, all);
}

#[tokio::test]
async fn injected_dtcs_with_and_without_the_count_byte() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let empty = read_dtcs(&mut elm, DtcStatus::Stored).await.unwrap();
    assert!(empty.values().all(|v| v.is_empty()), "{empty:?}");

    // 01 01 as the car then answers it: MIL on, 2 confirmed codes
    emu.answer(
        "STATUS",
        "<header>7E8</header><size>06</size><data>41 01 82 07 65 00</data>",
    );
    // as the emulator's DTC_STORED sends it: no count byte
    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>05</size><data>43 01 43 01 96</data>",
    );
    let got = read_dtcs(&mut elm, DtcStatus::Stored).await.unwrap();
    let codes: Vec<String> = got[&EcuAddress::Can11(0x7E8)]
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(codes, ["P0143", "P0196"]);

    // as a real ECU sends it: count byte 02
    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>06</size><data>43 02 01 43 01 96</data>",
    );
    let got = read_dtcs(&mut elm, DtcStatus::Stored).await.unwrap();
    let codes: Vec<String> = got[&EcuAddress::Can11(0x7E8)]
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(codes, ["P0143", "P0196"]);

    // a freeze frame stored by P0143: RPM answered with the frame byte, speed without
    store_frame_0_by_p0143(&mut emu);
    emu.answer(
        "DTC_SPEED",
        "<header>7E8</header><size>03</size><data>42 0D 32</data>",
    );

    // and the scan names them
    let report = scan(&mut elm, |_| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let ff = report.freeze_frame.clone().expect("freeze frame");
    assert_eq!(ff.dtc.to_string(), "P0143");
    let value = |n: &str| {
        ff.values
            .iter()
            .find(|r| r.name == n)
            .map(|r| r.value.clone())
    };
    assert_eq!(value("rpm"), Some(PidValue::Number(1726.0)));
    assert_eq!(value("speed"), Some(PidValue::Number(50.0)));
    let engine = report
        .ecus
        .iter()
        .find(|e| e.ecu == EcuAddress::Can11(0x7E8))
        .unwrap();
    assert_eq!(engine.dtcs.len(), 2);
    assert!(engine
        .dtcs
        .iter()
        .all(|d| d.status == DtcStatus::Stored && !d.meaning.is_empty()));
}

#[tokio::test]
async fn multi_ecu_replies_and_no_data() {
    let emu = Emulator::start("default");
    let mut elm = connect(&emu).await;
    let rpm = PidSpec::by_name("rpm").unwrap();
    let readings = read_pids(&mut elm, &[rpm]).await.unwrap();
    let ecus: Vec<EcuAddress> = readings.iter().map(|r| r.ecu).collect();
    assert!(
        ecus.contains(&EcuAddress::Can11(0x7E8)) && ecus.contains(&EcuAddress::Can11(0x7EA)),
        "{readings:?}"
    );
    assert!(readings.iter().all(|r| r.name == "rpm" && r.unit == "rpm"));
    // 03 gives NO DATA here: not an empty list (an ECU with no codes says `43 00`)
    let err = read_dtcs(&mut elm, DtcStatus::Stored).await.unwrap_err();
    assert!(matches!(err, ObdError::NoData { .. }), "{err:?}");
}

#[tokio::test]
async fn live_multi_pid_requests_with_response_count() {
    let emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let pids: Vec<&'static PidSpec> = ["rpm", "speed", "coolant_temp"]
        .iter()
        .map(|n| PidSpec::by_name(n).unwrap())
        .collect();
    let mut live = LiveReader::new(&pids, true);
    for _ in 0..3 {
        let r = live.read(&mut elm).await.unwrap();
        let names: Vec<&str> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["rpm", "speed", "coolant_temp"]);
        assert!(matches!(r[0].value, PidValue::Number(v) if (0.0..16384.0).contains(&v)));
    }
    // single-PID requests get the count suffix after the first read
    let mut single = LiveReader::new(&pids[..1], true);
    for _ in 0..3 {
        assert_eq!(single.read(&mut elm).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn engine_off_fails_fast_with_unable_to_connect() {
    let emu = Emulator::start("engineoff");
    let spec: PortSpec = emu.port.parse().unwrap();
    let t0 = Instant::now();
    let err = match Elm327::connect(&spec, opts(), |_| {}).await {
        Ok(_) => panic!("connected with the engine off"),
        Err(e) => e,
    };
    let took = t0.elapsed();
    assert!(matches!(err, ObdError::UnableToConnect { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("unable to connect") && msg.contains("ignition"),
        "{msg}"
    );
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[tokio::test]
async fn injected_adapter_errors_are_typed() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    for (text, fault) in [
        ("CAN ERROR", AdapterFault::Can),
        ("BUFFER FULL", AdapterFault::BufferFull),
        ("STOPPED", AdapterFault::Stopped),
    ] {
        emu.answer("RPM", &format!("<string>{text}\\r</string>"));
        match elm.request(&[0x01, 0x0C], None).await {
            Err(ObdError::Adapter { fault: f, .. }) => assert_eq!(f, fault),
            other => panic!("{text}: {other:?}"),
        }
    }
    // "response pending" (7F 01 78), then the answer: keep waiting, return the answer
    emu.answer(
        "RPM",
        "<header>7E8</header><size>03</size><data>7F 01 78</data>\
         <header>7E8</header><size>04</size><data>41 0C 1A F8</data>",
    );
    let r = elm.request(&[0x01, 0x0C], None).await.unwrap();
    assert_eq!(r[0].data, [0x41, 0x0C, 0x1A, 0xF8]);
    // every ECU refuses
    emu.answer(
        "RPM",
        "<header>7E8</header><size>03</size><data>7F 01 22</data>",
    );
    match elm.request(&[0x01, 0x0C], None).await {
        Err(ObdError::NegativeResponse {
            nrc: 0x22,
            service: 0x01,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    type Check = fn(&ObdError) -> bool;
    let cases: [(&str, Check); 4] = [
        ("NO DATA", |e| matches!(e, ObdError::NoData { .. })),
        ("?", |e| matches!(e, ObdError::UnknownCommand { .. })),
        ("UNABLE TO CONNECT", |e| {
            matches!(e, ObdError::UnableToConnect { .. })
        }),
        ("BUS INIT: ...ERROR", |e| {
            matches!(
                e,
                ObdError::Adapter {
                    fault: AdapterFault::BusInit,
                    ..
                }
            )
        }),
    ];
    for (text, check) in cases {
        emu.answer("RPM", &format!("<string>{text}\\r</string>"));
        let err = elm.request(&[0x01, 0x0C], None).await.unwrap_err();
        assert!(check(&err), "{text}: {err:?}");
    }
    emu.send("emulator.answer.clear()");
    let r = elm.request(&[0x01, 0x0C], None).await.unwrap();
    assert_eq!(&r[0].data[..2], &[0x41, 0x0C]);
}

#[tokio::test]
async fn late_reply_is_never_taken_for_the_next_request() {
    let mut emu = Emulator::start("car");
    let mut elm = connect_impatient(&emu).await;
    emu.send("delay 3");
    let t0 = Instant::now();
    match elm.request(&[0x01, 0x0C], None).await {
        Err(e @ ObdError::Timeout { .. }) => {
            assert!(e.to_string().contains("no reply to 010C"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert!(t0.elapsed() < Duration::from_secs(3));
    emu.send("delay 0");
    // the 010C answer arrives ~2 s from now; the next request must get its own
    let vin = read_vin(&mut elm).await.unwrap().unwrap();
    assert!(VINS.contains(&vin.as_str()), "{vin}");
    let r = elm.request(&[0x01, 0x0D], None).await.unwrap();
    assert_eq!(&r[0].data[..2], &[0x41, 0x0D]);
    let r = elm.request(&[0x01, 0x0C], None).await.unwrap();
    assert_eq!(&r[0].data[..2], &[0x41, 0x0C]);
}

#[tokio::test]
async fn late_reply_to_the_same_request_is_discarded() {
    let mut emu = Emulator::start("car");
    let mut elm = connect_impatient(&emu).await;
    // this answer (1 rpm) is built now and sent after 3 s
    emu.answer(
        "RPM",
        "<exec>time.sleep(3)</exec><header>7E8</header><size>04</size><data>41 0C 00 04</data>",
    );
    let err = elm.request(&[0x01, 0x0C], None).await.unwrap_err();
    assert!(matches!(err, ObdError::Timeout { .. }), "{err:?}");
    emu.answer(
        "RPM",
        "<header>7E8</header><size>04</size><data>41 0C 00 08</data>",
    );
    // the same request again must get the new answer (2 rpm), not the late one
    let r = elm.request(&[0x01, 0x0C], None).await.unwrap();
    assert_eq!(r[0].data, [0x41, 0x0C, 0x00, 0x08]);
    let r = elm.request(&[0x01, 0x0C], None).await.unwrap();
    assert_eq!(r[0].data, [0x41, 0x0C, 0x00, 0x08]);
}

#[tokio::test]
async fn speed_up_refused_by_the_emulator_keeps_the_link() {
    let emu = Emulator::start("car");
    let spec: PortSpec = emu.port.parse().unwrap();
    let o = ConnectOptions {
        speed_up_to: Some(115_200),
        ..opts()
    };
    let mut steps = Vec::new();
    let mut elm = Elm327::connect(&spec, o, |s| steps.push(s)).await.unwrap();
    // the emulator answers ATBRD with OK but never switches: we must stay put
    assert!(
        steps.contains(&ConnectStep::SpeedUp(115_200, false)),
        "{steps:?}"
    );
    assert!(read_vin(&mut elm).await.unwrap().is_some());
}

#[tokio::test]
async fn echo_spaces_and_linefeeds_turned_back_on_are_handled() {
    let emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    for cmd in ["ATE1", "ATS1", "ATL1"] {
        assert_eq!(elm.at_command(cmd).await.unwrap(), ["OK"], "{cmd}");
    }
    let vin = read_vin(&mut elm).await.unwrap().unwrap();
    assert!(VINS.contains(&vin.as_str()), "{vin}");
    let rpm = PidSpec::by_name("rpm").unwrap();
    assert_eq!(read_pids(&mut elm, &[rpm]).await.unwrap().len(), 1);
    assert!(matches!(
        elm.at_command("ATXYZ").await,
        Err(ObdError::UnknownCommand { .. })
    ));
}

#[tokio::test]
async fn tcp_mode_connects() {
    let emu = Emulator::start_tcp("car");
    assert!(emu.port.starts_with("tcp://"));
    let mut elm = connect(&emu).await;
    assert_eq!(elm.protocol(), Some(Protocol(6)));
    assert_eq!(elm.info().port, emu.port);
    let vin = read_vin(&mut elm).await.unwrap().unwrap();
    assert!(VINS.contains(&vin.as_str()));
}

#[tokio::test]
async fn remembered_protocol_skips_the_search() {
    let emu = Emulator::start("car");
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("protocols.json");
    let o = ConnectOptions {
        memory: Some(memory.clone()),
        ..opts()
    };
    let spec: PortSpec = emu.port.parse().unwrap();

    let mut first_steps = Vec::new();
    let t0 = Instant::now();
    let elm = Elm327::connect(&spec, o.clone(), |s| first_steps.push(s))
        .await
        .unwrap();
    let first = t0.elapsed();
    drop(elm);
    assert!(first_steps.contains(&ConnectStep::Searching));
    assert!(std::fs::read_to_string(&memory)
        .unwrap()
        .contains("ELM327 v1.5"));

    let mut steps = Vec::new();
    let t0 = Instant::now();
    let mut elm = Elm327::connect(&spec, o, |s| steps.push(s)).await.unwrap();
    let second = t0.elapsed();
    assert!(
        steps.contains(&ConnectStep::RememberedProtocol(Protocol(6))),
        "{steps:?}"
    );
    assert!(!steps.contains(&ConnectStep::Searching), "{steps:?}");
    assert_eq!(elm.protocol(), Some(Protocol(6)));
    eprintln!("connect: searching {first:?}, remembered protocol {second:?}");
    // the emulator's search costs ~1.5 s and ATDPN 0.5 s
    assert!(
        second + Duration::from_millis(1500) < first,
        "first {first:?}, second {second:?}"
    );
    assert!(read_vin(&mut elm).await.unwrap().is_some());
}

#[tokio::test]
async fn vanished_port_is_adapter_gone() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.kill();
    let err = read_vin(&mut elm).await.unwrap_err();
    assert!(err.is_link_lost(), "{err:?}");
    assert!(err.to_string().contains("reconnect"), "{err}");
    // issue #18 item 6: the message names the request, not "(drain)"
    assert!(!err.to_string().contains("(drain)"), "{err}");
    assert!(err.to_string().contains("0902"), "{err}");
}

#[tokio::test]
async fn clone_identity_with_junk_bytes() {
    let mut emu = Emulator::start("car");
    emu.answer(
        "AT_RESET",
        "<string>\\\\x00\u{fe}\u{ff}#ELM327 v1.5\\r</string>",
    );
    let elm = connect(&emu).await;
    assert_eq!(elm.identity(), "ELM327 v1.5");
}

#[tokio::test]
async fn clear_reports_what_was_cleared() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>06</size><data>43 02 01 43 01 96</data>",
    );
    let report = clear_dtcs(&mut elm, ClearConfirmation::confirmed_by_user())
        .await
        .unwrap();
    assert_eq!(report.acknowledged_by, vec![EcuAddress::Can11(0x7E8)]);
    let codes: Vec<String> = report
        .cleared
        .iter()
        .flat_map(|e| e.dtcs.iter().map(|d| d.code.to_string()))
        .collect();
    assert_eq!(codes, ["P0143", "P0196"]);
}

#[tokio::test]
async fn session_reconnects_after_the_adapter_comes_back() {
    let mut first = Emulator::start_tcp("car");
    let port = first.tcp_port().unwrap();
    let mut elm = connect(&first).await;
    first.kill();
    let err = read_vin(&mut elm).await.unwrap_err();
    assert!(err.is_link_lost(), "{err:?}");

    let _second = Emulator::start_tcp_on("car", port);
    let mut steps = Vec::new();
    elm.reconnect(|s| steps.push(s)).await.unwrap();
    assert!(!steps.contains(&ConnectStep::Searching), "{steps:?}");
    let vin = read_vin(&mut elm).await.unwrap().unwrap();
    assert!(VINS.contains(&vin.as_str()));
}

// ---- issue #18: the car link ---------------------------------------------

/// Makes the request named `pid` answer `text` (an adapter message) once;
/// the request after gets the emulator's normal answer.
fn answer_once(emu: &mut Emulator, pid: &str, text: &str) {
    emu.answer(
        pid,
        &format!("<eval>self.answer.pop(\"{pid}\") and \"{text}\\\\r\"</eval>"),
    );
}

fn not_read_reason(report: &shopbench_obd::ScanReport, status: DtcStatus) -> String {
    let list = report
        .code_list(status)
        .expect("every list has a read state");
    match &list.outcome {
        ListOutcome::NotRead { reason } => reason.clone(),
        other => panic!("{status} was {other:?}, expected not read"),
    }
}

/// Item 1: CAN ERROR, BUFFER FULL or STOPPED on 03 is "not read", never "none".
#[tokio::test]
async fn can_error_on_get_dtc_is_not_read_not_none() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    for fault in ["CAN ERROR", "BUFFER FULL", "STOPPED"] {
        emu.answer("GET_DTC", &format!("<string>{fault}\\r</string>"));
        let report = scan(&mut elm, |_| {}).await.unwrap();
        let reason = not_read_reason(&report, DtcStatus::Stored);
        assert!(reason.contains(fault), "{fault}: {reason}");
        assert!(!report.codes_complete(), "{fault}: {:?}", report.code_lists);
        assert_eq!(report.codes_not_read().len(), 1, "{:?}", report.code_lists);
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.starts_with("stored codes (03): not read")),
            "{fault}: {:?}",
            report.problems
        );
        // the lists that were read say who answered: "none" is an ECU's word
        let pending = report.code_list(DtcStatus::Pending).unwrap();
        assert!(pending.read_by(EcuAddress::Can11(0x7E8)), "{pending:?}");
    }
    emu.send("emulator.answer.clear()");
    let report = scan(&mut elm, |_| {}).await.unwrap();
    assert!(report.codes_complete(), "{:?}", report.code_lists);
}

/// Item 1: a one-off adapter fault on 03 is retried once, and the list is read.
#[tokio::test]
async fn a_one_off_can_error_on_get_dtc_is_retried() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    answer_once(&mut emu, "GET_DTC", "CAN ERROR");
    let report = scan(&mut elm, |_| {}).await.unwrap();
    assert!(report.codes_complete(), "{:?}", report.code_lists);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// Item 1: `NO DATA` to 03 (here from a reply whose size byte disagrees with
/// its data, which the emulator turns into NO DATA) is "not read" with a note.
#[tokio::test]
async fn no_data_to_get_dtc_is_not_read_not_none() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>06</size><data>43 01 43 01 96</data>",
    );
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let reason = not_read_reason(&report, DtcStatus::Stored);
    assert!(reason.contains("NO DATA"), "{reason}");
    assert!(
        reason.contains("43 00") || reason.contains("empty list"),
        "{reason}"
    );
    // the scenario where 03, 07 and 0A all say NO DATA
    let other = Emulator::start("default");
    let mut elm = connect(&other).await;
    let report = scan(&mut elm, |_| {}).await.unwrap();
    assert_eq!(report.codes_not_read().len(), 3, "{:?}", report.code_lists);
}

/// Item 1: a frame that cannot be parsed (length byte 6, five data bytes),
/// or a list whose count byte disagrees with its codes, is a problem.
#[tokio::test]
async fn malformed_dtc_frame_is_a_problem_not_silence() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer("GET_DTC", "<string>7E8064301430196\\r</string>");
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let reason = not_read_reason(&report, DtcStatus::Stored);
    assert!(reason.contains("single frame length 6"), "{reason}");
    assert!(!report.problems.is_empty());

    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>06</size><data>43 03 01 43 01 96</data>",
    );
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let reason = not_read_reason(&report, DtcStatus::Stored);
    assert!(reason.contains("announces 3 codes"), "{reason}");
}

/// Item 1: the adapter stalls (`delay 3`, beyond the slowest reply we wait
/// for) after connecting: whatever the scan got, no code list it did not
/// read is "none" — each says why it was not read.
#[tokio::test]
async fn a_stall_after_connecting_leaves_the_codes_not_read_never_none() {
    let mut emu = Emulator::start("car");
    let quick = ConnectOptions {
        request_timeout: Duration::from_secs(1),
        late_reply_grace: Duration::from_millis(200),
        ..opts()
    };
    let mut elm = connect_with(&emu, quick).await;
    emu.send("delay 3");
    let (report, _lost) = scan_partial(&mut elm, |_| {}).await;
    emu.send("delay 0");
    assert!(!report.codes_complete(), "{:?}", report.code_lists);
    for status in [DtcStatus::Stored, DtcStatus::Pending, DtcStatus::Permanent] {
        let list = report
            .code_list(status)
            .expect("every list has a read state");
        match &list.outcome {
            ListOutcome::NotRead { reason } => assert!(!reason.is_empty(), "{status}"),
            other => panic!("{status} was {other:?} although every request stalled"),
        }
    }
}

/// Item 1: unplugged before 07/0A: those lists say the scan stopped, not "none".
#[tokio::test]
async fn unplugged_before_pending_codes_marks_them_not_read() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer("GET_CURRENT_DTC", "<exec>import os; os._exit(0)</exec>");
    let (report, lost) = scan_partial(&mut elm, |_| {}).await;
    assert!(lost.is_some_and(|e| e.is_link_lost()));
    assert!(report.code_list(DtcStatus::Stored).unwrap().is_read());
    for status in [DtcStatus::Pending, DtcStatus::Permanent] {
        let reason = not_read_reason(&report, status);
        assert!(reason.contains("the scan stopped"), "{reason}");
    }
}

/// Item 2: after a single-frame reply the count suffix is tried (`010C0D1`);
/// the emulator refuses it ('?'), and live data goes on without it.
#[tokio::test]
async fn live_keeps_going_when_the_adapter_refuses_the_count_suffix() {
    let emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    every_round_reads_rpm_and_speed(&mut elm, 4).await;
}

/// Item 2: an adapter that refuses a multi-PID request (`010C0D` → `?`)
/// gets one request per PID from then on, and every round reads both PIDs.
#[tokio::test]
async fn live_splits_a_multi_pid_request_the_adapter_refuses() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.send(
        r"emulator.multi_pid_answer = lambda cmd, header: '<string>?\r</string>' if len(cmd) > 4 else None",
    );
    every_round_reads_rpm_and_speed(&mut elm, 3).await;
}

/// Reads rpm and speed `rounds` times; each round must read both, with no error.
async fn every_round_reads_rpm_and_speed(elm: &mut Elm327, rounds: usize) {
    let pids: Vec<&'static PidSpec> = ["rpm", "speed"]
        .iter()
        .map(|n| PidSpec::by_name(n).unwrap())
        .collect();
    let mut live = LiveReader::new(&pids, true);
    for round in 0..rounds {
        let r = live.read_round(elm).await.unwrap();
        assert!(r.errors.is_empty(), "round {round}: {:?}", r.errors);
        let names: Vec<&str> = r.readings.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["rpm", "speed"], "round {round}");
    }
}

/// Item 2: one CAN ERROR, or a 3 s stall, is one failed request in one
/// round; the next round reads again.
#[tokio::test]
async fn live_round_errors_are_reported_and_the_next_round_tried() {
    let mut emu = Emulator::start("car");
    let mut elm = connect_impatient(&emu).await;
    let rpm = PidSpec::by_name("rpm").unwrap();
    let mut live = LiveReader::new(&[rpm], true);
    assert_eq!(live.read_round(&mut elm).await.unwrap().readings.len(), 1);

    answer_once(&mut emu, "RPM", "CAN ERROR");
    let r = live.read_round(&mut elm).await.unwrap();
    assert!(r.readings.is_empty());
    assert!(
        matches!(
            r.errors[..],
            [ObdError::Adapter {
                fault: AdapterFault::Can,
                ..
            }]
        ),
        "{:?}",
        r.errors
    );
    let r = live.read_round(&mut elm).await.unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.readings.len(), 1);

    emu.send("delay 3");
    let r = live.read_round(&mut elm).await.unwrap();
    assert!(
        r.errors.iter().all(|e| e.is_timeout()) && !r.errors.is_empty(),
        "{:?}",
        r.errors
    );
    emu.send("delay 0");
    let r = live.read_round(&mut elm).await.unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.readings[0].name, "rpm");
}

/// Item 4: output a session left behind (late replies of requests it gave up
/// on) does not break the next connect.
#[tokio::test]
async fn stale_output_from_a_session_that_gave_up_does_not_break_the_next_connect() {
    let mut emu = Emulator::start("car");
    let quick = ConnectOptions {
        request_timeout: Duration::from_secs(1),
        late_reply_grace: Duration::from_millis(200),
        baud: Some(38400),
        ..opts()
    };
    {
        let mut first = connect_with(&emu, quick.clone()).await;
        emu.send("delay 3");
        // two requests given up on: the second one's resynchronisation gives up too
        assert!(read_vin(&mut first).await.is_err());
        assert!(first.request(&[0x01, 0x0C], None).await.is_err());
    } // the first session closes the port, its replies still to come
    emu.send("delay 0");
    for _ in 0..2 {
        let mut next = connect_with(&emu, quick.clone()).await;
        assert_eq!(next.identity(), "ELM327 v1.5");
        let vin = read_vin(&mut next).await.unwrap().unwrap();
        assert!(VINS.contains(&vin.as_str()), "{vin}");
    }
}

/// Item 5: an adapter that takes 1.5 s per reply connects and reads, with
/// a 1 s time limit to start from: the limits grow with the latency seen.
#[tokio::test]
async fn slow_adapter_latency_connects_and_reads() {
    let mut emu = Emulator::start("car");
    emu.send("delay 1.5");
    let mut elm = connect_impatient(&emu).await;
    assert!(
        elm.latency() >= Duration::from_secs(1),
        "{:?}",
        elm.latency()
    );
    let vin = read_vin(&mut elm).await.unwrap().unwrap();
    assert!(VINS.contains(&vin.as_str()), "{vin}");
}

/// Item 5: `--protocol 6` on a silent car fails on protocol 6 alone: no
/// automatic search, no other protocols.
#[tokio::test]
async fn forced_protocol_never_searches() {
    let emu = Emulator::start("engineoff");
    let spec: PortSpec = emu.port.parse().unwrap();
    let o = ConnectOptions {
        protocol: Some(Protocol(6)),
        ..opts()
    };
    let mut steps = Vec::new();
    let err = match Elm327::connect(&spec, o, |s| steps.push(s)).await {
        Ok(_) => panic!("connected to a silent car"),
        Err(e) => e,
    };
    assert!(matches!(err, ObdError::UnableToConnect { .. }), "{err:?}");
    assert!(err.to_string().contains("chosen by hand"), "{err}");
    assert!(
        steps.contains(&ConnectStep::ForcedProtocol(Protocol(6))),
        "{steps:?}"
    );
    assert!(
        !steps
            .iter()
            .any(|s| matches!(s, ConnectStep::Searching | ConnectStep::TryingProtocol(_))),
        "{steps:?}"
    );
}

/// Freeze frame 0 stored by P0143, its rpm (1726) answered with the frame byte.
fn store_frame_0_by_p0143(emu: &mut Emulator) {
    emu.answer(
        "INJ_MF_2",
        "<header>7E8</header><size>05</size><data>42 02 00 01 43</data>",
    );
    emu.answer(
        "DTC_RPM",
        "<header>7E8</header><size>05</size><data>42 0C 00 1A F8</data>",
    );
}

/// A freeze frame was asked for every PID the ECU supports live, one request
/// each, though the frame says which few it holds (`02 00 N`): on a J2534
/// device each PID it does not hold cost a wait, 9.5 s of an 11 s scan. Now
/// the frame's own bitmap is read first and only its PIDs are asked.
#[tokio::test]
async fn regression_freeze_frames_were_asked_for_every_live_pid() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    store_frame_0_by_p0143(&mut emu);
    // The ECU would answer coolant for frame 0 too, but its frame bitmap
    // (02 00 00 → PIDs 02 and 0C) says the frame holds only the code and rpm.
    emu.answer(
        "DTC_COOLANT_TEMP",
        "<header>7E8</header><size>04</size><data>42 05 00 7B</data>",
    );
    emu.send(
        "emulator.ObdMessage['car']['FF0_PIDS'] = {'Request': '^020000$', 'Descr': 'FF0_PIDS', \
         'Response': '<header>7E8</header><size>07</size><data>42 00 00 40 10 00 00</data>'}",
    );
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let frame = &report.freeze_frames[0];
    assert_eq!(frame.dtc.to_string(), "P0143");
    let names: Vec<&str> = frame.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["rpm"],
        "only what frame 0's bitmap holds: {frame:?}"
    );
}

/// Freeze frame 1 showed frame 0's values: `02 0C 01` refused, the scan fell
/// back to `02 0C` — which is frame 0 — and kept its answer for frame 1.
#[tokio::test]
async fn regression_freeze_frame_1_showed_frame_0s_values() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    // Frame 0 stored by P0143 (rpm without the frame byte), frame 1 by P0171 with
    // its own rpm (750); the emulator knows no other `02 PID 01` request.
    emu.answer(
        "INJ_MF_2",
        "<header>7E8</header><size>05</size><data>42 02 00 01 43</data>",
    );
    emu.answer(
        "DTC_RPM",
        "<header>7E8</header><size>04</size><data>42 0C 1A F8</data>",
    );
    // Coolant is known only as `02 05` (frame 0): frame 1 must not borrow it.
    emu.answer(
        "DTC_COOLANT_TEMP",
        "<header>7E8</header><size>03</size><data>42 05 7B</data>",
    );
    for (name, request, data) in [
        ("FF1_DTC", "020201", "42 02 01 01 71"),
        ("FF1_RPM", "020C01", "42 0C 01 0B B8"),
    ] {
        emu.send(&format!(
            "emulator.ObdMessage['car']['{name}'] = {{'Request': '^{request}$', 'Descr': '{name}', \
             'Response': '<header>7E8</header><size>05</size><data>{data}</data>'}}"
        ));
    }
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let frames = &report.freeze_frames;
    assert_eq!(frames.len(), 2, "{frames:?}");
    let rpm = |f: &shopbench_obd::FreezeFrame| -> Vec<String> {
        f.values
            .iter()
            .filter(|v| v.name == "rpm")
            .map(|v| v.value.to_string())
            .collect()
    };
    assert_eq!(frames[1].dtc.to_string(), "P0171");
    assert_eq!(rpm(&frames[0]), ["1726"]);
    assert!(frames[0].values.iter().any(|v| v.name == "coolant_temp"));
    assert_eq!(rpm(&frames[1]), ["750"]);
    assert!(
        frames[1].values.iter().all(|v| v.name == "rpm"),
        "frame 1 holds only what the car gave for frame 1: {:?}",
        frames[1].values
    );
}

/// The MIL said 6 confirmed codes and the stored list held 2: the scan said
/// nothing (it warned only when the list came back empty).
#[tokio::test]
async fn regression_a_stored_list_shorter_than_the_mil_count_went_unremarked() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer(
        "STATUS",
        "<header>7E8</header><size>06</size><data>41 01 86 07 65 00</data>",
    );
    emu.answer(
        "GET_DTC",
        "<header>7E8</header><size>06</size><data>43 02 01 71 01 74</data>",
    );
    let report = scan(&mut elm, |_| {}).await.unwrap();
    assert_eq!(report.dtc_count, Some(6));
    assert!(
        report.problems.iter().any(|p| p
            .contains("ECU 7E8 counts 6 confirmed codes (01 01) but its stored list (03) holds 2 — a code may not have been read")),
        "{:?}",
        report.problems
    );
}

/// `clear --yes` listed 7E9's P0700 as cleared although 7E9 refused the
/// clear (7F 04 22, conditions not correct): only 7E8 acknowledged.
#[tokio::test]
async fn regression_codes_of_an_ecu_that_refused_the_clear_were_listed_as_cleared() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let two_ecus = "<header>7E8</header><size>04</size><data>43 01 01 43</data>\
                    <header>7E9</header><size>04</size><data>43 01 07 00</data>";
    emu.answer("GET_DTC", two_ecus);
    emu.answer(
        "CLEAR_DIAG_TC",
        "<header>7E8</header><size>01</size><data>44</data>\
         <header>7E9</header><size>03</size><data>7F 04 22</data>",
    );
    let report = clear_dtcs(&mut elm, ClearConfirmation::confirmed_by_user())
        .await
        .unwrap();
    let codes = |ecus: &[shopbench_obd::EcuReport]| -> Vec<String> {
        ecus.iter()
            .flat_map(|e| e.dtcs.iter().map(|d| format!("{} {}", d.code, e.ecu)))
            .collect()
    };
    assert_eq!(report.acknowledged_by, vec![EcuAddress::Can11(0x7E8)]);
    assert_eq!(codes(&report.cleared), ["P0143 7E8"]);
    assert_eq!(codes(&report.not_acknowledged), ["P0700 7E9"]);
}

/// `clear --yes` sent 04 although the stored codes could not be read first
/// (NO DATA): codes nobody recorded were erased. It is refused now unless the
/// user also confirmed clearing codes that were not read.
#[tokio::test]
async fn regression_codes_that_could_not_be_read_first_were_cleared() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer("GET_DTC", "<writeln>NO DATA</writeln>");
    let err = clear_dtcs(&mut elm, ClearConfirmation::confirmed_by_user())
        .await
        .unwrap_err();
    assert!(matches!(err, ObdError::UnreadBeforeClear { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("nothing was cleared: the stored codes (03) could not be read first"),
        "{err}"
    );
    let report = clear_dtcs(&mut elm, ClearConfirmation::confirmed_even_unread())
        .await
        .unwrap();
    assert_eq!(report.acknowledged_by, vec![EcuAddress::Can11(0x7E8)]);
    assert!(!report.lists[0].is_read());
}

/// Item 6: a clear that fails says whether the clear request had gone out.
#[tokio::test]
async fn interrupted_clear_says_whether_anything_was_cleared() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer("CLEAR_DIAG_TC", "<string>CAN ERROR\\r</string>");
    let err = clear_dtcs(&mut elm, ClearConfirmation::confirmed_by_user())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ObdError::ClearInterrupted { sent: true, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("may or may not have been erased"),
        "{err}"
    );

    emu.answer("GET_DTC", "<exec>import os; os._exit(0)</exec>");
    let err = clear_dtcs(&mut elm, ClearConfirmation::confirmed_by_user())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ObdError::ClearInterrupted { sent: false, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("nothing was cleared"), "{err}");
    assert!(err.is_link_lost());
}

// ---- issue #16: every module over UDS ---------------------------------------

mod modules {
    use super::*;
    use shopbench_obd::modules::{scan_modules, ModuleCodes, ModuleScanOptions, ScanOrder};

    fn find(
        scan: &shopbench_obd::modules::ModuleScan,
        request: u32,
    ) -> &shopbench_obd::modules::ModuleReport {
        scan.modules
            .iter()
            .find(|m| m.address.request == request)
            .unwrap_or_else(|| panic!("no module at {request:X}: {:#?}", scan.modules))
    }

    /// Header and receive-address switching, flow control, multi-DID reads
    /// with the one-at-a-time fallback, response pending, the extended
    /// session, snapshots and extended data — against the emulator, with UDS
    /// answers injected per header.
    #[tokio::test]
    async fn all_module_scan_over_the_elm327() {
        let mut emu = Emulator::start("car");
        emu.install_uds_modules();
        let mut elm = connect(&emu).await;
        let t0 = Instant::now();
        let scan = scan_modules(&mut elm, &ModuleScanOptions::default(), |_| {})
            .await
            .unwrap();
        eprintln!("all-module scan: {:?}", t0.elapsed());
        let found: Vec<u32> = scan.modules.iter().map(|m| m.address.request).collect();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(sorted, [0x726, 0x737, 0x7A4, 0x7B0, 0x7E0], "{found:X?}");
        assert_eq!(scan.probed, 64);

        let abs = find(&scan, 0x7B0);
        assert_eq!(abs.name.as_deref(), Some("ABS/ESC"));
        assert_eq!(abs.ident(0xF190), Some("SB1ZS3JE60E282102"));
        assert_eq!(abs.ident(0xF195), Some("SW 7.03"));
        assert_eq!(abs.codes, ModuleCodes::Read);
        let c0035 = &abs.dtcs[0];
        assert_eq!(c0035.dtc.to_string(), "C0035-1C");
        assert_eq!(c0035.failure, "Circuit voltage out of range");
        assert!(c0035.status.warning_indicator() && c0035.status.test_failed());
        let snap = c0035.snapshot.as_ref().expect("snapshot");
        assert_eq!(snap.records[0].values[0].text(), "50 km/h");
        assert_eq!(c0035.extended.as_ref().unwrap().data, [0x01, 0x03]);
        assert!(abs.problems.is_empty(), "{:?}", abs.problems);

        // response pending (7F 19 78) then the list; 19 06 refused as not supported
        let srs = find(&scan, 0x737);
        assert_eq!(srs.dtcs[0].dtc.to_string(), "B0092-13");
        assert!(srs.dtcs[0].extended.is_none());
        assert!(srs.problems.is_empty(), "{:?}", srs.problems);

        // refuses several DIDs at once: read one by one; F18C unknown to it
        let bcm = find(&scan, 0x726);
        assert_eq!(bcm.name.as_deref(), Some("Body control"));
        assert_eq!(bcm.ident(0xF187), Some("BCM-1188"));
        assert_eq!(bcm.ident(0xF18C), None);
        assert_eq!(bcm.dtcs[0].dtc.to_string(), "U0121-00");
        assert!(!bcm.dtcs[0].status.test_failed());

        // codes only in the extended session
        let radar = find(&scan, 0x7A4);
        assert!(radar.extended_session);
        assert_eq!(radar.dtcs[0].dtc.to_string(), "C0410-54");
        assert_eq!(radar.dtcs[0].failure, "Missing calibration");

        // the engine refuses TesterPresent (7F 3E 12): still found
        let ecm = find(&scan, 0x7E0);
        assert_eq!(ecm.dtcs.len(), 2);
        assert_eq!(
            ecm.dtcs[0].snapshot.as_ref().unwrap().records[0]
                .values
                .len(),
            3
        );

        // functional OBD-II works again afterwards
        let vin = read_vin(&mut elm).await.unwrap();
        assert!(VINS.contains(&vin.as_deref().unwrap()), "{vin:?}");

        // the naive order finds the same
        let naive = scan_modules(
            &mut elm,
            &ModuleScanOptions {
                order: ScanOrder::Naive,
                ..ModuleScanOptions::default()
            },
            |_| {},
        )
        .await
        .unwrap();
        let codes = |s: &shopbench_obd::modules::ModuleScan| -> Vec<String> {
            s.modules
                .iter()
                .flat_map(|m| m.dtcs.iter().map(|d| d.dtc.to_string()))
                .collect()
        };
        assert_eq!(codes(&naive), codes(&scan));
    }
}

/// Mode 06 was all or nothing: one MID whose request failed (CAN ERROR on
/// 06 02, twice) threw away every result read before it, and the problem
/// did not say which monitor was missing.
#[tokio::test]
async fn regression_one_failed_mode_06_request_lost_every_test_result() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    emu.answer("MONITOR_O2_B1S2", "<string>CAN ERROR\\r</string>");
    let report = scan(&mut elm, |_| {}).await.unwrap();
    let monitors: BTreeSet<&str> = report
        .test_results
        .iter()
        .map(|t| t.monitor.as_str())
        .collect();
    assert!(
        monitors.contains("Oxygen sensor bank 1 sensor 1"),
        "{monitors:?}"
    );
    assert!(
        !monitors.contains("Oxygen sensor bank 1 sensor 2"),
        "{monitors:?}"
    );
    let failed: Vec<&String> = report
        .problems
        .iter()
        .filter(|p| p.starts_with("test results (06)"))
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", report.problems);
    assert!(
        failed[0].contains("MID 02 (Oxygen sensor bank 1 sensor 2)")
            && failed[0].contains("CAN ERROR"),
        "{failed:?}"
    );
}

/// A mode 06 MID whose request failed once was recorded as failed and its
/// results lost, though asking again would have read them. The emulator's
/// car answers 06 02 (O2 sensor bank 1 sensor 2) in turn with a whole reply
/// and one cut short (a multi-frame message missing its last frame): a scan
/// after another lost that monitor. A CAN ERROR once did the same. Such a
/// request is now asked once more, and one that fails twice says so.
#[tokio::test]
async fn regression_mode06_failed_mid_not_retried() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let o2_b1s2 = "Oxygen sensor bank 1 sensor 2";
    // 1st read: the whole reply; 2nd: the one cut short, then (asked again) the whole one;
    // 3rd: a CAN ERROR, then the whole reply
    for round in 1..=3 {
        if round == 3 {
            answer_once(&mut emu, "MONITOR_O2_B1S2", "CAN ERROR");
        }
        let read = read_test_results(&mut elm).await.unwrap();
        assert!(read.failed.is_empty(), "read {round}: {:?}", read.failed);
        assert!(
            read.results.iter().any(|t| t.monitor == o2_b1s2),
            "read {round}: {:?}",
            read.results
        );
    }
    emu.answer("MONITOR_O2_B1S2", "<string>CAN ERROR\\r</string>");
    let read = read_test_results(&mut elm).await.unwrap();
    assert_eq!(read.failed.len(), 1, "{:?}", read.failed);
    assert!(
        read.failed[0].starts_with(&format!("MID 02 ({o2_b1s2}) not read (tried twice): ")),
        "{:?}",
        read.failed
    );
}

/// `NO DATA` to a service 06 MID means the car does not have that monitor:
/// it is not asked again (a second request would be a wasted round trip on
/// every scan of such a car) and it is not a failure. Here 06 02 answers
/// `NO DATA` once: asked again, the emulator would give its normal reply and
/// the monitor's results (or, cut short, a failure) would show up.
#[tokio::test]
async fn no_data_to_a_mode_06_mid_is_not_asked_again() {
    let mut emu = Emulator::start("car");
    let mut elm = connect(&emu).await;
    let o2_b1s2 = "Oxygen sensor bank 1 sensor 2";
    answer_once(&mut emu, "MONITOR_O2_B1S2", "NO DATA");
    let read = read_test_results(&mut elm).await.unwrap();
    assert!(read.failed.is_empty(), "{:?}", read.failed);
    assert!(
        !read.results.iter().any(|t| t.monitor == o2_b1s2),
        "06 02 was asked again after NO DATA: {:?}",
        read.results
    );
    assert!(
        read.results
            .iter()
            .any(|t| t.monitor == "Oxygen sensor bank 1 sensor 1"),
        "the other MIDs are still read: {:?}",
        read.results
    );
    // the NO DATA went to that one request: the next read has the monitor
    let read = read_test_results(&mut elm).await.unwrap();
    assert!(
        read.results.iter().any(|t| t.monitor == o2_b1s2),
        "{:?}",
        read.results
    );
}
