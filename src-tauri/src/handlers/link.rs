//! Ports, connect, scan and clear: the adapter side of the app, over
//! `shopbench_app`'s adapter list and connect (shared with the CLI).

use std::path::PathBuf;

use shopbench_app::{
    battery_note, code_list_text, list_adapters, AdapterKind, LinkEvent, LinkSettings, Target,
};
use shopbench_j2534::{AdapterLink as AnyLink, Discovery, LinkStep};
use shopbench_obd::modules::ModuleScan;
use shopbench_obd::{
    clear_dtcs, read_vin, scan_partial, ClearConfirmation, CodeListRead, ConnectStep, EcuReport,
    FreezeFrame, ListOutcome, ObdLink, PidValue, ScanReport,
};
use shopbench_views::{
    Cleared, CodeListView, Connected, DtcView, EcuView, FreezeView, MonitorTestView, MonitorView,
    PortInfo, Progress, ScanView,
};
use tokio::sync::Mutex;

use crate::error::DesktopError;

pub use shopbench_app::{EXTRA_PORTS_VAR, J2534_PREFIX};

/// The adapter link and the last scan, shared by the commands.
#[derive(Default)]
pub struct Session {
    pub(crate) link: Mutex<Option<AnyLink>>,
    /// Live data's reader and the PIDs it was made for: kept between rounds
    /// so that what it learnt (the PIDs the car does not report) lasts; a new
    /// connection or another pick of PIDs starts a new one.
    pub(crate) live: std::sync::Mutex<Option<(Vec<String>, shopbench_obd::LiveReader)>>,
    last_scan: std::sync::Mutex<Option<ScanReport>>,
    /// The last all-module scan and the adapter it went through.
    pub(crate) last_module_scan: std::sync::Mutex<Option<(ModuleScan, String)>>,
}

impl Session {
    /// Drops live data's reader (the link it learnt about is gone).
    pub(crate) fn forget_live_reader(&self) {
        *self.live.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The last scan of this session, if any.
    pub fn last_scan(&self) -> Option<ScanReport> {
        self.last_scan.lock().map(|g| g.clone()).unwrap_or(None)
    }
}

fn shown(step: &str, label: impl Into<String>) -> Progress {
    Progress {
        step: step.into(),
        label: label.into(),
    }
}

/// The Connect list: the ports named in `$SHOPBENCH_EXTRA_PORTS` first, then
/// every serial port the OS reports, then the J2534 devices (`j2534:NAME`).
pub fn list_ports(discovery: &Discovery) -> Vec<PortInfo> {
    let extra = std::env::var(EXTRA_PORTS_VAR).ok();
    list_adapters(extra.as_deref(), discovery)
        .adapters
        .into_iter()
        .map(|a| match a.kind {
            AdapterKind::J2534 => PortInfo {
                port: format!("{J2534_PREFIX}{}", a.name.clone().unwrap_or_default()),
                kind: "j2534".into(),
                detail: match &a.problem {
                    Some(p) if p.contains("not found") => p.clone(),
                    Some(p) => format!("cannot be used: {p}"),
                    None => format!("{} (J2534 PassThru)", a.vendor.as_deref().unwrap_or(""))
                        .trim()
                        .to_string(),
                },
            },
            kind => PortInfo {
                kind: serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                port: a.port,
                detail: a.detail,
            },
        })
        .collect()
}

/// Maps the adapter's connect steps onto the five steps the screen shows.
pub fn connect_progress(step: &ConnectStep) -> Progress {
    match step {
        ConnectStep::Opening(p) => shown("opening", format!("Opening {p}")),
        ConnectStep::TryingBaud(b) => shown("opening", format!("Trying {b} baud")),
        ConnectStep::Identified(id) => shown("adapter", format!("Adapter: {id}")),
        ConnectStep::RememberedProtocol(p) => {
            shown("searching", format!("Trying {p} (worked last time)"))
        }
        ConnectStep::ForcedProtocol(p) => shown("searching", format!("Trying {p}")),
        ConnectStep::Searching => shown(
            "searching",
            "Searching for the car's protocol (can take several seconds)",
        ),
        ConnectStep::TryingProtocol(p) => shown("searching", format!("Trying {p}")),
        ConnectStep::Connected(p) => shown("connected", format!("Connected: {p}")),
        ConnectStep::SpeedUp(rate, ok) => shown(
            "connected",
            if *ok {
                format!("Serial speed raised to {rate} baud")
            } else {
                format!("Adapter refused {rate} baud; staying at the current speed")
            },
        ),
        ConnectStep::Voltage(v) => shown("voltage", format!("Battery {v:.1} V")),
        other => shown("connected", format!("{other:?}")),
    }
}

/// Connects to the adapter on `port` (`j2534:NAME` for a PassThru device),
/// reads the VIN, and keeps the link in `session`.
pub async fn connect(
    session: &Session,
    port: &str,
    memory: Option<PathBuf>,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Connected, DesktopError> {
    let mut link = session.link.lock().await;
    *link = None; // a new connection replaces the old one (and closes its port)
    session.forget_live_reader();
    let settings = LinkSettings {
        memory,
        ..LinkSettings::default()
    };
    let c = shopbench_app::connect(&Target::from_entry(port), &settings, |e| {
        progress(match e {
            LinkEvent::Elm(step) => connect_progress(&step),
            LinkEvent::Device(name) => shown("opening", format!("Opening {name}")),
            LinkEvent::PassThru(step) => passthru_progress(&step),
        })
    })
    .await?;
    finish(&mut link, c.link, c.voltage, progress).await
}

/// Maps a J2534 connect step onto the screen's steps.
fn passthru_progress(step: &LinkStep) -> Progress {
    match step {
        LinkStep::Loading(path) => shown("opening", format!("Loading {}", path.display())),
        LinkStep::Opened(v) => shown(
            "adapter",
            format!("Adapter: firmware {}, J2534 {}", v.firmware, v.api),
        ),
        LinkStep::Trying(p) => shown("searching", format!("Trying {}", p.name())),
        LinkStep::Connected(p) => shown("connected", format!("Connected: {}", p.name())),
        LinkStep::Voltage(v) => shown("voltage", format!("Battery {v:.1} V")),
        other => shown("connected", format!("{other:?}")),
    }
}

/// Reads the VIN on a new link, keeps the link in the session's slot, and
/// says what the Connect screen shows.
async fn finish(
    slot: &mut Option<AnyLink>,
    mut new: AnyLink,
    voltage: Option<f32>,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Connected, DesktopError> {
    progress(shown("vin", "Reading the VIN"));
    let vin = match read_vin(&mut new).await {
        Ok(vin) => vin,
        Err(e) if e.is_link_lost() => return Err(e.into()),
        Err(_) => None, // older cars lack 09 02; the scan says so
    };
    progress(shown(
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

/// Closes the link.
pub async fn disconnect(session: &Session) {
    *session.link.lock().await = None;
    session.forget_live_reader();
}

/// A service 06 result as the Scan screen shows it (worded once, with the PDF's).
fn monitor_test(t: &shopbench_obd::TestResult) -> MonitorTestView {
    let row = shopbench_app::monitor_test_row(t);
    MonitorTestView {
        monitor: row.monitor,
        test: row.test,
        value: row.value,
        limits: row.limits,
        passed: row.passed,
    }
}

/// Turns a report into what the Scan screen shows.
pub fn scan_view(r: &ScanReport, lost_link: Option<String>) -> ScanView {
    ScanView {
        adapter: format!("{} ({})", r.adapter, r.port),
        protocol: r.protocol_name.clone().unwrap_or_else(|| "unknown".into()),
        battery: r.battery_voltage.map(|v| format!("{v:.1} V")),
        battery_note: battery_note(r.battery_voltage),
        vin: r.vin.clone(),
        vin_warnings: r.vin_warnings.clone(),
        mil_on: r.mil_on,
        dtc_count: r.dtc_count,
        ecus: r
            .ecus
            .iter()
            .filter(|e| !e.dtcs.is_empty() || e.name.is_some())
            .map(ecu_view)
            .collect(),
        code_lists: r.code_lists.iter().map(|l| code_list_view(r, l)).collect(),
        codes_complete: r.codes_complete(),
        freeze_frame: r.freeze_frame.as_ref().map(freeze_view),
        monitor_tests: r.test_results.iter().map(monitor_test).collect(),
        since_cleared: r.since_cleared.as_ref().map(|s| s.statement()),
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
        notes: r.notes.clone(),
        problems: r.problems.clone(),
        lost_link,
    }
}

/// An ECU under its address, role and name, with its codes.
fn ecu_view(e: &EcuReport) -> EcuView {
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
                status: d.status.as_str().into(),
                meaning: d.meaning.clone(),
            })
            .collect(),
    }
}

/// A code list: whether it was read, not supported or not read, and what
/// it says.
fn code_list_view(r: &ScanReport, l: &CodeListRead) -> CodeListView {
    CodeListView {
        label: l.label(),
        state: match l.outcome {
            ListOutcome::Read { .. } => "read",
            ListOutcome::Unsupported { .. } => "unsupported",
            ListOutcome::NotRead { .. } => "not_read",
        }
        .into(),
        text: code_list_text(r, l),
    }
}

/// The freeze frame: which code stored it on which ECU, and each value with
/// its PID's description and unit.
fn freeze_view(ff: &FreezeFrame) -> FreezeView {
    FreezeView {
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
        progress(shown("scan", format!("Reading {step}")))
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

/// Clears the codes (service 04) — only with the user's explicit confirmation.
pub async fn clear(session: &Session, confirmed: bool) -> Result<Cleared, DesktopError> {
    if !confirmed {
        return Err(DesktopError::NotConfirmed);
    }
    let mut link = session.link.lock().await;
    let elm = link.as_mut().ok_or(DesktopError::NotConnected)?;
    let report = clear_dtcs(elm, ClearConfirmation::confirmed_by_user()).await?;
    let codes = |ecus: &[EcuReport]| -> Vec<String> {
        ecus.iter()
            .flat_map(|e| {
                e.dtcs
                    .iter()
                    .map(move |d| format!("{} (ECU {})", d.code, e.ecu))
            })
            .collect()
    };
    Ok(Cleared {
        codes: codes(&report.cleared),
        not_acknowledged: codes(&report.not_acknowledged),
        permanent: codes(&report.permanent),
        acknowledged: report.acknowledged_by.len(),
        not_read: report
            .lists
            .iter()
            .filter_map(|l| Some(format!("{} — {}", l.label(), l.not_read_reason()?)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;
    use shopbench_e2e::Emulator;

    #[test]
    fn monitor_tests_show_values_and_limits_in_their_unit() {
        let t = shopbench_obd::TestResult {
            mid: 0x01,
            monitor: "Oxygen sensor bank 1 sensor 1".into(),
            tid: 0x05,
            uas_id: 0x0A,
            unit: "mV".into(),
            value: 450.5,
            min: 300.0,
            max: 900.0,
            passed: true,
        };
        let v = monitor_test(&t);
        assert_eq!((v.test.as_str(), v.value.as_str()), ("TID 05", "450.5 mV"));
        assert_eq!(v.limits, "300.0 – 900.0 mV");
        let raw = monitor_test(&shopbench_obd::TestResult {
            unit: String::new(),
            passed: false,
            ..t
        });
        assert_eq!((raw.value.as_str(), raw.passed), ("450.5", false));
    }

    #[test]
    fn connect_steps_map_onto_the_five_screen_steps() {
        let p = connect_progress(&ConnectStep::Searching);
        assert_eq!(p.step, "searching");
        assert_eq!(
            connect_progress(&ConnectStep::Voltage(12.34)).label,
            "Battery 12.3 V"
        );
        let p = shopbench_obd::Protocol(6);
        for step in [
            ConnectStep::Opening("/dev/ttyUSB0".into()),
            ConnectStep::TryingBaud(38_400),
            ConnectStep::Identified("ELM327 v1.5".into()),
            ConnectStep::RememberedProtocol(p),
            ConnectStep::ForcedProtocol(p),
            ConnectStep::Searching,
            ConnectStep::TryingProtocol(p),
            ConnectStep::Connected(p),
            ConnectStep::SpeedUp(115_200, true),
            ConnectStep::SpeedUp(115_200, false),
            ConnectStep::Voltage(12.34),
        ] {
            let label = connect_progress(&step).label;
            assert!(
                shopbench_i18n::translates(&label),
                "no French for {label:?}"
            );
        }
        assert_eq!(
            shopbench_i18n::tr_text(shopbench_i18n::Lang::FrCa, "Battery 12.3 V"),
            "Batterie 12,3 V"
        );
        assert_eq!(battery_note(Some(12.6)), None);
        assert!(battery_note(Some(11.2)).unwrap().contains("11.2 V"));
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
        let listed = list_ports(&Discovery {
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
        let mut labels = Vec::new();
        let (c, view) = block_on(async {
            let c = connect(&s, &port, None, |p| {
                steps.push(p.step);
                labels.push(p.label);
            })
            .await;
            let view = scan(&s, |p| labels.push(p.label)).await.unwrap();
            (c.unwrap(), view)
        });
        // Issue 19 item 5: every progress line the screens showed has French.
        // (A scan step's name is checked on its own too: `Reading {}` fits
        // any text.)
        let english: Vec<_> = labels
            .iter()
            .filter(|l| !shopbench_i18n::has_french(l))
            .map(|l| l.strip_prefix("Reading ").unwrap_or(l))
            .filter(|l| !shopbench_i18n::translates(l))
            .collect();
        assert!(
            labels.len() > 8 && english.is_empty(),
            "{english:?} of {labels:?}"
        );
        for want in ["opening", "adapter", "connected", "vin"] {
            assert!(
                steps.iter().any(|s| s == want),
                "{want} missing from {steps:?}"
            );
        }
        assert_eq!(c.vin.as_deref(), Some("SB1ZS3JE60E282102"), "{c:?}");
        assert!(c.protocol.contains("15765"), "{c:?}");
        assert_eq!(view.vin.as_deref(), Some("SB1ZS3JE60E282102"));
        assert_scan_screen_in_french(&view);
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

    /// The desktop's clear said nothing of the permanent code (0A) the car
    /// still held, which a clear (04) does not erase.
    #[test]
    fn regression_the_desktop_clear_did_not_name_the_permanent_codes_that_stay() {
        let mut emu = Emulator::pty("car");
        emu.console(
            "emulator.answer['UNKNOWN_0A'] = '<header>7E8</header><size>04</size><data>4A 01 04 20</data>'",
        );
        let s = Session::default();
        // One runtime for both: the serial port belongs to the runtime that opened it.
        let c = block_on(async {
            connect(&s, &emu.port().arg(), None, |_| {}).await.unwrap();
            clear(&s, true).await.unwrap()
        });
        assert_eq!(c.permanent, ["P0420 (ECU 7E8)"], "{c:?}");
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

    /// Regression (issue 19 item 5): in French the Scan screen showed the
    /// on-board monitors' names (mode 06) and the freeze frame's text values
    /// (fuel system status…) in English. Every monitor id and every text any
    /// PID decodes to (each first byte, the second byte's flags) has French.
    #[test]
    fn regression_monitor_names_and_pid_texts_were_english_in_french() {
        let mut texts = std::collections::BTreeSet::new();
        texts.extend((0..=255u8).map(shopbench_obd::monitor_name));
        for spec in shopbench_obd::PidSpec::all() {
            for first in 0..=255u8 {
                for second in [0u8, 1, 2, 4, 8, 16] {
                    let mut data = vec![0u8; spec.bytes.max(2)];
                    data[0] = first;
                    data[1] = second;
                    if let Some(shopbench_obd::PidValue::Text(t)) = spec.decode(&data[..spec.bytes])
                    {
                        texts.insert(t);
                    }
                }
            }
        }
        texts.insert("unknown".into());
        assert!(texts.len() > 60, "{} texts", texts.len());
        crate::handlers::assert_french(texts);
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
        assert!(view.codes_complete, "{view:?}");
        assert_eq!(view.code_lists[0].text, "2 codes", "{view:?}");
        assert!(s.last_scan().is_some());
        assert_scan_screen_in_french(&view);
    }

    /// A freeze frame's readings are named by the PID table's descriptions: each has French.
    #[test]
    fn every_pid_description_has_its_french() {
        crate::handlers::assert_french(shopbench_obd::PidSpec::all().iter().map(|p| p.description));
    }

    /// Issue 19 item 5: what the Scan screen shows of a scan in the engines' words — each
    /// code list's name and state, a code's status, each module's title, the freeze
    /// frame's title and readings' names, the codes-cleared line, the readiness monitors,
    /// the battery note — has French with no English word left. (The codes' meanings are
    /// OBDex's English: it has no French.)
    fn assert_scan_screen_in_french(view: &ScanView) {
        let mut words: Vec<String> = Vec::new();
        for l in &view.code_lists {
            words.extend([l.label.clone(), l.text.clone()]);
        }
        for e in &view.ecus {
            words.push(e.title.clone());
            words.extend(e.dtcs.iter().map(|d| d.status.clone()));
        }
        if let Some(ff) = &view.freeze_frame {
            words.push(ff.title.clone());
            words.extend(ff.rows.iter().map(|(k, _)| k.clone()));
        }
        words.extend(view.since_cleared.clone());
        words.extend(view.readiness.iter().map(|m| m.name.clone()));
        words.extend(view.battery_note.clone());
        assert!(words.len() > 10, "{words:#?}");
        crate::handlers::assert_french(&words);
    }

    /// Issue #18 item 1: the Scan screen says a list was not read, never "none".
    #[test]
    fn can_error_on_get_dtc_is_not_read_not_none() {
        let mut emu = Emulator::pty("car");
        emu.console("emulator.answer['GET_DTC'] = '<string>CAN ERROR\\r</string>'");
        let s = Session::default();
        let view = block_on(async {
            connect(&s, &emu.port().arg(), None, |_| {}).await.unwrap();
            scan(&s, |_| {}).await.unwrap()
        });
        assert!(!view.codes_complete, "{view:?}");
        let stored = &view.code_lists[0];
        assert_eq!(stored.label, "stored codes (03)");
        assert_eq!(stored.state, "not_read");
        assert!(stored.text.starts_with("NOT READ — "), "{stored:?}");
        assert!(stored.text.contains("CAN ERROR"), "{stored:?}");
        assert_eq!(view.code_lists[1].text, "none");
    }
}
