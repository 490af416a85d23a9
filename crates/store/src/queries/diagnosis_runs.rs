//! `diagnosis_runs`: each engine run with its input, result and timing.

use rusqlite::{params, Connection};

use crate::{CaseId, DiagnosisRun, StoreError};

pub(crate) fn insert(
    conn: &Connection,
    case: CaseId,
    run: &DiagnosisRun,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO diagnosis_runs (case_id, input_json, result_json, engine_version, duration_ms, \
         top_cause, confidence, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            case.0,
            serde_json::to_string(&run.input)?,
            serde_json::to_string(&run.result)?,
            run.engine_version,
            run.duration_ms,
            run.top_cause,
            run.confidence,
            run.created_at,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<DiagnosisRun>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, input_json, result_json, engine_version, duration_ms, top_cause, confidence, \
         created_at FROM diagnosis_runs WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, f64>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<f64>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(
                id,
                input,
                result,
                engine_version,
                duration_ms,
                top_cause,
                confidence,
                created_at,
            )| {
                Ok(DiagnosisRun {
                    id,
                    input: serde_json::from_str(&input)?,
                    result: serde_json::from_str(&result)?,
                    engine_version,
                    duration_ms,
                    top_cause,
                    confidence,
                    created_at,
                })
            },
        )
        .collect()
}

/// `(runs, top cause of the latest)` for listings.
pub(crate) fn summary(
    conn: &Connection,
    case: CaseId,
) -> Result<(u32, Option<String>), StoreError> {
    Ok(conn.query_row(
        "SELECT count(*), (SELECT top_cause FROM diagnosis_runs WHERE case_id = ?1 ORDER BY id DESC LIMIT 1) \
         FROM diagnosis_runs WHERE case_id = ?1",
        [case.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
