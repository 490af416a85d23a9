//! Safe handles: [`Library`] → [`Device`] → [`Channel`].
//!
//! Handles own what they opened: a `Device` calls `PassThruClose` and a
//! `Channel` calls `PassThruDisconnect` when dropped. A channel keeps its
//! device (and the device its library) alive through reference counting, so
//! no handle can outlive what it needs and nothing needs a lifetime parameter.

use std::ffi::CString;
use std::os::raw::{c_ulong, c_void};
use std::path::Path;
use std::ptr;
use std::sync::Arc;
use std::time::Duration;

use crate::consts::{filter, ioctl, protocol};
use crate::error::{J2534Error, Result};
use crate::ffi::{PassThruMsg, SConfig, SConfigList, MSG_DATA_SIZE};
use crate::loader::Api;

/// A loaded PassThru library (a vendor's DLL or `.so`).
///
/// Load a given file once per process: drivers keep global state, and this
/// handle's lock is what serialises calls into it.
#[derive(Clone)]
pub struct Library {
    api: Arc<Api>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("path", &self.api.path())
            .finish()
    }
}

impl Library {
    /// Load the library at `path` and resolve the eleven v04.04 functions
    /// this crate uses.
    pub fn load(path: impl AsRef<Path>) -> Result<Library> {
        Ok(Library {
            api: Arc::new(Api::load(path.as_ref())?),
        })
    }

    /// The file this was loaded from.
    pub fn path(&self) -> &Path {
        self.api.path()
    }

    /// `PassThruOpen`. `name` is passed as `pName` (most drivers want NULL,
    /// i.e. `None`, for "the one device attached").
    pub fn open(&self, name: Option<&str>) -> Result<Device> {
        let name = name
            .map(|n| {
                CString::new(n).map_err(|_| {
                    J2534Error::InvalidSetting(format!("device name {n:?} contains a NUL byte"))
                })
            })
            .transpose()?;
        let id = self.api.open(name.as_deref())?;
        Ok(Device {
            inner: Arc::new(DeviceInner {
                api: Arc::clone(&self.api),
                id,
            }),
        })
    }
}

struct DeviceInner {
    api: Arc<Api>,
    id: c_ulong,
}

impl Drop for DeviceInner {
    fn drop(&mut self) {
        // Nothing useful can be done with a failure here (typically
        // ERR_DEVICE_NOT_CONNECTED after an unplug): the handle is gone either way.
        let _ = self.api.close(self.id);
    }
}

/// An open PassThru device; closed (`PassThruClose`) when the last handle to
/// it, including its channels, is dropped.
#[derive(Clone)]
pub struct Device {
    inner: Arc<DeviceInner>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("id", &self.inner.id)
            .finish()
    }
}

/// The three strings of `PassThruReadVersion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Firmware version of the device.
    pub firmware: String,
    /// Version of the library (DLL / `.so`).
    pub dll: String,
    /// J2534 API version the library implements, e.g. `04.04`.
    pub api: String,
}

impl Device {
    /// The driver's `DeviceID`.
    pub fn id(&self) -> c_ulong {
        self.inner.id
    }

    /// `PassThruConnect`: open a channel for `protocol_id` (see
    /// [`crate::protocol`]) with connect `flags` at `baud` bit/s.
    pub fn connect(&self, protocol_id: c_ulong, flags: c_ulong, baud: u32) -> Result<Channel> {
        let id = self
            .inner
            .api
            .connect(self.inner.id, protocol_id, flags, c_ulong::from(baud))?;
        Ok(Channel {
            device: self.clone(),
            id,
            protocol_id,
        })
    }

    /// `READ_VBATT`: the voltage on pin 16 of the OBD connector, in millivolts.
    pub fn read_vbatt(&self) -> Result<u32> {
        let mut millivolts: c_ulong = 0;
        // SAFETY: READ_VBATT takes no input and writes one `unsigned long`
        // through the output pointer, which points at `millivolts`.
        unsafe {
            self.inner.api.ioctl(
                self.inner.id,
                ioctl::READ_VBATT,
                ptr::null_mut(),
                (&mut millivolts as *mut c_ulong).cast::<c_void>(),
            )?;
        }
        Ok(u32::try_from(millivolts).unwrap_or(u32::MAX))
    }

    /// `PassThruReadVersion`.
    pub fn read_version(&self) -> Result<Version> {
        let [firmware, dll, api] = self.inner.api.read_version(self.inner.id)?;
        Ok(Version { firmware, dll, api })
    }
}

/// An identifier returned by `PassThruStartMsgFilter`, valid on its channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FilterId(pub c_ulong);

/// A connected protocol channel; disconnected when dropped.
pub struct Channel {
    device: Device,
    id: c_ulong,
    protocol_id: c_ulong,
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channel")
            .field("id", &self.id)
            .field("protocol_id", &self.protocol_id)
            .field("device", &self.device.id())
            .finish()
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        // As for the device: a failed disconnect leaves nothing to undo.
        let _ = self.device.inner.api.disconnect(self.id);
    }
}

fn millis(timeout: Duration) -> c_ulong {
    c_ulong::try_from(timeout.as_millis()).unwrap_or(c_ulong::MAX)
}

impl Channel {
    /// The driver's `ChannelID`.
    pub fn id(&self) -> c_ulong {
        self.id
    }

    /// The protocol this channel was connected with.
    pub fn protocol_id(&self) -> c_ulong {
        self.protocol_id
    }

    /// The device this channel belongs to.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// A message of this channel's protocol with `tx_flags`, CAN ID and payload.
    pub fn message(&self, tx_flags: c_ulong, can_id: u32, payload: &[u8]) -> Result<PassThruMsg> {
        PassThruMsg::with_can_id(self.protocol_id, tx_flags, can_id, payload).ok_or(
            J2534Error::MessageTooLong {
                len: payload.len() + 4,
                max: MSG_DATA_SIZE,
            },
        )
    }

    /// `PassThruWriteMsgs`: queue `msgs` for transmission, waiting up to
    /// `timeout` (zero: return at once). Returns how many were queued.
    pub fn write_msgs(&self, msgs: &[PassThruMsg], timeout: Duration) -> Result<usize> {
        // The C signature takes a mutable pointer; give it our own copy.
        let mut copy = msgs.to_vec();
        self.device
            .inner
            .api
            .write_msgs(self.id, &mut copy, millis(timeout))
    }

    /// `PassThruReadMsgs`: up to `max` messages, waiting up to `timeout` for
    /// them (zero: only what is already buffered). Fewer, or none, is not an
    /// error: `ERR_BUFFER_EMPTY` and `ERR_TIMEOUT` come back as a short list.
    pub fn read_msgs(&self, max: usize, timeout: Duration) -> Result<Vec<PassThruMsg>> {
        let mut buf = vec![PassThruMsg::default(); max];
        let n = self
            .device
            .inner
            .api
            .read_msgs(self.id, &mut buf, millis(timeout))?;
        buf.truncate(n);
        Ok(buf)
    }

    /// `PassThruStartMsgFilter` with explicit messages (see [`crate::filter`]).
    pub fn start_msg_filter(
        &self,
        filter_type: c_ulong,
        mask: &PassThruMsg,
        pattern: &PassThruMsg,
        flow_control: Option<&PassThruMsg>,
    ) -> Result<FilterId> {
        let mut mask = mask.clone();
        let mut pattern = pattern.clone();
        let mut fc = flow_control.cloned();
        self.device
            .inner
            .api
            .start_msg_filter(self.id, filter_type, &mut mask, &mut pattern, fc.as_mut())
            .map(FilterId)
    }

    /// An ISO 15765 `FLOW_CONTROL_FILTER`: receive segmented messages from
    /// `response_id` and answer their first frames with flow control sent to
    /// `request_id` (e.g. 0x7E8 ↔ 0x7E0). `tx_flags` carries
    /// `CAN_29BIT_ID` / `ISO15765_FRAME_PAD` as for the messages sent.
    pub fn start_flow_control_filter(
        &self,
        response_id: u32,
        request_id: u32,
        tx_flags: c_ulong,
    ) -> Result<FilterId> {
        let mask = self.message(tx_flags, 0xFFFF_FFFF, &[])?;
        let pattern = self.message(tx_flags, response_id, &[])?;
        let flow_control = self.message(tx_flags, request_id, &[])?;
        self.start_msg_filter(
            filter::FLOW_CONTROL_FILTER,
            &mask,
            &pattern,
            Some(&flow_control),
        )
    }

    /// `PassThruStopMsgFilter`.
    pub fn stop_msg_filter(&self, filter: FilterId) -> Result<()> {
        self.device.inner.api.stop_msg_filter(self.id, filter.0)
    }

    /// `SET_CONFIG` with `(parameter, value)` pairs (see [`crate::config`]).
    pub fn set_config(&self, params: &[(c_ulong, c_ulong)]) -> Result<()> {
        let mut items: Vec<SConfig> = params
            .iter()
            .map(|&(parameter, value)| SConfig { parameter, value })
            .collect();
        self.config_ioctl(ioctl::SET_CONFIG, &mut items)
    }

    /// `GET_CONFIG` for `params`; returns `(parameter, value)` pairs.
    pub fn get_config(&self, params: &[c_ulong]) -> Result<Vec<(c_ulong, c_ulong)>> {
        let mut items: Vec<SConfig> = params
            .iter()
            .map(|&parameter| SConfig {
                parameter,
                value: 0,
            })
            .collect();
        self.config_ioctl(ioctl::GET_CONFIG, &mut items)?;
        Ok(items.iter().map(|c| (c.parameter, c.value)).collect())
    }

    fn config_ioctl(&self, ioctl_id: c_ulong, items: &mut [SConfig]) -> Result<()> {
        let mut list = SConfigList {
            num_of_params: c_ulong::try_from(items.len()).unwrap_or(c_ulong::MAX),
            config_ptr: items.as_mut_ptr(),
        };
        // SAFETY: GET/SET_CONFIG take an `SCONFIG_LIST*` input whose
        // `ConfigPtr` points at `NumOfParams` entries; both live across the call.
        unsafe {
            self.device.inner.api.ioctl(
                self.id,
                ioctl_id,
                (&mut list as *mut SConfigList).cast::<c_void>(),
                ptr::null_mut(),
            )
        }
    }

    /// `CLEAR_RX_BUFFER`: drop everything received and not yet read.
    pub fn clear_rx_buffer(&self) -> Result<()> {
        self.simple_ioctl(ioctl::CLEAR_RX_BUFFER)
    }

    /// `CLEAR_MSG_FILTERS`: stop every filter of this channel.
    pub fn clear_msg_filters(&self) -> Result<()> {
        self.simple_ioctl(ioctl::CLEAR_MSG_FILTERS)
    }

    fn simple_ioctl(&self, ioctl_id: c_ulong) -> Result<()> {
        // SAFETY: these ioctls take no input and no output (both NULL).
        unsafe {
            self.device
                .inner
                .api
                .ioctl(self.id, ioctl_id, ptr::null_mut(), ptr::null_mut())
        }
    }

    /// True for an ISO 15765 channel.
    pub fn is_iso15765(&self) -> bool {
        self.protocol_id == protocol::ISO15765
    }
}
