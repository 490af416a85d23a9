//! `shopbench admin …`: partners, API keys, credits and webhook endpoints.
//!
//! Every command that acts on one mode (`key create`, `credits add`,
//! `webhook set`) requires `--mode test|live` and prints it: a default hid
//! which ledger the credits went to (issue 23).

use anyhow::Result;
use shopbench_server::{Db, Mode};

/// Arguments of `shopbench admin`.
#[derive(clap::Args)]
pub struct AdminArgs {
    /// The server's database: SQLite file or `postgres://` URL
    /// (SHOPBENCH_SERVER_DB; SHOPBENCH_DB is the case store's).
    #[arg(
        long,
        global = true,
        default_value = "shopbench.db",
        env = "SHOPBENCH_SERVER_DB"
    )]
    db: String,
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Partners (tenants).
    #[command(subcommand)]
    Partner(PartnerCmd),
    /// API keys.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Prepaid credits.
    #[command(subcommand)]
    Credits(CreditsCmd),
    /// Webhook endpoints.
    #[command(subcommand)]
    Webhook(WebhookCmd),
}

#[derive(clap::Subcommand)]
enum PartnerCmd {
    /// Add a partner.
    Add {
        /// Partner name, e.g. acme.
        name: String,
        /// Plan: garage (120/h, 2,000/day), tuner (600/h, 15,000/day), engineer (1,800/h, 50,000/day).
        #[arg(long, default_value = "garage")]
        plan: String,
    },
}

#[derive(clap::Subcommand)]
enum KeyCmd {
    /// Create a key; it is printed once and only its hash is stored.
    Create {
        /// Partner name.
        partner: String,
        /// test (sandbox) or live — required, as for every admin command that
        /// touches one mode.
        #[arg(long, value_parser = parse_mode)]
        mode: Mode,
    },
    /// Revoke a key, given its id (key_…), its prefix or the key itself.
    Revoke {
        /// Key id, prefix or key.
        #[arg(value_name = "KEY")]
        which: String,
    },
}

#[derive(clap::Subcommand)]
enum CreditsCmd {
    /// Add credits (a negative amount removes them); prints the new balance.
    Add {
        /// Partner name.
        partner: String,
        /// Credits.
        #[arg(allow_negative_numbers = true)]
        amount: i64,
        /// Which ledger: test (sandbox credits, charged like live ones) or live —
        /// required: it once defaulted to live, and a fresh test key met a 402.
        #[arg(long, value_parser = parse_mode)]
        mode: Mode,
    },
}

#[derive(clap::Subcommand)]
enum WebhookCmd {
    /// Set the endpoint events are POSTed to; prints its new whsec_ signing secret.
    Set {
        /// Partner name.
        partner: String,
        /// http(s) URL.
        url: String,
        /// Events of which mode: test or live — required, as for keys and credits.
        #[arg(long, value_parser = parse_mode)]
        mode: Mode,
    },
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse()
}

/// Runs `shopbench admin …`.
pub fn run(args: AdminArgs) -> Result<()> {
    let db = Db::open(&args.db)?;
    match args.what {
        What::Partner(PartnerCmd::Add { name, plan }) => {
            let id = db.add_partner(&name, &plan)?;
            crate::output::say!("partner {name} ({id}) on plan {plan}")?;
        }
        What::Key(KeyCmd::Create { partner, mode }) => {
            let key = db.create_key(&partner, mode)?;
            eprintln!(
                "{mode} key {} for {partner} (prefix {}) — shown once, store it now:",
                key.id, key.lookup
            );
            crate::output::say!("{}", key.secret)?;
        }
        What::Key(KeyCmd::Revoke { which }) => {
            let id = db.revoke_key(&which)?;
            crate::output::say!("revoked {id}")?;
        }
        What::Credits(CreditsCmd::Add {
            partner,
            amount,
            mode,
        }) => {
            let balance = db.add_credits(&partner, mode, amount)?;
            crate::output::say!("{partner} {mode} balance: {balance} credits")?;
        }
        What::Webhook(WebhookCmd::Set { partner, url, mode }) => {
            let secret = db.set_webhook(&partner, mode, &url)?;
            eprintln!("{mode} webhook for {partner} → {url}; signing secret (shown once here):");
            crate::output::say!("{secret}")?;
        }
    }
    Ok(())
}
