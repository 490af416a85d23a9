//! Cases and diagnoses, always scoped to (partner, mode): another tenant's id
//! is simply not found.

use rusqlite::{params, Connection, OptionalExtension};

use crate::tables::Mode;
use crate::util::now_ms;

/// A stored diagnosis row.
#[derive(Debug, Clone)]
pub(crate) struct DiagnosisRow {
    pub id: String,
    pub case_id: String,
    pub status: String,
    pub stage: String,
    pub progress: f64,
    pub result: Option<String>,
    pub error: Option<String>,
    pub created_at: i64,
    pub completed_at: Option<i64>,
}

pub(crate) fn insert_case(
    conn: &Connection,
    id: &str,
    partner_id: &str,
    mode: Mode,
    input: &str,
) -> rusqlite::Result<i64> {
    let now = now_ms();
    conn.prepare_cached(
        "INSERT INTO cases (id, partner_id, mode, input, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, partner_id, mode.as_str(), input, now])?;
    Ok(now)
}

/// The case's input JSON and creation time, if the tenant owns it.
pub(crate) fn case(
    conn: &Connection,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> rusqlite::Result<Option<(String, i64)>> {
    conn.prepare_cached(
        "SELECT input, created_at FROM cases WHERE id = ?1 AND partner_id = ?2 AND mode = ?3",
    )?
    .query_row(params![id, partner_id, mode.as_str()], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// The input of a case by id alone (for workers).
pub(crate) fn case_input(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT input FROM cases WHERE id = ?1", [id], |r| r.get(0))
        .optional()
}

pub(crate) fn insert_diagnosis(
    conn: &Connection,
    id: &str,
    partner_id: &str,
    mode: Mode,
    case_id: &str,
) -> rusqlite::Result<i64> {
    let now = now_ms();
    conn.execute(
        "INSERT INTO diagnoses (id, partner_id, mode, case_id, status, stage, progress, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'processing', 'queued', 0.0, ?5)",
        params![id, partner_id, mode.as_str(), case_id, now],
    )?;
    Ok(now)
}

const DIAGNOSIS_COLUMNS: &str =
    "id, case_id, status, stage, progress, result, error, created_at, completed_at";

fn diagnosis_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DiagnosisRow> {
    Ok(DiagnosisRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        status: r.get(2)?,
        stage: r.get(3)?,
        progress: r.get(4)?,
        result: r.get(5)?,
        error: r.get(6)?,
        created_at: r.get(7)?,
        completed_at: r.get(8)?,
    })
}

pub(crate) fn diagnosis(
    conn: &Connection,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> rusqlite::Result<Option<DiagnosisRow>> {
    conn.prepare_cached(&format!(
        "SELECT {DIAGNOSIS_COLUMNS} FROM diagnoses WHERE id = ?1 AND partner_id = ?2 AND mode = ?3"
    ))?
    .query_row(params![id, partner_id, mode.as_str()], diagnosis_row)
    .optional()
}

/// Owner and row of a diagnosis by id alone (for workers).
pub(crate) fn diagnosis_for_worker(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<Option<(String, Mode, DiagnosisRow)>> {
    conn.query_row(
        &format!("SELECT partner_id, mode, {DIAGNOSIS_COLUMNS} FROM diagnoses d WHERE id = ?1")
            .replace(
                "SELECT partner_id, mode, id,",
                "SELECT partner_id, mode, d.id,",
            ),
        [id],
        |r| {
            let mode: String = r.get(1)?;
            let mode = if mode == "live" {
                Mode::Live
            } else {
                Mode::Test
            };
            let row = DiagnosisRow {
                id: r.get(2)?,
                case_id: r.get(3)?,
                status: r.get(4)?,
                stage: r.get(5)?,
                progress: r.get(6)?,
                result: r.get(7)?,
                error: r.get(8)?,
                created_at: r.get(9)?,
                completed_at: r.get(10)?,
            };
            Ok((r.get(0)?, mode, row))
        },
    )
    .optional()
}

pub(crate) fn set_stage(
    conn: &Connection,
    id: &str,
    stage: &str,
    progress: f64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE diagnoses SET stage = ?2, progress = ?3 WHERE id = ?1 AND status = 'processing'",
        params![id, stage, progress],
    )?;
    Ok(())
}

pub(crate) fn complete(conn: &Connection, id: &str, result: &str) -> rusqlite::Result<i64> {
    let now = now_ms();
    conn.execute(
        "UPDATE diagnoses SET status = 'complete', stage = 'complete', progress = 1.0, result = ?2, completed_at = ?3 WHERE id = ?1",
        params![id, result, now],
    )?;
    Ok(now)
}

pub(crate) fn fail(conn: &Connection, id: &str, error: &str) -> rusqlite::Result<i64> {
    let now = now_ms();
    conn.execute(
        "UPDATE diagnoses SET status = 'failed', stage = 'failed', error = ?2, completed_at = ?3 WHERE id = ?1",
        params![id, error, now],
    )?;
    Ok(now)
}
