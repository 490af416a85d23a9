//! Administration of tenants, keys, credits and webhook endpoints — what
//! `shopbench admin …` calls. Works on the database file directly, also while
//! a server runs on it.

use crate::db::{ledger, tenants, Db};
use crate::tables::Mode;
use crate::Error;

pub use crate::db::tenants::NewKey;

impl Db {
    /// Creates a partner on a plan (`garage`, `tuner`, `engineer`); returns its id.
    pub fn add_partner(&self, name: &str, plan: &str) -> Result<String, Error> {
        self.run(|c| tenants::add_partner(c, name, plan))
    }

    /// Creates an API key; the secret in the result is shown once and only its hash is kept.
    pub fn create_key(&self, partner: &str, mode: Mode) -> Result<NewKey, Error> {
        self.run(|c| tenants::create_key(c, partner, mode))
    }

    /// Revokes a key given its id (`key_…`), its lookup prefix or the key itself.
    pub fn revoke_key(&self, which: &str) -> Result<String, Error> {
        self.run(|c| tenants::revoke_key(c, which))
    }

    /// Adds (or with a negative amount, removes) credits; returns the new balance.
    pub fn add_credits(&self, partner: &str, mode: Mode, amount: i64) -> Result<i64, Error> {
        if amount == 0 {
            return Err(Error::ZeroCredits);
        }
        self.tx(|tx| {
            let partner_id = tenants::partner_id(tx, partner)?;
            tx.lock_partner(&partner_id)?;
            ledger::append(
                tx,
                &ledger::Entry {
                    partner_id: &partner_id,
                    mode,
                    amount,
                    kind: "topup",
                    operation: None,
                    reference: Some("admin"),
                    request_id: None,
                },
            )?;
            ledger::balance(tx, &partner_id, mode)
        })
    }

    /// The balance of a partner in a mode.
    pub fn balance(&self, partner: &str, mode: Mode) -> Result<i64, Error> {
        self.run(|c| {
            let partner_id = tenants::partner_id(c, partner)?;
            ledger::balance(c, &partner_id, mode)
        })
    }

    /// Sets the partner's webhook URL for a mode; returns the new `whsec_…` signing secret.
    pub fn set_webhook(&self, partner: &str, mode: Mode, url: &str) -> Result<String, Error> {
        self.run(|c| tenants::set_webhook(c, partner, mode, url))
    }
}
