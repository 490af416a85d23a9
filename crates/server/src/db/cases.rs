//! Cases and diagnoses, always scoped to (partner, mode): another tenant's id
//! is simply not found.

use super::sql::{args, Row, Sql};
use crate::tables::Mode;
use crate::util::now_ms;
use crate::Error;

/// A stored diagnosis row.
#[derive(Debug, Clone)]
pub(crate) struct DiagnosisRow {
    pub id: String,
    pub case_id: String,
    pub status: String,
    pub stage: String,
    pub progress: f64,
    pub result: Option<String>,
    /// The bulletins document (JSON), once complete.
    pub bulletins: Option<String>,
    pub error: Option<String>,
    pub created_at: i64,
    pub completed_at: Option<i64>,
}

pub(crate) fn insert_case(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
    input: &str,
) -> Result<i64, Error> {
    let now = now_ms();
    db.exec(
        "INSERT INTO cases (id, partner_id, mode, input, created_at) VALUES ($1, $2, $3, $4, $5)",
        args![id, partner_id, mode, input, now],
    )?;
    Ok(now)
}

/// The case's input JSON and creation time, if the tenant owns it.
pub(crate) fn case(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<(String, i64)>, Error> {
    db.row(
        "SELECT input, created_at FROM cases WHERE id = $1 AND partner_id = $2 AND mode = $3",
        args![id, partner_id, mode],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}

/// The input of a case by id alone (for workers).
pub(crate) fn case_input(db: &mut dyn Sql, id: &str) -> Result<Option<String>, Error> {
    db.row("SELECT input FROM cases WHERE id = $1", args![id])?
        .map(|r| r.get(0))
        .transpose()
}

pub(crate) fn insert_diagnosis(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
    case_id: &str,
) -> Result<i64, Error> {
    let now = now_ms();
    db.exec(
        "INSERT INTO diagnoses (id, partner_id, mode, case_id, status, stage, progress, created_at) \
         VALUES ($1, $2, $3, $4, 'processing', 'queued', 0.0, $5)",
        args![id, partner_id, mode, case_id, now],
    )?;
    Ok(now)
}

const DIAGNOSIS_COLUMNS: &str =
    "id, case_id, status, stage, progress, result, error, created_at, completed_at, bulletins";

/// A diagnosis row from [`DIAGNOSIS_COLUMNS`] starting at column `at`.
fn diagnosis_row(r: &Row, at: usize) -> Result<DiagnosisRow, Error> {
    Ok(DiagnosisRow {
        id: r.get(at)?,
        case_id: r.get(at + 1)?,
        status: r.get(at + 2)?,
        stage: r.get(at + 3)?,
        progress: r.get(at + 4)?,
        result: r.get(at + 5)?,
        error: r.get(at + 6)?,
        created_at: r.get(at + 7)?,
        completed_at: r.get(at + 8)?,
        bulletins: r.get(at + 9)?,
    })
}

pub(crate) fn diagnosis(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<DiagnosisRow>, Error> {
    db.row(
        &format!(
            "SELECT {DIAGNOSIS_COLUMNS} FROM diagnoses WHERE id = $1 AND partner_id = $2 AND mode = $3"
        ),
        args![id, partner_id, mode],
    )?
    .map(|r| diagnosis_row(&r, 0))
    .transpose()
}

/// Owner and row of a diagnosis by id alone (for workers).
pub(crate) fn diagnosis_for_worker(
    db: &mut dyn Sql,
    id: &str,
) -> Result<Option<(String, Mode, DiagnosisRow)>, Error> {
    db.row(
        &format!("SELECT partner_id, mode, {DIAGNOSIS_COLUMNS} FROM diagnoses WHERE id = $1"),
        args![id],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?, diagnosis_row(&r, 2)?)))
    .transpose()
}

/// Stores the result of a diagnosis still processing; `None` when it was
/// already finished (by another process that held the job before).
/// Marks a diagnosis complete with its result and bulletins (both JSON);
/// `None` when it was no longer processing.
pub(crate) fn complete(
    db: &mut dyn Sql,
    id: &str,
    result: &str,
    bulletins: &str,
) -> Result<Option<i64>, Error> {
    let now = now_ms();
    let changed = db.exec(
        "UPDATE diagnoses SET status = 'complete', stage = 'complete', progress = 1.0, result = $2, \
         bulletins = $4, completed_at = $3 WHERE id = $1 AND status = 'processing'",
        args![id, result, now, bulletins],
    )?;
    Ok((changed == 1).then_some(now))
}

pub(crate) fn fail(db: &mut dyn Sql, id: &str, error: &str) -> Result<i64, Error> {
    let now = now_ms();
    db.exec(
        "UPDATE diagnoses SET status = 'failed', stage = 'failed', error = $2, completed_at = $3 WHERE id = $1",
        args![id, error, now],
    )?;
    Ok(now)
}
