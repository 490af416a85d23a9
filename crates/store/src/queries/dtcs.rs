//! `case_dtcs`: the trouble codes of a case.

use rusqlite::{params, Connection};

use super::{dtc, dtc_status, dtc_status_str, opt_text};
use crate::{CaseDtc, CaseId, StoreError};

/// Adds a code; returns false when the case already has it with this status and ECU.
pub(crate) fn insert(conn: &Connection, case: CaseId, d: &CaseDtc) -> Result<bool, StoreError> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO case_dtcs (case_id, code, status, ecu) VALUES (?1, ?2, ?3, ?4)",
        params![
            case.0,
            d.code.to_string(),
            dtc_status_str(d.status),
            d.ecu.as_deref().unwrap_or("")
        ],
    )?;
    Ok(n == 1)
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<CaseDtc>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT code, status, ecu FROM case_dtcs WHERE case_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([case.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(code, status, ecu)| {
            Ok(CaseDtc {
                code: dtc(&code)?,
                status: dtc_status(&status)?,
                ecu: opt_text(ecu),
            })
        })
        .collect()
}

/// Removes every entry of `code`; returns how many there were.
pub(crate) fn delete_code(
    conn: &Connection,
    case: CaseId,
    code: &str,
) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM case_dtcs WHERE case_id = ?1 AND code = ?2",
        params![case.0, code],
    )?)
}
