//! The append-only credit ledger (triggers forbid UPDATE and DELETE).

use rusqlite::{params, Connection};

use crate::tables::Mode;
use crate::util::now_ms;

/// One ledger entry to append.
pub(crate) struct Entry<'a> {
    pub partner_id: &'a str,
    pub mode: Mode,
    pub amount: i64,
    pub kind: &'static str,
    pub operation: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

pub(crate) fn append(conn: &Connection, e: &Entry<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ledger (partner_id, mode, amount, kind, operation, reference, request_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.partner_id,
        e.mode.as_str(),
        e.amount,
        e.kind,
        e.operation,
        e.reference,
        e.request_id,
        now_ms()
    ])?;
    Ok(())
}

/// The balance: the sum of every entry.
pub(crate) fn balance(conn: &Connection, partner_id: &str, mode: Mode) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE partner_id = ?1 AND mode = ?2",
    )?
    .query_row(params![partner_id, mode.as_str()], |r| r.get(0))
}

/// Billable calls and credits spent since `since_ms` (net of refunds).
pub(crate) fn usage_since(
    conn: &Connection,
    partner_id: &str,
    mode: Mode,
    since_ms: i64,
) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT COALESCE(SUM(CASE WHEN kind = 'charge' THEN 1 WHEN kind = 'refund' THEN -1 ELSE 0 END), 0), \
                COALESCE(-SUM(CASE WHEN kind IN ('charge', 'refund') THEN amount ELSE 0 END), 0) \
         FROM ledger WHERE partner_id = ?1 AND mode = ?2 AND created_at >= ?3",
        params![partner_id, mode.as_str(), since_ms],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Charges `price` credits inside the caller's transaction if the balance
/// covers it; `Err(balance)` when it does not (nothing is written).
pub(crate) fn charge(conn: &Connection, e: &Entry<'_>) -> rusqlite::Result<Result<i64, i64>> {
    let balance = balance(conn, e.partner_id, e.mode)?;
    let price = -e.amount;
    if price > 0 && balance < price {
        return Ok(Err(balance));
    }
    if price > 0 {
        append(conn, e)?;
    }
    Ok(Ok(balance - price))
}
