//! `shopbench scan | live | clear`: talk to the car through an OBD-II adapter.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use shopbench_app::{LinkEvent, LinkSettings, Target};
use shopbench_j2534::LinkStep;
use shopbench_obd::{
    ClearConfirmation, ConnectStep, LiveReader, ObdLink, PidSpec, Protocol, ScanReport,
};

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
    /// Force a protocol number (ELM327 numbering: 1–9, A–C; J2534: 6–9, the ISO 15765-4 ones)
    /// instead of searching.
    #[arg(long, value_parser = parse_protocol)]
    protocol: Option<Protocol>,
    /// After connecting, raise the serial speed with ATBRD to this rate (adapters that support it).
    #[arg(long, conflicts_with = "j2534")]
    fast_baud: Option<u32>,
    /// Time limit for one request, in milliseconds (ELM327; J2534 devices use ISO 15765-4's timing).
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
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Print the report as JSON for machines.
    #[arg(long)]
    json: bool,
    /// Also save the scan as a new case (VIN, codes per ECU, freeze frame, readiness).
    #[arg(long)]
    save_case: bool,
    #[command(flatten)]
    db: crate::shop::DbArgs,
}

/// Runs a full scan and prints the report. When the adapter goes away
/// mid-scan, what was read before is still printed (marked partial), then the
/// error.
pub async fn scan(args: ScanArgs) -> Result<()> {
    let mut link = connect(&args.link).await?;
    let (mut report, lost) =
        shopbench_obd::scan_partial(&mut link, |step| eprintln!("… reading {step}")).await;
    if let Some(lost) = lost {
        let anything = report.vin.is_some() || report.mil_on.is_some() || !report.ecus.is_empty();
        if !anything {
            return Err(lost.into());
        }
        report.problems.push(format!("scan stopped: {lost}"));
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!(
                "PARTIAL REPORT — the adapter was lost mid-scan; this is what was read before.\n"
            );
            print!("{}", render_scan(&report));
        }
        return Err(anyhow!(lost).context(
            "the scan stopped before it finished (the partial report above shows what was read)",
        ));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_scan(&report));
    }
    if args.save_case {
        let mut store = args.db.open()?;
        let saved = shopbench_app::save_scan(&mut store, &report)?;
        for w in &saved.warnings {
            eprintln!("warning: {w}");
        }
        let id = saved.id;
        eprintln!(
            "… saved as case {id} ({} code{}) — add the complaint with `shopbench case edit {id} --complaint \"…\"`, then `shopbench diagnose {id}`",
            saved.codes,
            if saved.codes == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The human-readable scan report.
pub fn render_scan(r: &ScanReport) -> String {
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
            let _ = writeln!(s, "MIL        not reported");
        }
    }

    let _ = writeln!(s, "\nFault codes");
    let any = r.ecus.iter().any(|e| !e.dtcs.is_empty());
    if !any {
        let _ = writeln!(s, "  none stored, pending or permanent");
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
            let _ = writeln!(s, "    no codes");
        }
        for d in &ecu.dtcs {
            let _ = writeln!(s, "    {}  {:<9}  {}", d.code, d.status.as_str(), d.meaning);
        }
    }

    if let Some(ff) = &r.freeze_frame {
        let _ = writeln!(
            s,
            "\nFreeze frame {} from ECU {} (stored by {})",
            ff.frame, ff.ecu, ff.dtc
        );
        for v in &ff.values {
            let _ = writeln!(s, "  {:<28} {} {}", v.name, v.value, v.unit);
        }
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
            let verdict = if t.value >= t.min && t.value <= t.max {
                "pass"
            } else {
                "FAIL"
            };
            let _ = writeln!(
                s,
                "  {:<40} TID {:02X}  {} {} (limits {} – {})  {verdict}",
                t.monitor, t.tid, t.value, t.unit, t.min, t.max
            );
        }
    }

    if !r.problems.is_empty() {
        let _ = writeln!(s, "\nCould not read");
        for p in &r.problems {
            let _ = writeln!(s, "  {p}");
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
    /// Stop after this many rounds (default: until Ctrl-C).
    #[arg(long)]
    count: Option<u64>,
    /// Also record every value to this CSV file.
    #[arg(long)]
    csv: Option<PathBuf>,
}

fn lookup_pids(names: &[String]) -> Result<Vec<&'static PidSpec>> {
    names
        .iter()
        .map(|n| {
            PidSpec::by_name(n.trim()).with_context(|| {
                format!("unknown PID '{n}' — `shopbench pids` lists the names (e.g. rpm, speed, coolant_temp)")
            })
        })
        .collect()
}

/// Streams live values until Ctrl-C or `--count`.
pub async fn live(args: LiveArgs) -> Result<()> {
    let pids = lookup_pids(&args.pids)?;
    if !(args.hz >= 0.0 && args.hz <= 100.0) {
        bail!("--hz must be between 0 and 100 (0 = as fast as the car answers)");
    }
    let mut csv = match &args.csv {
        Some(path) => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            );
            writeln!(f, "elapsed_s,ecu,pid,name,value,unit")?;
            Some(f)
        }
        None => None,
    };
    let mut link = connect(&args.link).await?;
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    let mut reader = LiveReader::new(&pids, can);
    let period = (args.hz > 0.0).then(|| Duration::from_secs_f64(1.0 / args.hz));
    let start = Instant::now();
    let mut rounds = 0u64;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        if args.count.is_some_and(|n| rounds >= n) {
            break;
        }
        let tick = Instant::now();
        let readings = tokio::select! {
            r = reader.read(&mut link) => r?,
            _ = &mut ctrl_c => break,
        };
        rounds += 1;
        let t = start.elapsed().as_secs_f64();
        let line: Vec<String> = readings
            .iter()
            .map(|r| {
                format!("{}={} {}", r.name, r.value, r.unit)
                    .trim_end()
                    .to_string()
            })
            .collect();
        println!("{t:8.2}s  {}", line.join("  "));
        if let Some(f) = csv.as_mut() {
            for r in &readings {
                let value = r.value.to_string().replace('"', "\"\"");
                writeln!(
                    f,
                    "{t:.3},{},{:02X},{},\"{value}\",{}",
                    r.ecu, r.pid, r.name, r.unit
                )?;
            }
        }
        if let Some(p) = period {
            if let Some(rest) = p.checked_sub(tick.elapsed()) {
                tokio::select! {
                    _ = tokio::time::sleep(rest) => {}
                    _ = &mut ctrl_c => break,
                }
            }
        }
    }
    if let Some(mut f) = csv {
        f.flush()?;
        eprintln!(
            "… recorded {rounds} rounds to {}",
            args.csv
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
    Ok(())
}

/// `shopbench clear`.
#[derive(clap::Args, Debug)]
pub struct ClearArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Confirm: erase fault codes and freeze frames, reset readiness monitors.
    #[arg(long)]
    yes: bool,
    /// Print what was cleared as JSON.
    #[arg(long)]
    json: bool,
}

/// Clears fault codes after an explicit confirmation and says what was cleared.
pub async fn clear(args: ClearArgs) -> Result<()> {
    if !args.yes {
        bail!(
            "clearing erases fault codes and freeze frames and resets every readiness monitor \
             (the car may fail an emissions inspection until they complete again) — \
             add --yes to confirm"
        );
    }
    let mut link = connect(&args.link).await?;
    let report =
        shopbench_obd::clear_dtcs(&mut link, ClearConfirmation::confirmed_by_user()).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let codes: Vec<String> = report
        .cleared
        .iter()
        .flat_map(|e| {
            e.dtcs
                .iter()
                .map(move |d| format!("{} ({}, ECU {})", d.code, d.meaning, e.ecu))
        })
        .collect();
    if codes.is_empty() {
        println!("No codes were stored; the clear command was still sent.");
    } else {
        println!(
            "Cleared {} code{}:",
            codes.len(),
            if codes.len() == 1 { "" } else { "s" }
        );
        for c in codes {
            println!("  {c}");
        }
    }
    let acks: Vec<String> = report
        .acknowledged_by
        .iter()
        .map(|e| e.to_string())
        .collect();
    println!(
        "Acknowledged by: {}",
        if acks.is_empty() {
            "no ECU (re-scan to check)".to_string()
        } else {
            acks.join(", ")
        }
    );
    Ok(())
}

/// `shopbench pids`: the PID table.
pub fn list_pids() {
    for p in PidSpec::all().iter().filter(|p| !p.is_support_bitmap()) {
        println!(
            "{:<32} 01 {:02X}  {:<8} {}",
            p.name, p.pid, p.unit, p.description
        );
    }
}
