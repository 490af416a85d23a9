//! [`ObdLink`] over a J2534 device, so the OBD services of `shopbench-obd`
//! (`scan`, `LiveReader`, `clear_dtcs`) run unchanged on PassThru adapters.
//!
//! Connecting tries the ISO 15765-4 settings in the ELM327's protocol order
//! until an ECU answers `01 00`:
//!
//! | ELM327 protocol | bus | identifiers |
//! |---|---|---|
//! | 6 | 500 kbit/s | 11-bit |
//! | 8 | 250 kbit/s | 11-bit |
//! | 7 | 500 kbit/s | 29-bit |
//! | 9 | 250 kbit/s | 29-bit |
//!
//! The driver's calls block; [`PassThruLink`]'s futures run them on Tokio's
//! blocking pool (`spawn_blocking`), or inline when no runtime is running.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use std::time::Duration;

use shopbench_obd::modules::{Answer, PhysicalRequest, UdsLink, Wait};
use shopbench_obd::{EcuAddress, EcuResponse, LinkInfo, ObdError, ObdLink, Protocol};

use crate::consts::status;
use crate::device::{Device, Library, Version};
use crate::discovery::DeviceInfo;
use crate::error::{J2534Error, Result};
use crate::session::{
    EcuReply, IdBits, IsoTpSession, ModuleReply, ModuleRequest, SessionConfig, MAX_MODULE_FILTERS,
};

/// How long an absent module is waited for while looking for modules: a
/// present one answers within P2CAN (50 ms, ISO 15765-4), doubled for a
/// loaded host.
pub const PROBE_WAIT: Duration = Duration::from_millis(100);

/// The ISO 15765-4 protocols, in the order they are tried.
pub const ISO15765_PROTOCOLS: [Protocol; 4] = [Protocol(6), Protocol(8), Protocol(7), Protocol(9)];

/// Bus settings of an ISO 15765-4 protocol number (6–9); `None` for others.
pub fn bus_settings(protocol: Protocol) -> Option<(u32, IdBits)> {
    match protocol.0 {
        6 => Some((500_000, IdBits::Eleven)),
        7 => Some((500_000, IdBits::TwentyNine)),
        8 => Some((250_000, IdBits::Eleven)),
        9 => Some((250_000, IdBits::TwentyNine)),
        _ => None,
    }
}

/// What [`PassThruLink::connect`] should do.
#[derive(Clone, Debug, Default)]
pub struct LinkOptions {
    /// Use only this ISO 15765-4 protocol (6–9) instead of trying all four.
    pub protocol: Option<Protocol>,
    /// Timing; `baud` and `id_bits` are set per protocol tried.
    pub timing: SessionConfig,
    /// Passed to `PassThruOpen` as `pName`. v04.04 drivers expect NULL
    /// (`None`, the default: "the one device attached"); some use a name or
    /// serial number to pick one of several devices.
    pub open_name: Option<String>,
}

/// Progress of [`PassThruLink::connect`], for a status line.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum LinkStep {
    /// Loading the vendor's library.
    Loading(PathBuf),
    /// `PassThruOpen` succeeded; the device's version strings.
    Opened(Version),
    /// Trying one protocol.
    Trying(Protocol),
    /// An ECU answered on this protocol.
    Connected(Protocol),
    /// Battery voltage read (`READ_VBATT`).
    Voltage(f32),
}

/// A car reached through a J2534 PassThru device on ISO 15765-4.
///
/// The device is closed, and its channel disconnected, when this is dropped.
pub struct PassThruLink {
    session: Arc<Mutex<IsoTpSession>>,
    name: String,
    info: LinkInfo,
}

impl std::fmt::Debug for PassThruLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassThruLink")
            .field("info", &self.info)
            .finish()
    }
}

impl PassThruLink {
    /// Load `device`'s library, open the device and find the car's bus
    /// settings (see the module documentation). Blocks: call it from
    /// `spawn_blocking` in async code.
    pub fn connect(
        device: &DeviceInfo,
        options: LinkOptions,
        mut progress: impl FnMut(LinkStep),
    ) -> Result<PassThruLink> {
        progress(LinkStep::Loading(device.library_path.clone()));
        let library = Library::load(&device.library_path)?;
        PassThruLink::open(&library, device, options, progress)
    }

    /// As [`PassThruLink::connect`] with `device`'s library already loaded.
    pub fn open(
        library: &Library,
        device: &DeviceInfo,
        options: LinkOptions,
        mut progress: impl FnMut(LinkStep),
    ) -> Result<PassThruLink> {
        let protocols = protocols_to_try(options.protocol)?;
        let dev = library.open(options.open_name.as_deref())?;
        let version = read_version(&dev, &mut progress)?;
        let mut tried = Vec::new();
        let mut last_refusal = None;
        for protocol in protocols {
            let Some((baud, id_bits)) = bus_settings(protocol) else {
                continue;
            };
            progress(LinkStep::Trying(protocol));
            tried.push(bus_text(baud, id_bits));
            let config = SessionConfig {
                baud,
                id_bits,
                ..options.timing.clone()
            };
            match attempt(&dev, config)? {
                Attempt::Answered(session) => {
                    progress(LinkStep::Connected(protocol));
                    return PassThruLink::connected(session, device, version, protocol, progress);
                }
                Attempt::Silent => {} // next setting
                Attempt::Refused(e) => last_refusal = Some(e),
            }
        }
        Err(no_vehicle(device, &tried, last_refusal))
    }

    /// The link over the session an ECU answered on, after reporting the
    /// battery voltage (not every device measures it; only a lost device
    /// is an error here).
    fn connected(
        session: IsoTpSession,
        device: &DeviceInfo,
        version: Option<Version>,
        protocol: Protocol,
        mut progress: impl FnMut(LinkStep),
    ) -> Result<PassThruLink> {
        match session.battery_voltage() {
            Ok(volts) => progress(LinkStep::Voltage(volts as f32)),
            Err(e) if e.is_device_lost() => return Err(e),
            Err(_) => {} // not every device measures it
        }
        Ok(PassThruLink {
            session: Arc::new(Mutex::new(session)),
            name: device.name.clone(),
            info: LinkInfo {
                adapter: adapter_text(device, version.as_ref()),
                port: device.library_path.display().to_string(),
                protocol: Some(protocol),
            },
        })
    }

    /// The device's name (from its manifest or registry entry).
    pub fn device_name(&self) -> &str {
        &self.name
    }

    /// Run `f` on the session off the async executor.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut IsoTpSession) -> Result<T> + Send + 'static,
    ) -> std::result::Result<Result<T>, tokio::task::JoinError> {
        let session = Arc::clone(&self.session);
        let run = move || f(&mut lock(&session));
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle.spawn_blocking(run).await,
            Err(_) => Ok(run()),
        }
    }

    fn to_obd(&self, e: J2534Error, command: String) -> ObdError {
        match e {
            J2534Error::NoResponse { .. } => ObdError::NoData { command },
            e if e.is_device_lost() => ObdError::AdapterGone {
                port: self.name.clone(),
                command,
                reason: e.to_string(),
            },
            e => ObdError::Driver {
                port: self.name.clone(),
                command,
                reason: e.to_string(),
            },
        }
    }

    fn interrupted(&self, command: String, e: tokio::task::JoinError) -> ObdError {
        ObdError::Driver {
            port: self.name.clone(),
            command,
            reason: format!("the call into the driver did not finish: {e}"),
        }
    }
}

fn lock(session: &Mutex<IsoTpSession>) -> MutexGuard<'_, IsoTpSession> {
    // A panic in another request leaves the session usable: every request
    // starts by clearing the receive buffer.
    session.lock().unwrap_or_else(|e| e.into_inner())
}

/// The protocols [`PassThruLink::open`] tries: the one asked for, if it is
/// ISO 15765-4 (J2534 links here speak nothing else), or all four in order.
fn protocols_to_try(asked: Option<Protocol>) -> Result<Vec<Protocol>> {
    match asked {
        Some(p) if bus_settings(p).is_some() => Ok(vec![p]),
        Some(p) => Err(J2534Error::InvalidSetting(format!(
            "protocol {} ({}) — J2534 links use ISO 15765-4 CAN: protocols 6, 7, 8 or 9",
            p.0,
            p.name()
        ))),
        None => Ok(ISO15765_PROTOCOLS.to_vec()),
    }
}

/// The device's version strings, reported as [`LinkStep::Opened`]. They
/// are only for the report, so a device that cannot give them is `None`;
/// only a lost device is an error.
fn read_version(dev: &Device, progress: &mut impl FnMut(LinkStep)) -> Result<Option<Version>> {
    match dev.read_version() {
        Ok(v) => {
            progress(LinkStep::Opened(v.clone()));
            Ok(Some(v))
        }
        Err(e) if e.is_device_lost() => Err(e),
        Err(_) => Ok(None), // the version is only for the report
    }
}

/// One bus setting as named in [`J2534Error::NoVehicle`] ("500 kbit/s 11-bit").
fn bus_text(baud: u32, id_bits: IdBits) -> String {
    format!(
        "{} kbit/s {}-bit",
        baud / 1000,
        if id_bits == IdBits::Eleven { 11 } else { 29 }
    )
}

/// What one bus setting gave.
enum Attempt {
    /// An ECU answered `01 00` on this session.
    Answered(IsoTpSession),
    /// No ECU answered: try the next setting.
    Silent,
    /// The device refused the setting or the request (e.g. a device without
    /// 29-bit or 250 kbit/s support); kept in case no setting works.
    Refused(J2534Error),
}

/// Opens a session with `config` and asks `01 00`. A lost device is an
/// error at once; anything else decides whether to try the next setting.
fn attempt(dev: &Device, config: SessionConfig) -> Result<Attempt> {
    let mut session = match IsoTpSession::open(dev, config) {
        Ok(s) => s,
        Err(e) if e.is_device_lost() => return Err(e),
        // e.g. a device without 29-bit or 250 kbit/s support
        Err(e) => return Ok(Attempt::Refused(e)),
    };
    match session.request(&[0x01, 0x00]) {
        Ok(_) => Ok(Attempt::Answered(session)),
        Err(J2534Error::NoResponse { .. }) => Ok(Attempt::Silent),
        Err(e) if e.is_device_lost() => Err(e),
        Err(e) => Ok(Attempt::Refused(e)),
    }
}

/// The error when no setting found a car: the device's own refusal if only
/// one setting was tried, else [`J2534Error::NoVehicle`] listing them all.
fn no_vehicle(
    device: &DeviceInfo,
    tried: &[String],
    last_refusal: Option<J2534Error>,
) -> J2534Error {
    match last_refusal {
        Some(e) if tried.len() <= 1 => e,
        _ => J2534Error::NoVehicle {
            device: device.name.clone(),
            tried: tried.join(", "),
        },
    }
}

fn adapter_text(device: &DeviceInfo, version: Option<&Version>) -> String {
    let mut s = device.name.clone();
    if !device.vendor.is_empty() && !device.name.contains(&device.vendor) {
        s.push_str(&format!(" ({})", device.vendor));
    }
    if let Some(v) = version {
        let parts: Vec<String> = [
            ("firmware", &v.firmware),
            ("library", &v.dll),
            ("J2534", &v.api),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| format!("{label} {value}"))
        .collect();
        if !parts.is_empty() {
            s.push_str(&format!(", {}", parts.join(", ")));
        }
    }
    s
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02X}")).collect()
}

/// The session's replies as the OBD layer's responses: negative replies are
/// dropped when another ECU answered positively; all negative is
/// [`ObdError::NegativeResponse`] (as for the ELM327).
fn responses(replies: Vec<EcuReply>) -> std::result::Result<Vec<EcuResponse>, ObdError> {
    let all: Vec<EcuResponse> = replies
        .into_iter()
        .map(|(id, data)| EcuResponse {
            ecu: match u16::try_from(id) {
                Ok(short) if short <= 0x7FF => EcuAddress::Can11(short),
                _ => EcuAddress::Can29(id),
            },
            data,
        })
        .collect();
    let positive: Vec<EcuResponse> = all
        .iter()
        .filter(|r| r.data.first() != Some(&0x7F))
        .cloned()
        .collect();
    match (positive.is_empty(), all.first()) {
        (true, Some(r)) => Err(ObdError::NegativeResponse {
            ecu: r.ecu.to_string(),
            service: r.data.get(1).copied().unwrap_or(0),
            nrc: r.data.get(2).copied().unwrap_or(0),
        }),
        _ => Ok(positive),
    }
}

impl ObdLink for PassThruLink {
    async fn request(
        &mut self,
        data: &[u8],
        responders: Option<u8>,
    ) -> std::result::Result<Vec<EcuResponse>, ObdError> {
        let request = data.to_vec();
        let command = hex(data);
        let outcome = self
            .blocking(move |s| s.request_expecting(&request, responders.map(usize::from)))
            .await;
        match outcome {
            Ok(Ok(replies)) => responses(replies),
            Ok(Err(e)) => Err(self.to_obd(e, command)),
            Err(e) => Err(self.interrupted(command, e)),
        }
    }

    async fn battery_voltage(&mut self) -> std::result::Result<Option<f32>, ObdError> {
        let command = "READ_VBATT".to_owned();
        match self.blocking(|s| s.battery_voltage()).await {
            Ok(Ok(volts)) => Ok(Some(volts as f32)),
            Ok(Err(e))
                if matches!(
                    e.status(),
                    Some(status::ERR_NOT_SUPPORTED | status::ERR_INVALID_IOCTL_ID)
                ) =>
            {
                Ok(None) // the device cannot measure it
            }
            Ok(Err(e)) => Err(self.to_obd(e, command)),
            Err(e) => Err(self.interrupted(command, e)),
        }
    }

    fn info(&self) -> LinkInfo {
        self.info.clone()
    }
}

impl UdsLink for PassThruLink {
    fn max_request_len(&self) -> usize {
        4095 // ISO 15765-2: the device segments physical requests
    }

    fn max_parallel(&self) -> usize {
        MAX_MODULE_FILTERS
    }

    async fn physical(
        &mut self,
        batch: &[PhysicalRequest],
        wait: Wait,
    ) -> std::result::Result<Vec<Answer>, ObdError> {
        let requests: Vec<ModuleRequest> = batch
            .iter()
            .map(|r| ModuleRequest {
                request_id: r.module.request,
                response_id: r.module.response,
                data: r.data.clone(),
            })
            .collect();
        let command = batch.first().map(|r| hex(&r.data)).unwrap_or_default();
        let outcome = self
            .blocking(move |s| {
                let first = match wait {
                    Wait::Probe => PROBE_WAIT,
                    Wait::Full => s.config().first_reply,
                };
                s.request_modules(&requests, first)
            })
            .await;
        match outcome {
            Ok(Ok(replies)) => Ok(replies.into_iter().map(answer).collect()),
            Ok(Err(e)) => Err(self.to_obd(e, command)),
            Err(e) => Err(self.interrupted(command, e)),
        }
    }

    async fn end_physical(&mut self) -> std::result::Result<(), ObdError> {
        let command = "restoring the OBD filters".to_owned();
        match self.blocking(|s| s.restore_obd_filters()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(self.to_obd(e, command)),
            Err(e) => Err(self.interrupted(command, e)),
        }
    }
}

fn answer(reply: ModuleReply) -> Answer {
    match reply {
        ModuleReply::Final(data) => Answer::Reply(data),
        ModuleReply::Silent => Answer::Silent,
        ModuleReply::StillPending => Answer::StillPending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_map_to_iso_15765_4_bus_settings() {
        assert_eq!(bus_settings(Protocol(6)), Some((500_000, IdBits::Eleven)));
        assert_eq!(
            bus_settings(Protocol(9)),
            Some((250_000, IdBits::TwentyNine))
        );
        assert_eq!(bus_settings(Protocol(3)), None);
        for p in ISO15765_PROTOCOLS {
            let (baud, bits) = bus_settings(p).unwrap();
            let name = p.name();
            assert!(name.contains(&format!("{} kbaud", baud / 1000)), "{name}");
            let ids = if bits == IdBits::Eleven {
                "11 bit"
            } else {
                "29 bit"
            };
            assert!(name.contains(ids), "{name}");
        }
    }

    #[test]
    fn only_iso_15765_4_protocols_are_tried() {
        assert_eq!(protocols_to_try(None).unwrap(), ISO15765_PROTOCOLS.to_vec());
        assert_eq!(
            protocols_to_try(Some(Protocol(9))).unwrap(),
            vec![Protocol(9)]
        );
        let refused = protocols_to_try(Some(Protocol(3))).unwrap_err();
        assert!(
            refused.to_string().contains("protocols 6, 7, 8 or 9"),
            "{refused}"
        );
        assert_eq!(bus_text(500_000, IdBits::Eleven), "500 kbit/s 11-bit");
        assert_eq!(bus_text(250_000, IdBits::TwentyNine), "250 kbit/s 29-bit");
    }

    #[test]
    fn negative_replies_are_dropped_unless_all_refused() {
        let mixed = responses(vec![
            (0x7E8, vec![0x43, 0x00]),
            (0x7E9, vec![0x7F, 0x03, 0x11]),
        ])
        .unwrap();
        assert_eq!(mixed.len(), 1);
        assert_eq!(mixed[0].ecu, EcuAddress::Can11(0x7E8));
        let refused = responses(vec![(0x18DA_F110, vec![0x7F, 0x0A, 0x11])]).unwrap_err();
        assert!(refused.is_not_supported(), "{refused}");
        assert!(refused.to_string().contains("18DAF110"), "{refused}");
    }

    #[test]
    fn adapter_text_names_device_vendor_and_versions() {
        let device = DeviceInfo {
            name: "OpenPort 2.0".into(),
            vendor: "Tactrix".into(),
            library_path: "/usr/lib/j2534.so".into(),
            source: crate::Source::Explicit,
        };
        let version = Version {
            firmware: "1.17".into(),
            dll: "1.01".into(),
            api: "04.04".into(),
        };
        assert_eq!(
            adapter_text(&device, Some(&version)),
            "OpenPort 2.0 (Tactrix), firmware 1.17, library 1.01, J2534 04.04"
        );
        assert_eq!(adapter_text(&device, None), "OpenPort 2.0 (Tactrix)");
    }
}
