//! Webhook deliveries and their attempts.

use rusqlite::{params, Connection, OptionalExtension};

use crate::tables::Mode;
use crate::util::{new_id, now_ms, rfc3339};

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

/// A delivery and its attempts, as listed by `GET /v1/webhook-deliveries`.
use shopbench_wire::{Attempt, Delivery};

/// Queues an event for the partner's endpoint, if one is set.
pub(crate) fn enqueue(
    conn: &Connection,
    partner_id: &str,
    mode: Mode,
    event_id: &str,
    event_type: &str,
    payload: &str,
) -> rusqlite::Result<Option<String>> {
    let Some((url, _)) = super::tenants::webhook(conn, partner_id, mode)? else {
        return Ok(None);
    };
    let id = new_id("whd");
    let now = now_ms();
    conn.execute(
        "INSERT INTO webhook_deliveries (id, partner_id, mode, event_id, event_type, url, payload, status, next_attempt_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?8)",
        params![id, partner_id, mode.as_str(), event_id, event_type, url, payload, now],
    )?;
    Ok(Some(id))
}

/// Deliveries a dead process left mid-send go back to pending.
pub(crate) fn recover(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE webhook_deliveries SET status = 'pending' WHERE status = 'sending'",
        [],
    )
}

/// Claims up to `limit` due deliveries (marks them `sending`).
pub(crate) fn claim_due(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<Due>> {
    let now = now_ms();
    let mut stmt = conn.prepare_cached(
        "UPDATE webhook_deliveries SET status = 'sending' WHERE id IN \
         (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2) \
         RETURNING id, partner_id, mode, url, payload, attempts",
    )?;
    let rows = stmt.query_map(params![now, limit as i64], |r| {
        let mode: String = r.get(2)?;
        Ok(Due {
            id: r.get(0)?,
            partner_id: r.get(1)?,
            mode: if mode == "live" {
                Mode::Live
            } else {
                Mode::Test
            },
            url: r.get(3)?,
            payload: r.get(4)?,
            attempts: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// The soonest pending attempt time, if any.
pub(crate) fn next_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )
}

/// Records an attempt and the delivery's new state (`next` = when to retry, `None` = final).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    id: &str,
    attempt: i64,
    status_code: Option<u16>,
    error: Option<&str>,
    duration_ms: i64,
    succeeded: bool,
    next: Option<i64>,
) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, attempt, now_ms(), status_code, error, duration_ms],
    )?;
    let (status, next_at) = match (succeeded, next) {
        (true, _) => ("succeeded", now_ms()),
        (false, Some(at)) => ("pending", at),
        (false, None) => ("failed", now_ms()),
    };
    tx.execute(
        "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4 WHERE id = ?1",
        params![id, status, attempt, next_at],
    )?;
    tx.commit()
}

/// The tenant's most recent deliveries, newest first, with their attempts.
pub(crate) fn list(
    conn: &Connection,
    partner_id: &str,
    mode: Mode,
    limit: usize,
) -> rusqlite::Result<Vec<Delivery>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, event_type, url, status, next_attempt_at, created_at FROM webhook_deliveries \
         WHERE partner_id = ?1 AND mode = ?2 ORDER BY created_at DESC, id LIMIT ?3",
    )?;
    let mut out: Vec<Delivery> = stmt
        .query_map(params![partner_id, mode.as_str(), limit as i64], |r| {
            let status: String = r.get(4)?;
            let next: i64 = r.get(5)?;
            Ok(Delivery {
                id: r.get(0)?,
                event_id: r.get(1)?,
                event_type: r.get(2)?,
                url: r.get(3)?,
                next_attempt_at: (status == "pending").then(|| rfc3339(next)),
                status,
                attempts: Vec::new(),
                created_at: rfc3339(r.get(6)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut attempts = conn.prepare_cached(
        "SELECT attempt, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = ?1 ORDER BY attempt",
    )?;
    for d in &mut out {
        d.attempts = attempts
            .query_map([&d.id], |r| {
                Ok(Attempt {
                    attempt: r.get(0)?,
                    at: rfc3339(r.get(1)?),
                    status_code: r.get(2)?,
                    error: r.get(3)?,
                    duration_ms: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

/// The partner's signing secret for a delivery's mode (read at send time, so rotation applies).
pub(crate) fn secret(
    conn: &Connection,
    partner_id: &str,
    mode: Mode,
) -> rusqlite::Result<Option<String>> {
    Ok(super::tenants::webhook(conn, partner_id, mode)?.map(|(_, s)| s))
}

#[allow(dead_code)]
pub(crate) fn status(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT status FROM webhook_deliveries WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
}
