//! The server's storage on either engine: an SQLite file for one machine
//! (one connection behind a mutex, WAL so the admin CLI can write while the
//! server runs) or a PostgreSQL database shared by many `shopbench serve`
//! processes (a pool). Numbered migrations per engine; one module per table,
//! each written once over [`sql::Sql`].

use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::Error;

pub(crate) mod cases;
pub(crate) mod conversations;
pub(crate) mod deliveries;
pub(crate) mod estimates;
pub(crate) mod fixes;
pub(crate) mod idempotency;
pub(crate) mod jobs;
pub(crate) mod ledger;
pub(crate) mod limits;
mod migrate;
mod pg;
pub(crate) mod sql;
pub(crate) mod tenants;

pub use sql::Backend;
use sql::Sql;

/// Connections a process keeps to PostgreSQL at most.
const PG_POOL: usize = 16;
/// Prepared statements SQLite keeps per connection: more than the server has
/// distinct statements, so none is parsed twice.
const STATEMENT_CACHE: usize = 256;

/// How long a SQLite statement waits for another connection's lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

enum Engine {
    Sqlite(Mutex<Connection>),
    Postgres(Box<pg::PgPool>),
}

/// The server's database.
pub struct Db {
    engine: Engine,
    /// The file or URL, as shown to people (no password).
    shown: String,
}

/// True for a `postgres://` or `postgresql://` URL.
pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

impl Db {
    /// Opens (creating if needed) and migrates the database: a
    /// `postgres://user@host:port/db` URL, or else the path of an SQLite file.
    pub fn open(target: &str) -> Result<Db, Error> {
        let open_err = |reason: Error| Error::Open {
            target: redact(target),
            reason: Box::new(reason),
        };
        let mut db = if is_postgres_url(target) {
            Db {
                engine: Engine::Postgres(Box::new(
                    pg::PgPool::connect(target, PG_POOL).map_err(open_err)?,
                )),
                shown: String::new(),
            }
        } else {
            let conn = Connection::open(target).map_err(|e| open_err(e.into()))?;
            Db::sqlite(conn).map_err(open_err)?
        };
        db.shown = redact(target);
        db.migrate().map_err(open_err)?;
        Ok(db)
    }

    /// A private in-memory SQLite database (unit tests).
    pub fn open_in_memory() -> Result<Db, Error> {
        let db = Db::sqlite(Connection::open_in_memory()?)?;
        db.migrate()?;
        Ok(db)
    }

    fn sqlite(conn: Connection) -> Result<Db, Error> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What a partner deletes (a photo of a customer's face or plate) is
        // overwritten with zeros, not left in free pages of the file.
        conn.pragma_update(None, "secure_delete", true)?;
        // rusqlite keeps 16 prepared statements by default; a request runs
        // more distinct ones than that (key, limits, route, ledger), so the
        // cache evicted what the next request needed and every statement was
        // parsed again.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Db {
            engine: Engine::Sqlite(Mutex::new(conn)),
            shown: ":memory:".into(),
        })
    }

    fn migrate(&self) -> Result<(), Error> {
        match &self.engine {
            Engine::Sqlite(_) => migrate::sqlite(&mut self.sqlite_conn()),
            Engine::Postgres(pool) => {
                let mut c = pool.take()?;
                let done = migrate::postgres(&mut c);
                pool.put(c);
                done
            }
        }
    }

    /// After a deletion that must not stay readable: on SQLite, moves the
    /// write-ahead log into the file (where `secure_delete` has zeroed the
    /// freed pages) and empties it, since the log still holds the pages as
    /// they were. `false` when it could not yet: a reader on an older
    /// snapshot (an `admin` command mid-read, a backup) keeps the log, so the
    /// caller tries again later — it does not wait here, where every request
    /// would wait behind it. Always `true` on PostgreSQL: the rows are gone,
    /// their space reclaimed by VACUUM.
    pub(crate) fn forget_deleted_pages(&self) -> Result<bool, Error> {
        if self.backend() != Backend::Sqlite {
            return Ok(true);
        }
        off_the_async_workers(self.backend(), || {
            let conn = self.sqlite_conn();
            conn.busy_timeout(std::time::Duration::ZERO)?;
            let blocked = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
            conn.busy_timeout(BUSY_TIMEOUT)?;
            Ok(blocked? == 0)
        })
    }

    /// The file or URL this was opened from, without a password.
    pub fn target(&self) -> &str {
        &self.shown
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        match self.engine {
            Engine::Sqlite(_) => Backend::Sqlite,
            Engine::Postgres(_) => Backend::Postgres,
        }
    }

    fn sqlite_conn(&self) -> MutexGuard<'_, Connection> {
        let Engine::Sqlite(m) = &self.engine else {
            unreachable!("only called for SQLite")
        };
        let conn = m.lock().unwrap_or_else(|e| e.into_inner());
        if !conn.is_autocommit() {
            // A caller panicked inside a transaction: undo its half.
            let _ = conn.execute_batch("ROLLBACK");
        }
        conn
    }

    /// Runs `f` on a connection, outside a transaction (each statement
    /// commits on its own).
    pub(crate) fn run<T: Send, E: From<Error> + Send>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<T, E> + Send,
    ) -> Result<T, E> {
        off_the_async_workers(self.backend(), || self.session(false, f))
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled
    /// back when it returns `Err`. On SQLite `BEGIN IMMEDIATE` (one writer
    /// at a time); on PostgreSQL READ COMMITTED, with [`Sql::lock_partner`]
    /// where money, limits or idempotency keys are read and then written.
    pub(crate) fn tx<T: Send, E: From<Error> + Send>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<T, E> + Send,
    ) -> Result<T, E> {
        off_the_async_workers(self.backend(), || self.session(true, f))
    }

    fn session<T, E: From<Error>>(
        &self,
        in_tx: bool,
        f: impl FnOnce(&mut dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        match &self.engine {
            Engine::Sqlite(_) => {
                let mut conn = self.sqlite_conn();
                let begin = in_tx.then_some("BEGIN IMMEDIATE");
                transaction(&mut *conn, begin, f).0
            }
            Engine::Postgres(pool) => {
                let mut conn = pool.take()?;
                let (out, healthy) = transaction(&mut conn, in_tx.then_some("BEGIN"), f);
                if healthy && !conn.is_closed() {
                    pool.put(conn);
                } else {
                    pool.discard(conn);
                }
                out
            }
        }
    }
}

/// A connection that also runs plain statements (`BEGIN`, `COMMIT`).
trait Batch: Sql {
    fn batch(&mut self, sql: &str) -> Result<(), Error>;
}

impl Batch for Connection {
    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        Ok(self.execute_batch(sql)?)
    }
}

impl Batch for pg::PgConn {
    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        pg::PgConn::batch(self, sql)
    }
}

/// Runs `f` between `begin` and COMMIT (ROLLBACK on an error); the second
/// value is false when the connection may be left mid-transaction.
fn transaction<C: Batch, T, E: From<Error>>(
    conn: &mut C,
    begin: Option<&str>,
    f: impl FnOnce(&mut dyn Sql) -> Result<T, E>,
) -> (Result<T, E>, bool) {
    let Some(begin) = begin else {
        return (f(conn), true);
    };
    if let Err(e) = conn.batch(begin) {
        return (Err(e.into()), false);
    }
    let out = f(conn);
    let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
    match (out, conn.batch(end)) {
        (out, Ok(())) => (out, true),
        (Ok(_), Err(e)) => {
            let undone = conn.batch("ROLLBACK").is_ok();
            (Err(e.into()), undone)
        }
        (Err(e), Err(_)) => (Err(e), false),
    }
}

/// Database calls block; on a multi-threaded runtime the worker thread hands
/// its other tasks on first (`block_in_place`). The `postgres` client runs
/// its own small runtime, which must not start inside another's context: on
/// a current-thread runtime (unit tests) its calls go to a scoped thread.
fn off_the_async_workers<T: Send>(backend: Backend, f: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        Ok(_) if backend == Backend::Postgres => std::thread::scope(|s| {
            s.spawn(f)
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        }),
        _ => f(),
    }
}

/// The target as shown in errors: a URL without its password.
fn redact(target: &str) -> String {
    if !is_postgres_url(target) {
        return target.to_string();
    }
    match (target.find("://"), target.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &target[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            let hidden = if creds.contains(':') { ":…" } else { "" };
            format!("{}{user}{hidden}{}", &target[..s + 3], &target[at..])
        }
        _ => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_password_never_reaches_an_error_message() {
        assert_eq!(
            redact("postgres://shop:s3cret@db.example:5432/api"),
            "postgres://shop:…@db.example:5432/api"
        );
        assert_eq!(
            redact("postgres://pg@127.0.0.1/x"),
            "postgres://pg@127.0.0.1/x"
        );
        assert_eq!(redact("/var/lib/x.db"), "/var/lib/x.db");
    }
}
