//! The C structures and function signatures of SAE J2534-1 v04.04.
//!
//! `unsigned long` is `c_ulong`: 8 bytes on 64-bit Linux and macOS, 4 bytes on
//! Windows. Vendors compile their libraries with their platform's C compiler,
//! so the layout follows the platform and so do we. Functions use the
//! platform's system calling convention (`WINAPI`/`__stdcall` on 32-bit
//! Windows, the C convention elsewhere), which is what `extern "system"` means.

use std::os::raw::{c_char, c_long, c_ulong, c_void};

/// Size of `PASSTHRU_MSG.Data` (4,128 bytes: 4,095 of ISO 15765 payload,
/// the CAN ID, and room for extra data).
pub const MSG_DATA_SIZE: usize = 4128;

/// `PASSTHRU_MSG` exactly as in `j2534_v0404.h`.
#[repr(C)]
#[derive(Clone)]
pub struct PassThruMsg {
    /// `ProtocolID`: one of [`crate::protocol`].
    pub protocol_id: c_ulong,
    /// `RxStatus`: bits of [`crate::rx_status`], set by the device on receive.
    pub rx_status: c_ulong,
    /// `TxFlags`: bits of [`crate::tx_flags`], set by us on transmit.
    pub tx_flags: c_ulong,
    /// `Timestamp` in microseconds, set by the device.
    pub timestamp: c_ulong,
    /// `DataSize`: bytes used in `data`.
    pub data_size: c_ulong,
    /// `ExtraDataIndex`: where checksum/extra bytes start in `data`.
    pub extra_data_index: c_ulong,
    /// `Data`: for CAN and ISO 15765 the first four bytes are the CAN ID, big-endian.
    pub data: [u8; MSG_DATA_SIZE],
}

// The layout the C header gives: six `unsigned long`s and the data array, no padding.
const _: () = assert!(
    std::mem::size_of::<PassThruMsg>() == 6 * std::mem::size_of::<c_ulong>() + MSG_DATA_SIZE
);

impl Default for PassThruMsg {
    fn default() -> Self {
        PassThruMsg {
            protocol_id: 0,
            rx_status: 0,
            tx_flags: 0,
            timestamp: 0,
            data_size: 0,
            extra_data_index: 0,
            data: [0; MSG_DATA_SIZE],
        }
    }
}

impl std::fmt::Debug for PassThruMsg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassThruMsg")
            .field("protocol_id", &self.protocol_id)
            .field("rx_status", &format_args!("{:#x}", self.rx_status))
            .field("tx_flags", &format_args!("{:#x}", self.tx_flags))
            .field("timestamp", &self.timestamp)
            .field("data", &format_args!("{:02X?}", self.data()))
            .finish()
    }
}

impl PassThruMsg {
    /// A message for `protocol_id` carrying `data` (for CAN/ISO 15765: the
    /// four-byte CAN ID then the payload). `None` if `data` does not fit.
    pub fn new(protocol_id: c_ulong, tx_flags: c_ulong, data: &[u8]) -> Option<PassThruMsg> {
        if data.len() > MSG_DATA_SIZE {
            return None;
        }
        let mut msg = PassThruMsg {
            protocol_id,
            tx_flags,
            data_size: data.len() as c_ulong,
            extra_data_index: data.len() as c_ulong,
            ..PassThruMsg::default()
        };
        msg.data[..data.len()].copy_from_slice(data);
        Some(msg)
    }

    /// A CAN / ISO 15765 message to or from `can_id` with `payload`.
    /// `None` if the payload is longer than 4,124 bytes.
    pub fn with_can_id(
        protocol_id: c_ulong,
        tx_flags: c_ulong,
        can_id: u32,
        payload: &[u8],
    ) -> Option<PassThruMsg> {
        let mut bytes = Vec::with_capacity(4 + payload.len());
        bytes.extend_from_slice(&can_id.to_be_bytes());
        bytes.extend_from_slice(payload);
        PassThruMsg::new(protocol_id, tx_flags, &bytes)
    }

    /// The used part of `data`; a `DataSize` larger than the array (a
    /// misbehaving driver) is clamped.
    pub fn data(&self) -> &[u8] {
        let len = usize::try_from(self.data_size).map_or(MSG_DATA_SIZE, |n| n.min(MSG_DATA_SIZE));
        &self.data[..len]
    }

    /// For CAN / ISO 15765: the CAN ID in the first four bytes.
    pub fn can_id(&self) -> Option<u32> {
        let d = self.data();
        (d.len() >= 4).then(|| u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
    }

    /// For CAN / ISO 15765: the bytes after the CAN ID.
    pub fn payload(&self) -> &[u8] {
        self.data().get(4..).unwrap_or(&[])
    }
}

/// `SCONFIG`: one parameter/value pair.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SConfig {
    /// `Parameter`: one of [`crate::config`].
    pub parameter: c_ulong,
    /// `Value`.
    pub value: c_ulong,
}

/// `SCONFIG_LIST`: the input of `GET_CONFIG` and `SET_CONFIG`.
#[repr(C)]
#[derive(Debug)]
pub struct SConfigList {
    /// `NumOfParams`.
    pub num_of_params: c_ulong,
    /// `ConfigPtr`.
    pub config_ptr: *mut SConfig,
}

/// `PassThruOpen(void *pName, unsigned long *pDeviceID)`.
pub type PassThruOpenFn = unsafe extern "system" fn(*const c_void, *mut c_ulong) -> c_long;
/// `PassThruClose(unsigned long DeviceID)`.
pub type PassThruCloseFn = unsafe extern "system" fn(c_ulong) -> c_long;
/// `PassThruConnect(DeviceID, ProtocolID, Flags, BaudRate, *pChannelID)`.
pub type PassThruConnectFn =
    unsafe extern "system" fn(c_ulong, c_ulong, c_ulong, c_ulong, *mut c_ulong) -> c_long;
/// `PassThruDisconnect(ChannelID)`.
pub type PassThruDisconnectFn = unsafe extern "system" fn(c_ulong) -> c_long;
/// `PassThruReadMsgs(ChannelID, *pMsg, *pNumMsgs, Timeout)`.
pub type PassThruReadMsgsFn =
    unsafe extern "system" fn(c_ulong, *mut PassThruMsg, *mut c_ulong, c_ulong) -> c_long;
/// `PassThruWriteMsgs(ChannelID, *pMsg, *pNumMsgs, Timeout)`.
pub type PassThruWriteMsgsFn =
    unsafe extern "system" fn(c_ulong, *mut PassThruMsg, *mut c_ulong, c_ulong) -> c_long;
/// `PassThruStartMsgFilter(ChannelID, FilterType, *pMaskMsg, *pPatternMsg, *pFlowControlMsg, *pFilterID)`.
pub type PassThruStartMsgFilterFn = unsafe extern "system" fn(
    c_ulong,
    c_ulong,
    *mut PassThruMsg,
    *mut PassThruMsg,
    *mut PassThruMsg,
    *mut c_ulong,
) -> c_long;
/// `PassThruStopMsgFilter(ChannelID, FilterID)`.
pub type PassThruStopMsgFilterFn = unsafe extern "system" fn(c_ulong, c_ulong) -> c_long;
/// `PassThruIoctl(ChannelID, IoctlID, *pInput, *pOutput)`.
pub type PassThruIoctlFn =
    unsafe extern "system" fn(c_ulong, c_ulong, *mut c_void, *mut c_void) -> c_long;
/// `PassThruReadVersion(DeviceID, char[80] firmware, char[80] dll, char[80] api)`.
pub type PassThruReadVersionFn =
    unsafe extern "system" fn(c_ulong, *mut c_char, *mut c_char, *mut c_char) -> c_long;
/// `PassThruGetLastError(char[80] description)`.
pub type PassThruGetLastErrorFn = unsafe extern "system" fn(*mut c_char) -> c_long;

/// Length of every string buffer in the API (`char[80]`).
pub const STRING_BUF_LEN: usize = 80;
