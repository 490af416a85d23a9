//! `shopbench fixes export|import`: the shop's confirmed fixes as a file
//! another shop imports (make, model, year, codes and cause — no customer).

use std::path::PathBuf;

use anyhow::{Context, Result};
use shopbench_app::fixes::{export_fixes, import_fixes};

use crate::output::emit_json;
use crate::shop::DbArgs;

/// Arguments of `shopbench fixes`.
#[derive(clap::Args)]
pub struct FixesArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: FixesCommand,
}

#[derive(clap::Subcommand)]
enum FixesCommand {
    /// Write the shop's confirmed fixes (closed cases) to FILE for another shop.
    Export {
        /// The JSON file to write.
        file: PathBuf,
        /// The name the other shop will cite them by.
        #[arg(long)]
        shop_name: String,
    },
    /// Add another shop's confirmed fixes from FILE (importing twice adds nothing).
    Import {
        /// A file written by `shopbench fixes export`.
        file: PathBuf,
        /// Print what was done as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `shopbench fixes`.
pub fn run(args: FixesArgs) -> Result<()> {
    match args.command {
        FixesCommand::Export { file, shop_name } => {
            let store = args.db.open()?;
            let shared = export_fixes(&store, &shop_name)?;
            let text = serde_json::to_string_pretty(&shared)?;
            std::fs::write(&file, text + "\n")
                .with_context(|| format!("cannot write {}", file.display()))?;
            crate::output::say!(
                "Wrote {} confirmed fix(es) of {} to {} (no customer data)",
                shared.fixes.len(),
                shared.shop,
                file.display()
            )?;
            Ok(())
        }
        FixesCommand::Import { file, json } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let mut store = args.db.open()?;
            let done = import_fixes(&mut store, &text)
                .with_context(|| format!("{}: nothing was imported", file.display()))?;
            if json {
                return emit_json(&done);
            }
            crate::output::say!(
                "Imported {} new fix(es) from {} ({} imported before, replaced by this file's version)",
                done.added, done.shop, done.updated
            )?;
            for s in &done.skipped {
                crate::output::say!("  skipped {s}")?;
            }
            Ok(())
        }
    }
}
