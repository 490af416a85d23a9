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
    /// Repair-cost data behind estimates (states, labor-rates, damage-types, vehicles).
    #[command(flatten)]
    Estimate(crate::estimate_data::EstimateDataCommand),
}

#[derive(clap::Args)]
struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

// The variants are the subcommands `nhtsa-recalls`, `nhtsa-complaints` and
// `nhtsa-tsbs`: the shared prefix names the source, as users type it.
#[allow(clippy::enum_variant_names)]
#[derive(clap::Subcommand)]
enum ImportWhat {
    /// NHTSA recalls flat file (FLAT_RCL_PRE_2010.txt / FLAT_RCL_POST_2010.txt, unzipped).
    NhtsaRecalls(FileArgs),
    /// NHTSA owner complaints flat file (FLAT_CMPL.txt, unzipped).
    NhtsaComplaints(FileArgs),
    /// NHTSA manufacturers' technical service bulletins index (TSBS_RECEIVED_*.txt, or the
    /// older FLAT_TSBS.txt, unzipped): shown with diagnoses of the vehicles they cover.
    NhtsaTsbs(FileArgs),
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
        DataCommand::Import(ImportArgs { what }) => {
            let (kind, a) = match what {
                ImportWhat::NhtsaRecalls(a) => (ImportKind::Recalls, a),
                ImportWhat::NhtsaComplaints(a) => (ImportKind::Complaints, a),
                ImportWhat::NhtsaTsbs(a) => (ImportKind::Bulletins, a),
            };
            let db = crate::shop::recalls(a.data_db)?;
            let mut store = Store::open(&db)?;
            let report = store
                .import_file(kind, &a.file, now())
                .with_context(|| format!("importing {}", a.file.display()))?;
            print!("{}", summary(kind, &report, &db));
            Ok(())
        }
    }
}

/// The clock, read once at the edge.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn summary(kind: ImportKind, r: &ImportReport, db: &std::path::Path) -> String {
    let what = match kind {
        ImportKind::Recalls => "recall rows",
        ImportKind::Complaints => "complaint rows",
        ImportKind::Bulletins => "bulletin rows",
    };
    let mut out = format!("imported {} {what} into {}\n", r.imported, db.display());
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
