//! UDS (ISO 14229-1) on CAN, and KWP2000 (ISO 14230-3) service 18: the
//! protocol every module of a modern car speaks, not only the engine's
//! emission services. Pure: bytes in, values out; the links carry them.
//!
//! - [`UdsRequest`]: the requests a scan sends, built only by checked
//!   constructors (clearing needs [`crate::ClearConfirmation`]);
//! - [`classify`] and the `parse_*` functions: positive replies to values,
//!   `7F` refusals to [`Nrc`] codes (0x78 = wait, not a refusal);
//! - [`UdsDtc`] (`C0035-1C`), its [`FailureType`] (SAE J2012-DA) and its
//!   [`UdsStatus`] byte, decoded bit by bit;
//! - [`DidSpec`]: the identification DIDs (F190 VIN, F18C serial, …);
//! - [`parse_kwp_dtcs`]: KWP2000 codes with their status.
//!
//! ```
//! use shopbench_obd::uds::{parse_dtc_list, UdsRequest};
//! let request = UdsRequest::dtcs_by_status(0xFF);
//! assert_eq!(request.bytes(), [0x19, 0x02, 0xFF]);
//! let list = parse_dtc_list(&[0x59, 0x02, 0xFF, 0x40, 0x35, 0x1C, 0x89]).unwrap();
//! let (code, status) = list.dtcs[0];
//! assert_eq!(code.to_string(), "C0035-1C");
//! assert_eq!(code.failure_meaning(), "Circuit voltage out of range");
//! assert_eq!(status.summary(), "confirmed, warning lamp on, failing now");
//! ```

mod dids;
mod dtc;
mod failure_type;
mod kwp;
mod message;
mod nrc;

pub use dids::{ascii, did_label, did_len, did_text, DidSpec};
pub use dtc::{StatusBit, UdsDtc, UdsStatus, STATUS_BITS};
pub use failure_type::{category as failure_category, FailureType};
pub use kwp::{parse_kwp_dtcs, KwpDtc, KwpStatus, KwpStorage};
pub use message::{
    classify, parse_clear, parse_dtc_list, parse_extended_data, parse_read_dids, parse_session,
    parse_snapshot, parse_tester_present, DidValue, DtcList, ExtendedData, Reply, Session,
    SessionTiming, Snapshot, SnapshotRecord, UdsRequest, ALL_STATUS_BITS,
};
pub use nrc::{Nrc, RESPONSE_PENDING};
