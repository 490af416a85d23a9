//! SAE J2534-1 v04.04 numeric constants, with the specification's names.
//!
//! These are data, not logic: every value is the one printed in SAE J2534-1
//! (December 2004) and in the `j2534_v0404.h` header that vendors ship. The
//! names are kept in the specification's SCREAMING_CASE so that a reader can
//! search a vendor manual for them.

#![allow(missing_docs)] // each group is documented; the names are the specification's

use std::os::raw::{c_long, c_ulong};

/// Protocol IDs for `PassThruConnect` and `PASSTHRU_MSG.ProtocolID`.
pub mod protocol {
    use super::c_ulong;
    pub const J1850VPW: c_ulong = 0x01;
    pub const J1850PWM: c_ulong = 0x02;
    pub const ISO9141: c_ulong = 0x03;
    pub const ISO14230: c_ulong = 0x04;
    /// Raw CAN frames.
    pub const CAN: c_ulong = 0x05;
    /// ISO 15765-2 (ISO-TP) over CAN; segmentation is done by the device.
    pub const ISO15765: c_ulong = 0x06;
    pub const SCI_A_ENGINE: c_ulong = 0x07;
    pub const SCI_A_TRANS: c_ulong = 0x08;
    pub const SCI_B_ENGINE: c_ulong = 0x09;
    pub const SCI_B_TRANS: c_ulong = 0x0A;
}

/// `Flags` of `PassThruConnect`.
pub mod connect_flags {
    use super::c_ulong;
    /// 29-bit CAN identifiers on this channel.
    pub const CAN_29BIT_ID: c_ulong = 0x0000_0100;
    pub const ISO9141_NO_CHECKSUM: c_ulong = 0x0000_0200;
    /// Both 11- and 29-bit identifiers.
    pub const CAN_ID_BOTH: c_ulong = 0x0000_0800;
    pub const ISO9141_K_LINE_ONLY: c_ulong = 0x0000_1000;
}

/// `PASSTHRU_MSG.TxFlags`.
pub mod tx_flags {
    use super::c_ulong;
    /// Pad ISO 15765 frames to 8 bytes (required by ISO 15765-4 for OBD).
    pub const ISO15765_FRAME_PAD: c_ulong = 0x0000_0040;
    /// Extended addressing (one address byte after the CAN ID).
    pub const ISO15765_ADDR_TYPE: c_ulong = 0x0000_0080;
    /// The message carries a 29-bit CAN identifier.
    pub const CAN_29BIT_ID: c_ulong = 0x0000_0100;
    pub const WAIT_P3_MIN_ONLY: c_ulong = 0x0000_0200;
    pub const SW_CAN_HV_TX: c_ulong = 0x0000_0400;
    pub const SCI_MODE: c_ulong = 0x0040_0000;
    pub const SCI_TX_VOLTAGE: c_ulong = 0x0080_0000;
}

/// `PASSTHRU_MSG.RxStatus`.
pub mod rx_status {
    use super::c_ulong;
    /// Set: a loop-back of a message this channel transmitted.
    pub const TX_MSG_TYPE: c_ulong = 0x0000_0001;
    /// ISO 15765: the first frame of a multi-frame message arrived
    /// (the message holds only the CAN ID).
    pub const ISO15765_FIRST_FRAME: c_ulong = 0x0000_0002;
    /// Same bit as [`ISO15765_FIRST_FRAME`] for the other protocols.
    pub const START_OF_MESSAGE: c_ulong = 0x0000_0002;
    pub const RX_BREAK: c_ulong = 0x0000_0004;
    /// ISO 15765: transmission of the message with this CAN ID completed
    /// (the message holds only the CAN ID). Called TX_DONE in some headers.
    pub const TX_INDICATION: c_ulong = 0x0000_0008;
    pub const ISO15765_PADDING_ERROR: c_ulong = 0x0000_0010;
    pub const ISO15765_ADDR_TYPE: c_ulong = 0x0000_0080;
    pub const CAN_29BIT_ID: c_ulong = 0x0000_0100;
}

/// `FilterType` of `PassThruStartMsgFilter`.
pub mod filter {
    use super::c_ulong;
    pub const PASS_FILTER: c_ulong = 0x01;
    pub const BLOCK_FILTER: c_ulong = 0x02;
    /// ISO 15765 only: pattern = the ECU's response ID, flow control = our request ID.
    pub const FLOW_CONTROL_FILTER: c_ulong = 0x03;
}

/// `IoctlID` of `PassThruIoctl`.
pub mod ioctl {
    use super::c_ulong;
    /// Input `SCONFIG_LIST*`, the values are written into it.
    pub const GET_CONFIG: c_ulong = 0x01;
    /// Input `SCONFIG_LIST*`.
    pub const SET_CONFIG: c_ulong = 0x02;
    /// On the *device* ID; output `unsigned long*` in millivolts.
    pub const READ_VBATT: c_ulong = 0x03;
    pub const FIVE_BAUD_INIT: c_ulong = 0x04;
    pub const FAST_INIT: c_ulong = 0x05;
    pub const CLEAR_TX_BUFFER: c_ulong = 0x07;
    pub const CLEAR_RX_BUFFER: c_ulong = 0x08;
    pub const CLEAR_PERIODIC_MSGS: c_ulong = 0x09;
    pub const CLEAR_MSG_FILTERS: c_ulong = 0x0A;
    pub const CLEAR_FUNCT_MSG_LOOKUP_TABLE: c_ulong = 0x0B;
    pub const ADD_TO_FUNCT_MSG_LOOKUP_TABLE: c_ulong = 0x0C;
    pub const DELETE_FROM_FUNCT_MSG_LOOKUP_TABLE: c_ulong = 0x0D;
    /// On the device ID; output `unsigned long*` in millivolts.
    pub const READ_PROG_VOLTAGE: c_ulong = 0x0E;
}

/// Configuration parameters for `GET_CONFIG` / `SET_CONFIG`.
pub mod config {
    use super::c_ulong;
    /// Bit rate in bit/s.
    pub const DATA_RATE: c_ulong = 0x01;
    /// 1: transmitted messages are also received (with `TX_MSG_TYPE`).
    pub const LOOPBACK: c_ulong = 0x03;
    pub const NODE_ADDRESS: c_ulong = 0x04;
    pub const NETWORK_LINE: c_ulong = 0x05;
    pub const P1_MIN: c_ulong = 0x06;
    pub const P1_MAX: c_ulong = 0x07;
    pub const P2_MIN: c_ulong = 0x08;
    pub const P2_MAX: c_ulong = 0x09;
    pub const P3_MIN: c_ulong = 0x0A;
    pub const P3_MAX: c_ulong = 0x0B;
    pub const P4_MIN: c_ulong = 0x0C;
    pub const P4_MAX: c_ulong = 0x0D;
    pub const BIT_SAMPLE_POINT: c_ulong = 0x17;
    pub const SYNC_JUMP_WIDTH: c_ulong = 0x18;
    /// Block size we send in our flow-control frames.
    pub const ISO15765_BS: c_ulong = 0x1E;
    /// Separation time we ask for in our flow-control frames.
    pub const ISO15765_STMIN: c_ulong = 0x1F;
    pub const ISO15765_BS_TX: c_ulong = 0x22;
    pub const ISO15765_STMIN_TX: c_ulong = 0x23;
    pub const ISO15765_WFT_MAX: c_ulong = 0x25;
}

/// Return codes of every `PassThru*` function.
pub mod status {
    use super::c_long;
    pub const STATUS_NOERROR: c_long = 0x00;
    pub const ERR_NOT_SUPPORTED: c_long = 0x01;
    pub const ERR_INVALID_CHANNEL_ID: c_long = 0x02;
    pub const ERR_INVALID_PROTOCOL_ID: c_long = 0x03;
    pub const ERR_NULL_PARAMETER: c_long = 0x04;
    pub const ERR_INVALID_IOCTL_VALUE: c_long = 0x05;
    pub const ERR_INVALID_FLAGS: c_long = 0x06;
    pub const ERR_FAILED: c_long = 0x07;
    pub const ERR_DEVICE_NOT_CONNECTED: c_long = 0x08;
    pub const ERR_TIMEOUT: c_long = 0x09;
    pub const ERR_INVALID_MSG: c_long = 0x0A;
    pub const ERR_INVALID_TIME_INTERVAL: c_long = 0x0B;
    pub const ERR_EXCEEDED_LIMIT: c_long = 0x0C;
    pub const ERR_INVALID_MSG_ID: c_long = 0x0D;
    pub const ERR_DEVICE_IN_USE: c_long = 0x0E;
    pub const ERR_INVALID_IOCTL_ID: c_long = 0x0F;
    pub const ERR_BUFFER_EMPTY: c_long = 0x10;
    pub const ERR_BUFFER_FULL: c_long = 0x11;
    pub const ERR_BUFFER_OVERFLOW: c_long = 0x12;
    pub const ERR_PIN_INVALID: c_long = 0x13;
    pub const ERR_CHANNEL_IN_USE: c_long = 0x14;
    pub const ERR_MSG_PROTOCOL_ID: c_long = 0x15;
    pub const ERR_INVALID_FILTER_ID: c_long = 0x16;
    pub const ERR_NO_FLOW_CONTROL: c_long = 0x17;
    pub const ERR_NOT_UNIQUE: c_long = 0x18;
    pub const ERR_INVALID_BAUDRATE: c_long = 0x19;
    pub const ERR_INVALID_DEVICE_ID: c_long = 0x1A;

    /// `(code, name, meaning)` for every return code, as in SAE J2534-1 §7.
    pub const TABLE: &[(c_long, &str, &str)] = &[
        (
            STATUS_NOERROR,
            "STATUS_NOERROR",
            "function call was successful",
        ),
        (
            ERR_NOT_SUPPORTED,
            "ERR_NOT_SUPPORTED",
            "device cannot support requested functionality mandated in J2534",
        ),
        (
            ERR_INVALID_CHANNEL_ID,
            "ERR_INVALID_CHANNEL_ID",
            "invalid ChannelID value",
        ),
        (
            ERR_INVALID_PROTOCOL_ID,
            "ERR_INVALID_PROTOCOL_ID",
            "invalid or unsupported ProtocolID",
        ),
        (
            ERR_NULL_PARAMETER,
            "ERR_NULL_PARAMETER",
            "NULL pointer supplied where a valid pointer is required",
        ),
        (
            ERR_INVALID_IOCTL_VALUE,
            "ERR_INVALID_IOCTL_VALUE",
            "invalid value for Ioctl parameter",
        ),
        (
            ERR_INVALID_FLAGS,
            "ERR_INVALID_FLAGS",
            "invalid flag values",
        ),
        (
            ERR_FAILED,
            "ERR_FAILED",
            "undefined error, use PassThruGetLastError for text description",
        ),
        (
            ERR_DEVICE_NOT_CONNECTED,
            "ERR_DEVICE_NOT_CONNECTED",
            "unable to communicate with device",
        ),
        (ERR_TIMEOUT, "ERR_TIMEOUT", "read or write timeout"),
        (
            ERR_INVALID_MSG,
            "ERR_INVALID_MSG",
            "invalid message structure pointed to by pMsg",
        ),
        (
            ERR_INVALID_TIME_INTERVAL,
            "ERR_INVALID_TIME_INTERVAL",
            "invalid TimeInterval value",
        ),
        (
            ERR_EXCEEDED_LIMIT,
            "ERR_EXCEEDED_LIMIT",
            "exceeded maximum number of message IDs or allocated space",
        ),
        (
            ERR_INVALID_MSG_ID,
            "ERR_INVALID_MSG_ID",
            "invalid MsgID value",
        ),
        (
            ERR_DEVICE_IN_USE,
            "ERR_DEVICE_IN_USE",
            "device is currently open",
        ),
        (
            ERR_INVALID_IOCTL_ID,
            "ERR_INVALID_IOCTL_ID",
            "invalid IoctlID value",
        ),
        (
            ERR_BUFFER_EMPTY,
            "ERR_BUFFER_EMPTY",
            "protocol message buffer empty, no messages available to read",
        ),
        (
            ERR_BUFFER_FULL,
            "ERR_BUFFER_FULL",
            "protocol message buffer full",
        ),
        (
            ERR_BUFFER_OVERFLOW,
            "ERR_BUFFER_OVERFLOW",
            "a buffer overflow occurred and messages were lost",
        ),
        (
            ERR_PIN_INVALID,
            "ERR_PIN_INVALID",
            "invalid pin number, or pin already in use",
        ),
        (
            ERR_CHANNEL_IN_USE,
            "ERR_CHANNEL_IN_USE",
            "channel number is currently connected",
        ),
        (
            ERR_MSG_PROTOCOL_ID,
            "ERR_MSG_PROTOCOL_ID",
            "protocol type in the message does not match the channel",
        ),
        (
            ERR_INVALID_FILTER_ID,
            "ERR_INVALID_FILTER_ID",
            "invalid FilterID value",
        ),
        (
            ERR_NO_FLOW_CONTROL,
            "ERR_NO_FLOW_CONTROL",
            "no flow control filter set or matched (ISO15765 only)",
        ),
        (
            ERR_NOT_UNIQUE,
            "ERR_NOT_UNIQUE",
            "a CAN ID in pattern or flow control already exists in another filter",
        ),
        (
            ERR_INVALID_BAUDRATE,
            "ERR_INVALID_BAUDRATE",
            "the desired baud rate cannot be achieved within tolerance",
        ),
        (
            ERR_INVALID_DEVICE_ID,
            "ERR_INVALID_DEVICE_ID",
            "device ID invalid",
        ),
    ];

    /// The specification's name of a return code, or `None` for a vendor code.
    pub fn name(code: c_long) -> Option<&'static str> {
        TABLE
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, n, _)| *n)
    }

    /// The specification's one-line meaning of a return code.
    pub fn meaning(code: c_long) -> Option<&'static str> {
        TABLE
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, _, m)| *m)
    }
}

#[cfg(test)]
mod tests {
    use super::status;

    #[test]
    fn status_table_is_dense_and_named_like_its_constants() {
        for (i, (code, name, meaning)) in status::TABLE.iter().enumerate() {
            assert_eq!(*code as usize, i, "{name}");
            assert!(!meaning.is_empty());
        }
        assert_eq!(status::name(0x17), Some("ERR_NO_FLOW_CONTROL"));
        assert_eq!(status::name(0x1234), None);
    }
}
