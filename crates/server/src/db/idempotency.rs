//! Stored responses for `Idempotency-Key`.

use super::sql::{args, Sql};

use crate::tables::Mode;
use crate::util::now_ms;
use crate::Error;

/// A request that holds a key this long without finishing is taken as abandoned.
const ABANDONED_MS: i64 = 60_000;

/// What to do with a request carrying an idempotency key.
pub(crate) enum Begin {
    /// First use: run it (a placeholder now holds the key).
    Fresh,
    /// Already answered: replay this.
    Replay {
        status: u16,
        content_type: Option<String>,
        location: Option<String>,
        body: Vec<u8>,
    },
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InFlight,
}

/// What a stored response keeps besides its body: content type and Location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Headers {
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Location` (a `201`'s new object).
    pub location: Option<String>,
}

/// fingerprint, status, headers, body, created_at.
type Stored = (Vec<u8>, Option<u16>, Headers, Option<Vec<u8>>, i64);

/// Decides what to do with a keyed request; run it inside a transaction
/// ([`crate::db::Db::tx`]): the partner's lock makes two processes given the
/// same key at the same instant see one another.
pub(crate) fn begin(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    key: &str,
    fingerprint: &[u8],
) -> Result<Begin, Error> {
    db.lock_partner(partner_id)?;
    let row: Option<Stored> = db
        .row(
            "SELECT fingerprint, status, content_type, location, body, created_at FROM idempotency \
             WHERE partner_id = $1 AND mode = $2 AND key = $3",
            args![partner_id, mode, key],
        )?
        .map(|r| {
            let headers = Headers {
                content_type: r.get(2)?,
                location: r.get(3)?,
            };
            Ok::<_, Error>((r.get(0)?, r.get(1)?, headers, r.get(4)?, r.get(5)?))
        })
        .transpose()?;
    let now = now_ms();
    Ok(match row {
        Some((fp, _, _, _, _)) if fp != fingerprint => Begin::Mismatch,
        Some((_, Some(status), headers, body, _)) => Begin::Replay {
            status,
            content_type: headers.content_type,
            location: headers.location,
            body: body.unwrap_or_default(),
        },
        Some((_, None, _, _, created)) if now - created < ABANDONED_MS => Begin::InFlight,
        _ => {
            db.exec(
                "INSERT INTO idempotency (partner_id, mode, key, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (partner_id, mode, key) DO UPDATE SET created_at = excluded.created_at",
                args![partner_id, mode, key, fingerprint, now],
            )?;
            Begin::Fresh
        }
    })
}

pub(crate) fn store(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    key: &str,
    status: u16,
    headers: &Headers,
    body: &[u8],
) -> Result<(), Error> {
    db.exec(
        "UPDATE idempotency SET status = $4, content_type = $5, location = $6, body = $7 \
         WHERE partner_id = $1 AND mode = $2 AND key = $3",
        args![
            partner_id,
            mode,
            key,
            status,
            headers.content_type.as_deref(),
            headers.location.as_deref(),
            body
        ],
    )?;
    Ok(())
}

/// Frees a key whose request did not succeed, so it may be retried.
pub(crate) fn release(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    key: &str,
) -> Result<(), Error> {
    db.exec(
        "DELETE FROM idempotency WHERE partner_id = $1 AND mode = $2 AND key = $3 AND status IS NULL",
        args![partner_id, mode, key],
    )?;
    Ok(())
}
