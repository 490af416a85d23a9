//! `freeze_frames` and their `freeze_frame_values`.

use rusqlite::{params, Connection};

use super::{dtc, opt_text};
use crate::{CaseId, FreezeFrame, Reading, StoreError};

pub(crate) fn insert(conn: &Connection, case: CaseId, ff: &FreezeFrame) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO freeze_frames (case_id, ecu, frame, dtc) VALUES (?1, ?2, ?3, ?4)",
        params![
            case.0,
            ff.ecu.as_deref().unwrap_or(""),
            ff.frame,
            ff.dtc.map(|d| d.to_string())
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO freeze_frame_values (freeze_frame_id, position, name, value, text, unit) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, v) in ff.values.iter().enumerate() {
        stmt.execute(params![id, i as i64, v.name, v.value, v.text, v.unit])?;
    }
    Ok(id)
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<FreezeFrame>, StoreError> {
    let mut frames = conn.prepare_cached(
        "SELECT id, ecu, frame, dtc FROM freeze_frames WHERE case_id = ?1 ORDER BY id",
    )?;
    let heads = frames
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u8>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut values = conn.prepare_cached(
        "SELECT name, value, text, unit FROM freeze_frame_values \
         WHERE freeze_frame_id = ?1 ORDER BY position",
    )?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, ecu, frame, code) in heads {
        let vals = values
            .query_map([id], |r| {
                Ok(Reading {
                    name: r.get(0)?,
                    value: r.get(1)?,
                    text: r.get(2)?,
                    unit: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        out.push(FreezeFrame {
            ecu: opt_text(ecu),
            frame,
            dtc: code.as_deref().map(dtc).transpose()?,
            values: vals,
        });
    }
    Ok(out)
}
