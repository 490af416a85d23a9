//! Numbered migrations, embedded at compile time and applied in order.
//!
//! The schema version is `PRAGMA user_version`; migration N moves the file
//! from version N−1 to N inside one transaction, so a failed or interrupted
//! migration leaves the file at N−1.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// `(version, file name, SQL)`, in order; versions are 1, 2, 3, … without gaps but the
/// reserved ones (see `RESERVED`).
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
    (
        6,
        "0006_estimates.sql",
        include_str!("../migrations/0006_estimates.sql"),
    ),
    (
        7,
        "0007_customer.sql",
        include_str!("../migrations/0007_customer.sql"),
    ),
    (
        8,
        "0008_conversations.sql",
        include_str!("../migrations/0008_conversations.sql"),
    ),
    (
        9,
        "0009_area_proposals.sql",
        include_str!("../migrations/0009_area_proposals.sql"),
    ),
    (
        10,
        "0010_estimate_finish_hail.sql",
        include_str!("../migrations/0010_estimate_finish_hail.sql"),
    ),
    (
        11,
        "0011_module_scans.sql",
        include_str!("../migrations/0011_module_scans.sql"),
    ),
    (
        12,
        "0012_estimate_scans.sql",
        include_str!("../migrations/0012_estimate_scans.sql"),
    ),
    (
        13,
        "0013_case_scans.sql",
        include_str!("../migrations/0013_case_scans.sql"),
    ),
    (
        14,
        "0014_case_fixes.sql",
        include_str!("../migrations/0014_case_fixes.sql"),
    ),
    (
        15,
        "0015_estimate_remote_pricings.sql",
        include_str!("../migrations/0015_estimate_remote_pricings.sql"),
    ),
    (
        16,
        "0016_shop_identity.sql",
        include_str!("../migrations/0016_shop_identity.sql"),
    ),
];

/// Versions no migration takes: none since every branch landed (the numbering is 1, 2, 3, …
/// without gaps again).
#[cfg(test)]
const RESERVED: &[u32] = &[];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// `PRAGMA application_id` of a case database: "SBCS" (shopbench cases).
/// Other SQLite files (the API server's, the recall cache) number their own
/// migrations in `user_version` too; the id keeps the store from reading
/// their version as its own and migrating someone else's file.
pub const APPLICATION_ID: i32 = 0x5342_4353;

/// Refuses files that are not (empty or) case databases; stamps new ones.
fn check_application_id(conn: &Connection) -> Result<(), StoreError> {
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    let version = user_version(conn)?;
    let tables: u32 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    // A case database written before the id existed carries the history triggers.
    let ours: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'trigger' \
         AND name IN ('history_no_update', 'history_no_delete')",
        [],
        |r| r.get(0),
    )?;
    if id == 0 && ((version == 0 && tables == 0) || ours) {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        return Ok(());
    }
    Err(StoreError::NotACaseDatabase {
        application_id: id,
        user_version: version,
    })
}

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the file up to [`SCHEMA_VERSION`]. Safe against a second process
/// migrating at the same time: each step re-reads the version under the write lock.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    check_application_id(conn)?;
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
        let mut expected = 1;
        for (v, name, sql) in MIGRATIONS {
            while RESERVED.contains(&expected) {
                expected += 1;
            }
            assert_eq!(*v, expected, "{name}");
            expected += 1;
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

    #[test]
    fn another_programs_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE jobs (id INTEGER PRIMARY KEY); PRAGMA user_version = 3;")
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::NotACaseDatabase { .. }), "{err}");
        assert_eq!(user_version(&conn).unwrap(), 3);
        let tables: u32 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }

    #[test]
    fn a_new_file_is_stamped_as_a_case_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }
}
