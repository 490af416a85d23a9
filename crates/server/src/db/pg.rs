//! PostgreSQL's side of [`Sql`]: a synchronous `postgres` client with its
//! prepared statements cached per connection, and a small pool.
//!
//! Why the synchronous `postgres` crate (over `sqlx` or `tokio-postgres`
//! alone): the query modules are synchronous functions over [`Sql`] so the
//! same code runs on rusqlite, which is synchronous; `sqlx`'s SQLite driver
//! would link a second `libsqlite3-sys` beside rusqlite's, which Cargo
//! refuses. Async handlers reach the database through
//! [`super::Db::run`]/[`super::Db::tx`], which step off the async workers
//! first.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::sql::{Backend, Row, Sql, Value};
use crate::Error;

/// One pooled connection and its prepared statements.
pub(crate) struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<Statement, Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    /// Runs a batch of statements (migrations, BEGIN/COMMIT).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), Error> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// True when the server has closed the connection.
    pub(crate) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

fn params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Sql for PgConn {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn exec(&mut self, sql: &str, args: &[Value]) -> Result<u64, Error> {
        super::sql::check_args(args)?;
        let stmt = self.statement(sql)?;
        Ok(self.client.execute(&stmt, &params(args))?)
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, Error> {
        super::sql::check_args(args)?;
        let stmt = self.statement(sql)?;
        self.client
            .query(&stmt, &params(args))?
            .iter()
            .map(pg_row)
            .collect()
    }
}

fn pg_row(r: &postgres::Row) -> Result<Row, Error> {
    (0..r.len())
        .map(|i| pg_value(r, i))
        .collect::<Result<Vec<_>, _>>()
        .map(Row)
}

fn pg_value(r: &postgres::Row, i: usize) -> Result<Value, Error> {
    let ty = r.columns()[i].type_();
    let v = match *ty {
        Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => r
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Value::Int(v.into())),
        Type::INT2 => r
            .try_get::<_, Option<i16>>(i)?
            .map(|v| Value::Int(v.into())),
        Type::BOOL => r
            .try_get::<_, Option<bool>>(i)?
            .map(|v| Value::Int(v.into())),
        Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::FLOAT4 => r
            .try_get::<_, Option<f32>>(i)?
            .map(|v| Value::Real(v.into())),
        Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            r.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        _ => {
            return Err(Error::Column {
                index: i,
                wanted: "a column type shopbench reads (cast it to BIGINT, TEXT or BYTEA)",
                found: ty.name().to_string(),
            })
        }
    };
    Ok(v.unwrap_or(Value::Null))
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A [`Value`] binds to whatever type the statement's placeholder has, as
/// long as the value fits it (an integer to INT2/4/8 or a double, text to
/// any text type, bytes to BYTEA).
impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => int_to_sql(*i, ty, out),
            Value::Real(f) if *ty == Type::FLOAT4 => (*f as f32).to_sql(ty, out),
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn int_to_sql(i: i64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::INT8 => i.to_sql(ty, out),
        Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
        Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        Type::BOOL => (i != 0).to_sql(ty, out),
        _ => Err(format!("cannot bind the integer {i} to a {ty} placeholder").into()),
    }
}

/// A bounded pool: connections are opened on demand up to `max` and
/// returned after each use; a caller waits (up to `wait`) when all are busy.
pub(crate) struct PgPool {
    config: postgres::Config,
    idle: Mutex<(Vec<PgConn>, usize)>,
    freed: Condvar,
    max: usize,
    wait: Duration,
}

impl PgPool {
    /// Checks the URL and opens the first connection (so a wrong address or
    /// password is an error at start-up, not at the first request).
    pub(crate) fn connect(url: &str, max: usize) -> Result<PgPool, Error> {
        let config: postgres::Config = url.parse().map_err(Error::Postgres)?;
        let pool = PgPool {
            config,
            idle: Mutex::new((Vec::new(), 0)),
            freed: Condvar::new(),
            max: max.max(1),
            wait: Duration::from_secs(30),
        };
        pool.idle.lock().unwrap_or_else(|e| e.into_inner()).1 += 1;
        let first = pool.open()?;
        pool.put(first);
        Ok(pool)
    }

    /// Opens a connection for a slot already counted in `idle.1` (counted
    /// before connecting, under the lock, so callers racing past the check
    /// cannot open more than `max`); a failed connect gives the slot back.
    fn open(&self) -> Result<PgConn, Error> {
        match self.config.connect(NoTls) {
            Ok(client) => Ok(PgConn {
                client,
                statements: HashMap::new(),
            }),
            Err(e) => {
                self.release_slot();
                Err(e.into())
            }
        }
    }

    fn release_slot(&self) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.1 -= 1;
        self.freed.notify_one();
    }

    /// A connection: an idle one, a new one, or the next one freed.
    pub(crate) fn take(&self) -> Result<PgConn, Error> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(c) = idle.0.pop() {
                if !c.is_closed() {
                    return Ok(c);
                }
                idle.1 -= 1;
                continue;
            }
            if idle.1 < self.max {
                idle.1 += 1;
                drop(idle);
                return self.open();
            }
            let (guard, timeout) = self
                .freed
                .wait_timeout(idle, self.wait)
                .unwrap_or_else(|e| e.into_inner());
            idle = guard;
            if timeout.timed_out() && idle.0.is_empty() {
                return Err(Error::PoolExhausted(self.max));
            }
        }
    }

    /// Returns a connection after use.
    pub(crate) fn put(&self, c: PgConn) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.0.push(c);
        self.freed.notify_one();
    }

    /// Forgets a connection that is broken or mid-way through a failed
    /// transaction.
    pub(crate) fn discard(&self, c: PgConn) {
        drop(c);
        self.release_slot();
    }
}
