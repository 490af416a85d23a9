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
];

const POSTGRES: &[&str] = &[include_str!("../../migrations/postgres/0001_init.sql")];

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
