//! Numbered migrations, one list per engine, applied in order at open.
//! SQLite counts them in `PRAGMA user_version`; PostgreSQL in
//! `schema_migrations`, under an advisory lock so that several processes
//! starting together migrate once.

use rusqlite::Connection;

use super::pg::PgConn;
use super::sql::{args, Sql};
use crate::Error;

const SQLITE: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_estimates.sql"),
    include_str!("../../migrations/sqlite/0003_idempotent_location.sql"),
    include_str!("../../migrations/sqlite/0004_leases_and_shared_limits.sql"),
    include_str!("../../migrations/sqlite/0005_estimates_async.sql"),
    include_str!("../../migrations/sqlite/0006_conversations.sql"),
    include_str!("../../migrations/sqlite/0007_case_fixes.sql"),
    include_str!("../../migrations/sqlite/0008_diagnosis_bulletins.sql"),
];

const POSTGRES: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_estimates_async.sql"),
    include_str!("../../migrations/postgres/0003_conversations.sql"),
    include_str!("../../migrations/postgres/0004_case_fixes.sql"),
    include_str!("../../migrations/postgres/0005_diagnosis_bulletins.sql"),
];

/// Any constant: the key of the advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x5b0_5e12;

pub(super) fn sqlite(conn: &mut Connection) -> Result<(), Error> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in SQLITE.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub(super) fn postgres(conn: &mut PgConn) -> Result<(), Error> {
    // The lock comes first: `CREATE TABLE IF NOT EXISTS` is not safe against
    // itself — three processes starting together on a fresh database failed
    // on a duplicate key in PostgreSQL's own catalogue.
    conn.exec("SELECT pg_advisory_lock($1)", args![MIGRATION_LOCK])?;
    let applied = conn
        .batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .and_then(|()| apply_postgres(conn));
    conn.exec("SELECT pg_advisory_unlock($1)", args![MIGRATION_LOCK])?;
    applied
}

fn apply_postgres(conn: &mut PgConn) -> Result<(), Error> {
    let version: i64 = conn
        .row(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations",
            &[],
        )?
        .map_or(Ok(0), |r| r.get(0))?;
    for (i, sql) in POSTGRES.iter().enumerate().skip(version as usize) {
        conn.batch("BEGIN")?;
        let done = conn.batch(sql).and_then(|()| {
            conn.exec(
                "INSERT INTO schema_migrations (version) VALUES ($1)",
                args![(i + 1) as i64],
            )
            .map(drop)
        });
        match done {
            Ok(()) => conn.batch("COMMIT")?,
            Err(e) => {
                conn.batch("ROLLBACK")?;
                return Err(e);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migration 0005 rebuilds the two stored views as nullable columns on SQLite (PostgreSQL
    /// drops NOT NULL in place): an estimate stored before it keeps both views and reads as
    /// complete, as on PostgreSQL, and a `processing` one may now have none.
    #[test]
    fn an_estimate_stored_before_0005_keeps_its_views_and_is_complete() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &SQLITE[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO partners (id, name, plan, created_at) VALUES ('p1', 'acme', 'garage', 1);
             INSERT INTO estimates (id, partner_id, mode, request, response, insurance, created_at)
             VALUES ('est_old', 'p1', 'test', '{\"r\":1}', '{\"a\":1}', '{\"b\":2}', 1000);",
        )
        .unwrap();
        sqlite(&mut conn).unwrap();
        let row: (String, String, String, String, f64, i64) = conn
            .query_row(
                "SELECT response, insurance, status, stage, progress, completed_at FROM estimates WHERE id = 'est_old'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .unwrap();
        let expected = ("{\"a\":1}", "{\"b\":2}", "complete", "complete", 1.0, 1000);
        assert_eq!(
            (
                row.0.as_str(),
                row.1.as_str(),
                row.2.as_str(),
                row.3.as_str(),
                row.4,
                row.5
            ),
            expected
        );
        conn.execute_batch(
            "INSERT INTO estimates (id, partner_id, mode, request, created_at, status, stage, progress)
             VALUES ('est_new', 'p1', 'test', '{}', 2000, 'processing', 'queued', 0.0);",
        )
        .unwrap();
        let bad = conn.execute_batch(
            "INSERT INTO estimates (id, partner_id, mode, request, created_at, status)
             VALUES ('est_bad', 'p1', 'test', '{}', 2000, 'lost');",
        );
        assert!(bad.is_err(), "the status is checked");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, SQLITE.len());
    }
}
