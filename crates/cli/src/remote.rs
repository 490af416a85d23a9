//! `shopbench --remote URL --key KEY …`: the same commands against a
//! `shopbench serve` instance instead of the embedded engine.
//!
//! Supported remotely: `diagnose --input case.json [--json] [--top N]` (the
//! three calls: create the case, run the diagnosis, poll until done) and
//! `account`. `--json` prints exactly what the embedded `diagnose --json`
//! prints for the same case.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Parser;
use shopbench_client::Client;
use shopbench_diagnosis::{CaseInput, Diagnosis};

/// The command line as read in remote mode.
#[derive(Parser)]
#[command(name = "shopbench")]
struct RemoteCli {
    /// Server URL.
    #[arg(long, global = true, env = "SHOPBENCH_REMOTE")]
    remote: Option<String>,
    /// API key.
    #[arg(long, global = true, env = "SHOPBENCH_KEY", hide_env_values = true)]
    key: Option<String>,
    #[command(subcommand)]
    command: RemoteCommand,
}

#[derive(clap::Subcommand)]
enum RemoteCommand {
    /// Diagnose a case file on the server.
    Diagnose {
        /// Case file (JSON).
        #[arg(long)]
        input: PathBuf,
        /// Print the full result as JSON.
        #[arg(long)]
        json: bool,
        /// How many causes to show.
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// Give up waiting after this many seconds.
        #[arg(long, default_value_t = 900)]
        wait_secs: u64,
    },
    /// Show the key's partner, plan, credit balance and rate-limit budget.
    Account,
    #[command(external_subcommand)]
    Other(Vec<String>),
}

/// Runs the command line against `url` with `key`.
pub fn run(url: &str, key: Option<&str>) -> Result<()> {
    let cli = RemoteCli::parse();
    let key = key
        .or(cli.key.as_deref())
        .context("--remote needs --key sk_test_… or sk_live_… (or SHOPBENCH_KEY)")?;
    let api = Client::new(url, key)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match cli.command {
        RemoteCommand::Diagnose {
            input,
            json,
            top,
            wait_secs,
        } => {
            let text = std::fs::read_to_string(&input)
                .with_context(|| format!("cannot read case file {}", input.display()))?;
            let case: CaseInput = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a valid case", input.display()))?;
            let done = rt.block_on(api.diagnose_case(&case, Duration::from_secs(wait_secs)))?;
            let Some(d) = done.result else {
                let why = done.error.map(|e| e.message).unwrap_or_default();
                bail!("diagnosis {} {}: {why}", done.diagnosis_id, done.status);
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                print!("{}", render(&d, top));
                eprintln!("(remote: {url}, diagnosis {})", done.diagnosis_id);
            }
        }
        RemoteCommand::Account => {
            let a = rt.block_on(api.account())?;
            println!("{}", serde_json::to_string_pretty(&a)?);
        }
        RemoteCommand::Other(args) => bail!(
            "`{}` is not available with --remote; remote commands: diagnose --input FILE, account",
            args.first().map(String::as_str).unwrap_or("")
        ),
    }
    Ok(())
}

/// A compact text view: ranked causes, then the test plan.
fn render(d: &Diagnosis, top: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "confidence {:.0} % ({})",
        d.confidence * 100.0,
        d.confidence_label
    );
    for (i, c) in d.causes.iter().take(top).enumerate() {
        let _ = writeln!(
            s,
            "{:>2}. {:<58} {:>5.1} %",
            i + 1,
            c.name,
            c.probability * 100.0
        );
    }
    if !d.plan.is_empty() {
        let _ = writeln!(s, "\nNext steps");
        for (i, step) in d.plan.iter().enumerate() {
            let _ = writeln!(s, "{:>2}. {} ({})", i + 1, step.instruction, step.tool);
        }
    }
    s
}
