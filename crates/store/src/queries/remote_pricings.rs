//! `estimate_remote_pricings`: a server's pricings of an estimate (remote mode).

use rusqlite::{params, Connection};

use crate::{EstimateId, NewRemotePricing, RemotePricing, StoreError};

/// Inserts one pricing; its row id.
pub(crate) fn insert(
    conn: &Connection,
    estimate: EstimateId,
    p: &NewRemotePricing,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO estimate_remote_pricings \
         (estimate_id, priced_at, server, remote_id, credits_charged, sent_json, answer_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            estimate.0,
            now,
            p.server,
            p.remote_id,
            p.credits_charged,
            serde_json::to_string(&p.sent)?,
            serde_json::to_string(&p.answer)?
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The estimate's pricings, oldest first; a row whose JSON does not parse is corrupt.
pub(crate) fn of_estimate(
    conn: &Connection,
    estimate: EstimateId,
) -> Result<Vec<RemotePricing>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, priced_at, server, remote_id, credits_charged, sent_json, answer_json \
         FROM estimate_remote_pricings WHERE estimate_id = ?1 ORDER BY id",
    )?;
    // id, the credits, and the text columns in order.
    type Row = (i64, i64, [String; 5]);
    let rows: Vec<Row> = stmt
        .query_map([estimate.0], |r| {
            let text = |i| r.get::<_, String>(i);
            Ok((
                r.get(0)?,
                r.get(4)?,
                [text(1)?, text(2)?, text(3)?, text(5)?, text(6)?],
            ))
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(
            |(id, credits_charged, [priced_at, server, remote_id, sent, answer])| {
                let json = |text: &str| {
                    serde_json::from_str(text).map_err(|e| {
                        StoreError::Corrupt(format!(
                            "remote pricing {id}: its JSON does not parse: {e}"
                        ))
                    })
                };
                Ok(RemotePricing {
                    id,
                    priced_at,
                    pricing: NewRemotePricing {
                        server,
                        remote_id,
                        credits_charged,
                        sent: json(&sent)?,
                        answer: json(&answer)?,
                    },
                })
            },
        )
        .collect()
}
