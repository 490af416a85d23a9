//! `history` and `estimate_history`: append-only (triggers abort UPDATE and DELETE).

use rusqlite::{params, Connection};

use crate::{CaseId, EstimateId, HistoryEntry, StoreError};

/// Whose history: a case's or an estimate's (same columns, separate tables).
#[derive(Clone, Copy)]
pub(crate) enum Owner {
    Case(CaseId),
    Estimate(EstimateId),
}

impl Owner {
    /// `(table, owner column, id)`; table and column are fixed strings, never user input.
    fn parts(self) -> (&'static str, &'static str, i64) {
        match self {
            Owner::Case(id) => ("history", "case_id", id.0),
            Owner::Estimate(id) => ("estimate_history", "estimate_id", id.0),
        }
    }
}

/// Where one write transaction logs what it changes: the owner's history,
/// at one time, by one actor; each change is one entry.
#[derive(Clone, Copy)]
pub(crate) struct History<'a> {
    pub conn: &'a Connection,
    pub owner: Owner,
    pub at: &'a str,
    pub actor: &'a str,
}

impl History<'_> {
    /// One entry: the action, what it was and what it is (as JSON).
    pub(crate) fn log(
        &self,
        action: &str,
        old: Option<&serde_json::Value>,
        new: Option<&serde_json::Value>,
    ) -> Result<(), StoreError> {
        append_to(self.conn, self.owner, self.at, self.actor, action, old, new)
    }
}

/// Appends the entry of a record that replaced `old` (absent: it is new)
/// with `new`, both written as JSON — a test result recorded again, a case
/// closed again.
pub(crate) fn replaced<T: serde::Serialize>(
    conn: &Connection,
    case: CaseId,
    at: &str,
    actor: &str,
    action: &str,
    old: Option<&T>,
    new: &T,
) -> Result<(), StoreError> {
    let old = old.map(serde_json::to_value).transpose()?;
    let new = serde_json::to_value(new)?;
    append_to(
        conn,
        Owner::Case(case),
        at,
        actor,
        action,
        old.as_ref(),
        Some(&new),
    )
}

/// Appends one entry to the history of `owner` (a case or an estimate): the
/// one way every change is logged.
pub(crate) fn append_to(
    conn: &Connection,
    owner: Owner,
    at: &str,
    actor: &str,
    action: &str,
    old: Option<&serde_json::Value>,
    new: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    let (table, column, id) = owner.parts();
    conn.prepare_cached(&format!(
        "INSERT INTO {table} ({column}, at, actor, action, old_json, new_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))?
    .execute(params![
        id,
        at,
        actor,
        action,
        old.map(serde_json::to_string).transpose()?,
        new.map(serde_json::to_string).transpose()?,
    ])?;
    Ok(())
}

pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<HistoryEntry>, StoreError> {
    list_of(conn, Owner::Case(case))
}

pub(crate) fn list_of(conn: &Connection, owner: Owner) -> Result<Vec<HistoryEntry>, StoreError> {
    let (table, column, id) = owner.parts();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, at, actor, action, old_json, new_json FROM {table} WHERE {column} = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, at, actor, action, old, new)| {
            Ok(HistoryEntry {
                id,
                at,
                actor,
                action,
                old: old.as_deref().map(serde_json::from_str).transpose()?,
                new: new.as_deref().map(serde_json::from_str).transpose()?,
            })
        })
        .collect()
}
