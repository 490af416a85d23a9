//! `shopbench --remote URL --key KEY …`: the same commands against a
//! `shopbench serve` instance instead of the embedded engine.
//!
//! Supported remotely: `diagnose --input case.json [--json] [--top N]` (the
//! three calls: create the case, run the diagnosis, poll until done),
//! `estimate new` (the same flags as embedded; one `POST /v1/estimates` with
//! the photos, priced by the server's engine, nothing saved locally; with
//! `--detect`, the server's damage detector finds the areas: `202`, then
//! polled until complete or failed), `account`, and the assistant: `ask`
//! (streamed from `/v1/chat`) and `conversations [list|show ID]`. `--json` prints exactly what the embedded `diagnose --json`
//! prints for the same case; a remote estimate's totals equal the embedded
//! `estimate new`'s.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Parser;
use shopbench_app::remote_estimates;
use shopbench_client::{Client, EstimateCreated, EstimateInput, EstimateState};

use crate::estimate::NewArgs;

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
    /// Estimates on the server (only `new` remotely).
    Estimate {
        #[command(subcommand)]
        command: RemoteEstimate,
    },
    /// Show the key's partner, plan, credit balance and rate-limit budget.
    Account,
    /// Ask the server's shop assistant (streamed, with its sources).
    Ask(crate::remote_ask::RemoteAskArgs),
    /// The key's conversations with the assistant on the server.
    Conversations {
        #[command(subcommand)]
        command: Option<crate::remote_ask::RemoteConversations>,
    },
    #[command(external_subcommand)]
    Other(Vec<String>),
}

#[derive(clap::Subcommand)]
enum RemoteEstimate {
    /// Price photos and marked damage areas on the server (10 credits); prints the estimate.
    New(Box<NewArgs>),
}

/// The request body and photos for `POST /v1/estimates` from the embedded
/// command's flags. Photos go through the same intake first, so a bad file is
/// refused by name before anything is sent (and nothing is charged).
fn estimate_request(a: &NewArgs) -> Result<(EstimateInput, Vec<Vec<u8>>)> {
    if a.detect {
        check_remote_detect(a)?;
    }
    if a.vin.is_some() {
        bail!(
            "--vin is not available with --remote: the API's estimates take make, model and year"
        );
    }
    if !a.hail.is_empty() || a.finish.is_some() {
        bail!(
            "--hail and --finish are not available with --remote: the API's estimates take marked damage areas on two-stage paint"
        );
    }
    // The embedded command's reading of the flags, refusals and messages included.
    let (new, photos, parsed) = crate::estimate::from_args(a)?;
    let names: Vec<&str> = photos.iter().map(|p| p.file_name.as_str()).collect();
    let areas = parsed
        .iter()
        .map(|p| remote_estimates::wire_area(&shopbench_app::estimates::engine_area(p), &names))
        .collect();
    let views = shopbench_app::detection::parse_views(&a.views, &names)?
        .into_iter()
        .map(|v| v.map(|v| v.to_string()))
        .collect::<Vec<_>>();
    let mut input = remote_estimates::estimate_input(
        &new.vehicle,
        &new.state,
        new.metro,
        a.parts.trim().to_ascii_lowercase(),
        areas,
    );
    if views.iter().any(Option::is_some) {
        input.views = views;
    }
    Ok((input, photos.into_iter().map(|p| p.original).collect()))
}

/// `--detect` with `--remote`: the server's detector looks, so no local model and no areas.
fn check_remote_detect(a: &NewArgs) -> Result<()> {
    if a.model.is_some() || a.manifest.is_some() {
        bail!(
            "--model and --manifest name a model on this computer; with --remote the server's detector looks at the photos — leave them out (or leave out --remote)"
        );
    }
    if !a.areas.is_empty() {
        bail!("with --remote --detect the server's detector finds the damage: leave out --area");
    }
    if a.photos.is_empty() {
        bail!("--detect looks for damage in the photos: give at least one --photo");
    }
    Ok(())
}

/// `estimate new --detect` on the server: accepted (charged), then polled until the detector
/// and the pricing are done; a failed estimate (refunded) is an error naming seed 001's code.
fn remote_detect(rt: &tokio::runtime::Runtime, api: &Client, a: &NewArgs, url: &str) -> Result<()> {
    let (input, photos) = estimate_request(a)?;
    let accepted = rt.block_on(api.create_estimate_async(&input, &photos, None))?;
    let id = accepted.body.id;
    eprintln!(
        "estimate {id} accepted ({} credits); the server's damage detector is looking (about {} s) …",
        accepted.credits_charged, accepted.body.estimated_seconds
    );
    let done = rt.block_on(api.wait_for_estimate(&id, Duration::from_secs(900)))?;
    if a.json {
        crate::output::emit_json(&done)?;
    }
    match done {
        EstimateState::Complete(e) if !a.json => {
            crate::output::emit(&render_estimate(&e))?;
            eprintln!("(remote: {url})");
        }
        EstimateState::Failed(f) => bail!(
            "estimate {id} failed ({}): {} ({} credits refunded)",
            f.error.code,
            f.error.message,
            f.credits_refunded
        ),
        _ => {}
    }
    Ok(())
}

/// The server's estimate for a person at a terminal: lines and totals.
fn render_estimate(e: &EstimateCreated) -> String {
    use std::fmt::Write as _;
    let (sum, v) = (&e.summary, &e.summary.vehicle);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Estimate {} — {} {} {} ({})",
        sum.id, v.year, v.make, v.model, sum.status
    );
    for l in &sum.cost.line_items {
        let total = l.parts_cost + l.labor_cost + l.paint_cost;
        let _ = writeln!(s, "  {:<48} {:>12}", l.description, total.usd_grouped());
    }
    let _ = writeln!(
        s,
        "Total {} – {}",
        sum.cost.total_min.usd_grouped(),
        sum.cost.total_max.usd_grouped()
    );
    for a in &sum.damage.areas {
        if let Some(c) = a.confidence {
            let _ = writeln!(
                s,
                "  found by the server's detector: {} {} on {} ({c:.2})",
                a.severity, a.kind, a.location
            );
        }
    }
    for p in &e.proposals {
        let _ = writeln!(
            s,
            "  not priced: {} {:.2} on {} — {}",
            p.label,
            p.confidence,
            p.photo_id.as_deref().unwrap_or("a photo"),
            match (p.damage_type, &p.panel) {
                (None, _) => "its class has no damage type",
                (Some(_), None) => "no panel: give --view PHOTO=SIDE",
                (Some(_), Some(_)) => "not confirmed",
            }
        );
    }
    s
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
            let case = shopbench_app::input::read_case_file(&input)?;
            let done = rt.block_on(api.diagnose_case(&case, Duration::from_secs(wait_secs)))?;
            let Some(d) = done.result else {
                let why = done.error.map(|e| e.message).unwrap_or_default();
                bail!("diagnosis {} {}: {why}", done.diagnosis_id, done.status);
            };
            if json {
                crate::output::emit_json(&d)?;
            } else {
                crate::output::emit(&crate::diagnose::render(&d, top))?;
                if let Some(b) = &done.bulletins {
                    crate::output::emit(&shopbench_app::bulletins::text(b))?;
                }
                eprintln!("(remote: {url}, diagnosis {})", done.diagnosis_id);
            }
        }
        RemoteCommand::Estimate {
            command: RemoteEstimate::New(a),
        } if a.detect => remote_detect(&rt, &api, &a, url)?,
        RemoteCommand::Estimate {
            command: RemoteEstimate::New(a),
        } => {
            let (input, photos) = estimate_request(&a)?;
            let e = rt.block_on(api.create_estimate(&input, &photos, None))?;
            if a.json {
                crate::output::emit_json(&e)?;
            } else {
                crate::output::emit(&render_estimate(&e.body))?;
                eprintln!("(remote: {url})");
            }
        }
        RemoteCommand::Account => {
            let a = rt.block_on(api.account())?;
            crate::output::emit_json(&a)?;
        }
        RemoteCommand::Ask(a) => crate::remote_ask::ask(&rt, &api, a)?,
        RemoteCommand::Conversations { command } => {
            crate::remote_ask::conversations(&rt, &api, command)?
        }
        RemoteCommand::Other(args) => bail!(
            "`{}` is not available with --remote; remote commands: diagnose --input FILE, estimate new, account, ask, conversations",
            args.first().map(String::as_str).unwrap_or("")
        ),
    }
    Ok(())
}
