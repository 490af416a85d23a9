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
    clear_dtcs, read_dtcs, read_pids, read_vin, scan, AdapterFault, ClearConfirmation,
    ConnectOptions, ConnectStep, DtcStatus, EcuAddress, Elm327, LiveReader, ObdError, ObdLink,
    PidSpec, PidValue, PortSpec, Protocol,
};
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
    emu.answer(
        "INJ_MF_2",
        "<header>7E8</header><size>05</size><data>42 02 00 01 43</data>",
    );
    emu.answer(
        "DTC_RPM",
        "<header>7E8</header><size>05</size><data>42 0C 00 1A F8</data>",
    );
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
    // 03 gives NO DATA here: an empty list, not an error
    assert!(read_dtcs(&mut elm, DtcStatus::Stored)
        .await
        .unwrap()
        .is_empty());
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
    let mut elm = connect_with(
        &emu,
        ConnectOptions {
            request_timeout: Duration::from_secs(1),
            ..opts()
        },
    )
    .await;
    emu.send("delay 3");
    let t0 = Instant::now();
    match elm.request(&[0x01, 0x0C], None).await {
        Err(e @ ObdError::Timeout { .. }) => assert!(e.to_string().contains("did not answer 010C")),
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
    let mut elm = connect_with(
        &emu,
        ConnectOptions {
            request_timeout: Duration::from_secs(1),
            ..opts()
        },
    )
    .await;
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
