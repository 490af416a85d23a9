//! `shopbench estimate scan`: an all-module scan saved to an estimate as its
//! pre- or post-repair scan (from a file; from the car it is
//! `shopbench scan --modules --estimate ID --save-scan pre|post`), and the
//! scans' part of `estimate show`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use shopbench_app::repair_scans::{
    read_scan_file, repair_scans, report_scans, save_repair_scan, SavedRepairScan,
};
use shopbench_estimate::ScanStage;
use shopbench_report::RepairScans;
use shopbench_store::StoredEstimate;

use crate::output::emit;

/// `estimate scan ID --stage pre|post --from FILE`.
#[derive(clap::Args)]
pub(crate) struct ScanArgs {
    /// Estimate number.
    id: String,
    /// Which scan it is: pre (before the repair) or post (after it).
    #[arg(long)]
    stage: ScanStage,
    /// The scan as `shopbench scan --modules --json` wrote it.
    #[arg(long = "from", value_name = "FILE")]
    from: PathBuf,
}

/// Saves the file's scan to the estimate and prints the estimate's scans.
pub(crate) fn run(args: ScanArgs, db: &crate::shop::DbArgs) -> Result<()> {
    let id = crate::estimate::parse_id(&args.id)?;
    let scan = read_scan_file(&args.from)?;
    let mut store = db.open()?;
    let saved = save_repair_scan(&mut store, id, args.stage, &scan, "scan file")?;
    report_saved(&saved, id);
    emit(&render_scans(&store.estimate(id)?))
}

/// Tells the estimator what was saved, and the warnings.
pub(crate) fn report_saved(saved: &SavedRepairScan, id: shopbench_store::EstimateId) {
    for w in &saved.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "… {}-repair scan {} saved to estimate {} ({} module{}, {} code{} present)",
        saved.stored.stage,
        saved.stored.id,
        id.reference(),
        saved.stored.scan.modules,
        if saved.stored.scan.modules == 1 {
            ""
        } else {
            "s"
        },
        saved.stored.scan.active_codes,
        if saved.stored.scan.active_codes == 1 {
            ""
        } else {
            "s"
        },
    );
}

/// The scans and their comparison as `estimate show` prints them (empty when none).
pub(crate) fn render_scans(s: &StoredEstimate) -> String {
    match repair_scans(s) {
        Ok(pair) => render_report_scans(&report_scans(&pair)),
        Err(e) => format!("\nScans\n  could not be read: {e}\n"),
    }
}

fn render_report_scans(r: &RepairScans) -> String {
    let mut o = String::new();
    if r.is_empty() {
        return o;
    }
    let _ = writeln!(o, "\nScans");
    for scan in &r.scans {
        let _ = writeln!(o, "  {}\n    {}", scan.title, scan.detail);
        for m in &scan.modules {
            let codes = match (&m.not_read, m.codes.is_empty()) {
                (Some(why), _) => format!("codes NOT READ — {why}"),
                (None, true) => "no codes".into(),
                (None, false) => m.codes.join("; "),
            };
            let _ = writeln!(o, "    {}: {codes}", m.module);
        }
    }
    let Some(rows) = &r.comparison else {
        let _ = writeln!(
            o,
            "  (the comparison shows once both the pre- and the post-repair scan are saved)"
        );
        return o;
    };
    let _ = writeln!(o, "  Before and after the repair");
    let list = |c: &[String]| {
        if c.is_empty() {
            "—".into()
        } else {
            c.join(", ")
        }
    };
    for c in rows {
        let _ = writeln!(
            o,
            "    {}: new {} · cleared {} · still present {}{}",
            c.module,
            list(&c.new),
            list(&c.cleared),
            list(&c.still_present),
            c.caveat
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default()
        );
    }
    if !r.clean.is_empty() {
        let _ = writeln!(o, "    no code in either scan: {}", r.clean.join(", "));
    }
    o
}
