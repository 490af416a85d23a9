//! `live_snapshots` and their `live_readings`.

use rusqlite::{params, Connection};

use crate::{CaseId, LiveSnapshot, Reading, ReadingSource, StoreError};

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
    let mut stmt = conn.prepare_cached(
        "INSERT INTO live_readings (snapshot_id, position, name, value, text, unit) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, v) in s.readings.iter().enumerate() {
        stmt.execute(params![id, i as i64, v.name, v.value, v.text, v.unit])?;
    }
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
    let mut readings = conn.prepare_cached(
        "SELECT name, value, text, unit FROM live_readings WHERE snapshot_id = ?1 ORDER BY position",
    )?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, taken_at, source, label) in heads {
        let source = match source.as_str() {
            "obd" => ReadingSource::Obd,
            "manual" => ReadingSource::Manual,
            other => return Err(StoreError::Corrupt(format!("snapshot source '{other}'"))),
        };
        let rs = readings
            .query_map([id], |r| {
                Ok(Reading {
                    name: r.get(0)?,
                    value: r.get(1)?,
                    text: r.get(2)?,
                    unit: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        out.push(LiveSnapshot {
            taken_at: Some(taken_at),
            source,
            label,
            readings: rs,
        });
    }
    Ok(out)
}
