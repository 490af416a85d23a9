//! `test_results`: the latest result per plan step.

use rusqlite::{params, Connection, OptionalExtension};

use super::{outcome, outcome_str};
use crate::{CaseId, StoreError, TestRecord};

/// Inserts or replaces the result for `t.step_id`.
pub(crate) fn upsert(conn: &Connection, case: CaseId, t: &TestRecord) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO test_results (case_id, step_id, outcome, note, recorded_at, recorded_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (case_id, step_id) DO UPDATE SET outcome = excluded.outcome, \
         note = excluded.note, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        params![
            case.0,
            t.step_id,
            outcome_str(t.outcome),
            t.note,
            t.recorded_at,
            t.recorded_by
        ],
    )?;
    Ok(())
}

type Raw = (String, String, Option<String>, String, String);

fn decode((step_id, o, note, recorded_at, recorded_by): Raw) -> Result<TestRecord, StoreError> {
    Ok(TestRecord {
        step_id,
        outcome: outcome(&o)?,
        note,
        recorded_at,
        recorded_by,
    })
}

pub(crate) fn get(
    conn: &Connection,
    case: CaseId,
    step: &str,
) -> Result<Option<TestRecord>, StoreError> {
    let raw: Option<Raw> = conn
        .query_row(
            "SELECT step_id, outcome, note, recorded_at, recorded_by FROM test_results \
             WHERE case_id = ?1 AND step_id = ?2",
            params![case.0, step],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    raw.map(decode).transpose()
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<TestRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT step_id, outcome, note, recorded_at, recorded_by FROM test_results \
         WHERE case_id = ?1 ORDER BY id",
    )?;
    let raws = stmt
        .query_map([case.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<Vec<Raw>, _>>()?;
    raws.into_iter().map(decode).collect()
}
