//! `history`: append-only (triggers abort UPDATE and DELETE).

use rusqlite::{params, Connection};

use crate::{CaseId, HistoryEntry, StoreError};

pub(crate) fn append(
    conn: &Connection,
    case: CaseId,
    at: &str,
    actor: &str,
    action: &str,
    old: Option<&serde_json::Value>,
    new: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO history (case_id, at, actor, action, old_json, new_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            case.0,
            at,
            actor,
            action,
            old.map(serde_json::to_string).transpose()?,
            new.map(serde_json::to_string).transpose()?,
        ],
    )?;
    Ok(())
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, old_json, new_json FROM history WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, at, actor, action, old, new)| {
            Ok(HistoryEntry {
                id,
                at,
                actor,
                action,
                old: old.as_deref().map(serde_json::from_str).transpose()?,
                new: new.as_deref().map(serde_json::from_str).transpose()?,
            })
        })
        .collect()
}
