//! Partners, API keys and webhook endpoints.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::sql::{args, Sql};
use crate::tables::{plan, Mode};
use crate::util::{new_id, now_ms, random_base62};
use crate::Error;

/// How many random characters follow `sk_test_`/`sk_live_` (≈ 238 bits).
const KEY_RANDOM_LEN: usize = 40;
/// How many of them form the non-secret lookup prefix.
const LOOKUP_RANDOM_LEN: usize = 8;

/// The caller behind a valid key.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Partner id (`ptn_…`).
    pub partner_id: String,
    /// Partner name.
    pub partner_name: String,
    /// Plan id.
    pub plan: String,
    /// The key's mode.
    pub mode: Mode,
    /// Key id (`key_…`).
    pub key_id: String,
}

/// A newly created key: the secret is shown once and never stored.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// Key id (`key_…`), for revoking.
    pub id: String,
    /// The secret key (`sk_test_…`/`sk_live_…`).
    pub secret: String,
    /// The non-secret prefix stored for lookup.
    pub lookup: String,
}

fn sha256(s: &str) -> Vec<u8> {
    Sha256::digest(s.as_bytes()).to_vec()
}

pub(crate) fn partner_id(db: &mut dyn Sql, name: &str) -> Result<String, Error> {
    db.row("SELECT id FROM partners WHERE name = $1", args![name])?
        .map(|r| r.get(0))
        .transpose()?
        .ok_or_else(|| Error::UnknownPartner(name.to_string()))
}

pub(crate) fn add_partner(db: &mut dyn Sql, name: &str, plan_id: &str) -> Result<String, Error> {
    plan(plan_id)?;
    let id = new_id("ptn");
    match db.exec(
        "INSERT INTO partners (id, name, plan, created_at) VALUES ($1, $2, $3, $4)",
        args![id.as_str(), name, plan_id, now_ms()],
    ) {
        Ok(_) => Ok(id),
        Err(e) if e.is_unique_violation() => Err(Error::PartnerExists(name.to_string())),
        Err(e) => Err(e),
    }
}

pub(crate) fn create_key(db: &mut dyn Sql, partner: &str, mode: Mode) -> Result<NewKey, Error> {
    let partner_id = partner_id(db, partner)?;
    let random = random_base62(KEY_RANDOM_LEN);
    let secret = format!("{}{random}", mode.key_prefix());
    let lookup = format!("{}{}", mode.key_prefix(), &random[..LOOKUP_RANDOM_LEN]);
    let id = new_id("key");
    db.exec(
        "INSERT INTO api_keys (id, partner_id, mode, lookup, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        args![id.as_str(), partner_id, mode, lookup.as_str(), sha256(&secret), now_ms()],
    )?;
    Ok(NewKey { id, secret, lookup })
}

/// Revokes by key id, by the whole key or by its lookup prefix; returns the key id.
pub(crate) fn revoke_key(db: &mut dyn Sql, which: &str) -> Result<String, Error> {
    let id: Option<String> = db
        .row(
            "SELECT id FROM api_keys WHERE id = $1 OR lookup = $1 OR hash = $2",
            args![which, sha256(which)],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    let id = id.ok_or_else(|| Error::UnknownKey(which.to_string()))?;
    db.exec(
        "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        args![id.as_str(), now_ms()],
    )?;
    Ok(id)
}

/// Looks a presented key up by its prefix and compares the SHA-256 in
/// constant time. `Ok(None)` for unknown, malformed or revoked keys.
pub(crate) fn authenticate(db: &mut dyn Sql, presented: &str) -> Result<Option<Tenant>, Error> {
    let mode = if presented.starts_with(Mode::Test.key_prefix()) {
        Mode::Test
    } else if presented.starts_with(Mode::Live.key_prefix()) {
        Mode::Live
    } else {
        return Ok(None);
    };
    let lookup_len = mode.key_prefix().len() + LOOKUP_RANDOM_LEN;
    if presented.len() < lookup_len || !presented.is_ascii() {
        return Ok(None);
    }
    let hash = sha256(presented);
    let rows = db.rows(
        "SELECT k.id, k.hash, k.revoked_at, p.id, p.name, p.plan FROM api_keys k \
         JOIN partners p ON p.id = k.partner_id WHERE k.lookup = $1 AND k.mode = $2",
        args![&presented[..lookup_len], mode],
    )?;
    for r in rows {
        let stored: Vec<u8> = r.get(1)?;
        let revoked: Option<i64> = r.get(2)?;
        if bool::from(stored.ct_eq(&hash)) && revoked.is_none() {
            return Ok(Some(Tenant {
                partner_id: r.get(3)?,
                partner_name: r.get(4)?,
                plan: r.get(5)?,
                mode,
                key_id: r.get(0)?,
            }));
        }
    }
    Ok(None)
}

pub(crate) fn set_webhook(
    db: &mut dyn Sql,
    partner: &str,
    mode: Mode,
    url: &str,
) -> Result<String, Error> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::InvalidUrl(url.to_string()));
    }
    let partner_id = partner_id(db, partner)?;
    let secret = format!("whsec_{}", random_base62(32));
    db.exec(
        "INSERT INTO webhook_endpoints (partner_id, mode, url, secret, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (partner_id, mode) DO UPDATE SET url = excluded.url, secret = excluded.secret, created_at = excluded.created_at",
        args![partner_id, mode, url, secret.as_str(), now_ms()],
    )?;
    Ok(secret)
}

/// The partner's webhook endpoint for a mode: `(url, secret)`.
pub(crate) fn webhook(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<(String, String)>, Error> {
    db.row(
        "SELECT url, secret FROM webhook_endpoints WHERE partner_id = $1 AND mode = $2",
        args![partner_id, mode],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}
