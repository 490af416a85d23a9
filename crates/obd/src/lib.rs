//! OBD-II for shopbench: ELM327 adapters over serial or TCP, frame parsing,
//! and the SAE J1979 services a shop needs (DTCs, freeze frame, readiness, VIN, live data).
//!
//! ```
//! use shopbench_obd::{parse_lines, FrameFormat, PidSpec, PidValue};
//! let reply = parse_lines(&["7E804410C1AF8"], FrameFormat::Can11);
//! let rpm = PidSpec::by_name("rpm").unwrap();
//! let value = rpm.decode(&reply.responses[0].data[2..]).unwrap();
//! assert_eq!(value, PidValue::Number(1726.0));
//! ```
#![deny(missing_docs)]

mod elm;
mod error;
mod frames;
mod memory;
mod pids;
mod scan;
mod services;
mod transport;

pub use elm::{
    ConnectOptions, ConnectStep, Elm327, LinkInfo, ObdLink, BAUD_RATES, FALLBACK_PROTOCOLS,
};
pub use error::{AdapterFault, ObdError};
pub use frames::{parse_lines, EcuAddress, EcuResponse, FrameFormat, Parsed, Protocol};
pub use memory::ProtocolMemory;
pub use pids::{Field, PidSpec, PidValue};
pub use scan::{
    clear_dtcs, read_dtcs, read_ecu_names, read_freeze_frame, read_pids, read_readiness,
    read_supported_pids, read_test_results, read_vin, scan, scan_partial, ClearConfirmation,
    ClearReport, DtcEntry, EcuReport, FreezeFrame, LiveReader, Reading, ScanReport,
};
pub use services::{
    decode_dtcs, decode_ecu_name, decode_readiness, decode_test_results, decode_vin, monitor_name,
    split_freeze_frame, supported_pids, DtcStatus, Ignition, Readiness, ReadinessMonitor,
    TestResult,
};
pub use transport::{AnyTransport, PortSpec, SerialTransport, TcpTransport, Transport};
