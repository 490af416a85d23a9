//! `module_scans`: all-module scans kept with a case.

use rusqlite::{params, Connection};

use crate::{CaseId, NewModuleScan, StoreError, StoredModuleScan};

pub(crate) fn insert(
    conn: &Connection,
    case: CaseId,
    s: &NewModuleScan,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO module_scans (case_id, taken_at, adapter, modules, active_codes, complete, scan_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            case.0,
            now,
            s.adapter,
            s.modules,
            s.active_codes,
            s.complete,
            serde_json::to_string(&s.scan)?
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<StoredModuleScan>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, taken_at, adapter, modules, active_codes, complete, scan_json \
         FROM module_scans WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, taken_at, adapter, modules, active_codes, complete, json)| {
                let scan = serde_json::from_str(&json).map_err(|e| {
                    StoreError::Corrupt(format!("module scan {id}: its JSON does not parse: {e}"))
                })?;
                Ok(StoredModuleScan {
                    id,
                    case_id: case,
                    taken_at,
                    scan: NewModuleScan {
                        adapter,
                        modules,
                        active_codes,
                        complete,
                        scan,
                    },
                })
            },
        )
        .collect()
}
