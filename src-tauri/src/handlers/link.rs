//! Ports, connect, scan and clear: the adapter side of the app.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use shopbench_j2534::{Discovery, LinkOptions, LinkStep, PassThruLink};
use shopbench_obd::{
    clear_dtcs, read_vin, scan_partial, ClearConfirmation, ConnectOptions, ConnectStep, DtcStatus,
    Elm327, ObdLink, PidValue, PortSpec, ScanReport,
};
use tokio::sync::Mutex;

use crate::error::DesktopError;

/// A car reached through either kind of adapter; the services run on both.
pub use shopbench_j2534::AdapterLink as AnyLink;

/// The Connect list's prefix for a J2534 device: `j2534:NAME` or `j2534:/path/lib.so`.
pub const J2534_PREFIX: &str = "j2534:";

/// The adapter link and the last scan, shared by the commands.
#[derive(Default)]
pub struct Session {
    pub(crate) link: Mutex<Option<AnyLink>>,
    last_scan: std::sync::Mutex<Option<ScanReport>>,
}

impl Session {
    /// The last scan of this session, if any.
    pub fn last_scan(&self) -> Option<ScanReport> {
        self.last_scan.lock().map(|g| g.clone()).unwrap_or(None)
    }
}

/// One serial port the OS reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortInfo {
    /// What to connect to (`/dev/ttyUSB0`).
    pub port: String,
    /// `usb`, `bluetooth`, `pci`, `unknown`.
    pub kind: String,
    /// USB identity, when known.
    pub detail: String,
}

/// Extra ports to offer besides the OS's serial ports, one per entry of
/// `$SHOPBENCH_EXTRA_PORTS` (comma-separated). `scripts/run` sets it to the
/// bundled emulator's pseudo-terminal, which serial-port enumeration never
/// lists (a pty is not a serial device); Wi-Fi adapters (`tcp://HOST:PORT`)
/// can be listed the same way.
pub const EXTRA_PORTS_VAR: &str = "SHOPBENCH_EXTRA_PORTS";

/// Parses the value of [`EXTRA_PORTS_VAR`] into port entries (kind `extra`):
/// `PORT` or `PORT=LABEL`, comma-separated (`/dev/pts/7=ELM327 emulator`).
pub fn extra_ports(value: &str) -> Vec<PortInfo> {
    value
        .split(',')
        .filter_map(|entry| {
            let (port, label) = entry.split_once('=').unwrap_or((entry, ""));
            let (port, label) = (port.trim(), label.trim());
            (!port.is_empty()).then(|| PortInfo {
                port: port.to_string(),
                kind: "extra".into(),
                detail: if label.is_empty() {
                    format!("from ${EXTRA_PORTS_VAR}")
                } else {
                    label.to_string()
                },
            })
        })
        .collect()
}

/// The ports named in `$SHOPBENCH_EXTRA_PORTS` first, then every serial port
/// the OS reports (other pseudo-terminals and Wi-Fi adapters are typed in).
pub fn list_ports() -> Result<Vec<PortInfo>, DesktopError> {
    let mut ports = std::env::var(EXTRA_PORTS_VAR)
        .map(|v| extra_ports(&v))
        .unwrap_or_default();
    ports.extend(serial_ports()?);
    ports.extend(j2534_ports(&Discovery::from_env()));
    Ok(ports)
}

/// The J2534 devices `discovery` finds (`~/.passthru/*.json`, the Windows
/// registry, `$SHOPBENCH_J2534_LIB`), as `j2534:NAME` entries; a library this
/// build cannot load says why in its detail.
pub fn j2534_ports(discovery: &Discovery) -> Vec<PortInfo> {
    discovery
        .scan()
        .devices
        .into_iter()
        .map(|d| {
            let problem = if d.library_path.is_file() {
                shopbench_j2534::check_architecture(&d.library_path)
                    .err()
                    .map(|e| format!("cannot be used: {e}"))
            } else {
                Some(format!("library {} not found", d.library_path.display()))
            };
            PortInfo {
                port: format!("{J2534_PREFIX}{}", d.name),
                kind: "j2534".into(),
                detail: problem
                    .unwrap_or_else(|| format!("{} (J2534 PassThru)", d.vendor).trim().to_string()),
            }
        })
        .collect()
}

fn serial_ports() -> Result<Vec<PortInfo>, DesktopError> {
    use serialport::SerialPortType;
    let ports = serialport::available_ports().map_err(|e| DesktopError::Ports(e.to_string()))?;
    Ok(ports
        .into_iter()
        .map(|p| {
            let (kind, detail) = match &p.port_type {
                SerialPortType::UsbPort(u) => (
                    "usb",
                    format!(
                        "{:04x}:{:04x} {} {}",
                        u.vid,
                        u.pid,
                        u.manufacturer.as_deref().unwrap_or(""),
                        u.product.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_string(),
                ),
                SerialPortType::BluetoothPort => ("bluetooth", String::new()),
                SerialPortType::PciPort => ("pci", String::new()),
                SerialPortType::Unknown => ("unknown", String::new()),
            };
            PortInfo {
                port: p.port_name,
                kind: kind.into(),
                detail,
            }
        })
        .collect())
}

/// One progress step, for the progress list on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// `opening`, `adapter`, `searching`, `connected`, `voltage`, `vin` (connect),
    /// or `scan` (each scan step).
    pub step: String,
    /// What is happening, in words.
    pub label: String,
}

impl Progress {
    fn new(step: &str, label: impl Into<String>) -> Progress {
        Progress {
            step: step.into(),
            label: label.into(),
        }
    }
}

/// Maps the adapter's connect steps onto the five steps the screen shows.
pub fn connect_progress(step: &ConnectStep) -> Progress {
    match step {
        ConnectStep::Opening(p) => Progress::new("opening", format!("Opening {p}")),
        ConnectStep::TryingBaud(b) => Progress::new("opening", format!("Trying {b} baud")),
        ConnectStep::Identified(id) => Progress::new("adapter", format!("Adapter: {id}")),
        ConnectStep::RememberedProtocol(p) => {
            Progress::new("searching", format!("Trying {p} (worked last time)"))
        }
        ConnectStep::ForcedProtocol(p) => Progress::new("searching", format!("Trying {p}")),
        ConnectStep::Searching => Progress::new(
            "searching",
            "Searching for the car's protocol (can take several seconds)",
        ),
        ConnectStep::TryingProtocol(p) => Progress::new("searching", format!("Trying {p}")),
        ConnectStep::Connected(p) => Progress::new("connected", format!("Connected: {p}")),
        ConnectStep::SpeedUp(rate, ok) => Progress::new(
            "connected",
            if *ok {
                format!("Serial speed raised to {rate} baud")
            } else {
                format!("Adapter refused {rate} baud; staying at the current speed")
            },
        ),
        ConnectStep::Voltage(v) => Progress::new("voltage", format!("Battery {v:.1} V")),
        other => Progress::new("connected", format!("{other:?}")),
    }
}

/// What the Connect screen shows once connected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connected {
    /// Adapter identity.
    pub adapter: String,
    /// Port.
    pub port: String,
    /// Protocol name.
    pub protocol: String,
    /// Battery voltage at the OBD socket.
    pub battery_voltage: Option<f32>,
    /// A warning when the battery is low enough to upset a diagnosis.
    pub battery_note: Option<String>,
    /// VIN, if the car reports it.
    pub vin: Option<String>,
}

/// Below this resting voltage, readings and tests are unreliable.
const LOW_BATTERY_V: f32 = 11.8;

fn battery_note(v: Option<f32>) -> Option<String> {
    v.filter(|v| *v < LOW_BATTERY_V)
        .map(|v| format!("Battery low ({v:.1} V): charge it before diagnosing"))
}

/// Connects to the adapter on `port`, reads the VIN, and keeps the link in `session`.
pub async fn connect(
    session: &Session,
    port: &str,
    memory: Option<PathBuf>,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Connected, DesktopError> {
    if let Some(query) = port.trim().strip_prefix(J2534_PREFIX) {
        return connect_j2534(session, query.trim(), progress).await;
    }
    let spec: PortSpec = port.parse()?;
    let mut link = session.link.lock().await;
    *link = None; // a new connection replaces the old one (and closes its port)
    let opts = ConnectOptions {
        memory,
        ..ConnectOptions::default()
    };
    let mut voltage = None;
    let elm = Elm327::connect(&spec, opts, |step| {
        if let ConnectStep::Voltage(v) = step {
            voltage = Some(v);
        }
        progress(connect_progress(&step));
    })
    .await?;
    finish(&mut link, AnyLink::Elm(Box::new(elm)), voltage, progress).await
}

/// Reads the VIN on a new link, keeps the link in the session's slot, and
/// says what the Connect screen shows.
async fn finish(
    slot: &mut Option<AnyLink>,
    mut new: AnyLink,
    voltage: Option<f32>,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Connected, DesktopError> {
    progress(Progress::new("vin", "Reading the VIN"));
    let vin = match read_vin(&mut new).await {
        Ok(vin) => vin,
        Err(e) if e.is_link_lost() => return Err(e.into()),
        Err(_) => None, // older cars lack 09 02; the scan says so
    };
    progress(Progress::new(
        "vin",
        vin.as_deref()
            .map(|v| format!("VIN {v}"))
            .unwrap_or_else(|| "The car does not report its VIN".into()),
    ));
    let info = new.info();
    *slot = Some(new);
    Ok(Connected {
        adapter: info.adapter,
        port: info.port,
        protocol: info
            .protocol
            .map(|p| p.name().to_string())
            .unwrap_or_else(|| "unknown".into()),
        battery_voltage: voltage,
        battery_note: battery_note(voltage),
        vin,
    })
}

/// Connects to a J2534 device (by name as listed, or the library's path) on
/// ISO 15765-4 and reads the VIN. The vendor's driver calls block; on the
/// app's multi-threaded runtime that holds one worker for the few seconds.
async fn connect_j2534(
    session: &Session,
    query: &str,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Connected, DesktopError> {
    let mut link = session.link.lock().await;
    *link = None;
    let mut voltage = None;
    let device = Discovery::from_env().resolve((!query.is_empty()).then_some(query))?;
    progress(Progress::new("opening", format!("Opening {}", device.name)));
    let pt = PassThruLink::connect(&device, LinkOptions::default(), |step| {
        let p = match &step {
            LinkStep::Loading(path) => {
                Progress::new("opening", format!("Loading {}", path.display()))
            }
            LinkStep::Opened(v) => Progress::new(
                "adapter",
                format!(
                    "Adapter: {} (firmware {}, J2534 {})",
                    device.name, v.firmware, v.api
                ),
            ),
            LinkStep::Trying(p) => Progress::new("searching", format!("Trying {}", p.name())),
            LinkStep::Connected(p) => {
                Progress::new("connected", format!("Connected: {}", p.name()))
            }
            LinkStep::Voltage(v) => {
                voltage = Some(*v);
                Progress::new("voltage", format!("Battery {v:.1} V"))
            }
            other => Progress::new("connected", format!("{other:?}")),
        };
        progress(p);
    })?;
    finish(&mut link, AnyLink::PassThru(pt), voltage, progress).await
}

/// Closes the link.
pub async fn disconnect(session: &Session) {
    *session.link.lock().await = None;
}

/// A scan, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanView {
    /// Adapter and port.
    pub adapter: String,
    /// Protocol name.
    pub protocol: String,
    /// Battery voltage, formatted.
    pub battery: Option<String>,
    /// Low-battery warning.
    pub battery_note: Option<String>,
    /// VIN, if reported.
    pub vin: Option<String>,
    /// VIN check-digit and character warnings.
    pub vin_warnings: Vec<String>,
    /// Check-engine lamp: `Some(true)` on.
    pub mil_on: Option<bool>,
    /// Confirmed emission codes counted by the car.
    pub dtc_count: Option<u32>,
    /// Codes per ECU.
    pub ecus: Vec<EcuView>,
    /// Freeze frame.
    pub freeze_frame: Option<FreezeView>,
    /// Supported readiness monitors.
    pub readiness: Vec<MonitorView>,
    /// Parts of the scan that could not be read.
    pub problems: Vec<String>,
    /// Set when the adapter went away mid-scan; what was read is still shown.
    pub lost_link: Option<String>,
}

/// One ECU and its codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcuView {
    /// "ECU 7E8 (engine, ECM-EngineControl)".
    pub title: String,
    /// Its codes.
    pub dtcs: Vec<DtcView>,
}

/// One code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DtcView {
    /// `P0301`.
    pub code: String,
    /// `stored`, `pending`, `permanent`.
    pub status: String,
    /// Its meaning.
    pub meaning: String,
}

/// The freeze frame as rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreezeView {
    /// "Stored by P0301 (ECU 7E8)".
    pub title: String,
    /// Label and value with unit.
    pub rows: Vec<(String, String)>,
}

/// One readiness monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitorView {
    /// Its description.
    pub name: String,
    /// Complete since the codes were last cleared.
    pub complete: bool,
}

/// `stored` / `pending` / `permanent`.
pub fn status_word(s: DtcStatus) -> &'static str {
    match s {
        DtcStatus::Stored => "stored",
        DtcStatus::Pending => "pending",
        DtcStatus::Permanent => "permanent",
    }
}

/// Turns a report into what the Scan screen shows.
pub fn scan_view(r: &ScanReport, lost_link: Option<String>) -> ScanView {
    let ecus = r
        .ecus
        .iter()
        .filter(|e| !e.dtcs.is_empty() || e.name.is_some())
        .map(|e| {
            let who: Vec<&str> = [e.role.as_deref(), e.name.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            EcuView {
                title: if who.is_empty() {
                    format!("ECU {}", e.ecu)
                } else {
                    format!("ECU {} ({})", e.ecu, who.join(", "))
                },
                dtcs: e
                    .dtcs
                    .iter()
                    .map(|d| DtcView {
                        code: d.code.to_string(),
                        status: status_word(d.status).into(),
                        meaning: d.meaning.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let freeze_frame = r.freeze_frame.as_ref().map(|ff| FreezeView {
        title: format!("Stored by {} (ECU {})", ff.dtc, ff.ecu),
        rows: ff
            .values
            .iter()
            .map(|v| {
                let label = shopbench_obd::PidSpec::by_pid(v.pid)
                    .map(|s| s.description.to_string())
                    .unwrap_or_else(|| v.name.clone());
                let value = match &v.value {
                    PidValue::Number(_) if !v.unit.is_empty() => format!("{} {}", v.value, v.unit),
                    other => other.to_string(),
                };
                (label, value)
            })
            .collect(),
    });
    ScanView {
        adapter: format!("{} on {}", r.adapter, r.port),
        protocol: r.protocol_name.clone().unwrap_or_else(|| "unknown".into()),
        battery: r.battery_voltage.map(|v| format!("{v:.1} V")),
        battery_note: battery_note(r.battery_voltage),
        vin: r.vin.clone(),
        vin_warnings: r.vin_warnings.clone(),
        mil_on: r.mil_on,
        dtc_count: r.dtc_count,
        ecus,
        freeze_frame,
        readiness: r
            .readiness
            .iter()
            .flat_map(|rd| rd.monitors.iter())
            .filter(|m| m.supported)
            .map(|m| MonitorView {
                name: m.description.clone(),
                complete: m.complete,
            })
            .collect(),
        problems: r.problems.clone(),
        lost_link,
    }
}

/// Runs a full scan on the connected car. If the adapter goes away mid-scan,
/// what was read is kept and shown with the reason, and the link is dropped.
pub async fn scan(
    session: &Session,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<ScanView, DesktopError> {
    let mut link = session.link.lock().await;
    let elm = link.as_mut().ok_or(DesktopError::NotConnected)?;
    let (report, lost) = scan_partial(elm, |step| {
        progress(Progress::new("scan", format!("Reading {step}")))
    })
    .await;
    if lost.is_some() {
        *link = None;
    }
    let view = scan_view(&report, lost.map(|e| e.to_string()));
    if let Ok(mut last) = session.last_scan.lock() {
        *last = Some(report);
    }
    Ok(view)
}

/// What a clear did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cleared {
    /// The codes that were erased, `P0301 (ECU 7E8)`.
    pub codes: Vec<String>,
    /// How many ECUs acknowledged.
    pub acknowledged: usize,
}

/// Clears the codes (service 04) — only with the user's explicit confirmation.
pub async fn clear(session: &Session, confirmed: bool) -> Result<Cleared, DesktopError> {
    if !confirmed {
        return Err(DesktopError::NotConfirmed);
    }
    let mut link = session.link.lock().await;
    let elm = link.as_mut().ok_or(DesktopError::NotConnected)?;
    let report = clear_dtcs(elm, ClearConfirmation::confirmed_by_user()).await?;
    Ok(Cleared {
        codes: report
            .cleared
            .iter()
            .flat_map(|e| {
                e.dtcs
                    .iter()
                    .map(move |d| format!("{} (ECU {})", d.code, e.ecu))
            })
            .collect(),
        acknowledged: report.acknowledged_by.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;
    use shopbench_e2e::Emulator;

    #[test]
    fn connect_steps_map_onto_the_five_screen_steps() {
        let p = connect_progress(&ConnectStep::Searching);
        assert_eq!(p.step, "searching");
        assert_eq!(
            connect_progress(&ConnectStep::Voltage(12.34)).label,
            "Battery 12.3 V"
        );
        assert_eq!(battery_note(Some(12.6)), None);
        assert!(battery_note(Some(11.2)).unwrap().contains("11.2 V"));
    }

    #[test]
    fn extra_ports_come_from_a_comma_separated_list() {
        let p = extra_ports(" /dev/pts/7=ELM327 emulator ,, tcp://127.0.0.1:35000");
        let names: Vec<&str> = p.iter().map(|p| p.port.as_str()).collect();
        assert_eq!(names, ["/dev/pts/7", "tcp://127.0.0.1:35000"]);
        assert!(p.iter().all(|p| p.kind == "extra"));
        assert_eq!(p[0].detail, "ELM327 emulator");
        assert!(p[1].detail.contains(EXTRA_PORTS_VAR));
        assert!(extra_ports("").is_empty());
    }

    /// The `shopbench-j2534-sim` test double (a cdylib), built beside this test.
    fn sim_library() -> std::path::PathBuf {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let status = std::process::Command::new(cargo)
            .args(["build", "-q", "-p", "shopbench-j2534-sim"])
            .current_dir(&root)
            .status()
            .expect("run cargo build");
        assert!(
            status.success(),
            "cargo build -p shopbench-j2534-sim failed"
        );
        let exe = std::env::current_exe().unwrap();
        let lib = exe
            .parent()
            .and_then(std::path::Path::parent)
            .unwrap()
            .join(format!(
                "{}shopbench_j2534_sim{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            ));
        assert!(lib.is_file(), "{} was not built", lib.display());
        lib
    }

    #[test]
    fn j2534_devices_are_listed_and_connected_over_passthru() {
        let lib = sim_library();
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join(".passthru");
        std::fs::create_dir(&dir).unwrap();
        let manifest = serde_json::json!({
            "NAME": "shopbench J2534 simulator",
            "VENDOR": "shopbench test double",
            "FUNCTION_LIB": lib,
        });
        std::fs::write(dir.join("sim.json"), manifest.to_string()).unwrap();
        std::fs::write(
            dir.join("gone.json"),
            r#"{"NAME": "Gone", "FUNCTION_LIB": "/nonexistent/libj2534.so"}"#,
        )
        .unwrap();
        let listed = j2534_ports(&Discovery {
            home: Some(home.path().to_path_buf()),
            env_lib: None,
        });
        let sim = listed
            .iter()
            .find(|p| p.port == "j2534:shopbench J2534 simulator")
            .unwrap_or_else(|| panic!("{listed:?}"));
        assert_eq!(sim.kind, "j2534");
        assert!(sim.detail.contains("shopbench test double"), "{sim:?}");
        let gone = listed.iter().find(|p| p.port == "j2534:Gone").unwrap();
        assert!(gone.detail.contains("not found"), "{gone:?}");

        let s = Session::default();
        let mut steps = Vec::new();
        let port = format!("{J2534_PREFIX}{}", lib.display());
        let (c, view) = block_on(async {
            let c = connect(&s, &port, None, |p| steps.push(p.step)).await;
            (c.unwrap(), scan(&s, |_| {}).await.unwrap())
        });
        for want in ["opening", "adapter", "connected", "vin"] {
            assert!(
                steps.iter().any(|s| s == want),
                "{want} missing from {steps:?}"
            );
        }
        assert_eq!(c.vin.as_deref(), Some("SB1ZS3JE60E282102"), "{c:?}");
        assert!(c.protocol.contains("15765"), "{c:?}");
        assert_eq!(view.vin.as_deref(), Some("SB1ZS3JE60E282102"));
        let e = block_on(connect(&s, "j2534:/nonexistent/libj2534.so", None, |_| {})).unwrap_err();
        assert_eq!(e.title(), "The J2534 device could not be used", "{e}");
    }

    #[test]
    fn scan_without_connecting_says_what_to_do() {
        let s = Session::default();
        let e = block_on(scan(&s, |_| {})).unwrap_err();
        assert!(e.to_string().contains("Connect screen"), "{e}");
        let e = block_on(clear(&s, false)).unwrap_err();
        assert!(matches!(e, DesktopError::NotConfirmed));
    }

    #[test]
    fn a_missing_port_is_a_readable_error() {
        let s = Session::default();
        let e = block_on(connect(&s, "/dev/does-not-exist-42", None, |_| {})).unwrap_err();
        assert_eq!(e.title(), "No adapter on this port");
        assert!(e.to_string().contains("plugged in"), "{e}");
    }

    #[test]
    fn ignition_off_says_so() {
        let emu = Emulator::pty("engineoff");
        let s = Session::default();
        let e = block_on(connect(&s, &emu.port().arg(), None, |_| {})).unwrap_err();
        assert_eq!(
            e.title(),
            "The car did not answer — is the ignition on?",
            "{e}"
        );
    }

    #[test]
    fn connect_and_scan_the_emulator() {
        let mut emu = Emulator::pty("car");
        emu.console("import elm.obd_message as m; m.DTC_STORED.extend(['0300', '0302'])");
        let s = Session::default();
        let mut steps = Vec::new();
        // One runtime for both: the serial port belongs to the runtime that opened it.
        let (c, view) = block_on(async {
            let c = connect(&s, &emu.port().arg(), None, |p| steps.push(p.step)).await;
            (c.unwrap(), scan(&s, |_| {}).await.unwrap())
        });
        for want in ["opening", "adapter", "connected", "vin"] {
            assert!(
                steps.iter().any(|s| s == want),
                "{want} missing from {steps:?}"
            );
        }
        assert!(c.vin.is_some(), "{c:?}");
        assert!(view.vin.is_some(), "{view:?}");
        let codes: Vec<&str> = view
            .ecus
            .iter()
            .flat_map(|e| &e.dtcs)
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["P0300", "P0302"], "{view:?}");
        assert!(s.last_scan().is_some());
    }
}
