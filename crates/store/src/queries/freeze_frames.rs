//! `freeze_frames` and their `freeze_frame_values`.

use rusqlite::{params, Connection};

use super::readings::FREEZE_FRAME_VALUES;
use super::{dtc, opt_text};
use crate::{CaseId, FreezeFrame, StoreError};

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
    FREEZE_FRAME_VALUES.insert(conn, id, &ff.values)?;
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
    let mut out = Vec::with_capacity(heads.len());
    for (id, ecu, frame, code) in heads {
        out.push(FreezeFrame {
            ecu: opt_text(ecu),
            frame,
            dtc: code.as_deref().map(dtc).transpose()?,
            values: FREEZE_FRAME_VALUES.list(conn, id)?,
        });
    }
    Ok(out)
}
