//! OBD-II for shopbench: ELM327 adapters over serial or TCP, frame parsing,
//! and the SAE J1979 services a shop needs (DTCs, freeze frame, readiness, VIN, live data).
//!
//! Layers, bottom up:
//! - [`Transport`]: bytes to an adapter ([`SerialTransport`] via tokio-serial,
//!   [`TcpTransport`] for Wi-Fi adapters); [`PortSpec`] picks one from
//!   `/dev/ttyUSB0` or `tcp://HOST:PORT`.
//! - [`Elm327`]: the ELM327 command layer — connect sequence, reading to the
//!   `>` prompt, adapter messages as typed [`ObdError`]s, no reply ever taken
//!   for the wrong request. It implements [`ObdLink`], the trait a J2534 link
//!   will implement too.
//! - [`parse_lines`]: pure frame parsing (CAN 11/29-bit, ISO-TP, K-line/J1850).
//! - [`PidSpec`] table and the service decoders ([`decode_dtcs`], [`decode_readiness`], …), pure.
//! - [`scan`], [`LiveReader`]/[`read_pids`], [`clear_dtcs`]: the services, written once over [`ObdLink`].
//! - [`modules`]: all-module scans over UDS on both links ([`modules::UdsLink`]).
//! - [`uds`]: UDS (ISO 14229) and KWP2000 service 18, pure: requests, parsers,
//!   3-byte codes with their failure types and status bits, negative responses.
//!
//! Parsing and decoding need no adapter:
//!
//! ```
//! use shopbench_obd::{parse_lines, FrameFormat, PidSpec, PidValue};
//! let reply = parse_lines(&["7E804410C1AF8"], FrameFormat::Can11);
//! let rpm = PidSpec::by_name("rpm").unwrap();
//! let value = rpm.decode(&reply.responses[0].data[2..]).unwrap();
//! assert_eq!(value, PidValue::Number(1726.0));
//! ```
//!
//! Talking to a car:
//!
//! ```no_run
//! # async fn run() -> Result<(), shopbench_obd::ObdError> {
//! use shopbench_obd::{scan, ConnectOptions, Elm327, PortSpec};
//! let port: PortSpec = "/dev/ttyUSB0".parse()?;
//! let options = ConnectOptions {
//!     memory: Some("protocols.json".into()),
//!     ..ConnectOptions::default()
//! };
//! let mut elm = Elm327::connect(&port, options, |step| eprintln!("{step:?}")).await?;
//! let report = scan(&mut elm, |what| eprintln!("reading {what}")).await?;
//! println!("{}", report.vin.as_deref().unwrap_or("no VIN"));
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod elm;
mod error;
mod frames;
mod memory;
pub mod modules;
mod pids;
mod scan;
mod services;
mod transport;
pub mod uds;
mod vehicle_info;

pub use elm::{
    ConnectOptions, ConnectStep, Elm327, LinkInfo, ObdLink, BAUD_RATES, FALLBACK_PROTOCOLS,
    SLOW_REPLY_LIMIT,
};
pub use error::{AdapterFault, ObdError};
pub use frames::{parse_lines, EcuAddress, EcuResponse, FrameFormat, Parsed, Protocol};
pub use memory::ProtocolMemory;
pub use pids::{Field, PidSpec, PidValue};
pub use scan::{
    clear_dtcs, clear_dtcs_with_progress, pid_names, problem_line, problem_part, read_dtcs,
    read_ecu_names, read_freeze_frames, read_pids, read_readiness, read_supported_pids,
    read_test_results, read_vin, scan, scan_partial, ClearConfirmation, ClearReport, ClearStep,
    CodeListRead, DtcEntry, EcuReport, FreezeFrame, ListOutcome, LiveReader, LiveRound, Reading,
    ScanReport, SinceCleared, TestResultsRead, LIVE_ROUNDS_BEFORE_DROP,
};
pub use services::{
    decode_dtc_list, decode_dtcs, decode_ecu_name, decode_readiness, decode_test_results,
    decode_vin, monitor_name, split_freeze_frame, supported_pids, DtcStatus, Ignition, Readiness,
    ReadinessMonitor, TestResult,
};
pub use transport::{AnyTransport, PortSpec, SerialTransport, TcpTransport, Transport};
pub use vehicle_info::{
    decode_calibration_ids, decode_cvns, decode_in_use_performance, read_calibrations,
    read_in_use_performance, read_info_types, EcuCalibration, InUsePerformance, MonitorRatio,
};
