//! `shopbench` — the shop-floor workbench on the command line.
//!
//! Each subcommand lives in its own module; this file only parses arguments
//! and dispatches.

use anyhow::Result;
use clap::{Parser, Subcommand};

mod admin;
mod ask;
mod case;
mod costs;
mod data;
mod diagnose;
mod estimate;
mod estimate_area;
mod estimate_data;
mod estimate_scan;
mod fixes;
mod inspect;
mod modules;
mod obd;
mod output;
mod ports;
mod remote;
mod remote_ask;
mod serve;
mod shop;
mod vin;

#[derive(Parser)]
#[command(
    name = "shopbench",
    version,
    about = "OBD-II scans, diagnosis, estimates and vehicle data for the repair shop"
)]
struct Cli {
    /// Run against a `shopbench serve` URL instead of the embedded engine (diagnose, account).
    #[arg(long, global = true, env = "SHOPBENCH_REMOTE")]
    remote: Option<String>,
    /// API key for --remote (sk_test_… or sk_live_…).
    #[arg(long, global = true, env = "SHOPBENCH_KEY", hide_env_values = true)]
    key: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Look up what a trouble code means (offline catalogue).
    Code(CodeArgs),
    /// Itemized government costs of buying a used vehicle (US states + DC, Canadian provinces/territories).
    Costs(costs::CostsArgs),
    /// Repair cases: `case new|list|show|edit|test|close|history` (kept in a local SQLite file).
    Case(case::CaseArgs),
    /// Confirmed fixes shared between shops: `fixes export FILE --shop-name NAME | import FILE`.
    Fixes(fixes::FixesArgs),
    /// Body-shop damage estimates: `estimate new|list|show|add-photo|area|edit|scan|pdf|export|history`.
    Estimate(estimate::EstimateArgs),
    /// Ask the shop assistant: cited answers about codes, symptoms, readings, recalls and the
    /// shop's cases, offline (`ask "P0420 on a 2012 Camry — likely causes?" [--case ID] [--conversation ID]`).
    Ask(ask::AskArgs),
    /// The assistant's conversations: `conversations [list [--search TEXT]] | show ID`.
    Conversations(ask::ConversationsArgs),
    /// Rank probable causes for a case and plan the tests (offline, explainable).
    Diagnose(diagnose::DiagnoseArgs),
    /// The customer's PDF report for a saved case (`report 42 -o report.pdf`).
    Report(diagnose::ReportArgs),
    /// Evaluate an engine against labelled cases.
    Eval(diagnose::EvalArgs),
    /// Read the car: VIN, MIL, fault codes per ECU, freeze frame, readiness, test results.
    ///
    /// Exit status: 0 = complete; 3 = the report was printed (and saved with --save-case) but a
    /// code list could not be read ("NOT READ" in the report: the car may have codes it does not
    /// show); 1 = error (an adapter lost mid-scan prints the partial report first).
    Scan(obd::ScanArgs),
    /// A used-car inspection PDF for a buyer: codes per module, whether they were just cleared,
    /// readiness, recalls, known issues and the purchase costs
    /// (`inspect --port PORT --state CA --price 25000 -o inspection.pdf`, or `--from-scan FILE`).
    Inspect(inspect::InspectArgs),
    /// Stream live data (PIDs) with units; optionally record to CSV. A failed request is reported
    /// and the next round tried; Ctrl-C, SIGTERM and SIGHUP stop it cleanly (exit status 130
    /// after Ctrl-C, as after any interrupted command; 0 after SIGTERM or SIGHUP).
    Live(obd::LiveArgs),
    /// Clear fault codes (needs --yes) and report what was cleared.
    Clear(obd::ClearArgs),
    /// Every module over UDS: `modules clear --yes [--module 7B0]` (the scan is `scan --modules`).
    Modules(modules::ModulesArgs),
    /// List the live-data PIDs shopbench can decode.
    Pids,
    /// Vehicle data from a VIN: `vin decode` (offline NHTSA vPIC decode), `vin recalls`,
    /// `vin reliability`, `vin known-issues` (NHTSA + Transport Canada, cached offline).
    Vin(vin::VinArgs),
    /// Offline datasets: `data import nhtsa-recalls FILE` / `nhtsa-complaints FILE` / `vpic
    /// FILE`; repair-cost data: `data states|labor-rates CA|damage-types [dent]|vehicles [MAKE
    /// MODEL]`.
    Data(data::DataArgs),
    /// Serve the /v1 partner API (keys, credits, async jobs, signed webhooks) on one SQLite file.
    Serve(serve::ServeArgs),
    /// Administer the API server's partners, keys, credits and webhooks.
    Admin(admin::AdminArgs),
    /// The remote key's partner, plan, credit balance and rate-limit budget (with --remote URL --key K).
    Account,
    /// List the adapters: serial ports an ELM327 could be on, and J2534 PassThru devices.
    #[command(alias = "ports")]
    Adapters {
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct CodeArgs {
    /// One or more codes, e.g. P0171 P0174.
    #[arg(required = true)]
    codes: Vec<String>,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.remote {
        Some(url) => remote::run(url, cli.key.as_deref()),
        None => dispatch(cli.command),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let exit = e.downcast_ref::<output::Exit>();
            // The chain of causes, one line, without a backtrace: this is for a mechanic.
            if exit.is_none_or(|x| !x.message.is_empty()) {
                eprintln!("error: {}", one_line(&e));
            }
            match exit {
                Some(exit) => std::process::ExitCode::from(exit.code),
                None => std::process::ExitCode::FAILURE,
            }
        }
    }
}

/// The error and its causes on one line, each said once: an error that
/// already quotes its cause (`could not read X: Is a directory`) is not
/// followed by the cause again.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::Code(args) => code(args),
        Command::Costs(args) => costs::run(args),
        Command::Case(args) => case::run(args),
        Command::Fixes(args) => fixes::run(args),
        Command::Estimate(args) => estimate::run(args),
        Command::Ask(args) => ask::run(args),
        Command::Conversations(args) => ask::conversations(args),
        Command::Diagnose(args) => diagnose::run(args),
        Command::Report(args) => diagnose::report(args),
        Command::Eval(args) => diagnose::eval(args),
        Command::Adapters { json } => ports::run(json),
        Command::Vin(args) => vin::run(args),
        Command::Data(args) => data::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Admin(args) => admin::run(args),
        Command::Scan(args) => runtime()?.block_on(obd::scan(args)),
        Command::Inspect(args) => runtime()?.block_on(inspect::run(args)),
        Command::Live(args) => runtime()?.block_on(obd::live(args)),
        Command::Clear(args) => runtime()?.block_on(obd::clear(args)),
        Command::Modules(args) => runtime()?.block_on(modules::run(args)),
        Command::Account => anyhow::bail!(
            "account is the API server's view of a key: give --remote URL --key sk_test_… (or set SHOPBENCH_REMOTE and SHOPBENCH_KEY)"
        ),
        Command::Pids => obd::list_pids(),
    }
}

/// A small runtime for the commands that talk to adapters or servers.
fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

fn code(args: CodeArgs) -> Result<()> {
    let catalog = shopbench_core::DtcCatalog::generic();
    for raw in &args.codes {
        let dtc: shopbench_core::Dtc = raw.parse()?;
        crate::output::say!("{dtc}  {}", catalog.describe(dtc).summary())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data import nhtsa-recalls /tmp` said "could not read /tmp: Is a
    /// directory (os error 21): Is a directory (os error 21)".
    #[test]
    fn regression_a_cause_the_error_already_quotes_was_printed_twice() {
        let io = std::io::Error::other("Is a directory");
        let e = anyhow::Error::new(io)
            .context("could not read /tmp: Is a directory")
            .context("importing /tmp");
        assert_eq!(
            one_line(&e),
            "importing /tmp: could not read /tmp: Is a directory"
        );
        let plain = anyhow::anyhow!("no such case").context("the case was not closed");
        assert_eq!(one_line(&plain), "the case was not closed: no such case");
    }
}
