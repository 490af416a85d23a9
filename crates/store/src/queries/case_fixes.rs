//! `case_fixes` and `shared_fixes`: confirmed fixes, the shop's own and
//! those other shops shared.

use rusqlite::{params, Connection, OptionalExtension, Row};
use shopbench_diagnosis::ConfirmedFix;

use crate::{CaseFix, CaseId, StoreError};

/// Inserts or replaces the fix of case `case`.
pub(crate) fn upsert(conn: &Connection, case: CaseId, f: &CaseFix) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO case_fixes (case_id, fixed_by, cause_id, parts, labor_hours, cost_cents, \
         closed_at, closed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (case_id) DO UPDATE SET fixed_by = excluded.fixed_by, \
         cause_id = excluded.cause_id, parts = excluded.parts, \
         labor_hours = excluded.labor_hours, cost_cents = excluded.cost_cents, \
         closed_at = excluded.closed_at, closed_by = excluded.closed_by",
        params![
            case.0,
            f.fixed_by,
            f.cause_id,
            f.parts,
            f.labor_hours,
            f.cost_cents.map(|c| c as i64),
            f.closed_at,
            f.closed_by
        ],
    )?;
    Ok(())
}

fn decode(r: &Row<'_>) -> rusqlite::Result<CaseFix> {
    Ok(CaseFix {
        fixed_by: r.get(0)?,
        cause_id: r.get(1)?,
        parts: r.get(2)?,
        labor_hours: r.get(3)?,
        cost_cents: r.get::<_, Option<i64>>(4)?.map(|c| c.max(0) as u64),
        closed_at: r.get(5)?,
        closed_by: r.get(6)?,
    })
}

/// The fix case `case` was closed with, if it was.
pub(crate) fn get(conn: &Connection, case: CaseId) -> Result<Option<CaseFix>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT fixed_by, cause_id, parts, labor_hours, cost_cents, closed_at, closed_by \
             FROM case_fixes WHERE case_id = ?1",
            params![case.0],
            decode,
        )
        .optional()?)
}

/// The shop's closed cases whose fix maps to a cause and whose make is
/// known, oldest closing first, as the engine reads them (`case 12`).
pub(crate) fn own(
    conn: &Connection,
    except: Option<CaseId>,
) -> Result<Vec<ConfirmedFix>, StoreError> {
    read_fixes(
        conn,
        "SELECT 'case ' || c.id, c.make, coalesce(c.model, ''), c.year, \
         (SELECT coalesce(json_group_array(d.code), '[]') FROM case_dtcs d WHERE d.case_id = c.id), \
         f.cause_id \
         FROM case_fixes f JOIN cases c ON c.id = f.case_id \
         WHERE f.cause_id IS NOT NULL AND coalesce(c.make, '') <> '' AND c.id IS NOT ?1 \
         ORDER BY f.closed_at, c.id",
        params![except.map(|id| id.0)],
    )
}

/// Runs a query whose rows are (case reference, make, model, year, codes as
/// a JSON array, cause) and reads them as fixes.
fn read_fixes(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<ConfirmedFix>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| {
        Ok((
            ConfirmedFix {
                case_ref: r.get(0)?,
                make: r.get(1)?,
                model: r.get(2)?,
                year: r.get(3)?,
                codes: Vec::new(),
                cause: r.get(5)?,
            },
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (fix, codes) = row?;
        Ok(ConfirmedFix {
            codes: serde_json::from_str(&codes)?,
            ..fix
        })
    })
    .collect()
}

/// Adds another shop's fixes; one already imported (same shop and case
/// reference) is replaced by the file's newer version — a case the shop
/// closed again with another cause must not keep teaching the old one.
/// Returns (new, replaced).
pub(crate) fn upsert_shared(
    conn: &Connection,
    shop: &str,
    fixes: &[ConfirmedFix],
    now: &str,
) -> Result<(usize, usize), StoreError> {
    let mut known =
        conn.prepare_cached("SELECT count(*) FROM shared_fixes WHERE shop = ?1 AND case_ref = ?2")?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO shared_fixes (shop, case_ref, make, model, year, codes_json, cause_id, \
         imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (shop, case_ref) DO UPDATE SET make = excluded.make, \
         model = excluded.model, year = excluded.year, codes_json = excluded.codes_json, \
         cause_id = excluded.cause_id, imported_at = excluded.imported_at",
    )?;
    let (mut added, mut replaced) = (0, 0);
    for f in fixes {
        let there: i64 = known.query_row(params![shop, f.case_ref], |r| r.get(0))?;
        stmt.execute(params![
            shop,
            f.case_ref,
            f.make,
            f.model,
            f.year,
            serde_json::to_string(&f.codes)?,
            f.cause,
            now
        ])?;
        match there {
            0 => added += 1,
            _ => replaced += 1,
        }
    }
    Ok((added, replaced))
}

/// The fixes other shops shared, in import order, each cited as
/// `<shop> <case>`.
pub(crate) fn shared(conn: &Connection) -> Result<Vec<ConfirmedFix>, StoreError> {
    read_fixes(
        conn,
        "SELECT shop || ' ' || case_ref, make, model, year, codes_json, cause_id \
         FROM shared_fixes ORDER BY id",
        [],
    )
}
