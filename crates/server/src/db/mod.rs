//! SQLite storage: one connection behind a mutex (WAL, so the admin CLI can
//! write while the server runs), numbered migrations, one module per table.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::Error;

pub(crate) mod cases;
pub(crate) mod deliveries;
pub(crate) mod estimates;
pub(crate) mod idempotency;
pub(crate) mod jobs;
pub(crate) mod ledger;
pub(crate) mod tenants;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_estimates.sql"),
    include_str!("../../migrations/0003_idempotent_location.sql"),
];

/// The server's database.
pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (creating if needed) and migrates the database file.
    pub fn open(path: &Path) -> Result<Db, Error> {
        let open_err = |source| Error::Open {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        Db::setup(conn).map_err(open_err)
    }

    /// A private in-memory database (unit tests).
    pub fn open_in_memory() -> Result<Db, Error> {
        Ok(Db::setup(Connection::open_in_memory()?)?)
    }

    fn setup(mut conn: Connection) -> rusqlite::Result<Db> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    /// The connection (poisoning is ignored: SQLite keeps its own consistency).
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}
