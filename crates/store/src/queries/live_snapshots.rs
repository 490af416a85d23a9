//! `live_snapshots` and their `live_readings`.

use rusqlite::{params, Connection};

use super::readings::LIVE_READINGS;
use crate::{CaseId, LiveSnapshot, ReadingSource, StoreError};

pub(crate) fn insert(
    conn: &Connection,
    case: CaseId,
    s: &LiveSnapshot,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO live_snapshots (case_id, taken_at, source, label) VALUES (?1, ?2, ?3, ?4)",
        params![
            case.0,
            s.taken_at.as_deref().unwrap_or(now),
            s.source.as_str(),
            s.label
        ],
    )?;
    let id = conn.last_insert_rowid();
    LIVE_READINGS.insert(conn, id, &s.readings)?;
    Ok(id)
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<LiveSnapshot>, StoreError> {
    let mut snaps = conn.prepare_cached(
        "SELECT id, taken_at, source, label FROM live_snapshots WHERE case_id = ?1 ORDER BY id",
    )?;
    let heads = snaps
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, taken_at, source, label) in heads {
        let source = match source.as_str() {
            "obd" => ReadingSource::Obd,
            "manual" => ReadingSource::Manual,
            other => return Err(StoreError::Corrupt(format!("snapshot source '{other}'"))),
        };
        out.push(LiveSnapshot {
            taken_at: Some(taken_at),
            source,
            label,
            readings: LIVE_READINGS.list(conn, id)?,
        });
    }
    Ok(out)
}
