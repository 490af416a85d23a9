//! Numbered migrations, embedded at compile time and applied in order.
//!
//! The schema version is `PRAGMA user_version`; migration N moves the file
//! from version N−1 to N inside one transaction, so a failed or interrupted
//! migration leaves the file at N−1.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// `(version, file name, SQL)`, in order; versions are 1, 2, 3, … without gaps.
pub(crate) const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_cases.sql",
        include_str!("../migrations/0001_cases.sql"),
    ),
    (
        2,
        "0002_observations.sql",
        include_str!("../migrations/0002_observations.sql"),
    ),
    (
        3,
        "0003_diagnosis.sql",
        include_str!("../migrations/0003_diagnosis.sql"),
    ),
    (
        4,
        "0004_history.sql",
        include_str!("../migrations/0004_history.sql"),
    ),
    (
        5,
        "0005_photos.sql",
        include_str!("../migrations/0005_photos.sql"),
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the file up to [`SCHEMA_VERSION`]. Safe against a second process
/// migrating at the same time: each step re-reads the version under the write lock.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = user_version(&tx)?;
        if current >= version {
            continue;
        }
        let fail = |source| StoreError::Migration {
            version,
            name,
            previous: current,
            source,
        };
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_and_files_are_numbered() {
        for (i, (v, name, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*v as usize, i + 1);
            assert!(name.starts_with(&format!("{v:04}_")), "{name}");
            assert!(!sql.trim().is_empty());
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op_and_a_newer_file_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
        assert!(err.to_string().contains("upgrade shopbench"));
    }
}
