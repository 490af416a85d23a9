//! Connecting to the car through either kind of adapter, once for the CLI
//! (`--port` / `--j2534`) and the Connect screen (`/dev/ttyUSB0`, `j2534:NAME`).

use std::path::PathBuf;
use std::time::Duration;

use shopbench_j2534::{AdapterLink, Discovery, LinkOptions, LinkStep, PassThruLink};
use shopbench_obd::{ConnectOptions, ConnectStep, Elm327, PortSpec, Protocol};

use crate::AppError;

/// The Connect list's prefix for a J2534 device: `j2534:NAME` or `j2534:/path/lib.so`.
pub const J2534_PREFIX: &str = "j2534:";

/// Below this resting voltage, readings and tests are unreliable.
pub const LOW_BATTERY_V: f32 = 11.8;

/// Which adapter to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An ELM327 on a serial port, a Bluetooth serial port or `tcp://HOST:PORT`.
    Elm(String),
    /// A J2534 device by name (or part of it) or library path; empty = the only one installed.
    J2534(String),
}

impl Target {
    /// Reads a Connect-list entry: `j2534:NAME` is a PassThru device, anything else a port.
    pub fn from_entry(entry: &str) -> Target {
        match entry.trim().strip_prefix(J2534_PREFIX) {
            Some(q) => Target::J2534(q.trim().to_string()),
            None => Target::Elm(entry.trim().to_string()),
        }
    }
}

/// How to talk to an ELM327 (a J2534 device uses ISO 15765-4's own timing).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSettings {
    /// Serial baud rate; `None` = detect.
    pub baud: Option<u32>,
    /// Use only this protocol instead of searching.
    pub protocol: Option<Protocol>,
    /// Where the last working protocol per adapter is remembered (`None`: not used).
    pub memory: Option<PathBuf>,
    /// After connecting, raise the serial speed to this rate.
    pub fast_baud: Option<u32>,
    /// Time limit for one request.
    pub request_timeout: Duration,
}

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            baud: None,
            protocol: None,
            memory: None,
            fast_baud: None,
            request_timeout: Duration::from_secs(2),
        }
    }
}

/// A step of connecting, for a progress line.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkEvent {
    /// An ELM327 connect step.
    Elm(ConnectStep),
    /// The J2534 device found for the query.
    Device(String),
    /// A J2534 connect step.
    PassThru(LinkStep),
}

/// A connected adapter.
pub struct Connection {
    /// The link the OBD services run on.
    pub link: AdapterLink,
    /// The battery voltage read while connecting, when the adapter reports it.
    pub voltage: Option<f32>,
}

/// A warning when the battery is low enough to upset a diagnosis.
pub fn battery_note(v: Option<f32>) -> Option<String> {
    v.filter(|v| *v < LOW_BATTERY_V).map(|v| {
        format!("battery low ({v:.1} V): charge it before diagnosing — readings and tests are unreliable below {LOW_BATTERY_V} V")
    })
}

/// Connects to `target`, reporting each step to `progress`. A J2534
/// driver's calls block: on a multi-threaded runtime this holds one worker
/// for the few seconds it takes, on the CLI's single thread nothing else waits.
pub async fn connect(
    target: &Target,
    settings: &LinkSettings,
    mut progress: impl FnMut(LinkEvent) + Send,
) -> Result<Connection, AppError> {
    let mut voltage = None;
    let link = match target {
        Target::Elm(port) => {
            let spec: PortSpec = port.parse()?;
            let opts = ConnectOptions {
                baud: settings.baud,
                protocol: settings.protocol,
                memory: settings.memory.clone(),
                speed_up_to: settings.fast_baud,
                request_timeout: settings.request_timeout,
                ..ConnectOptions::default()
            };
            let elm = Elm327::connect(&spec, opts, |step| {
                if let ConnectStep::Voltage(v) = step {
                    voltage = Some(v);
                }
                progress(LinkEvent::Elm(step));
            })
            .await?;
            AdapterLink::Elm(Box::new(elm))
        }
        Target::J2534(query) => {
            let device = Discovery::from_env().resolve((!query.is_empty()).then_some(query))?;
            progress(LinkEvent::Device(device.name.clone()));
            let options = LinkOptions {
                protocol: settings.protocol,
                ..LinkOptions::default()
            };
            let pt = PassThruLink::connect(&device, options, |step| {
                if let LinkStep::Voltage(v) = step {
                    voltage = Some(v);
                }
                progress(LinkEvent::PassThru(step));
            })?;
            AdapterLink::PassThru(pt)
        }
    };
    Ok(Connection { link, voltage })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_list_entries_name_their_adapter_kind() {
        assert_eq!(
            Target::from_entry("/dev/ttyUSB0"),
            Target::Elm("/dev/ttyUSB0".into())
        );
        assert_eq!(
            Target::from_entry(" j2534: OpenPort "),
            Target::J2534("OpenPort".into())
        );
        assert_eq!(Target::from_entry("j2534:"), Target::J2534(String::new()));
        assert!(battery_note(Some(11.2)).unwrap().contains("11.2 V"));
        assert_eq!(battery_note(Some(12.6)), None);
    }
}
