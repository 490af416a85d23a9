//! Whole paths against the simulated PassThru library (the
//! `shopbench-j2534-sim` test double), loaded through manifest discovery and
//! `libloading` exactly as a vendor's driver would be.

mod common;

use std::time::{Duration, Instant};

use shopbench_j2534::{
    config, protocol, rx_status, status, tx_flags, FilterId, IdBits, IsoTpSession, J2534Error,
    PassThruMsg, SessionConfig,
};

fn session(scenario: &str) -> (shopbench_j2534::Device, IsoTpSession) {
    let device = common::sim()
        .open(Some(scenario))
        .expect("open the simulated device");
    let session = IsoTpSession::open(&device, SessionConfig::default()).expect("ISO 15765 session");
    (device, session)
}

#[test]
fn passthru_msg_has_the_c_layout() {
    #[cfg(all(unix, target_pointer_width = "64"))]
    assert_eq!(std::mem::size_of::<PassThruMsg>(), 4176);
    #[cfg(windows)]
    assert_eq!(std::mem::size_of::<PassThruMsg>(), 4152);
    // The simulator declares the struct independently; both must agree.
    assert_eq!(std::mem::size_of::<PassThruMsg>(), common::sim_msg_size());
    assert_eq!(
        std::mem::size_of::<shopbench_j2534::SConfig>(),
        2 * std::mem::size_of::<std::os::raw::c_ulong>()
    );
}

#[test]
fn version_and_battery_voltage() {
    let (device, obd) = session("");
    let v = device.read_version().unwrap();
    assert_eq!(v.api, "04.04");
    assert!(v.dll.starts_with("shopbench-j2534-sim"), "{v:?}");
    assert_eq!(device.read_vbatt().unwrap(), 12_600);
    assert!((obd.battery_voltage().unwrap() - 12.6).abs() < 1e-9);
}

#[test]
fn vin_arrives_as_one_multi_frame_reply() {
    let (_device, mut obd) = session("");
    let replies = obd.request(&[0x09, 0x02]).unwrap();
    assert_eq!(replies.len(), 1, "{replies:02X?}");
    let (ecu, data) = &replies[0];
    assert_eq!(*ecu, 0x7E8);
    assert_eq!(&data[..3], [0x49, 0x02, 0x01]);
    assert_eq!(
        std::str::from_utf8(&data[3..]).unwrap(),
        "SB1ZS3JE60E282102"
    );
    // The same through physical addressing.
    let vin = obd.request_physical(0x7E8, &[0x09, 0x02]).unwrap();
    assert_eq!(&vin, data);
}

#[test]
fn several_ecus_answer_0100() {
    let (_device, mut obd) = session("");
    let started = Instant::now();
    let replies = obd.request(&[0x01, 0x00]).unwrap();
    assert_eq!(
        replies,
        vec![
            (0x7E8, vec![0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x12]),
            (0x7E9, vec![0x41, 0x00, 0x80, 0x00, 0x00, 0x00]),
        ]
    );
    // Ends one quiet period after the last reply, not at the overall limit.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Knowing how many ECUs answer lets the request end at the last reply.
    let again = obd.request_expecting(&[0x01, 0x00], Some(2)).unwrap();
    assert_eq!(again.len(), 2);
    let rpm = obd.request(&[0x01, 0x0C]).unwrap();
    assert_eq!(rpm, vec![(0x7E8, vec![0x41, 0x0C, 0x0B, 0x54])]);
}

#[test]
fn dtcs_then_clear_with_response_pending() {
    let (_device, mut obd) = session("");
    assert_eq!(
        obd.request(&[0x03]).unwrap(),
        vec![
            (0x7E8, vec![0x43, 0x02, 0x01, 0x71, 0x01, 0x74]), // P0171 P0174
            (0x7E9, vec![0x43, 0x01, 0x07, 0x00]),             // P0700
        ]
    );
    assert_eq!(
        obd.request(&[0x07]).unwrap()[0],
        (0x7E8, vec![0x47, 0x01, 0x01, 0x71])
    );
    assert_eq!(obd.request(&[0x0A]).unwrap()[0], (0x7E8, vec![0x4A, 0x00]));
    assert_eq!(
        obd.request(&[0x02, 0x02, 0x00]).unwrap(),
        vec![(0x7E8, vec![0x42, 0x02, 0x00, 0x01, 0x71])]
    );
    assert_eq!(
        obd.request(&[0x01, 0x01]).unwrap()[0].1[2],
        0x82,
        "MIL on, 2 codes"
    );

    // The engine ECU answers 7F 04 78 first and 44 only after 250 ms, longer
    // than the 100 ms quiet period: the session must wait for it.
    let cleared = obd.request(&[0x04]).unwrap();
    assert_eq!(cleared, vec![(0x7E8, vec![0x44]), (0x7E9, vec![0x44])]);

    let after = obd.request(&[0x03]).unwrap();
    assert_eq!(
        after,
        vec![(0x7E8, vec![0x43, 0x00]), (0x7E9, vec![0x43, 0x00])]
    );
    assert_eq!(obd.request(&[0x01, 0x01]).unwrap()[0].1[2], 0x00, "MIL off");
}

#[test]
fn unplug_mid_session_is_a_typed_error_and_drop_releases_the_handle() {
    let (device, mut obd) = session("unplug_after:2");
    let id = device.id();
    assert!(common::sim_device_is_open(id));
    obd.request(&[0x01, 0x00]).unwrap();
    obd.request(&[0x03]).unwrap();
    let err = obd.request(&[0x07]).unwrap_err();
    assert!(err.is_device_lost(), "{err}");
    assert_eq!(err.status(), Some(status::ERR_DEVICE_NOT_CONNECTED));
    let text = err.to_string();
    assert!(
        text.contains("PassThruWriteMsgs") && text.contains("unplugged"),
        "{text}"
    );
    // Everything after fails the same way, and nothing panics on drop.
    assert!(device.read_vbatt().unwrap_err().is_device_lost());
    drop(obd);
    drop(device);
    assert!(
        !common::sim_device_is_open(id),
        "PassThruClose was not called"
    );
}

#[test]
fn dropping_the_device_closes_it() {
    let device = common::sim().open(None).unwrap();
    let id = device.id();
    let channel = device.connect(protocol::ISO15765, 0, 500_000).unwrap();
    drop(device); // the channel still holds the device
    assert!(common::sim_device_is_open(id));
    drop(channel);
    assert!(!common::sim_device_is_open(id));
}

#[test]
fn write_timeout_is_err_timeout() {
    let (_device, mut obd) = session("timeout");
    let err = obd.request(&[0x01, 0x00]).unwrap_err();
    assert_eq!(err.status(), Some(status::ERR_TIMEOUT), "{err}");
    assert!(err.to_string().contains("no acknowledgement"), "{err}");
}

#[test]
fn no_ecu_reads_empty_and_the_request_reports_no_response() {
    let (_device, mut obd) = session("no_ecu");
    // ERR_BUFFER_EMPTY (timeout 0) and ERR_TIMEOUT (timeout > 0) are short reads.
    obd.channel().clear_rx_buffer().unwrap();
    assert!(obd
        .channel()
        .read_msgs(4, Duration::ZERO)
        .unwrap()
        .is_empty());
    assert!(obd
        .channel()
        .read_msgs(4, Duration::from_millis(20))
        .unwrap()
        .is_empty());
    let started = Instant::now();
    let err = obd.request(&[0x01, 0x00]).unwrap_err();
    assert!(matches!(err, J2534Error::NoResponse { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn writing_to_an_ecu_without_a_flow_control_filter_is_err_no_flow_control() {
    let device = common::sim().open(None).unwrap();
    let channel = device.connect(protocol::ISO15765, 0, 500_000).unwrap();
    let msg = channel
        .message(tx_flags::ISO15765_FRAME_PAD, 0x7E0, &[0x01, 0x00])
        .unwrap();
    let err = channel
        .write_msgs(std::slice::from_ref(&msg), Duration::from_millis(100))
        .unwrap_err();
    match &err {
        J2534Error::Api {
            function,
            code,
            name,
            description,
        } => {
            assert_eq!(*function, "PassThruWriteMsgs");
            assert_eq!(*code, status::ERR_NO_FLOW_CONTROL);
            assert_eq!(*name, "ERR_NO_FLOW_CONTROL");
            assert_eq!(description, "no flow control filter for CAN ID 7E0"); // GetLastError
        }
        other => panic!("unexpected {other}"),
    }
    // With the filter it goes through and the ECU answers.
    let filter = channel
        .start_flow_control_filter(0x7E8, 0x7E0, tx_flags::ISO15765_FRAME_PAD)
        .unwrap();
    assert_eq!(
        channel
            .write_msgs(&[msg], Duration::from_millis(100))
            .unwrap(),
        1
    );
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut got = Vec::new();
    while Instant::now() < deadline && got.is_empty() {
        got = channel
            .read_msgs(8, Duration::from_millis(20))
            .unwrap()
            .into_iter()
            .filter(|m| m.rx_status & rx_status::TX_INDICATION == 0)
            .collect();
    }
    assert_eq!(got[0].can_id(), Some(0x7E8));
    assert_eq!(&got[0].payload()[..2], [0x41, 0x00]);
    channel.stop_msg_filter(filter).unwrap();
    let err = channel.stop_msg_filter(FilterId(999)).unwrap_err();
    assert_eq!(err.status(), Some(status::ERR_INVALID_FILTER_ID));
}

#[test]
fn config_round_trips_and_loopback_echoes() {
    let device = common::sim().open(None).unwrap();
    let channel = device.connect(protocol::ISO15765, 0, 500_000).unwrap();
    channel
        .set_config(&[(config::LOOPBACK, 1), (config::ISO15765_STMIN, 5)])
        .unwrap();
    assert_eq!(
        channel
            .get_config(&[config::DATA_RATE, config::LOOPBACK, config::ISO15765_STMIN])
            .unwrap(),
        vec![
            (config::DATA_RATE, 500_000),
            (config::LOOPBACK, 1),
            (config::ISO15765_STMIN, 5)
        ]
    );
    let err = channel.set_config(&[(config::P1_MAX, 1)]).unwrap_err();
    assert_eq!(err.status(), Some(status::ERR_NOT_SUPPORTED));
    let msg = channel
        .message(tx_flags::ISO15765_FRAME_PAD, 0x7DF, &[0x01, 0x00])
        .unwrap();
    channel.write_msgs(&[msg], Duration::ZERO).unwrap();
    let echoed = channel.read_msgs(8, Duration::ZERO).unwrap();
    assert!(echoed
        .iter()
        .any(|m| m.rx_status & rx_status::TX_MSG_TYPE != 0 && m.payload() == [0x01, 0x00]));
    channel.clear_msg_filters().unwrap();
}

#[test]
fn twenty_nine_bit_ids_at_250k() {
    let device = common::sim().open(Some("bus:250k,ids:29")).unwrap();
    let mut obd =
        IsoTpSession::open(&device, SessionConfig::new(250_000, IdBits::TwentyNine)).unwrap();
    let replies = obd.request(&[0x01, 0x00]).unwrap();
    let ecus: Vec<u32> = replies.iter().map(|(e, _)| *e).collect();
    assert_eq!(ecus, [0x18DA_F110, 0x18DA_F118]);
    let vin = obd.request(&[0x09, 0x02]).unwrap();
    assert_eq!(vin[0].1.len(), 20);
    drop(obd);
    // The wrong bus settings hear nothing.
    let mut wrong = IsoTpSession::open(&device, SessionConfig::default()).unwrap();
    assert!(matches!(
        wrong.request(&[0x01, 0x00]),
        Err(J2534Error::NoResponse { .. })
    ));
}

#[test]
fn invalid_settings_are_refused_before_touching_the_device() {
    let device = common::sim().open(None).unwrap();
    let err = IsoTpSession::open(&device, SessionConfig::new(125_000, IdBits::Eleven)).unwrap_err();
    assert!(matches!(err, J2534Error::InvalidSetting(_)), "{err}");
    let (_d, mut obd) = session("");
    assert!(matches!(
        obd.request(&[]),
        Err(J2534Error::InvalidSetting(_))
    ));
    assert!(matches!(
        obd.request(&[0; 8]),
        Err(J2534Error::InvalidSetting(_))
    ));
    let err = device.connect(protocol::J1850PWM, 0, 41_600).unwrap_err();
    assert_eq!(err.status(), Some(status::ERR_INVALID_PROTOCOL_ID));
}

#[test]
fn a_library_without_the_api_is_refused() {
    // Any shared library that is not a PassThru driver: the test binary's own
    // C runtime is not portable to name, so use the simulator's missing symbol
    // check through a non-library file instead.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.so");
    std::fs::write(&fake, b"not a library").unwrap();
    let err = shopbench_j2534::Library::load(&fake).unwrap_err();
    assert!(matches!(err, J2534Error::Load { .. }), "{err}");
}
