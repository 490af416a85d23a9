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
            crate::output::say!("{}", imported_text(done.added, &done.shop, done.updated))?;
            for s in &done.skipped {
                crate::output::say!("  skipped {s}")?;
            }
            Ok(())
        }
    }
}

/// What an import did, in words: the new fixes, and the ones this file
/// replaced only when there were any.
fn imported_text(added: usize, shop: &str, updated: usize) -> String {
    let fixes = |n: usize| {
        if n == 1 {
            "fix".to_string()
        } else {
            "fixes".to_string()
        }
    };
    let mut s = format!("Imported {added} new {} from {shop}", fixes(added));
    if updated > 0 {
        s.push_str(&format!(
            "; {updated} {} imported before replaced by this file's version",
            fixes(updated)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Imported 1 new fix(es) from X (0 imported before, replaced by this
    /// file's version)" spoke of replacing nothing.
    #[test]
    fn regression_an_import_spoke_of_zero_replaced_fixes() {
        assert_eq!(
            imported_text(1, "Main St Auto", 0),
            "Imported 1 new fix from Main St Auto"
        );
        assert_eq!(
            imported_text(0, "Main St Auto", 2),
            "Imported 0 new fixes from Main St Auto; 2 fixes imported before replaced by this file's version"
        );
    }
}
