//! Closing a case with what fixed it, and the confirmed fixes the diagnosis
//! learns from (migration 0014).

use shopbench_diagnosis::ConfirmedFix;

use crate::queries::{case_fixes, cases, history};
use crate::{CaseFix, CaseId, Store, StoreError};

impl Store {
    /// Closes case `id` with its confirmed fix (replacing an earlier one; the
    /// history keeps both). `closed_at` and `closed_by` are set here. The
    /// words must not be blank; hours and cost must not be negative.
    pub fn close_case(&mut self, id: CaseId, fix: &CaseFix) -> Result<CaseFix, StoreError> {
        let fixed_by = fix.fixed_by.trim();
        if fixed_by.is_empty() {
            return Err(StoreError::Invalid(
                "say what fixed the car (the fix cannot be blank)".into(),
            ));
        }
        if fix.labor_hours.is_some_and(|h| !h.is_finite() || h < 0.0) {
            return Err(StoreError::Invalid(
                "labor hours must be a number of hours, 0 or more".into(),
            ));
        }
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let record = CaseFix {
            fixed_by: fixed_by.to_string(),
            parts: fix.parts.trim().to_string(),
            closed_at: now.clone(),
            closed_by: actor.clone(),
            ..fix.clone()
        };
        let old = case_fixes::get(&tx, id)?;
        case_fixes::upsert(&tx, id, &record)?;
        history::replaced(&tx, id, &now, &actor, "case.close", old.as_ref(), &record)?;
        cases::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(record)
    }

    /// The fix case `id` was closed with, if it was.
    pub fn case_fix(&self, id: CaseId) -> Result<Option<CaseFix>, StoreError> {
        case_fixes::get(&self.conn, id)
    }

    /// The shop's own confirmed fixes (closed cases with a known make and a
    /// fix that maps to a cause), oldest closing first, cited `case N`;
    /// leaving out case `except` (a case never learns from its own fix).
    pub fn own_fixes(&self, except: Option<CaseId>) -> Result<Vec<ConfirmedFix>, StoreError> {
        case_fixes::own(&self.conn, except)
    }

    /// This database's own random id (migration 0016): the `origin` its
    /// exported fixes carry, so that importing them back is recognised.
    pub fn shop_identity(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM shop_identity", [], |r| r.get(0))?)
    }

    /// The fixes other shops shared, in import order, cited `<shop> <case>`.
    pub fn shared_fixes(&self) -> Result<Vec<ConfirmedFix>, StoreError> {
        case_fixes::shared(&self.conn)
    }

    /// Imports another shop's confirmed fixes under its name; one imported
    /// before (same case reference) is replaced by the newer version.
    /// Returns (new, replaced).
    pub fn import_fixes(
        &mut self,
        shop: &str,
        fixes: &[ConfirmedFix],
    ) -> Result<(usize, usize), StoreError> {
        let shop = shop.trim();
        if shop.is_empty() {
            return Err(StoreError::Invalid(
                "shared fixes need the name of the shop they come from".into(),
            ));
        }
        let (tx, now) = self.write()?;
        let counts = case_fixes::upsert_shared(&tx, shop, fixes, &now)?;
        tx.commit()?;
        Ok(counts)
    }
}
