//! Against a real ELM327 adapter plugged into a real car, ignition on:
//!
//! ```sh
//! SHOPBENCH_PORT=/dev/ttyUSB0 cargo test -p shopbench-obd --features hardware-tests --test hardware
//! ```
//!
//! Compiled only with the `hardware-tests` feature (CI has no car); the port
//! comes from `SHOPBENCH_PORT` (`/dev/ttyUSB0`, `/dev/rfcomm0`, `tcp://192.168.0.10:35000`).
#![cfg(feature = "hardware-tests")]

use shopbench_obd::{scan, ConnectOptions, Elm327, LiveReader, ObdLink, PidSpec, PortSpec};

fn port() -> PortSpec {
    let p = std::env::var("SHOPBENCH_PORT")
        .expect("set SHOPBENCH_PORT to the adapter's port, e.g. /dev/ttyUSB0");
    p.parse()
        .expect("SHOPBENCH_PORT is a serial device or tcp://HOST:PORT")
}

#[tokio::test]
async fn a_real_car_connects_scans_and_reads_live_data() {
    let mut elm = Elm327::connect(&port(), ConnectOptions::default(), |s| eprintln!("… {s:?}"))
        .await
        .expect("connect: is the ignition on and the adapter plugged in?");
    assert!(elm.info().protocol.is_some(), "a protocol was found");
    let report = scan(&mut elm, |step| eprintln!("… {step}"))
        .await
        .expect("scan");
    eprintln!("{report:#?}");
    assert!(report.mil_on.is_some(), "every OBD-II car answers 01 01");
    let rpm = PidSpec::by_name("rpm").expect("rpm is in the table");
    let can = elm.info().protocol.is_none_or(|p| p.is_can());
    let values = LiveReader::new(&[rpm], can)
        .read(&mut elm)
        .await
        .expect("live rpm");
    assert!(!values.is_empty(), "the engine ECU answers 01 0C");
}
