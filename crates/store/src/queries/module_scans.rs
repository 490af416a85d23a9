//! `module_scans` and `estimate_scans`: all-module scans kept with a case, or
//! saved to an estimate as its pre- or post-repair scan. Both tables hold the
//! same columns after their owner's; one row reader serves both.

use rusqlite::{params, Connection, Row};

use shopbench_estimate::ScanStage;

use crate::{CaseId, EstimateId, NewModuleScan, StoreError, StoredEstimateScan, StoredModuleScan};

/// The columns both tables share, in this order, after `id` and the owner's.
const SCAN_COLUMNS: &str = "taken_at, adapter, modules, active_codes, complete, scan_json";

pub(crate) fn insert(
    conn: &Connection,
    case: CaseId,
    s: &NewModuleScan,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        &format!("INSERT INTO module_scans (case_id, {SCAN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![case.0, now, s.adapter, s.modules, s.active_codes, s.complete, serde_json::to_string(&s.scan)?],
    )?;
    Ok(conn.last_insert_rowid())
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
        &format!("INSERT INTO estimate_scans (estimate_id, stage, {SCAN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![estimate.0, stage.as_str(), now, s.adapter, s.modules, s.active_codes, s.complete, serde_json::to_string(&s.scan)?],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A row's shared columns from `at` on: when it was taken, and the scan.
type ScanRow = (String, NewModuleScan);

/// Reads [`SCAN_COLUMNS`] starting at column `at`; a scan whose JSON does not parse is
/// reported as corrupt, naming `what`.
fn scan_row(r: &Row<'_>, at: usize, what: &str) -> rusqlite::Result<Result<ScanRow, StoreError>> {
    let json: String = r.get(at + 5)?;
    let scan = match serde_json::from_str(&json) {
        Ok(v) => v,
        Err(e) => {
            return Ok(Err(StoreError::Corrupt(format!(
                "{what}: its JSON does not parse: {e}"
            ))))
        }
    };
    Ok(Ok((
        r.get(at)?,
        NewModuleScan {
            adapter: r.get(at + 1)?,
            modules: r.get(at + 2)?,
            active_codes: r.get(at + 3)?,
            complete: r.get(at + 4)?,
            scan,
        },
    )))
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<StoredModuleScan>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, {SCAN_COLUMNS} FROM module_scans WHERE case_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([case.0], |r| {
            let id: i64 = r.get(0)?;
            Ok(
                scan_row(r, 1, &format!("module scan {id}"))?.map(|(taken_at, scan)| {
                    StoredModuleScan {
                        id,
                        case_id: case,
                        taken_at,
                        scan,
                    }
                }),
            )
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().collect()
}

/// An estimate's scans, oldest first.
pub(crate) fn of_estimate(
    conn: &Connection,
    estimate: EstimateId,
) -> Result<Vec<StoredEstimateScan>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, stage, {SCAN_COLUMNS} FROM estimate_scans WHERE estimate_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([estimate.0], |r| {
            let (id, stage): (i64, String) = (r.get(0)?, r.get(1)?);
            let what = format!("estimate scan {id}");
            Ok(scan_row(r, 2, &what)?.and_then(|(taken_at, scan)| {
                Ok(StoredEstimateScan {
                    id,
                    stage: stage
                        .parse()
                        .map_err(|e: String| StoreError::Corrupt(format!("{what}: {e}")))?,
                    taken_at,
                    scan,
                })
            }))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().collect()
}
