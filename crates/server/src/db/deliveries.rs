//! Webhook deliveries and their attempts, shared by every process on the
//! database. A due delivery is claimed for one attempt under a lease (the
//! claim passes over rows another process is claiming); the attempt's
//! outcome is recorded only by the claimant still holding it. Retry times are
//! rows, so the schedule survives a restart of every process.

use super::jobs::Claimant;
use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::util::{new_id, now_ms, rfc3339};
use crate::Error;
use shopbench_wire::{Attempt, Delivery};

/// A delivery due for an attempt.
#[derive(Debug, Clone)]
pub(crate) struct Due {
    pub id: String,
    pub partner_id: String,
    pub mode: Mode,
    pub url: String,
    pub payload: String,
    pub attempts: i64,
}

/// Queues an event for `url`, or for the partner's endpoint when `url` is
/// `None` and one is set.
pub(crate) fn enqueue(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    event: (&str, &str),
    url: Option<&str>,
    payload: &str,
) -> Result<Option<String>, Error> {
    let url = match url {
        Some(u) => u.to_string(),
        None => match super::tenants::webhook(db, partner_id, mode)? {
            Some((u, _)) => u,
            None => return Ok(None),
        },
    };
    let (event_id, event_type) = event;
    let id = new_id("whd");
    db.exec(
        "INSERT INTO webhook_deliveries (id, partner_id, mode, event_id, event_type, url, payload, status, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8)",
        args![id.as_str(), partner_id, mode, event_id, event_type, url, payload, now_ms()],
    )?;
    Ok(Some(id))
}

/// Claims up to `limit` due deliveries for one attempt each: pending and
/// due, or mid-send on a lapsed lease (the sending process died).
pub(crate) fn claim_due(db: &mut dyn Sql, me: &Claimant, limit: usize) -> Result<Vec<Due>, Error> {
    let now = now_ms();
    let sql = format!(
        "UPDATE webhook_deliveries SET status = 'sending', lease_until = $2, claimed_by = $3 WHERE id IN \
         (SELECT id FROM webhook_deliveries \
          WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1) \
          ORDER BY next_attempt_at LIMIT $4 {}) \
         RETURNING id, partner_id, mode, url, payload, attempts",
        db.skip_locked()
    );
    db.rows(&sql, args![now, now + me.lease_ms, me.id.as_str(), limit])?
        .into_iter()
        .map(|r| {
            Ok(Due {
                id: r.get(0)?,
                partner_id: r.get(1)?,
                mode: r.get(2)?,
                url: r.get(3)?,
                payload: r.get(4)?,
                attempts: r.get(5)?,
            })
        })
        .collect()
}

/// The soonest time a delivery falls due (pending, or a lease that lapses).
pub(crate) fn next_due(db: &mut dyn Sql) -> Result<Option<i64>, Error> {
    db.row(
        "SELECT MIN(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) \
         FROM webhook_deliveries WHERE status IN ('pending', 'sending')",
        &[],
    )?
    .map_or(Ok(None), |r| r.get(0))
}

/// What one attempt gave.
#[derive(Debug, Clone)]
pub(crate) struct Outcome<'a> {
    pub attempt: i64,
    pub status_code: Option<u16>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
    pub succeeded: bool,
    /// When to try again (`None`: this was the last try).
    pub next: Option<i64>,
}

/// Records an attempt and the delivery's new state, in one transaction
/// (run through [`crate::db::Db::tx`]); nothing is recorded when this
/// process no longer holds the delivery.
pub(crate) fn record(
    db: &mut dyn Sql,
    id: &str,
    me: &Claimant,
    o: &Outcome<'_>,
) -> Result<bool, Error> {
    let (status, next_at) = match (o.succeeded, o.next) {
        (true, _) => ("succeeded", now_ms()),
        (false, Some(at)) => ("pending", at),
        (false, None) => ("failed", now_ms()),
    };
    let held = db.exec(
        "UPDATE webhook_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, lease_until = NULL \
         WHERE id = $1 AND claimed_by = $2 AND status = 'sending'",
        args![id, me.id.as_str(), status, o.attempt, next_at],
    )?;
    if held == 1 {
        db.exec(
            "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)",
            args![id, o.attempt, now_ms(), o.status_code, o.error, o.duration_ms],
        )?;
    }
    Ok(held == 1)
}

/// The tenant's most recent deliveries, newest first, with their attempts.
pub(crate) fn list(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    limit: usize,
) -> Result<Vec<Delivery>, Error> {
    let rows = db.rows(
        "SELECT id, event_id, event_type, url, status, next_attempt_at, created_at FROM webhook_deliveries \
         WHERE partner_id = $1 AND mode = $2 ORDER BY created_at DESC, id LIMIT $3",
        args![partner_id, mode, limit],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let status: String = r.get(4)?;
        let next: i64 = r.get(5)?;
        let id: String = r.get(0)?;
        out.push(Delivery {
            attempts: attempts(db, &id)?,
            id,
            event_id: r.get(1)?,
            event_type: r.get(2)?,
            url: r.get(3)?,
            next_attempt_at: (status == "pending").then(|| rfc3339(next)),
            status,
            created_at: rfc3339(r.get(6)?),
        });
    }
    Ok(out)
}

fn attempts(db: &mut dyn Sql, delivery_id: &str) -> Result<Vec<Attempt>, Error> {
    db.rows(
        "SELECT attempt, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt",
        args![delivery_id],
    )?
    .into_iter()
    .map(|r| {
        Ok(Attempt {
            attempt: r.get(0)?,
            at: rfc3339(r.get(1)?),
            status_code: r.get(2)?,
            error: r.get(3)?,
            duration_ms: r.get(4)?,
        })
    })
    .collect()
}

/// The partner's signing secret for a delivery's mode (read at send time, so rotation applies).
pub(crate) fn secret(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<String>, Error> {
    Ok(super::tenants::webhook(db, partner_id, mode)?.map(|(_, s)| s))
}
