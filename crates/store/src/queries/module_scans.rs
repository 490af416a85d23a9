//! `module_scans` and `estimate_scans`: all-module scans kept with a case, or
//! saved to an estimate as its pre- or post-repair scan.

use rusqlite::{params, Connection};

use shopbench_estimate::ScanStage;

use crate::{CaseId, EstimateId, NewModuleScan, StoreError, StoredEstimateScan, StoredModuleScan};

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

/// Saves a scan as an estimate's pre- or post-repair scan; returns its id.
pub(crate) fn insert_for_estimate(
    conn: &Connection,
    estimate: EstimateId,
    stage: ScanStage,
    s: &NewModuleScan,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO estimate_scans (estimate_id, stage, taken_at, adapter, modules, active_codes, complete, scan_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            estimate.0,
            stage.as_str(),
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

/// An estimate's scans, oldest first.
pub(crate) fn of_estimate(
    conn: &Connection,
    estimate: EstimateId,
) -> Result<Vec<StoredEstimateScan>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, stage, taken_at, adapter, modules, active_codes, complete, scan_json \
         FROM estimate_scans WHERE estimate_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([estimate.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, stage, taken_at, (adapter, modules, active_codes, complete), json)| {
                let corrupt =
                    |what: String| StoreError::Corrupt(format!("estimate scan {id}: {what}"));
                Ok(StoredEstimateScan {
                    id,
                    stage: stage.parse().map_err(corrupt)?,
                    taken_at,
                    scan: NewModuleScan {
                        adapter,
                        modules,
                        active_codes,
                        complete,
                        scan: serde_json::from_str(&json)
                            .map_err(|e| corrupt(format!("its JSON does not parse: {e}")))?,
                    },
                })
            },
        )
        .collect()
}
