//! Confirmed fixes (migration 0007 on SQLite, 0004 on PostgreSQL): a case
//! closed with what fixed the car, and the tenant's fixes a diagnosis learns
//! from. Always scoped to (partner, mode).

use shopbench_app::fixes::CaseFix;
use shopbench_diagnosis::{CaseInput, ConfirmedFix};

use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::util::now_ms;
use crate::Error;

/// A fix as the partner sent it, the cause already settled.
pub(crate) struct Fix<'a> {
    pub fixed_by: &'a str,
    pub cause_id: Option<&'a str>,
    pub parts: &'a str,
    pub labor_hours: Option<f64>,
    pub cost_cents: Option<i64>,
}

/// Closes (or closes again) a case the tenant owns; returns when.
pub(crate) fn close(
    db: &mut dyn Sql,
    case_id: &str,
    partner_id: &str,
    mode: Mode,
    fix: &Fix<'_>,
) -> Result<i64, Error> {
    let now = now_ms();
    db.exec(
        "INSERT INTO case_fixes (case_id, partner_id, mode, fixed_by, cause_id, parts, \
         labor_hours, cost_cents, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (case_id) DO UPDATE SET fixed_by = excluded.fixed_by, \
         cause_id = excluded.cause_id, parts = excluded.parts, \
         labor_hours = excluded.labor_hours, cost_cents = excluded.cost_cents, \
         closed_at = excluded.closed_at",
        args![
            case_id,
            partner_id,
            mode,
            fix.fixed_by,
            fix.cause_id,
            fix.parts,
            fix.labor_hours,
            fix.cost_cents,
            now
        ],
    )?;
    Ok(now)
}

/// The fix case `case_id` was closed with before, if it was.
pub(crate) fn earlier(
    db: &mut dyn Sql,
    case_id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<CaseFix>, Error> {
    let rows = db.rows(
        "SELECT fixed_by, cause_id, parts, labor_hours, cost_cents FROM case_fixes \
         WHERE case_id = $1 AND partner_id = $2 AND mode = $3",
        args![case_id, partner_id, mode],
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    Ok(Some(CaseFix {
        fixed_by: r.get(0)?,
        cause_id: r.get(1)?,
        parts: r.get(2)?,
        labor_hours: r.get(3)?,
        cost_cents: r.get::<Option<i64>>(4)?.and_then(|c| u64::try_from(c).ok()),
        closed_at: String::new(),
        closed_by: String::new(),
    }))
}

/// The tenant's confirmed fixes that map to a cause, oldest closing first,
/// leaving out `except` (a case never learns from its own fix); each cited
/// by its case id.
pub(crate) fn confirmed(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    except: &str,
) -> Result<Vec<ConfirmedFix>, Error> {
    let rows = db.rows(
        "SELECT f.case_id, c.input, f.cause_id FROM case_fixes f JOIN cases c ON c.id = f.case_id \
         WHERE f.partner_id = $1 AND f.mode = $2 AND f.cause_id IS NOT NULL AND f.case_id <> $3 \
         ORDER BY f.closed_at, f.case_id",
        args![partner_id, mode, except],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let (case_ref, input, cause): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        // The server wrote the input from a parsed case; one it cannot read
        // back teaches nothing rather than failing every later diagnosis.
        let Ok(input) = serde_json::from_str::<CaseInput>(&input) else {
            continue;
        };
        out.extend(ConfirmedFix::from_case(&case_ref, &input, &cause));
    }
    Ok(out)
}
