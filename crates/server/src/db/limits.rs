//! Rate-limit counts kept in the database, so that every process serving a
//! partner counts the same requests: each key's requests in the last minute
//! (one row per request, pruned as it ages) and each partner and mode's count
//! in the current UTC hour and day (one row per window, reset when a new
//! window starts). Read and written in one transaction under the partner's
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
    /// When the oldest of them was made (ms).
    pub minute_oldest: Option<i64>,
    /// The partner and mode's requests this UTC hour.
    pub hour: u32,
    /// … and this UTC day.
    pub day: u32,
}

/// How long a key's request counts against its minute.
pub(crate) const MINUTE_MS: i64 = 60_000;

/// Reads the counts (call inside a transaction; takes the partner's lock).
pub(crate) fn counts(db: &mut dyn Sql, s: &Scope<'_>) -> Result<Counts, Error> {
    db.lock_partner(s.partner_id)?;
    db.exec(
        "DELETE FROM rate_hits WHERE key_id = $1 AND at <= $2",
        args![s.key_id, s.now - MINUTE_MS],
    )?;
    let mut c = Counts::default();
    if let Some(r) = db.row(
        "SELECT COUNT(*), MIN(at) FROM rate_hits WHERE key_id = $1",
        args![s.key_id],
    )? {
        c.minute = u32::try_from(r.get::<i64>(0)?).unwrap_or(u32::MAX);
        c.minute_oldest = r.get(1)?;
    }
    let windows = db.rows(
        "SELECT span, start, count FROM rate_windows WHERE partner_id = $1 AND mode = $2",
        args![s.partner_id, s.mode],
    )?;
    for r in windows {
        let (span, start, count): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        match span.as_str() {
            "hour" if start == s.hour_start => c.hour = count,
            "day" if start == s.day_start => c.day = count,
            _ => {}
        }
    }
    Ok(c)
}

/// Counts this request in all three windows (same transaction as [`counts`]).
pub(crate) fn count(db: &mut dyn Sql, s: &Scope<'_>) -> Result<(), Error> {
    db.exec(
        "INSERT INTO rate_hits (key_id, at) VALUES ($1, $2)",
        args![s.key_id, s.now],
    )?;
    for (span, start) in [("hour", s.hour_start), ("day", s.day_start)] {
        db.exec(
            "INSERT INTO rate_windows (partner_id, mode, span, start, count) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (partner_id, mode, span) DO UPDATE SET \
               count = CASE WHEN rate_windows.start = excluded.start THEN rate_windows.count + 1 ELSE 1 END, \
               start = excluded.start",
            args![s.partner_id, s.mode, span, start],
        )?;
    }
    Ok(())
}

/// Forgets requests older than a minute for every key (keys that stopped
/// calling leave their last minute behind otherwise).
pub(crate) fn prune(db: &mut dyn Sql, now: i64) -> Result<u64, Error> {
    db.exec(
        "DELETE FROM rate_hits WHERE at <= $1",
        args![now - MINUTE_MS],
    )
}
