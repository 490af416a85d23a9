//! Rate-limit counts kept in the database, so that every process serving a
//! partner counts the same requests: each key's requests in the last minute,
//! counted per second (at most 60 rows a key, pruned as they age — one row
//! per request made every check scan the whole minute, which at thousands of
//! requests a minute cost more than the request), and each partner and mode's
//! count in the current UTC hour and day (one row per window, reset when a
//! new window starts). Read and written in one transaction under the partner's
//! lock, so two processes cannot both take the last request of a window.

use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::Error;

/// Which request is being counted, and the windows it falls in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub key_id: &'a str,
    pub partner_id: &'a str,
    pub mode: Mode,
    pub now: i64,
    pub hour_start: i64,
    pub day_start: i64,
}

/// What the windows hold before this request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// The key's requests in the last minute.
    pub minute: u32,
    /// When the oldest of them was made (ms, to the second).
    pub minute_oldest: Option<i64>,
    /// The partner and mode's requests this UTC hour.
    pub hour: u32,
    /// … and this UTC day.
    pub day: u32,
}

/// How long a key's request counts against its minute.
pub(crate) const MINUTE_MS: i64 = 60_000;

/// Reads the counts (call inside a transaction; takes the partner's lock).
/// One statement after the lock: on PostgreSQL every statement is a round
/// trip, and this runs for every request.
pub(crate) fn counts(db: &mut dyn Sql, s: &Scope<'_>) -> Result<Counts, Error> {
    db.lock_partner(s.partner_id)?;
    let since = s.now.div_euclid(1000) - MINUTE_MS / 1000;
    let row = db.row(
        "SELECT \
           (SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM rate_seconds WHERE key_id = $1 AND second > $2), \
           (SELECT MIN(second) FROM rate_seconds WHERE key_id = $1 AND second > $2), \
           (SELECT count FROM rate_windows WHERE partner_id = $3 AND mode = $4 AND span = 'hour' AND start = $5), \
           (SELECT count FROM rate_windows WHERE partner_id = $3 AND mode = $4 AND span = 'day' AND start = $6)",
        args![s.key_id, since, s.partner_id, s.mode, s.hour_start, s.day_start],
    )?;
    let Some(r) = row else {
        return Ok(Counts::default());
    };
    let count = |i| -> Result<u32, Error> {
        Ok(u32::try_from(r.get::<Option<i64>>(i)?.unwrap_or(0)).unwrap_or(u32::MAX))
    };
    Ok(Counts {
        minute: count(0)?,
        minute_oldest: r.get::<Option<i64>>(1)?.map(|sec| sec * 1000),
        hour: count(2)?,
        day: count(3)?,
    })
}

/// Counts this request in all three windows (same transaction as [`counts`]).
pub(crate) fn count(db: &mut dyn Sql, s: &Scope<'_>) -> Result<(), Error> {
    db.exec(
        "INSERT INTO rate_seconds (key_id, second, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key_id, second) DO UPDATE SET count = rate_seconds.count + 1",
        args![s.key_id, s.now.div_euclid(1000)],
    )?;
    db.exec(
        "INSERT INTO rate_windows (partner_id, mode, span, start, count) \
         VALUES ($1, $2, 'hour', $3, 1), ($1, $2, 'day', $4, 1) \
         ON CONFLICT (partner_id, mode, span) DO UPDATE SET \
           count = CASE WHEN rate_windows.start = excluded.start THEN rate_windows.count + 1 ELSE 1 END, \
           start = excluded.start",
        args![s.partner_id, s.mode, s.hour_start, s.day_start],
    )?;
    Ok(())
}

/// Forgets requests older than a minute for every key (keys that stopped
/// calling leave their last minute behind otherwise).
pub(crate) fn prune(db: &mut dyn Sql, now: i64) -> Result<u64, Error> {
    db.exec(
        "DELETE FROM rate_seconds WHERE second <= $1",
        args![(now - MINUTE_MS).div_euclid(1000)],
    )
}
