//! `shopbench scan | live | clear`: talk to the car through an OBD-II adapter.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use shopbench_app::{LinkEvent, LinkSettings, Target};
use shopbench_j2534::LinkStep;
use shopbench_obd::{
    ClearConfirmation, ClearStep, CodeListRead, ConnectStep, DtcStatus, EcuReport, LiveReader,
    LiveRound, ObdError, ObdLink, PidSpec, Protocol, ScanReport,
};

use crate::output::Exit;

/// How to reach the adapter; shared by every command that talks to a car.
#[derive(clap::Args, Debug)]
pub struct LinkArgs {
    /// ELM327 adapter: serial device (/dev/ttyUSB0, /dev/rfcomm0, COM3) or tcp://HOST:PORT for
    /// Wi-Fi adapters [env: SHOPBENCH_PORT, used when neither --port nor --j2534 is given].
    #[arg(long, conflicts_with = "j2534")]
    port: Option<String>,
    /// J2534 PassThru device: its name (or part of it) as `shopbench adapters` lists it, or the
    /// path of its library; no value = the only device installed (or $SHOPBENCH_J2534_LIB).
    #[arg(long, value_name = "NAME|PATH", num_args = 0..=1, default_missing_value = "")]
    j2534: Option<String>,
    /// Serial baud rate; detected when omitted (38400, 9600, 115200, 230400, 500000).
    #[arg(long, conflicts_with = "j2534")]
    baud: Option<u32>,
    /// Use only this protocol number (ELM327 numbering: 1–9, A–C; J2534: 6–9, the ISO 15765-4
    /// ones): no search, and no other protocol is tried if the car does not answer on it.
    #[arg(long, value_parser = parse_protocol)]
    protocol: Option<Protocol>,
    /// After connecting, raise the serial speed with ATBRD to this rate (adapters that support it).
    #[arg(long, conflicts_with = "j2534")]
    fast_baud: Option<u32>,
    /// Time limit for one request, in milliseconds (ELM327; J2534 devices use ISO 15765-4's timing).
    /// The adapter set-up commands get at least as long. A slow (Bluetooth, Wi-Fi) adapter needs no
    /// setting: every limit grows by the reply latency seen, up to 2 s more.
    #[arg(long, default_value_t = 2000)]
    timeout_ms: u64,
    /// Do not use or update the remembered protocol for this adapter.
    #[arg(long)]
    no_memory: bool,
}

fn parse_protocol(s: &str) -> Result<Protocol, String> {
    let c = s.trim().trim_start_matches('A');
    u8::from_str_radix(c, 16)
        .ok()
        .filter(|n| (1..=0xC).contains(n))
        .map(Protocol)
        .ok_or_else(|| format!("'{s}' is not an ELM327 protocol number: use 1–9 or A–C"))
}

fn step_text(step: &ConnectStep) -> String {
    match step {
        ConnectStep::Opening(p) => format!("opening {p}"),
        ConnectStep::TryingBaud(b) => format!("trying {b} baud"),
        ConnectStep::Identified(id) => format!("adapter: {id}"),
        ConnectStep::RememberedProtocol(p) => format!("trying protocol {p} (remembered)"),
        ConnectStep::ForcedProtocol(p) => format!("using protocol {p} (--protocol)"),
        ConnectStep::Searching => {
            "searching for the car's protocol (can take several seconds)".into()
        }
        ConnectStep::TryingProtocol(p) => format!("trying protocol {p}"),
        ConnectStep::Connected(p) => format!("connected: {p}"),
        ConnectStep::SpeedUp(rate, true) => format!("serial speed raised to {rate} baud"),
        ConnectStep::SpeedUp(rate, false) => {
            format!("adapter refused {rate} baud; staying at the current speed")
        }
        ConnectStep::Voltage(v) => format!("battery {v:.1} V"),
        other => format!("{other:?}"),
    }
}

fn j2534_step_text(step: &LinkStep) -> String {
    match step {
        LinkStep::Loading(path) => format!("loading the PassThru library {}", path.display()),
        LinkStep::Opened(v) => format!(
            "device open: firmware {}, library {}, J2534 {}",
            v.firmware, v.dll, v.api
        ),
        LinkStep::Trying(p) => format!("trying {}", p.name()),
        LinkStep::Connected(p) => format!("connected: {}", p.name()),
        LinkStep::Voltage(v) => format!("battery {v:.1} V"),
        other => format!("{other:?}"),
    }
}

/// A car reached through either kind of adapter; the services run on both.
pub use shopbench_j2534::AdapterLink as Link;

/// Connects to the adapter `args` names (`shopbench_app::connect`), printing progress on stderr.
pub async fn connect(args: &LinkArgs) -> Result<Link> {
    let target = match &args.j2534 {
        Some(query) => Target::J2534(query.trim().to_owned()),
        None => {
            // Read here rather than by clap so that it never conflicts with --j2534.
            let from_env = || {
                std::env::var("SHOPBENCH_PORT")
                    .ok()
                    .filter(|p| !p.trim().is_empty())
            };
            let Some(port) = args.port.clone().or_else(from_env) else {
                bail!(
                    "say which adapter to use: --port PORT for an ELM327 (serial, Bluetooth or \
                     tcp://HOST:PORT), or --j2534 [NAME|PATH] for a J2534 PassThru device \
                     (`shopbench adapters` lists both)"
                );
            };
            Target::Elm(port)
        }
    };
    let settings = LinkSettings {
        baud: args.baud,
        protocol: args.protocol,
        memory: if args.no_memory {
            None
        } else {
            crate::shop::paths().ok().map(|p| p.protocols_file())
        },
        fast_baud: args.fast_baud,
        request_timeout: Duration::from_millis(args.timeout_ms),
    };
    let connection = shopbench_app::connect(&target, &settings, |event| match event {
        LinkEvent::Elm(step) => eprintln!("… {}", step_text(&step)),
        LinkEvent::Device(name) => eprintln!("… J2534 device: {name}"),
        LinkEvent::PassThru(step) => eprintln!("… {}", j2534_step_text(&step)),
    })
    .await?;
    Ok(connection.link)
}

/// `shopbench scan`.
///
/// Exit status: 0 when the report is complete; 3 when it was printed (and
/// saved, with --save-case) but a code list could not be read — the car may
/// have codes the report does not show; 1 on an error (including an adapter
/// lost mid-scan: the partial report is printed first).
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Print the report as JSON for machines (`code_lists` says, per list, `read`, `unsupported`
    /// or `not_read` with the reason).
    #[arg(long)]
    json: bool,
    /// Also save the scan as a new case (VIN, codes per ECU, freeze frame, readiness; with
    /// --modules: the modules' VIN and present codes, and the whole module scan).
    #[arg(long)]
    save_case: bool,
    /// Read every module on the CAN bus (engine, ABS, airbag, body, radar, …) over UDS instead of
    /// the OBD-II emission services: identification, 3-byte codes with their status, snapshots.
    #[arg(long, visible_alias = "all-modules")]
    modules: bool,
    /// With --modules: save the scan to estimate --estimate as its pre- or post-repair scan
    /// (pre|post): billed on the estimate, compared and printed on its PDF.
    #[arg(
        long,
        value_name = "STAGE",
        requires_all = ["modules", "estimate"],
        conflicts_with_all = ["save_case", "case"]
    )]
    save_scan: Option<shopbench_estimate::ScanStage>,
    /// The estimate --save-scan saves to (7 or EST-0007).
    #[arg(long, value_name = "ID", requires = "save_scan")]
    estimate: Option<String>,
    /// With --modules: keep the module scan with this existing case.
    #[arg(
        long,
        value_name = "ID",
        requires = "modules",
        conflicts_with = "save_case"
    )]
    case: Option<shopbench_store::CaseId>,
    #[command(flatten)]
    db: crate::shop::DbArgs,
}

/// The exit status of a scan that was printed but could not read every code list.
pub const EXIT_INCOMPLETE_SCAN: u8 = 3;

/// Runs a full scan and prints the report. When the adapter goes away
/// mid-scan, what was read before is still printed (marked partial), then the
/// error. When a code list could not be read, the report says so and the
/// exit status is [`EXIT_INCOMPLETE_SCAN`].
pub async fn scan(args: ScanArgs) -> Result<()> {
    if args.modules {
        return scan_modules(&args).await;
    }
    let mut signals = Signals::install()?;
    let mut link = connect_or_stop(&args.link, &mut signals).await?;
    let (report, lost) = tokio::select! {
        r = shopbench_obd::scan_partial(&mut link, |step| eprintln!("… reading {step}")) => r,
        sig = signals.recv() => return Err(stopped(sig, "during the scan; nothing was saved")),
    };
    if let Some(lost) = lost {
        return partial_scan(report, lost, args.json);
    }
    print_scan(&report, args.json)?;
    if args.save_case {
        save_scan_as_case(&args.db, &report)?;
    }
    scan_complete(&report)
}

/// `scan --modules`: every module over UDS, kept with a new case, an
/// existing case or an estimate as the flags say (`crate::modules`).
async fn scan_modules(args: &ScanArgs) -> Result<()> {
    let estimate = match (&args.estimate, args.save_scan) {
        (Some(id), Some(stage)) => Some((crate::estimate::parse_id(id)?, stage)),
        _ => None,
    };
    let keep = crate::modules::Keep {
        new_case: args.save_case,
        case: args.case,
        estimate,
    };
    crate::modules::scan(&args.link, args.json, keep, &args.db).await
}

/// Connects to the adapter unless a signal comes first (then nothing was read).
pub(crate) async fn connect_or_stop(args: &LinkArgs, signals: &mut Signals) -> Result<Link> {
    tokio::select! {
        l = connect(args) => l,
        sig = signals.recv() => Err(stopped(sig, "while connecting")),
    }
}

/// Prints the scan report as JSON or text.
fn print_scan(report: &ScanReport, json: bool) -> Result<()> {
    if json {
        crate::output::emit_json(report)?;
    } else {
        crate::output::emit(&render_scan(report))?;
    }
    Ok(())
}

/// The adapter was lost mid-scan: prints what was read before (marked
/// partial, nothing saved) and returns the error; only the error when
/// nothing was read at all.
fn partial_scan(mut report: ScanReport, lost: ObdError, json: bool) -> Result<()> {
    let anything = report.vin.is_some() || report.mil_on.is_some() || !report.ecus.is_empty();
    if !anything {
        return Err(lost.into());
    }
    report.problems.push(format!("scan stopped: {lost}"));
    if !json {
        crate::output::say!(
            "PARTIAL REPORT — the adapter was lost mid-scan; this is what was read before.\n"
        )?;
    }
    print_scan(&report, json)?;
    Err(anyhow!(lost).context(
        "the scan stopped before it finished (the partial report above shows what was read)",
    ))
}

/// `scan --save-case`: saves the report as a new case and says on stderr
/// what was saved (and which code lists were not read) and what to do next.
fn save_scan_as_case(db: &crate::shop::DbArgs, report: &ScanReport) -> Result<()> {
    let mut store = db.open()?;
    let saved = shopbench_app::save_scan(&mut store, report)?;
    for w in &saved.warnings {
        eprintln!("warning: {w}");
    }
    let id = saved.id;
    let codes = format!(
        "{} code{}",
        saved.codes,
        if saved.codes == 1 { "" } else { "s" }
    );
    let codes = if saved.codes_not_read.is_empty() {
        codes
    } else {
        format!(
            "{codes} read; NOT READ: {}",
            saved.codes_not_read.join("; ")
        )
    };
    eprintln!(
        "… saved as case {id} ({codes}) — add the complaint with `shopbench case edit {id} --complaint \"…\"`, then `shopbench diagnose {id}`"
    );
    Ok(())
}

/// Ok when every code list was read; else the [`EXIT_INCOMPLETE_SCAN`] exit naming the lists.
fn scan_complete(report: &ScanReport) -> Result<()> {
    let not_read = report.codes_not_read();
    if not_read.is_empty() {
        return Ok(());
    }
    let lists: Vec<String> = not_read.iter().map(|l| l.label()).collect();
    Err(Exit {
        code: EXIT_INCOMPLETE_SCAN,
        message: format!(
            "the scan is incomplete: {} could not be read (reasons above) — the car may have codes this report does not show; scan again before clearing or passing it",
            lists.join(" and ")
        ),
    }
    .into())
}

/// The human-readable scan report.
pub fn render_scan(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = render_identity(r);
    s.push_str(&render_codes(r));
    s.push_str(&render_freeze_frames(r));
    s.push_str(&render_monitors(r));
    s.push_str(&render_vehicle_info(r));
    if !r.problems.is_empty() {
        let _ = writeln!(s, "\nCould not read");
        for p in &r.problems {
            let _ = writeln!(s, "  {p}");
        }
    }
    s
}

/// Adapter, protocol, battery, VIN and the check-engine lamp.
fn render_identity(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "Adapter    {} on {}", r.adapter, r.port);
    match (&r.protocol_name, r.protocol) {
        (Some(name), Some(n)) => {
            let _ = writeln!(s, "Protocol   {name} ({})", Protocol(n).code());
        }
        _ => {
            let _ = writeln!(s, "Protocol   unknown");
        }
    }
    if let Some(v) = r.battery_voltage {
        let note = shopbench_app::battery_note(Some(v))
            .map(|n| format!("  — {n}"))
            .unwrap_or_default();
        let _ = writeln!(s, "Battery    {v:.1} V{note}");
    }
    let _ = writeln!(
        s,
        "VIN        {}",
        r.vin.as_deref().unwrap_or("not reported")
    );
    for w in &r.vin_warnings {
        let _ = writeln!(s, "           warning: {w}");
    }
    match (r.mil_on, r.dtc_count) {
        (Some(on), Some(n)) => {
            let _ = writeln!(
                s,
                "MIL        {} — {n} confirmed emission code{}",
                if on { "ON" } else { "off" },
                if n == 1 { "" } else { "s" }
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "MIL        NOT KNOWN — the monitor status (01 01) was not read: MIL and readiness unknown"
            );
        }
    }
    for n in &r.notes {
        let _ = writeln!(s, "           note: {n}");
    }
    s
}

/// The fault codes per ECU, and which code lists were not read.
fn render_codes(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "\nFault codes");
    let any = r.ecus.iter().any(|e| !e.dtcs.is_empty());
    let all_read = r.code_lists.len() == DtcStatus::ALL.len()
        && r.code_lists.iter().all(CodeListRead::is_read);
    if !any && all_read {
        let _ = writeln!(s, "  none stored, pending or permanent");
    } else if r.code_lists.is_empty() {
        let _ = writeln!(
            s,
            "  NOT KNOWN — this report does not say whether the code lists were read"
        );
    } else if !all_read {
        for list in &r.code_lists {
            let _ = writeln!(
                s,
                "  {:<22} {}",
                format!("{}:", list.label()),
                shopbench_app::code_list_text(r, list)
            );
        }
    }
    for ecu in &r.ecus {
        if ecu.dtcs.is_empty() && ecu.name.is_none() {
            continue;
        }
        let who = [ecu.role.as_deref(), ecu.name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            s,
            "  ECU {}{}",
            ecu.ecu,
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({who})")
            }
        );
        if ecu.dtcs.is_empty() {
            let answered_all = r.codes_complete()
                && r.code_lists
                    .iter()
                    .filter(|l| l.is_read())
                    .all(|l| l.read_by(ecu.ecu));
            let _ = writeln!(
                s,
                "    {}",
                if answered_all {
                    "no codes"
                } else {
                    "no codes in the lists it answered"
                }
            );
        }
        for d in &ecu.dtcs {
            let _ = writeln!(s, "    {}  {:<9}  {}", d.code, d.status.as_str(), d.meaning);
        }
    }
    s
}

/// Every stored freeze frame.
fn render_freeze_frames(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    // Every frame; a report from before `freeze_frames` existed has only `freeze_frame`.
    let frames: Vec<&shopbench_obd::FreezeFrame> = if r.freeze_frames.is_empty() {
        r.freeze_frame.iter().collect()
    } else {
        r.freeze_frames.iter().collect()
    };
    for ff in frames {
        let _ = writeln!(
            s,
            "\nFreeze frame {} from ECU {} (stored by {})",
            ff.frame, ff.ecu, ff.dtc
        );
        for v in &ff.values {
            let _ = writeln!(s, "  {:<28} {} {}", v.name, v.value, v.unit);
        }
    }
    s
}

/// Since the codes were cleared, readiness and the mode 06 tests.
fn render_monitors(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if let Some(since) = &r.since_cleared {
        let _ = writeln!(s, "\n{}", since.statement());
    }
    if let Some(rd) = &r.readiness {
        let _ = writeln!(s, "\nReadiness monitors ({:?} ignition)", rd.ignition);
        for m in rd.monitors.iter().filter(|m| m.supported) {
            let _ = writeln!(
                s,
                "  {:<30} {}",
                m.description,
                if m.complete {
                    "complete"
                } else {
                    "NOT complete"
                }
            );
        }
    }

    if !r.test_results.is_empty() {
        let _ = writeln!(s, "\nOn-board test results (06)");
        for t in &r.test_results {
            let _ = writeln!(
                s,
                "  {:<40} TID {:02X}  {} (limits {} – {})  {}",
                t.monitor,
                t.tid,
                t.with_unit(t.value),
                t.shown(t.min),
                t.shown(t.max),
                if t.passed { "pass" } else { "FAIL" }
            );
        }
    }
    s
}

/// The scan's service 09 part: each ECU's software (calibration IDs with their
/// verification numbers) and the in-use performance ratios.
fn render_vehicle_info(r: &ScanReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if !r.calibrations.is_empty() {
        let _ = writeln!(s, "\nCalibrations (09 04, 09 06)");
        for c in &r.calibrations {
            let _ = writeln!(s, "  {}", shopbench_app::calibration_line(c));
        }
    }
    for p in &r.in_use_performance {
        let _ = writeln!(
            s,
            "\nIn-use performance, ECU {} ({:?} ignition): {} ignition cycles, monitoring conditions met {} times",
            p.ecu, p.ignition, p.ignition_cycles, p.obd_conditions
        );
        for m in &p.monitors {
            let ratio = m
                .ratio()
                .map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
            let _ = writeln!(
                s,
                "  {:<34} {:>5} / {:<5} {ratio}",
                m.monitor, m.completed, m.conditions
            );
        }
    }
    s
}

/// `shopbench live`.
#[derive(clap::Args, Debug)]
pub struct LiveArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// PIDs by name, comma-separated (see `shopbench pids`).
    #[arg(long, value_delimiter = ',', default_value = "rpm,speed,coolant_temp")]
    pids: Vec<String>,
    /// Readings per second (0 = as fast as the car answers).
    #[arg(long, default_value_t = 2.0)]
    hz: f64,
    /// Stop after this many rounds (default: until Ctrl-C, SIGTERM or SIGHUP).
    #[arg(long)]
    count: Option<u64>,
    /// Also record every value to this CSV file (each row is on disk as soon as it is read).
    #[arg(long)]
    csv: Option<PathBuf>,
}

/// The PIDs `--pids` names, each once in the order first named (`rpm,rpm`
/// asked the car twice a round and printed two rpm values).
fn lookup_pids(names: &[String]) -> Result<Vec<&'static PidSpec>> {
    let mut pids: Vec<&'static PidSpec> = Vec::new();
    for n in names {
        let pid = PidSpec::by_name(n.trim()).with_context(|| {
            format!("unknown PID '{n}' — `shopbench pids` lists the names (e.g. rpm, speed, coolant_temp)")
        })?;
        if !pids.iter().any(|p| p.name == pid.name) {
            pids.push(pid);
        }
    }
    Ok(pids)
}

/// The signals that end a command cleanly: Ctrl-C (SIGINT), SIGTERM and
/// SIGHUP (a closed terminal or ssh session). Installed before anything
/// else, so none of them kills the process while it holds unsaved rows.
pub struct Signals {
    #[cfg(unix)]
    streams: Vec<(tokio::signal::unix::Signal, &'static str)>,
}

impl Signals {
    /// Starts catching the signals (needs the tokio runtime).
    pub fn install() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let streams = [
                (SignalKind::interrupt(), "Ctrl-C"),
                (SignalKind::terminate(), "SIGTERM"),
                (SignalKind::hangup(), "SIGHUP"),
            ]
            .into_iter()
            .map(|(kind, name)| Ok((signal(kind)?, name)))
            .collect::<std::io::Result<_>>()
            .context("cannot catch Ctrl-C, SIGTERM and SIGHUP")?;
            Ok(Signals { streams })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Waits for the first of them; returns its name.
    pub async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            let waits = self.streams.iter_mut().map(|(s, name)| {
                Box::pin(async move {
                    s.recv().await;
                    *name
                })
            });
            futures_select_all(waits).await
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

/// The exit status of a command stopped by each signal that has its own: Ctrl-C
/// is 130 (128 + SIGINT, as shells report an interrupted command); SIGTERM and
/// SIGHUP keep the command's usual status.
const SIGNAL_EXITS: [(&str, u8); 1] = [("Ctrl-C", 130)];

/// The exit status for a command that `signal` stopped, when it has its own.
fn signal_exit(signal: &str) -> Option<u8> {
    SIGNAL_EXITS
        .iter()
        .find(|(name, _)| *name == signal)
        .map(|&(_, code)| code)
}

/// The error that ends a command `signal` stopped: "stopped by Ctrl-C
/// {what}", with the signal's own exit status ([`SIGNAL_EXITS`]) when it has one.
pub(crate) fn stopped(signal: &str, what: &str) -> anyhow::Error {
    let message = format!("stopped by {signal} {what}");
    match signal_exit(signal) {
        Some(code) => Exit { code, message }.into(),
        None => anyhow!(message),
    }
}

/// The first of several futures to finish (a three-way `select!` written once).
#[cfg(unix)]
async fn futures_select_all<F: std::future::Future<Output = &'static str> + Unpin>(
    futures: impl Iterator<Item = F>,
) -> &'static str {
    let mut futures: Vec<F> = futures.collect();
    std::future::poll_fn(|cx| {
        for f in futures.iter_mut() {
            if let std::task::Poll::Ready(name) = std::pin::Pin::new(f).poll(cx) {
                return std::task::Poll::Ready(name);
            }
        }
        std::task::Poll::Pending
    })
    .await
}

/// The CSV recording: a header, then one row per value, each flushed to disk
/// as it is written, so a recording stopped any way keeps every row read.
struct Recording {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

impl Recording {
    fn create(path: &std::path::Path) -> Result<Recording> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut rec = Recording {
            file: std::io::BufWriter::new(file),
            path: path.to_path_buf(),
        };
        rec.row("elapsed_s,ecu,pid,name,value,unit")?;
        Ok(rec)
    }

    fn row(&mut self, line: &str) -> Result<()> {
        writeln!(self.file, "{line}")
            .and_then(|_| self.file.flush())
            .with_context(|| format!("cannot write to {}", self.path.display()))
    }
}

/// Reconnect tries after the adapter went away or stalled, and the pause between them.
const RECONNECT_TRIES: u32 = 5;
const RECONNECT_PAUSE: Duration = Duration::from_secs(2);
/// Rounds in a row that only time out before the link counts as stalled.
const STALLED_ROUNDS: u32 = 2;

/// Connects again after the adapter went away or stalled (the old link is
/// closed first, so a serial port can be opened again). `Err` with the
/// signal's name when a signal came first.
async fn reconnect(
    args: &LinkArgs,
    old: Link,
    signals: &mut Signals,
) -> Result<Result<Link, &'static str>> {
    drop(old);
    let mut last = None;
    for attempt in 1..=RECONNECT_TRIES {
        eprintln!("… reconnecting (try {attempt} of {RECONNECT_TRIES})");
        tokio::select! {
            r = connect(args) => match r {
                Ok(link) => return Ok(Ok(link)),
                Err(e) => last = Some(e),
            },
            sig = signals.recv() => return Ok(Err(sig)),
        }
        tokio::select! {
            _ = tokio::time::sleep(RECONNECT_PAUSE) => {}
            sig = signals.recv() => return Ok(Err(sig)),
        }
    }
    Err(last
        .unwrap_or_else(|| anyhow!("no try was made"))
        .context(format!(
            "the adapter did not come back after {RECONNECT_TRIES} tries"
        )))
}

/// Streams live values until Ctrl-C, SIGTERM, SIGHUP or `--count`. A failed
/// request is reported and the next round tried; a link that stalls or goes
/// away is connected again. Every CSV row is on disk as soon as it is read.
pub async fn live(args: LiveArgs) -> Result<()> {
    let pids = lookup_pids(&args.pids)?;
    if !(args.hz >= 0.0 && args.hz <= 100.0) {
        bail!("--hz must be between 0 and 100 (0 = as fast as the car answers)");
    }
    let mut signals = Signals::install()?;
    let csv = args.csv.as_deref().map(Recording::create).transpose()?;
    let link = connect_or_stop(&args.link, &mut signals).await?;
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    let mut stream = LiveStream {
        link_args: &args.link,
        count: args.count,
        period: (args.hz > 0.0).then(|| Duration::from_secs_f64(1.0 / args.hz)),
        start: Instant::now(),
        signals,
        csv,
        rounds: 0,
        stopped_by: None,
        told_not_reported: Default::default(),
    };
    let outcome = stream.run(LiveReader::new(&pids, can), link).await;
    stream.summary(&outcome);
    match stream.stopped_by.and_then(signal_exit) {
        // the summary said why it stopped: only the status is left to give
        Some(code) if outcome.is_ok() => Err(Exit {
            code,
            message: String::new(),
        }
        .into()),
        _ => outcome,
    }
}

/// A `live` session: what it was asked for, and how far it got.
struct LiveStream<'a> {
    /// How to reach the adapter again after it went away.
    link_args: &'a LinkArgs,
    /// `--count`: stop after this many rounds.
    count: Option<u64>,
    /// The time a round should take (`--hz`); `None` = as fast as the car answers.
    period: Option<Duration>,
    /// When streaming started (the elapsed time printed and recorded).
    start: Instant,
    signals: Signals,
    csv: Option<Recording>,
    /// Rounds read so far.
    rounds: u64,
    /// The signal (or the closed output pipe) that ended the session.
    stopped_by: Option<&'static str>,
    /// The PIDs already said to be not reported by the car (each is said once).
    told_not_reported: std::collections::BTreeSet<u8>,
}

impl LiveStream<'_> {
    /// Reads rounds until `--count`, a signal, or an error (a failed CSV
    /// write, an adapter that does not come back). The link is connected
    /// again when a round loses it or only times out [`STALLED_ROUNDS`] times in a row.
    async fn run(&mut self, mut reader: LiveReader, mut link: Link) -> Result<()> {
        let mut stalled = 0;
        loop {
            if self.count.is_some_and(|n| self.rounds >= n) {
                break;
            }
            let tick = Instant::now();
            let round = tokio::select! {
                r = reader.read_round(&mut link) => r,
                sig = self.signals.recv() => { self.stopped_by = Some(sig); break; }
            };
            let round = match round {
                Ok(round) => round,
                // nothing left to ask: every PID was dropped (LiveReader::check_any_left)
                Err(e) if !e.is_link_lost() => return Err(e.into()),
                Err(lost) => {
                    eprintln!("warning: {lost}");
                    let Some(fresh) = self.reconnect(link).await? else {
                        break;
                    };
                    link = fresh;
                    continue;
                }
            };
            self.rounds += 1;
            self.show(&round)?;
            if crate::output::reader_gone() {
                // `shopbench live | head`: nobody reads on; stop as if asked to.
                self.stopped_by = Some("the closed output pipe");
                break;
            }
            stalled = if only_timeouts(&round) {
                stalled + 1
            } else {
                0
            };
            if stalled >= STALLED_ROUNDS {
                eprintln!("warning: the adapter stopped answering for {stalled} rounds");
                stalled = 0;
                let Some(fresh) = self.reconnect(link).await? else {
                    break;
                };
                link = fresh;
                continue;
            }
            if let Some(sig) = self.pause(tick).await {
                self.stopped_by = Some(sig);
                break;
            }
        }
        Ok(())
    }

    /// Connects again; `None` (and the session counts as stopped by the
    /// signal) when a signal came first.
    async fn reconnect(&mut self, old: Link) -> Result<Option<Link>> {
        match reconnect(self.link_args, old, &mut self.signals).await? {
            Ok(fresh) => Ok(Some(fresh)),
            Err(sig) => {
                self.stopped_by = Some(sig);
                Ok(None)
            }
        }
    }

    /// Prints a round's values on stdout and its failed requests on stderr,
    /// and records the values in the CSV file.
    fn show(&mut self, round: &LiveRound) -> Result<()> {
        let t = self.start.elapsed().as_secs_f64();
        let line: Vec<String> = round
            .readings
            .iter()
            .map(|r| {
                format!("{}={} {}", r.name, r.value, r.unit)
                    .trim_end()
                    .to_string()
            })
            .collect();
        crate::output::say!(
            "{t:8.2}s  {}",
            if line.is_empty() {
                "(no values this round)".to_string()
            } else {
                line.join("  ")
            }
        )?;
        for e in &round.errors {
            eprintln!("warning: {t:.2}s: {e} — trying again next round");
        }
        let told = &mut self.told_not_reported;
        let new: Vec<u8> = round
            .not_reported
            .iter()
            .copied()
            .filter(|p| told.insert(*p))
            .collect();
        if !new.is_empty() {
            eprintln!("{}", not_reported_note(&new));
        }
        if !round.dropped.is_empty() {
            eprintln!("{}", dropped_note(&round.dropped));
        }
        if let Some(rec) = self.csv.as_mut() {
            for r in &round.readings {
                let value = r.value.to_string().replace('"', "\"\"");
                rec.row(&format!(
                    "{t:.3},{},{:02X},{},\"{value}\",{}",
                    r.ecu, r.pid, r.name, r.unit
                ))?;
            }
        }
        Ok(())
    }

    /// Waits out the rest of the round's period (`--hz`); the signal's name
    /// when one came meanwhile.
    async fn pause(&mut self, tick: Instant) -> Option<&'static str> {
        let rest = self.period?.checked_sub(tick.elapsed())?;
        tokio::select! {
            _ = tokio::time::sleep(rest) => None,
            sig = self.signals.recv() => Some(sig),
        }
    }

    /// The closing line on stderr: how many rounds, why it stopped, where the CSV is.
    fn summary(&self, outcome: &Result<()>) {
        let rounds = match self.rounds {
            1 => "1 round".to_string(),
            n => format!("{n} rounds"),
        };
        let recorded = self
            .csv
            .as_ref()
            .map(|rec| format!("; rows are in {}", rec.path.display()))
            .unwrap_or_default();
        match (outcome, self.stopped_by) {
            (Ok(()), Some(sig)) => eprintln!("… stopped by {sig} after {rounds}{recorded}"),
            (Ok(()), None) => eprintln!("… {rounds}{recorded}"),
            (Err(_), _) => eprintln!("… {rounds} before the error{recorded}"),
        }
    }
}

/// Says which requested PIDs the car does not report (said once per PID, on stderr).
fn not_reported_note(pids: &[u8]) -> String {
    format!(
        "note: the car does not report {}: no ECU gave a value (not supported by this car, or NO DATA)",
        shopbench_obd::pid_names(pids)
    )
}

/// Says which PIDs are no longer asked (once, when they are dropped).
fn dropped_note(pids: &[u8]) -> String {
    format!(
        "note: no longer asking for {}: no value in {} rounds in a row (the other PIDs are read faster; its CSV rows stop)",
        shopbench_obd::pid_names(pids),
        shopbench_obd::LIVE_ROUNDS_BEFORE_DROP
    )
}

/// A round that read nothing and whose every request timed out: a sign the adapter stalled.
fn only_timeouts(round: &LiveRound) -> bool {
    round.readings.is_empty()
        && !round.errors.is_empty()
        && round.errors.iter().all(|e| e.is_timeout())
}

/// `shopbench clear`.
#[derive(clap::Args, Debug)]
pub struct ClearArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Confirm: erase fault codes and freeze frames, reset readiness monitors.
    #[arg(long)]
    yes: bool,
    /// With --yes: clear even when the stored or pending codes cannot be read
    /// first (some ECUs answer NO DATA whatever they hold); what is erased is then not known.
    #[arg(long)]
    even_unread: bool,
    /// Print what was cleared as JSON.
    #[arg(long)]
    json: bool,
}

/// Clears fault codes after an explicit confirmation and says what was
/// cleared. When it fails or is interrupted, it says whether the clear
/// request had gone out (codes may have been erased) or not (nothing was).
pub async fn clear(args: ClearArgs) -> Result<()> {
    if !args.yes {
        bail!(
            "clearing erases fault codes and freeze frames and resets every readiness monitor \
             (the car may fail an emissions inspection until they complete again) — \
             add --yes to confirm"
        );
    }
    let mut signals = Signals::install()?;
    let mut link = tokio::select! {
        l = connect(&args.link) => l?,
        sig = signals.recv() => return Err(stopped(sig, "while connecting: nothing was cleared")),
    };
    let sent = std::cell::Cell::new(false);
    let confirmation = if args.even_unread {
        ClearConfirmation::confirmed_even_unread()
    } else {
        ClearConfirmation::confirmed_by_user()
    };
    let cleared = shopbench_obd::clear_dtcs_with_progress(&mut link, confirmation, |step| {
        sent.set(step == ClearStep::SendingClear)
    });
    let report = tokio::select! {
        r = cleared => r.map_err(|e| match e {
            ObdError::UnreadBeforeClear { .. } => anyhow!("{e} (add --even-unread to clear anyway)"),
            e => anyhow!(e),
        })?,
        sig = signals.recv() => {
            if sent.get() {
                return Err(stopped(sig, "after the clear request (04) was sent: the codes may or may not have been erased — scan again to see what is stored"))
            }
            return Err(stopped(sig, "before the clear request (04) was sent: nothing was cleared"))
        }
    };
    if args.json {
        crate::output::emit_json(&report)?;
    } else {
        crate::output::emit(&cleared_text(&report))?;
    }
    not_acknowledged(&report)
}

/// Exit status 3 when an ECU that had codes did not acknowledge the clear:
/// its codes may still be stored.
fn not_acknowledged(report: &shopbench_obd::ClearReport) -> Result<()> {
    if report.not_acknowledged.is_empty() {
        return Ok(());
    }
    let ecus: Vec<String> = report
        .not_acknowledged
        .iter()
        .map(|e| e.ecu.to_string())
        .collect();
    Err(crate::output::Exit {
        code: 3,
        message: format!(
            "ECU {} did not acknowledge the clear: its codes may still be stored — scan again to see",
            ecus.join(", ")
        ),
    }
    .into())
}

/// What `shopbench clear` prints: the codes cleared (ECU by ECU), the code
/// lists that could not be read first (what they held is not known), the
/// permanent codes read before the clear (which it does not erase), and
/// which ECUs acknowledged the clear.
fn cleared_text(report: &shopbench_obd::ClearReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let listed = |ecus: &[EcuReport]| -> Vec<String> {
        ecus.iter()
            .flat_map(|e| {
                e.dtcs
                    .iter()
                    .map(move |d| format!("{} ({}, ECU {})", d.code, d.meaning, e.ecu))
            })
            .collect()
    };
    let codes = listed(&report.cleared);
    let kept = listed(&report.not_acknowledged);
    let not_read: Vec<&CodeListRead> = report
        .lists
        .iter()
        .filter(|l| l.not_read_reason().is_some())
        .collect();
    if codes.is_empty() && kept.is_empty() && not_read.is_empty() {
        out.push_str("No codes were stored; the clear command was still sent.\n");
    } else if !codes.is_empty() {
        let s = if codes.len() == 1 { "" } else { "s" };
        let _ = writeln!(out, "Cleared {} code{s}:", codes.len());
        for c in codes {
            let _ = writeln!(out, "  {c}");
        }
    }
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "NOT cleared — their ECU did not acknowledge the clear (refused it, e.g. with the engine running, or did not answer):"
        );
        for c in kept {
            let _ = writeln!(out, "  {c}");
        }
    }
    for l in not_read {
        let _ = writeln!(
            out,
            "The {} could not be read before the clear ({}): what was erased from them is not known.",
            l.label(),
            l.not_read_reason().unwrap_or_default()
        );
    }
    let permanent = listed(&report.permanent);
    if !permanent.is_empty() {
        let _ = writeln!(
            out,
            "Permanent codes stay after a clear (04): {} — each goes only once its monitor runs again and passes (drive the car until it does).",
            permanent.join(", ")
        );
    }
    let acks: Vec<String> = report
        .acknowledged_by
        .iter()
        .map(|e| e.to_string())
        .collect();
    let acks = if acks.is_empty() {
        "no ECU (re-scan to check)".to_string()
    } else {
        acks.join(", ")
    };
    let _ = writeln!(out, "Acknowledged by: {acks}");
    out
}

/// `shopbench pids`: the PID table.
pub fn list_pids() -> Result<()> {
    for p in PidSpec::all().iter().filter(|p| !p.is_support_bitmap()) {
        crate::output::say!(
            "{:<32} 01 {:02X}  {:<8} {}",
            p.name,
            p.pid,
            p.unit,
            p.description
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `live --pids rpm,rpm` asked for rpm twice a round and printed two values.
    #[test]
    fn regression_a_pid_named_twice_was_read_twice() {
        let names: Vec<String> = ["rpm", "speed", " rpm"].map(String::from).to_vec();
        let pids: Vec<&str> = lookup_pids(&names)
            .unwrap()
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(pids, ["rpm", "speed"]);
        assert!(lookup_pids(&["warp_drive".to_string()]).is_err());
    }
}
