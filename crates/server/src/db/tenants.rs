//! Partners, API keys and webhook endpoints.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

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

pub(crate) fn partner_id(conn: &Connection, name: &str) -> Result<String, Error> {
    conn.query_row("SELECT id FROM partners WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::UnknownPartner(name.to_string()))
}

pub(crate) fn add_partner(conn: &Connection, name: &str, plan_id: &str) -> Result<String, Error> {
    plan(plan_id)?;
    let id = new_id("ptn");
    match conn.execute(
        "INSERT INTO partners (id, name, plan, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, name, plan_id, now_ms()],
    ) {
        Ok(_) => Ok(id),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(Error::PartnerExists(name.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn create_key(conn: &Connection, partner: &str, mode: Mode) -> Result<NewKey, Error> {
    let partner_id = partner_id(conn, partner)?;
    let random = random_base62(KEY_RANDOM_LEN);
    let secret = format!("{}{random}", mode.key_prefix());
    let lookup = format!("{}{}", mode.key_prefix(), &random[..LOOKUP_RANDOM_LEN]);
    let id = new_id("key");
    conn.execute(
        "INSERT INTO api_keys (id, partner_id, mode, lookup, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, partner_id, mode.as_str(), lookup, sha256(&secret), now_ms()],
    )?;
    Ok(NewKey { id, secret, lookup })
}

/// Revokes by key id, by the whole key or by its lookup prefix; returns the key id.
pub(crate) fn revoke_key(conn: &Connection, which: &str) -> Result<String, Error> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM api_keys WHERE id = ?1 OR lookup = ?1 OR hash = ?2",
            params![which, sha256(which)],
            |r| r.get(0),
        )
        .optional()?;
    let id = id.ok_or_else(|| Error::UnknownKey(which.to_string()))?;
    conn.execute(
        "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![id, now_ms()],
    )?;
    Ok(id)
}

/// Looks a presented key up by its prefix and compares the SHA-256 in
/// constant time. `Ok(None)` for unknown, malformed or revoked keys.
pub(crate) fn authenticate(conn: &Connection, presented: &str) -> Result<Option<Tenant>, Error> {
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
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.hash, k.revoked_at, p.id, p.name, p.plan FROM api_keys k \
         JOIN partners p ON p.id = k.partner_id WHERE k.lookup = ?1 AND k.mode = ?2",
    )?;
    let rows = stmt.query_map(params![&presented[..lookup_len], mode.as_str()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            Tenant {
                partner_id: r.get(3)?,
                partner_name: r.get(4)?,
                plan: r.get(5)?,
                mode,
                key_id: String::new(),
            },
        ))
    })?;
    for row in rows {
        let (key_id, stored, revoked, mut tenant) = row?;
        if bool::from(stored.ct_eq(&hash)) && revoked.is_none() {
            tenant.key_id = key_id;
            return Ok(Some(tenant));
        }
    }
    Ok(None)
}

pub(crate) fn set_webhook(
    conn: &Connection,
    partner: &str,
    mode: Mode,
    url: &str,
) -> Result<String, Error> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::InvalidUrl(url.to_string()));
    }
    let partner_id = partner_id(conn, partner)?;
    let secret = format!("whsec_{}", random_base62(32));
    conn.execute(
        "INSERT INTO webhook_endpoints (partner_id, mode, url, secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (partner_id, mode) DO UPDATE SET url = excluded.url, secret = excluded.secret, created_at = excluded.created_at",
        params![partner_id, mode.as_str(), url, secret, now_ms()],
    )?;
    Ok(secret)
}

/// The partner's webhook endpoint for a mode: `(url, secret)`.
pub(crate) fn webhook(
    conn: &Connection,
    partner_id: &str,
    mode: Mode,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT url, secret FROM webhook_endpoints WHERE partner_id = ?1 AND mode = ?2",
        params![partner_id, mode.as_str()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
