//! `shopbench` — the shop-floor workbench on the command line.
//!
//! Each subcommand lives in its own module; this file only parses arguments
//! and dispatches.

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "shopbench", version, about = "OBD-II scans, diagnosis, estimates and vehicle data for the repair shop")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Look up what a trouble code means (offline catalogue).
    Code(CodeArgs),
}

#[derive(clap::Args)]
struct CodeArgs {
    /// One or more codes, e.g. P0171 P0174.
    #[arg(required = true)]
    codes: Vec<String>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Code(args) => code(args),
    }
}

fn code(args: CodeArgs) -> Result<()> {
    let catalog = shopbench_core::DtcCatalog::generic();
    for raw in &args.codes {
        let dtc: shopbench_core::Dtc = raw.parse()?;
        println!("{dtc}  {}", catalog.describe(dtc).summary());
    }
    Ok(())
}
