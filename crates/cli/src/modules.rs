//! `shopbench scan --modules` and `shopbench modules clear`: every module on
//! the car's CAN bus over UDS (issue 16), through either kind of adapter.

use anyhow::{bail, Result};
use shopbench_app::modules::{
    clear_modules, modules_not_read, modules_with_codes, save_module_scan, scan_all_modules,
    ModulesCleared,
};
use shopbench_app::repair_scans::save_repair_scan;
use shopbench_estimate::ScanStage;
use shopbench_obd::modules::{ModuleAddress, ModuleCodes, ModuleScan};
use shopbench_obd::uds::did_label;
use shopbench_obd::{ClearConfirmation, ObdLink};
use shopbench_store::{CaseId, EstimateId};

use crate::obd::{connect, LinkArgs, Signals, EXIT_INCOMPLETE_SCAN};
use crate::output::{emit, emit_json, Exit};

/// What `scan --modules` does with the scan besides printing it.
pub struct Keep {
    /// Open a new case from it.
    pub new_case: bool,
    /// Keep it with this case.
    pub case: Option<CaseId>,
    /// Save it to this estimate as its pre- or post-repair scan.
    pub estimate: Option<(EstimateId, ScanStage)>,
}

/// `shopbench scan --modules`: connects, scans every module, prints the
/// report (or JSON), keeps it with a case when asked. Exit status 3 when a
/// module's codes could not be read, as for the OBD-II scan.
pub async fn scan(
    link_args: &LinkArgs,
    json: bool,
    keep: Keep,
    db: &crate::shop::DbArgs,
) -> Result<()> {
    let mut signals = Signals::install()?;
    let mut link = crate::obd::connect_or_stop(link_args, &mut signals).await?;
    let scan = tokio::select! {
        s = scan_all_modules(&mut link, |step| eprintln!("… {step}")) => s?,
        sig = signals.recv() => return Err(crate::obd::stopped(sig, "during the module scan; nothing was saved")),
    };
    let info = link.info();
    let adapter = format!("{} on {}", info.adapter, info.port);
    if json {
        emit_json(&scan)?;
    } else {
        emit(&format!("Adapter    {adapter}\n{}", render(&scan)))?;
    }
    if keep.new_case || keep.case.is_some() {
        let mut store = db.open()?;
        let saved = save_module_scan(&mut store, keep.case, &scan, &adapter)?;
        for w in &saved.warnings {
            eprintln!("warning: {w}");
        }
        let id = saved.stored.case_id;
        if saved.new_case {
            eprintln!(
                "… saved as case {id} (module scan {}, {} code{}) — add the complaint with `shopbench case edit {id} --complaint \"…\"`",
                saved.stored.id,
                saved.stored.scan.active_codes,
                if saved.stored.scan.active_codes == 1 { "" } else { "s" }
            );
        } else {
            eprintln!("… module scan {} kept with case {id}", saved.stored.id);
        }
    }
    if let Some((id, stage)) = keep.estimate {
        let mut store = db.open()?;
        let saved = save_repair_scan(&mut store, id, stage, &scan, &adapter)?;
        crate::estimate_scan::report_saved(&saved, id);
    }
    let not_read: Vec<String> = scan
        .modules
        .iter()
        .filter(|m| m.not_read().is_some())
        .map(|m| m.title())
        .collect();
    if !not_read.is_empty() {
        return Err(Exit {
            code: EXIT_INCOMPLETE_SCAN,
            message: format!(
                "the module scan is incomplete: the codes of {} could not be read (reasons above) — scan again before clearing or passing the car",
                not_read.join(", ")
            ),
        }
        .into());
    }
    Ok(())
}

/// The human-readable all-module report (after the adapter line).
pub fn render(scan: &ModuleScan) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let bits = match scan.protocol {
        Some(7 | 9) => "29-bit CAN",
        Some(_) => "11-bit CAN",
        None => "CAN",
    };
    let _ = writeln!(
        s,
        "Modules    {} answered ({} {bits} addresses asked), {} code{} present",
        scan.modules.len(),
        scan.probed,
        scan.active_count(),
        if scan.active_count() == 1 { "" } else { "s" }
    );
    for m in &scan.modules {
        let _ = writeln!(s, "\n{}  [{}, {}]", m.title(), m.area, m.address);
        let ident: Vec<String> = m
            .identification
            .iter()
            .filter(|i| i.did != 0xF197)
            .map(|i| format!("{} {}", i.label, i.value))
            .collect();
        if !ident.is_empty() {
            let _ = writeln!(s, "  {}", ident.join(" · "));
        }
        match &m.codes {
            ModuleCodes::Read if m.dtcs.is_empty() => {
                let _ = writeln!(s, "  no codes");
            }
            ModuleCodes::Read => {}
            ModuleCodes::Unsupported { reason } => {
                let _ = writeln!(s, "  keeps no codes this way ({reason})");
            }
            ModuleCodes::NotRead { reason } => {
                let _ = writeln!(s, "  codes NOT READ — {reason}");
            }
        }
        if m.extended_session {
            let _ = writeln!(s, "  (codes read in the extended diagnostic session)");
        }
        for d in &m.dtcs {
            let _ = writeln!(s, "  {}  {} — {}", d.dtc, d.meaning, d.failure);
            let _ = writeln!(s, "            {}", d.status.summary());
            if let Some(snap) = &d.snapshot {
                for r in &snap.records {
                    let values: Vec<String> = r
                        .values
                        .iter()
                        .map(|v| format!("{} {}", did_label(v.did), v.text()))
                        .collect();
                    let _ = writeln!(
                        s,
                        "            snapshot {}: {}",
                        r.record,
                        values.join(", ")
                    );
                }
            }
            if let Some(ext) = &d.extended {
                let hex: Vec<String> = ext.data.iter().map(|b| format!("{b:02X}")).collect();
                let _ = writeln!(s, "            extended data: {}", hex.join(" "));
            }
        }
        for p in &m.problems {
            let _ = writeln!(s, "  problem: {p}");
        }
    }
    for p in &scan.problems {
        let _ = writeln!(s, "\nproblem: {p}");
    }
    s
}

/// `shopbench modules …`.
#[derive(clap::Args, Debug)]
pub struct ModulesArgs {
    #[command(subcommand)]
    command: ModulesCommand,
}

#[derive(clap::Subcommand, Debug)]
enum ModulesCommand {
    /// Clear module codes (UDS 14 FF FF FF; needs --yes): the modules named with --module, or
    /// every module with codes found by a scan first. Says which modules refused and why.
    Clear(ClearArgs),
}

#[derive(clap::Args, Debug)]
struct ClearArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Confirm: erase the modules' codes, snapshots and extended data.
    #[arg(long)]
    yes: bool,
    /// Only this module: its request ID (7B0), or request/response (7B0/7B8, 18DA28F1/18DAF128).
    /// Repeat for several.
    #[arg(long = "module", value_name = "ADDRESS", value_parser = parse_address)]
    modules: Vec<ModuleAddress>,
    /// Print what was cleared as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_address(s: &str) -> Result<ModuleAddress, String> {
    s.parse()
}

/// Runs `shopbench modules …`.
pub async fn run(args: ModulesArgs) -> Result<()> {
    match args.command {
        ModulesCommand::Clear(args) => clear(args).await,
    }
}

/// Nothing to clear was found, but some modules' codes were not read: not
/// "no module has codes" (exit 3, as the scan's own NOT READ).
fn unread_modules(unread: &[ModuleAddress]) -> anyhow::Error {
    let mut list: Vec<String> = unread.iter().take(8).map(|a| a.to_string()).collect();
    if unread.len() > 8 {
        list.push(format!("and {} more", unread.len() - 8));
    }
    crate::output::Exit {
        code: 3,
        message: format!(
            "nothing was cleared: no module read has codes, but the codes of {} module(s) could not be read ({}) — scan again, or name one with --module to clear it anyway",
            unread.len(),
            list.join(", ")
        ),
    }
    .into()
}

async fn clear(args: ClearArgs) -> Result<()> {
    if !args.yes {
        bail!(
            "clearing erases the modules' fault codes, snapshots and extended data (an airbag or \
             ABS light may stay on until the fault is repaired and the module re-tests) — add \
             --yes to confirm"
        );
    }
    let mut signals = Signals::install()?;
    let mut link = tokio::select! {
        l = connect(&args.link) => l?,
        sig = signals.recv() => return Err(crate::obd::stopped(sig, "while connecting: nothing was cleared")),
    };
    let (targets, scan) = if args.modules.is_empty() {
        let scan = tokio::select! {
            s = scan_all_modules(&mut link, |step| eprintln!("… {step}")) => s?,
            sig = signals.recv() => return Err(crate::obd::stopped(sig, "while looking for modules: nothing was cleared")),
        };
        (modules_with_codes(&scan), Some(scan))
    } else {
        (args.modules.clone(), None)
    };
    if targets.is_empty() {
        if let Some(unread) = scan
            .as_ref()
            .map(modules_not_read)
            .filter(|u| !u.is_empty())
        {
            return Err(unread_modules(&unread));
        }
        if args.json {
            emit_json(&ModulesCleared {
                modules: Vec::new(),
            })?;
        } else {
            emit("No module has codes: nothing to clear.\n")?;
        }
        return Ok(());
    }
    eprintln!("… clearing {} module(s)", targets.len());
    // Not interruptible: once the requests are out, the modules answer what they did.
    let cleared = clear_modules(
        &mut link,
        &targets,
        scan.as_ref(),
        ClearConfirmation::confirmed_by_user(),
    )
    .await?;
    if args.json {
        emit_json(&cleared)?;
    } else {
        let mut s = String::new();
        for m in &cleared.modules {
            match &m.result.reason {
                None => s.push_str(&format!("cleared      {}\n", m.title)),
                Some(why) => s.push_str(&format!("NOT cleared  {} — {why}\n", m.title)),
            }
        }
        emit(&s)?;
    }
    let refused: Vec<&str> = cleared.refused().map(|m| m.title.as_str()).collect();
    if !refused.is_empty() {
        bail!(
            "{} did not clear (reasons above) — repair the fault or use the maker's procedure, then scan again",
            refused.join(", ")
        );
    }
    Ok(())
}
