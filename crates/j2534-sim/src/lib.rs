//! **TEST DOUBLE — used only by shopbench's tests, never by the product.**
//!
//! A simulated SAE J2534 v04.04 PassThru library: built as a `cdylib`
//! (`libshopbench_j2534_sim.so`), it exports the C API (`PassThruOpen` …
//! `PassThruIoctl`) so that tests load it through the real `libloading` path
//! and the real `~/.passthru/*.json` discovery, exactly as a vendor's driver.
//! Behind the API is a simulated CAN bus with the ten modules of [`car`]
//! (two OBD-II ECUs; all ten speak UDS, see [`uds`]).
//!
//! What it models:
//! * ISO 15765 channels with ISO-TP done "by the device": a written message is
//!   a whole request, a read message a whole reply. Multi-frame replies are
//!   preceded by an `ISO15765_FIRST_FRAME` indication and every transmission
//!   is confirmed by a `TX_INDICATION` message, as real devices do.
//! * Flow-control filters: replies are received only through a matching
//!   filter, and writing to a physical ID without a `FLOW_CONTROL_FILTER`
//!   whose flow-control ID is that ID fails with `ERR_NO_FLOW_CONTROL`.
//! * Raw CAN channels are accepted (loopback works) but no ECU answers on them.
//! * `READ_VBATT` → 12,600 mV; `ReadVersion` strings; `GetLastError` text for
//!   every error (kept per thread so parallel tests do not mix them; a real
//!   driver keeps one per process).
//!
//! Behaviour is chosen at `PassThruOpen`, from `pName` when it is given,
//! else from the `SHOPBENCH_SIM_SCENARIO` variable: a comma-separated list of
//! * `unplug_after:N` — after N requests (`PassThruWriteMsgs` calls) every
//!   call returns `ERR_DEVICE_NOT_CONNECTED`;
//! * `timeout` — writes fail with `ERR_TIMEOUT` (nothing acknowledges on the bus);
//! * `no_ecu` — nothing answers: reads return `ERR_BUFFER_EMPTY` / `ERR_TIMEOUT`;
//! * `bus:250k`, `ids:29` — the car's bus speed and identifier length
//!   (default 500 kbit/s, 11-bit); ECUs answer only on a matching channel.
//!
//! Unlike most real drivers it allows several devices open at once (each with
//! its own car), so tests can run in parallel.

#![allow(non_snake_case)] // the C API's names
#![deny(missing_docs)]

pub mod car;
pub mod uds;

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::ffi::CStr;
use std::os::raw::{c_char, c_long, c_ulong, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use car::{Car, Ecu, Reply};

/// The environment variable read at `PassThruOpen` when `pName` is NULL.
pub const SCENARIO_ENV_VAR: &str = "SHOPBENCH_SIM_SCENARIO";

/// Battery voltage reported by `READ_VBATT`, in millivolts.
pub const VBATT_MV: c_ulong = 12_600;

const DATA_SIZE: usize = 4128;

/// `PASSTHRU_MSG`, declared independently of the client crate so that the
/// tests check two declarations against each other.
#[repr(C)]
#[derive(Clone)]
pub struct PassThruMsg {
    /// `ProtocolID`.
    pub protocol_id: c_ulong,
    /// `RxStatus`.
    pub rx_status: c_ulong,
    /// `TxFlags`.
    pub tx_flags: c_ulong,
    /// `Timestamp` (µs).
    pub timestamp: c_ulong,
    /// `DataSize`.
    pub data_size: c_ulong,
    /// `ExtraDataIndex`.
    pub extra_data_index: c_ulong,
    /// `Data`.
    pub data: [u8; DATA_SIZE],
}

/// `SCONFIG`.
#[repr(C)]
pub struct SConfig {
    /// `Parameter`.
    pub parameter: c_ulong,
    /// `Value`.
    pub value: c_ulong,
}

/// `SCONFIG_LIST`.
#[repr(C)]
pub struct SConfigList {
    /// `NumOfParams`.
    pub num_of_params: c_ulong,
    /// `ConfigPtr`.
    pub config_ptr: *mut SConfig,
}

mod j {
    //! The J2534-1 numbers the simulator needs.
    #![allow(dead_code)]
    use std::os::raw::{c_long, c_ulong};
    pub const CAN: c_ulong = 5;
    pub const ISO15765: c_ulong = 6;
    pub const CAN_29BIT_ID: c_ulong = 0x100;
    pub const CAN_ID_BOTH: c_ulong = 0x800;
    pub const ISO15765_FRAME_PAD: c_ulong = 0x40;
    pub const TX_MSG_TYPE: c_ulong = 0x01;
    pub const ISO15765_FIRST_FRAME: c_ulong = 0x02;
    pub const TX_INDICATION: c_ulong = 0x08;
    pub const PASS_FILTER: c_ulong = 1;
    pub const BLOCK_FILTER: c_ulong = 2;
    pub const FLOW_CONTROL_FILTER: c_ulong = 3;
    pub const GET_CONFIG: c_ulong = 1;
    pub const SET_CONFIG: c_ulong = 2;
    pub const READ_VBATT: c_ulong = 3;
    pub const CLEAR_TX_BUFFER: c_ulong = 7;
    pub const CLEAR_RX_BUFFER: c_ulong = 8;
    pub const CLEAR_PERIODIC_MSGS: c_ulong = 9;
    pub const CLEAR_MSG_FILTERS: c_ulong = 0x0A;
    pub const READ_PROG_VOLTAGE: c_ulong = 0x0E;
    pub const DATA_RATE: c_ulong = 1;
    pub const LOOPBACK: c_ulong = 3;
    pub const ISO15765_BS: c_ulong = 0x1E;
    pub const ISO15765_STMIN: c_ulong = 0x1F;
    pub const STATUS_NOERROR: c_long = 0;
    pub const ERR_NOT_SUPPORTED: c_long = 1;
    pub const ERR_INVALID_CHANNEL_ID: c_long = 2;
    pub const ERR_INVALID_PROTOCOL_ID: c_long = 3;
    pub const ERR_NULL_PARAMETER: c_long = 4;
    pub const ERR_INVALID_FLAGS: c_long = 6;
    pub const ERR_FAILED: c_long = 7;
    pub const ERR_DEVICE_NOT_CONNECTED: c_long = 8;
    pub const ERR_TIMEOUT: c_long = 9;
    pub const ERR_INVALID_MSG: c_long = 0x0A;
    pub const ERR_EXCEEDED_LIMIT: c_long = 0x0C;
    pub const ERR_INVALID_IOCTL_ID: c_long = 0x0F;
    pub const ERR_BUFFER_EMPTY: c_long = 0x10;
    pub const ERR_MSG_PROTOCOL_ID: c_long = 0x15;
    pub const ERR_INVALID_FILTER_ID: c_long = 0x16;
    pub const ERR_NO_FLOW_CONTROL: c_long = 0x17;
    pub const ERR_NOT_UNIQUE: c_long = 0x18;
    pub const ERR_INVALID_BAUDRATE: c_long = 0x19;
    pub const ERR_INVALID_DEVICE_ID: c_long = 0x1A;
}

/// The behaviour switches of one simulated device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Fail with `ERR_DEVICE_NOT_CONNECTED` once this many requests were written.
    pub unplug_after: Option<u32>,
    /// Writes fail with `ERR_TIMEOUT`.
    pub write_timeout: bool,
    /// No ECU on the bus.
    pub no_ecu: bool,
    /// The car's bit rate.
    pub baud: c_ulong,
    /// The car uses 29-bit identifiers.
    pub ids_29: bool,
    /// Modules whose codes are already cleared when the device opens (`repaired:abs+srs`):
    /// the same car after a repair, for pre-/post-repair scans across two runs.
    pub repaired: Vec<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            unplug_after: None,
            write_timeout: false,
            no_ecu: false,
            baud: 500_000,
            ids_29: false,
            repaired: Vec::new(),
        }
    }
}

impl std::str::FromStr for Scenario {
    type Err = String;

    fn from_str(s: &str) -> Result<Scenario, String> {
        let mut sc = Scenario::default();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item.split_once(':') {
                Some(("unplug_after", n)) => {
                    sc.unplug_after = Some(n.parse().map_err(|_| format!("bad count in {item}"))?)
                }
                Some(("bus", "500k")) => sc.baud = 500_000,
                Some(("bus", "250k")) => sc.baud = 250_000,
                Some(("ids", "11")) => sc.ids_29 = false,
                Some(("ids", "29")) => sc.ids_29 = true,
                Some(("repaired", list)) => {
                    for name in list.split('+') {
                        Car::module_by_name(name)
                            .ok_or_else(|| format!("no simulated module {name:?} in {item}"))?;
                        sc.repaired.push(name.to_string());
                    }
                }
                None if item == "timeout" => sc.write_timeout = true,
                None if item == "no_ecu" => sc.no_ecu = true,
                None if item == "default" => {}
                _ => return Err(format!("unknown sim scenario item {item:?}")),
            }
        }
        Ok(sc)
    }
}

struct Device {
    scenario: Scenario,
    requests: u32,
    unplugged: bool,
    car: Car,
}

struct Filter {
    kind: c_ulong,
    mask: Vec<u8>,
    pattern: Vec<u8>,
    flow_control_id: Option<u32>,
}

struct Queued {
    ready_at: Instant,
    msg: Box<PassThruMsg>,
}

struct Channel {
    device: c_ulong,
    protocol: c_ulong,
    ids_29: bool,
    baud: c_ulong,
    loopback: bool,
    block_size: c_ulong,
    st_min: c_ulong,
    filters: BTreeMap<c_ulong, Filter>,
    next_filter: c_ulong,
    rx: VecDeque<Queued>,
}

struct Sim {
    next_device: c_ulong,
    next_channel: c_ulong,
    devices: BTreeMap<c_ulong, Device>,
    channels: BTreeMap<c_ulong, Channel>,
    epoch: Option<Instant>,
}

static SIM: Mutex<Sim> = Mutex::new(Sim {
    next_device: 1,
    next_channel: 0x1000,
    devices: BTreeMap::new(),
    channels: BTreeMap::new(),
    epoch: None,
});

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn sim() -> MutexGuard<'static, Sim> {
    SIM.lock().unwrap_or_else(|e| e.into_inner())
}

/// Record the text for `PassThruGetLastError` and return `code`.
fn fail(code: c_long, text: impl Into<String>) -> c_long {
    LAST_ERROR.with(|e| *e.borrow_mut() = text.into());
    code
}

/// Run an API body; a panic becomes `ERR_FAILED` instead of unwinding into C.
fn guard(body: impl FnOnce() -> c_long) -> c_long {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|_| fail(j::ERR_FAILED, "internal error in the J2534 simulator"))
}

/// `ERR_INVALID_DEVICE_ID` for a handle that names no open device.
fn no_device(id: c_ulong) -> c_long {
    fail(
        j::ERR_INVALID_DEVICE_ID,
        format!("no open device with ID {id}"),
    )
}

/// `ERR_INVALID_CHANNEL_ID` for a handle that names no channel.
fn no_channel(id: c_ulong) -> c_long {
    fail(
        j::ERR_INVALID_CHANNEL_ID,
        format!("no channel with ID {id}"),
    )
}

fn unplugged() -> c_long {
    fail(
        j::ERR_DEVICE_NOT_CONNECTED,
        "simulated device unplugged: USB link lost",
    )
}

impl Sim {
    fn timestamp(&mut self) -> c_ulong {
        let epoch = *self.epoch.get_or_insert_with(Instant::now);
        c_ulong::try_from(epoch.elapsed().as_micros() % (1 << 31)).unwrap_or(0)
    }

    /// Whether the device is open and still plugged in, or an error code.
    fn device_checked(&self, id: c_ulong) -> Result<(), c_long> {
        match self.devices.get(&id) {
            None => Err(no_device(id)),
            Some(d) if d.unplugged => Err(unplugged()),
            Some(_) => Ok(()),
        }
    }

    /// The channel and whether its device is still there, or an error code.
    fn channel_checked(&mut self, id: c_ulong) -> Result<(), c_long> {
        let Some(ch) = self.channels.get(&id) else {
            return Err(no_channel(id));
        };
        match self.devices.get(&ch.device) {
            Some(d) if d.unplugged => Err(unplugged()),
            Some(_) => Ok(()),
            None => Err(fail(
                j::ERR_INVALID_CHANNEL_ID,
                format!("channel {id} has no device"),
            )),
        }
    }
}

fn msg(
    protocol: c_ulong,
    rx_status: c_ulong,
    timestamp: c_ulong,
    can_id: u32,
    payload: &[u8],
) -> Box<PassThruMsg> {
    let mut m = Box::new(PassThruMsg {
        protocol_id: protocol,
        rx_status,
        tx_flags: 0,
        timestamp,
        data_size: (4 + payload.len()) as c_ulong,
        extra_data_index: (4 + payload.len()) as c_ulong,
        data: [0; DATA_SIZE],
    });
    m.data[..4].copy_from_slice(&can_id.to_be_bytes());
    m.data[4..4 + payload.len()].copy_from_slice(payload);
    m
}

fn matches(filter: &Filter, data: &[u8]) -> bool {
    filter
        .mask
        .iter()
        .zip(&filter.pattern)
        .enumerate()
        .all(|(i, (m, p))| data.get(i).is_some_and(|d| d & m == p & m))
}

/// Write `msg` (for C strings) into an 80-byte buffer.
///
/// # Safety
/// `buf` must be NULL or point at 80 writable bytes.
unsafe fn write_c_string(buf: *mut c_char, text: &str) {
    if buf.is_null() {
        return;
    }
    let bytes = &text.as_bytes()[..text.len().min(79)];
    for (i, b) in bytes.iter().enumerate() {
        // SAFETY: i < 79 and the caller promised 80 bytes.
        unsafe { *buf.add(i) = *b as c_char };
    }
    // SAFETY: as above, index 79 at most.
    unsafe { *buf.add(bytes.len()) = 0 };
}

/// `PassThruOpen`.
///
/// # Safety
/// `p_name` is NULL or a NUL-terminated string; `p_device_id` is NULL or writable.
#[no_mangle]
pub unsafe extern "system" fn PassThruOpen(
    p_name: *const c_void,
    p_device_id: *mut c_ulong,
) -> c_long {
    guard(|| {
        if p_device_id.is_null() {
            return fail(j::ERR_NULL_PARAMETER, "pDeviceID is NULL");
        }
        let text = if p_name.is_null() {
            std::env::var(SCENARIO_ENV_VAR).unwrap_or_default()
        } else {
            // SAFETY: the caller passes a NUL-terminated string.
            unsafe { CStr::from_ptr(p_name.cast::<c_char>()) }
                .to_string_lossy()
                .into_owned()
        };
        let scenario: Scenario = match text.parse() {
            Ok(s) => s,
            Err(e) => return fail(j::ERR_FAILED, e),
        };
        let mut sim = sim();
        let id = sim.next_device;
        sim.next_device += 1;
        sim.devices.insert(
            id,
            Device {
                requests: 0,
                unplugged: false,
                car: Car::repaired(&scenario.repaired),
                scenario,
            },
        );
        // SAFETY: checked non-NULL above; the caller provides a writable slot.
        unsafe { *p_device_id = id };
        j::STATUS_NOERROR
    })
}

/// `PassThruClose`. The handle is released even when the device was unplugged.
#[no_mangle]
pub extern "system" fn PassThruClose(device_id: c_ulong) -> c_long {
    guard(|| {
        let mut sim = sim();
        let Some(dev) = sim.devices.remove(&device_id) else {
            return no_device(device_id);
        };
        sim.channels.retain(|_, ch| ch.device != device_id);
        if dev.unplugged {
            return unplugged();
        }
        j::STATUS_NOERROR
    })
}

/// `PassThruConnect`.
///
/// # Safety
/// `p_channel_id` is NULL or writable.
#[no_mangle]
pub unsafe extern "system" fn PassThruConnect(
    device_id: c_ulong,
    protocol_id: c_ulong,
    flags: c_ulong,
    baud: c_ulong,
    p_channel_id: *mut c_ulong,
) -> c_long {
    guard(|| {
        if p_channel_id.is_null() {
            return fail(j::ERR_NULL_PARAMETER, "pChannelID is NULL");
        }
        let mut sim = sim();
        if let Err(code) = sim.device_checked(device_id) {
            return code;
        }
        if protocol_id != j::ISO15765 && protocol_id != j::CAN {
            return fail(
                j::ERR_INVALID_PROTOCOL_ID,
                format!("the simulator has CAN and ISO15765 only, not protocol {protocol_id}"),
            );
        }
        if flags & !(j::CAN_29BIT_ID | j::CAN_ID_BOTH) != 0 {
            return fail(
                j::ERR_INVALID_FLAGS,
                format!("unsupported connect flags {flags:#x}"),
            );
        }
        if !matches!(baud, 125_000 | 250_000 | 500_000) {
            return fail(
                j::ERR_INVALID_BAUDRATE,
                format!("{baud} bit/s is not a CAN rate the simulator offers"),
            );
        }
        let id = sim.next_channel;
        sim.next_channel += 1;
        sim.channels.insert(
            id,
            Channel {
                device: device_id,
                protocol: protocol_id,
                ids_29: flags & j::CAN_29BIT_ID != 0,
                baud,
                loopback: false,
                block_size: 0,
                st_min: 0,
                filters: BTreeMap::new(),
                next_filter: 1,
                rx: VecDeque::new(),
            },
        );
        // SAFETY: checked non-NULL above.
        unsafe { *p_channel_id = id };
        j::STATUS_NOERROR
    })
}

/// `PassThruDisconnect`.
#[no_mangle]
pub extern "system" fn PassThruDisconnect(channel_id: c_ulong) -> c_long {
    guard(|| {
        let mut sim = sim();
        let Some(ch) = sim.channels.remove(&channel_id) else {
            return no_channel(channel_id);
        };
        if sim.devices.get(&ch.device).is_none_or(|d| d.unplugged) {
            return unplugged();
        }
        j::STATUS_NOERROR
    })
}

/// `PassThruReadMsgs`.
///
/// # Safety
/// `p_msg` points at `*p_num_msgs` writable messages.
#[no_mangle]
pub unsafe extern "system" fn PassThruReadMsgs(
    channel_id: c_ulong,
    p_msg: *mut PassThruMsg,
    p_num_msgs: *mut c_ulong,
    timeout: c_ulong,
) -> c_long {
    guard(|| {
        if p_msg.is_null() || p_num_msgs.is_null() {
            return fail(j::ERR_NULL_PARAMETER, "pMsg or pNumMsgs is NULL");
        }
        // SAFETY: checked non-NULL.
        let max = usize::try_from(unsafe { *p_num_msgs }).unwrap_or(usize::MAX);
        #[allow(clippy::useless_conversion)] // c_ulong is u32 on Windows
        let deadline = Instant::now() + Duration::from_millis(u64::from(timeout));
        let mut read = 0usize;
        loop {
            {
                let mut sim = sim();
                if let Err(code) = sim.channel_checked(channel_id) {
                    // SAFETY: checked non-NULL.
                    unsafe { *p_num_msgs = read as c_ulong };
                    return code;
                }
                let now = Instant::now();
                let ch = sim.channels.get_mut(&channel_id).expect("checked above");
                while read < max && ch.rx.front().is_some_and(|q| q.ready_at <= now) {
                    let q = ch.rx.pop_front().expect("front exists");
                    // SAFETY: `read < max` and the caller provides `max` slots.
                    unsafe { p_msg.add(read).write(*q.msg) };
                    read += 1;
                }
            }
            if read >= max || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // SAFETY: checked non-NULL.
        unsafe { *p_num_msgs = read as c_ulong };
        match (read, timeout) {
            (n, _) if n == max => j::STATUS_NOERROR,
            (0, 0) => fail(j::ERR_BUFFER_EMPTY, "receive queue empty"),
            (_, 0) => j::STATUS_NOERROR,
            (n, t) => fail(
                j::ERR_TIMEOUT,
                format!("{n} of {max} messages read in {t} ms"),
            ),
        }
    })
}

/// `PassThruWriteMsgs`.
///
/// # Safety
/// `p_msg` points at `*p_num_msgs` valid messages.
#[no_mangle]
pub unsafe extern "system" fn PassThruWriteMsgs(
    channel_id: c_ulong,
    p_msg: *mut PassThruMsg,
    p_num_msgs: *mut c_ulong,
    _timeout: c_ulong,
) -> c_long {
    guard(|| {
        if p_msg.is_null() || p_num_msgs.is_null() {
            return fail(j::ERR_NULL_PARAMETER, "pMsg or pNumMsgs is NULL");
        }
        // SAFETY: checked non-NULL.
        let count = usize::try_from(unsafe { *p_num_msgs }).unwrap_or(0);
        // SAFETY: the caller provides `count` messages.
        unsafe { *p_num_msgs = 0 };
        for i in 0..count {
            // SAFETY: i < count, and the caller provides `count` messages.
            let m = unsafe { &*p_msg.add(i) };
            let code = write_one(channel_id, m);
            if code != j::STATUS_NOERROR {
                return code;
            }
            // SAFETY: checked non-NULL.
            unsafe { *p_num_msgs = (i + 1) as c_ulong };
        }
        j::STATUS_NOERROR
    })
}

fn write_one(channel_id: c_ulong, m: &PassThruMsg) -> c_long {
    let mut guard = sim();
    let sim = &mut *guard;
    if let Err(code) = sim.channel_checked(channel_id) {
        return code;
    }
    let ts = sim.timestamp();
    let ch = sim.channels.get_mut(&channel_id).expect("checked");
    let dev = sim.devices.get_mut(&ch.device).expect("checked");
    let size = match checked_size(ch, m) {
        Ok(size) => size,
        Err(code) => return code,
    };
    let data = &m.data[..size];
    let can_id = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
    let payload = &data[4..];
    dev.requests += 1;
    if dev.scenario.unplug_after.is_some_and(|n| dev.requests > n) {
        dev.unplugged = true;
        return unplugged();
    }
    if dev.scenario.write_timeout {
        return fail(
            j::ERR_TIMEOUT,
            "transmit timed out: no acknowledgement on the CAN bus",
        );
    }
    let functional = can_id == 0x7DF || can_id == 0x18DB_33F1;
    if let Err(code) = echo(ch, ts, can_id, payload, functional) {
        return code;
    }
    let on_bus = !dev.scenario.no_ecu
        && ch.protocol == j::ISO15765
        && ch.baud == dev.scenario.baud
        && ch.ids_29 == dev.scenario.ids_29;
    if !on_bus {
        return j::STATUS_NOERROR;
    }
    let target = match functional {
        true => None,
        false => match module_at(can_id, ch.ids_29) {
            Some(ecu) => Some(ecu),
            None => return j::STATUS_NOERROR, // nobody at that address
        },
    };
    let now = Instant::now();
    for reply in dev.car.handle(target, payload) {
        queue_reply(ch, &reply, ts, now);
    }
    j::STATUS_NOERROR
}

/// The message's data size, once its protocol, size and 29-bit flag suit
/// the channel (`ERR_MSG_PROTOCOL_ID` or `ERR_INVALID_MSG` otherwise).
fn checked_size(ch: &Channel, m: &PassThruMsg) -> Result<usize, c_long> {
    if m.protocol_id != ch.protocol {
        return Err(fail(
            j::ERR_MSG_PROTOCOL_ID,
            format!(
                "message protocol {} on a channel of protocol {}",
                m.protocol_id, ch.protocol
            ),
        ));
    }
    let size = usize::try_from(m.data_size).unwrap_or(usize::MAX);
    if !(4..=DATA_SIZE).contains(&size) || (ch.protocol == j::CAN && size > 12) || size > 4 + 4095 {
        return Err(fail(
            j::ERR_INVALID_MSG,
            format!("DataSize {size} is not valid for this protocol"),
        ));
    }
    if (m.tx_flags & j::CAN_29BIT_ID != 0) != ch.ids_29 {
        return Err(fail(
            j::ERR_INVALID_MSG,
            "CAN_29BIT_ID in TxFlags does not match the channel",
        ));
    }
    Ok(size)
}

/// What the adapter itself answers a write with: on ISO 15765 a transmit
/// indication (after checking a physical request has its flow-control
/// filter and a functional one fits one frame), and the message itself on
/// a loopback channel.
fn echo(
    ch: &mut Channel,
    ts: c_ulong,
    can_id: u32,
    payload: &[u8],
    functional: bool,
) -> Result<(), c_long> {
    // The write's 29-bit flag is the channel's (checked before).
    let ids29 = id_flag(ch);
    if ch.protocol == j::ISO15765 {
        if functional && payload.len() > 7 {
            return Err(fail(
                j::ERR_INVALID_MSG,
                "functional ISO 15765 requests must be single frames",
            ));
        }
        if !functional
            && !ch
                .filters
                .values()
                .any(|f| f.kind == j::FLOW_CONTROL_FILTER && f.flow_control_id == Some(can_id))
        {
            return Err(fail(
                j::ERR_NO_FLOW_CONTROL,
                format!("no flow control filter for CAN ID {can_id:X}"),
            ));
        }
        ch.rx.push_back(Queued {
            ready_at: Instant::now(),
            msg: msg(ch.protocol, j::TX_INDICATION | ids29, ts, can_id, &[]),
        });
    }
    if ch.loopback {
        ch.rx.push_back(Queued {
            ready_at: Instant::now(),
            msg: msg(ch.protocol, j::TX_MSG_TYPE | ids29, ts, can_id, payload),
        });
    }
    Ok(())
}

/// The module whose request ID is `can_id`, if any.
fn module_at(can_id: u32, ids_29: bool) -> Option<Ecu> {
    let request_id = |e: &Ecu| {
        if ids_29 {
            e.request_id_29()
        } else {
            e.request_id_11()
        }
    };
    Ecu::ALL.into_iter().find(|e| request_id(e) == can_id)
}

/// `CAN_29BIT_ID` on a 29-bit channel, else nothing: the flag its messages carry.
fn id_flag(ch: &Channel) -> c_ulong {
    if ch.ids_29 {
        j::CAN_29BIT_ID
    } else {
        0
    }
}

/// A module's reply queued in time order, when the channel's filters let
/// it through: a segmented reply needs a FLOW_CONTROL filter (and comes
/// with its first-frame indication), a single frame passes any but a
/// BLOCK filter; one millisecond per consecutive frame (STmin 0, BS 0 on a
/// 500k bus).
fn queue_reply(ch: &mut Channel, reply: &Reply, ts: c_ulong, now: Instant) {
    let id = if ch.ids_29 {
        reply.ecu.response_id_29()
    } else {
        reply.ecu.response_id_11()
    };
    let rx29 = id_flag(ch);
    let head = id.to_be_bytes();
    let multi_frame = reply.payload.len() > 7;
    let visible = |kind_ok: &dyn Fn(&Filter) -> bool| {
        ch.filters.values().any(|f| kind_ok(f) && matches(f, &head))
            && !ch
                .filters
                .values()
                .any(|f| f.kind == j::BLOCK_FILTER && matches(f, &head))
    };
    let received = if multi_frame {
        visible(&|f: &Filter| f.kind == j::FLOW_CONTROL_FILTER)
    } else {
        visible(&|f: &Filter| f.kind != j::BLOCK_FILTER)
    };
    if !received {
        return;
    }
    let at = now + reply.after;
    if multi_frame {
        // In time order with the other modules' replies (several modules
        // can be asked at once).
        let first = msg(ch.protocol, j::ISO15765_FIRST_FRAME | rx29, ts, id, &[]);
        in_time_order(ch, at, first);
    }
    let frames = if multi_frame {
        (reply.payload.len() - 6).div_ceil(7) as u64
    } else {
        0
    };
    let done = at + Duration::from_millis(frames);
    let whole = msg(ch.protocol, rx29, ts, id, &reply.payload);
    in_time_order(ch, done, whole);
}

/// Queues `message` to be read at `ready_at`, after every message due by then.
fn in_time_order(ch: &mut Channel, ready_at: Instant, message: Box<PassThruMsg>) {
    let pos = ch
        .rx
        .iter()
        .position(|q| q.ready_at > ready_at)
        .unwrap_or(ch.rx.len());
    ch.rx.insert(
        pos,
        Queued {
            ready_at,
            msg: message,
        },
    );
}

/// `PassThruStartMsgFilter`.
///
/// # Safety
/// The message pointers are NULL or valid; `p_filter_id` is NULL or writable.
#[no_mangle]
pub unsafe extern "system" fn PassThruStartMsgFilter(
    channel_id: c_ulong,
    filter_type: c_ulong,
    p_mask: *mut PassThruMsg,
    p_pattern: *mut PassThruMsg,
    p_flow_control: *mut PassThruMsg,
    p_filter_id: *mut c_ulong,
) -> c_long {
    guard(|| {
        if p_mask.is_null() || p_pattern.is_null() || p_filter_id.is_null() {
            return fail(
                j::ERR_NULL_PARAMETER,
                "pMaskMsg, pPatternMsg or pFilterID is NULL",
            );
        }
        let mut sim = sim();
        if let Err(code) = sim.channel_checked(channel_id) {
            return code;
        }
        let ch = sim.channels.get_mut(&channel_id).expect("checked");
        // SAFETY: checked non-NULL; the caller passes valid messages.
        let (mask, pattern) = unsafe { (&*p_mask, &*p_pattern) };
        let bytes = |m: &PassThruMsg| {
            m.data[..usize::try_from(m.data_size).unwrap_or(99).min(DATA_SIZE)].to_vec()
        };
        if mask.data_size != pattern.data_size || mask.data_size > 12 {
            return fail(
                j::ERR_INVALID_MSG,
                "mask and pattern must have the same DataSize, at most 12",
            );
        }
        let flow_control_id = match filter_type {
            j::PASS_FILTER | j::BLOCK_FILTER => None,
            j::FLOW_CONTROL_FILTER => {
                if ch.protocol != j::ISO15765 {
                    return fail(
                        j::ERR_INVALID_MSG,
                        "flow control filters are for ISO15765 channels",
                    );
                }
                if p_flow_control.is_null() {
                    return fail(
                        j::ERR_NULL_PARAMETER,
                        "pFlowControlMsg is NULL for a FLOW_CONTROL_FILTER",
                    );
                }
                // SAFETY: checked non-NULL.
                let fc = unsafe { &*p_flow_control };
                if fc.data_size != 4 || pattern.data_size != 4 {
                    return fail(
                        j::ERR_INVALID_MSG,
                        "flow control pattern and ID must be 4-byte CAN IDs",
                    );
                }
                let fc_id = u32::from_be_bytes([fc.data[0], fc.data[1], fc.data[2], fc.data[3]]);
                let pat = bytes(pattern);
                if ch.filters.values().any(|f| {
                    f.kind == j::FLOW_CONTROL_FILTER
                        && (f.flow_control_id == Some(fc_id) || f.pattern == pat)
                }) {
                    return fail(
                        j::ERR_NOT_UNIQUE,
                        format!(
                            "CAN ID {fc_id:X} or its pattern is already in a flow control filter"
                        ),
                    );
                }
                Some(fc_id)
            }
            other => {
                return fail(
                    j::ERR_INVALID_FILTER_ID,
                    format!("unknown filter type {other}"),
                )
            }
        };
        if ch.filters.len() >= 10 {
            return fail(
                j::ERR_EXCEEDED_LIMIT,
                "the simulator has 10 filters per channel",
            );
        }
        let id = ch.next_filter;
        ch.next_filter += 1;
        ch.filters.insert(
            id,
            Filter {
                kind: filter_type,
                mask: bytes(mask),
                pattern: bytes(pattern),
                flow_control_id,
            },
        );
        // SAFETY: checked non-NULL.
        unsafe { *p_filter_id = id };
        j::STATUS_NOERROR
    })
}

/// `PassThruStopMsgFilter`.
#[no_mangle]
pub extern "system" fn PassThruStopMsgFilter(channel_id: c_ulong, filter_id: c_ulong) -> c_long {
    guard(|| {
        let mut sim = sim();
        if let Err(code) = sim.channel_checked(channel_id) {
            return code;
        }
        let ch = sim.channels.get_mut(&channel_id).expect("checked");
        match ch.filters.remove(&filter_id) {
            Some(_) => j::STATUS_NOERROR,
            None => fail(
                j::ERR_INVALID_FILTER_ID,
                format!("no filter {filter_id} on channel {channel_id}"),
            ),
        }
    })
}

/// `PassThruIoctl`: GET_CONFIG, SET_CONFIG, READ_VBATT, READ_PROG_VOLTAGE,
/// CLEAR_TX_BUFFER, CLEAR_RX_BUFFER, CLEAR_PERIODIC_MSGS, CLEAR_MSG_FILTERS.
///
/// # Safety
/// `p_input` / `p_output` are what J2534-1 specifies for `ioctl_id`.
#[no_mangle]
pub unsafe extern "system" fn PassThruIoctl(
    id: c_ulong,
    ioctl_id: c_ulong,
    p_input: *mut c_void,
    p_output: *mut c_void,
) -> c_long {
    guard(|| {
        let mut sim = sim();
        if matches!(ioctl_id, j::READ_VBATT | j::READ_PROG_VOLTAGE) {
            if let Err(code) = sim.device_checked(id) {
                return code;
            }
            if p_output.is_null() {
                return fail(j::ERR_NULL_PARAMETER, "pOutput is NULL");
            }
            let mv = if ioctl_id == j::READ_VBATT {
                VBATT_MV
            } else {
                0
            };
            // SAFETY: both ioctls write one `unsigned long` to pOutput.
            unsafe { *p_output.cast::<c_ulong>() = mv };
            return j::STATUS_NOERROR;
        }
        if let Err(code) = sim.channel_checked(id) {
            return code;
        }
        let ch = sim.channels.get_mut(&id).expect("checked");
        match ioctl_id {
            j::GET_CONFIG | j::SET_CONFIG => {
                if p_input.is_null() {
                    return fail(j::ERR_NULL_PARAMETER, "pInput (SCONFIG_LIST) is NULL");
                }
                // SAFETY: GET/SET_CONFIG take an SCONFIG_LIST* input.
                let list = unsafe { &*p_input.cast::<SConfigList>() };
                let n = usize::try_from(list.num_of_params).unwrap_or(0);
                if n > 0 && list.config_ptr.is_null() {
                    return fail(j::ERR_NULL_PARAMETER, "ConfigPtr is NULL");
                }
                for i in 0..n {
                    // SAFETY: ConfigPtr points at NumOfParams entries.
                    let item = unsafe { &mut *list.config_ptr.add(i) };
                    let slot = match item.parameter {
                        j::DATA_RATE => &mut ch.baud,
                        j::ISO15765_BS => &mut ch.block_size,
                        j::ISO15765_STMIN => &mut ch.st_min,
                        j::LOOPBACK => {
                            if ioctl_id == j::GET_CONFIG {
                                item.value = c_ulong::from(ch.loopback);
                            } else {
                                ch.loopback = item.value != 0;
                            }
                            continue;
                        }
                        p => {
                            return fail(
                                j::ERR_NOT_SUPPORTED,
                                format!("config parameter {p:#x} is not simulated"),
                            )
                        }
                    };
                    if ioctl_id == j::GET_CONFIG {
                        item.value = *slot;
                    } else {
                        *slot = item.value;
                    }
                }
                j::STATUS_NOERROR
            }
            j::CLEAR_RX_BUFFER => {
                ch.rx.clear();
                j::STATUS_NOERROR
            }
            j::CLEAR_MSG_FILTERS => {
                ch.filters.clear();
                j::STATUS_NOERROR
            }
            j::CLEAR_TX_BUFFER | j::CLEAR_PERIODIC_MSGS => j::STATUS_NOERROR,
            other => fail(
                j::ERR_INVALID_IOCTL_ID,
                format!("ioctl {other:#x} is not simulated"),
            ),
        }
    })
}

/// `PassThruReadVersion`.
///
/// # Safety
/// Each pointer is NULL or 80 writable bytes.
#[no_mangle]
pub unsafe extern "system" fn PassThruReadVersion(
    device_id: c_ulong,
    p_firmware: *mut c_char,
    p_dll: *mut c_char,
    p_api: *mut c_char,
) -> c_long {
    guard(|| {
        if let Err(code) = sim().device_checked(device_id) {
            return code;
        }
        if p_firmware.is_null() || p_dll.is_null() || p_api.is_null() {
            return fail(j::ERR_NULL_PARAMETER, "a version buffer is NULL");
        }
        // SAFETY: three 80-byte buffers, checked non-NULL.
        unsafe {
            write_c_string(p_firmware, "sim-1.0");
            write_c_string(
                p_dll,
                concat!("shopbench-j2534-sim ", env!("CARGO_PKG_VERSION")),
            );
            write_c_string(p_api, "04.04");
        }
        j::STATUS_NOERROR
    })
}

/// `PassThruGetLastError`: the text of this thread's last failed call.
///
/// # Safety
/// `p_error_description` is NULL or 80 writable bytes.
#[no_mangle]
pub unsafe extern "system" fn PassThruGetLastError(p_error_description: *mut c_char) -> c_long {
    guard(|| {
        if p_error_description.is_null() {
            return j::ERR_NULL_PARAMETER;
        }
        let text = LAST_ERROR.with(|e| e.borrow().clone());
        // SAFETY: 80 writable bytes, checked non-NULL.
        unsafe { write_c_string(p_error_description, &text) };
        j::STATUS_NOERROR
    })
}

/// Not part of J2534: 1 while `device_id` is open in the simulator, else 0.
/// Lets tests prove that a dropped handle really called `PassThruClose`.
#[no_mangle]
pub extern "system" fn ShopbenchSim_IsDeviceOpen(device_id: c_ulong) -> c_long {
    guard(|| c_long::from(sim().devices.contains_key(&device_id)))
}

/// Not part of J2534: `sizeof(PASSTHRU_MSG)` in this build, for layout tests.
#[no_mangle]
pub extern "system" fn ShopbenchSim_MsgSize() -> usize {
    std::mem::size_of::<PassThruMsg>()
}

/// Not part of J2534: the source folder this library was built from, NUL-terminated.
///
/// A cdylib's file name carries no hash, so checkouts sharing one target
/// folder overwrite each other's `libshopbench_j2534_sim.so`, and cargo does
/// not copy it again while its own build is up to date. Tests look for this
/// text in the file to know they load the simulator of their own checkout.
#[no_mangle]
pub extern "system" fn ShopbenchSim_SourceDir() -> *const c_char {
    SOURCE_DIR.as_ptr().cast()
}

/// [`ShopbenchSim_SourceDir`]'s text.
pub const SOURCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "\0");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_parse() {
        let s: Scenario = "unplug_after:3, no_ecu,ids:29,bus:250k".parse().unwrap();
        assert_eq!(s.unplug_after, Some(3));
        assert!(s.no_ecu && s.ids_29 && s.baud == 250_000 && !s.write_timeout);
        assert!("explode".parse::<Scenario>().is_err());
        assert_eq!("".parse::<Scenario>().unwrap(), Scenario::default());
    }

    fn empty_msg() -> PassThruMsg {
        *msg(j::ISO15765, 0, 0, 0, &[])
    }

    fn last_error() -> String {
        let mut buf = [0 as c_char; 80];
        // SAFETY: 80 writable bytes.
        assert_eq!(
            unsafe { PassThruGetLastError(buf.as_mut_ptr()) },
            j::STATUS_NOERROR
        );
        // SAFETY: write_c_string always terminates.
        unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn c_api_checks_its_arguments_and_explains_failures() {
        let mut dev: c_ulong = 0;
        // SAFETY (whole test): every pointer passed is NULL on purpose or
        // points at a live local of the right type.
        unsafe {
            assert_eq!(
                PassThruOpen(std::ptr::null(), std::ptr::null_mut()),
                j::ERR_NULL_PARAMETER
            );
            assert_eq!(last_error(), "pDeviceID is NULL");
            assert_eq!(
                PassThruOpen(c"default".as_ptr().cast(), &mut dev),
                j::STATUS_NOERROR
            );
            let mut ch: c_ulong = 0;
            assert_eq!(
                PassThruConnect(dev, j::ISO15765, 0, 33_333, &mut ch),
                j::ERR_INVALID_BAUDRATE
            );
            assert_eq!(
                PassThruConnect(dev, j::ISO15765, 0, 500_000, &mut ch),
                j::STATUS_NOERROR
            );
            let mut n: c_ulong = 1;
            let mut m = empty_msg();
            assert_eq!(PassThruReadMsgs(ch, &mut m, &mut n, 0), j::ERR_BUFFER_EMPTY);
            assert_eq!(n, 0);
            assert_eq!(
                PassThruReadMsgs(ch + 1000, &mut m, &mut n, 0),
                j::ERR_INVALID_CHANNEL_ID
            );
            assert!(last_error().contains("no channel"));
            // Flow control: pattern 7E8, flow control 7E0; a second one with
            // the same IDs is refused.
            let mut mask = *msg(j::ISO15765, 0, 0, 0xFFFF_FFFF, &[]);
            let mut pattern = *msg(j::ISO15765, 0, 0, 0x7E8, &[]);
            let mut fc = *msg(j::ISO15765, 0, 0, 0x7E0, &[]);
            let mut fid: c_ulong = 0;
            let start = |mask: &mut PassThruMsg,
                         pattern: &mut PassThruMsg,
                         fc: &mut PassThruMsg,
                         fid: &mut c_ulong| {
                PassThruStartMsgFilter(ch, j::FLOW_CONTROL_FILTER, mask, pattern, fc, fid)
            };
            assert_eq!(
                start(&mut mask, &mut pattern, &mut fc, &mut fid),
                j::STATUS_NOERROR
            );
            assert_eq!(
                start(&mut mask, &mut pattern, &mut fc, &mut fid),
                j::ERR_NOT_UNIQUE
            );
            // A functional request: TX indication, then the two ECUs (only
            // 7E8 passes the one filter).
            let mut req = *msg(j::ISO15765, 0, 0, 0x7DF, &[0x01, 0x0D]);
            let mut one: c_ulong = 1;
            assert_eq!(
                PassThruWriteMsgs(ch, &mut req, &mut one, 0),
                j::STATUS_NOERROR
            );
            let mut out = vec![empty_msg(), empty_msg(), empty_msg()];
            let mut n: c_ulong = 3;
            assert_eq!(
                PassThruReadMsgs(ch, out.as_mut_ptr(), &mut n, 50),
                j::ERR_TIMEOUT
            );
            assert_eq!(n, 2);
            assert_eq!(out[0].rx_status, j::TX_INDICATION);
            assert_eq!(&out[1].data[..7], [0, 0, 7, 0xE8, 0x41, 0x0D, 0x00]);
            assert_eq!(PassThruStopMsgFilter(ch, fid), j::STATUS_NOERROR);
            assert_eq!(PassThruStopMsgFilter(ch, fid), j::ERR_INVALID_FILTER_ID);
            assert_eq!(PassThruClose(dev), j::STATUS_NOERROR);
            assert_eq!(
                PassThruDisconnect(ch),
                j::ERR_INVALID_CHANNEL_ID,
                "closing the device dropped its channels"
            );
            assert_eq!(ShopbenchSim_IsDeviceOpen(dev), 0);
        }
    }

    #[test]
    fn message_layout_matches_the_c_header() {
        assert_eq!(
            std::mem::size_of::<PassThruMsg>(),
            6 * std::mem::size_of::<c_ulong>() + 4128
        );
    }
}
