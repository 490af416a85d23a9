//! The append-only credit ledger (triggers forbid UPDATE and DELETE).
//!
//! A charge reads the balance and appends in one transaction. On SQLite
//! `BEGIN IMMEDIATE` admits one writer at a time; on PostgreSQL the charge
//! first takes the partner's row lock ([`Sql::lock_partner`]), so charges of
//! one partner from any number of processes queue one behind the other and
//! each sees the balance the previous one left. A row lock rather than
//! SERIALIZABLE: serializable transactions would make the losers fail with
//! serialization errors to be retried, while the lock simply makes them wait
//! a few milliseconds, and other partners are not held up at all.

use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::util::now_ms;
use crate::Error;

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

pub(crate) fn append(db: &mut dyn Sql, e: &Entry<'_>) -> Result<(), Error> {
    db.exec(
        "INSERT INTO ledger (partner_id, mode, amount, kind, operation, reference, request_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![
            e.partner_id,
            e.mode,
            e.amount,
            e.kind,
            e.operation,
            e.reference,
            e.request_id,
            now_ms()
        ],
    )?;
    Ok(())
}

/// The balance: the sum of every entry.
pub(crate) fn balance(db: &mut dyn Sql, partner_id: &str, mode: Mode) -> Result<i64, Error> {
    db.row(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger WHERE partner_id = $1 AND mode = $2",
        args![partner_id, mode],
    )?
    .map_or(Ok(0), |r| r.get(0))
}

/// Billable calls and credits spent since `since_ms` (net of refunds).
pub(crate) fn usage_since(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    since_ms: i64,
) -> Result<(i64, i64), Error> {
    let row = db.row(
        "SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'charge' THEN 1 WHEN kind = 'refund' THEN -1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(-SUM(CASE WHEN kind IN ('charge', 'refund') THEN amount ELSE 0 END), 0) AS BIGINT) \
         FROM ledger WHERE partner_id = $1 AND mode = $2 AND created_at >= $3",
        args![partner_id, mode, since_ms],
    )?;
    row.map_or(Ok((0, 0)), |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Charges `price` credits inside the caller's transaction if the balance
/// covers it; `Err(balance)` when it does not (nothing is written).
pub(crate) fn charge(db: &mut dyn Sql, e: &Entry<'_>) -> Result<Result<i64, i64>, Error> {
    db.lock_partner(e.partner_id)?;
    let balance = balance(db, e.partner_id, e.mode)?;
    let price = -e.amount;
    if price > 0 && balance < price {
        return Ok(Err(balance));
    }
    if price > 0 {
        append(db, e)?;
    }
    Ok(Ok(balance - price))
}
