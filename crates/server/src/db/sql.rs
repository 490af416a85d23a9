//! One SQL dialect over two engines. Every query is written once, with
//! PostgreSQL's `$1` placeholders and portable SQL (`ON CONFLICT`,
//! `RETURNING`, `CAST(… AS BIGINT)`); on SQLite the placeholders become `?1`.
//! Values cross as [`Value`] and come back as [`Row`]s read with
//! [`Row::get`], so a query module never names its engine. What truly differs
//! — the row lock that serialises a partner's money and limits, and
//! `SKIP LOCKED` on the queues — is asked of the [`Sql`] connection.

use std::borrow::Cow;

use crate::tables::Mode;
use crate::Error;

/// Which engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded file (one machine).
    Sqlite,
    /// A PostgreSQL server (many processes).
    Postgres,
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// SQL NULL.
    Null,
    /// Any integer (BIGINT on PostgreSQL).
    Int(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes (BLOB / BYTEA).
    Blob(Vec<u8>),
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Value {
            fn from($v: $t) -> Value {
                $e
            }
        })*
    };
}

value_from! {
    i64 => |v| Value::Int(v),
    u16 => |v| Value::Int(v.into()),
    u32 => |v| Value::Int(v.into()),
    usize => |v| Value::Int(v as i64),
    f64 => |v| Value::Real(v),
    &str => |v| Value::Text(v.to_string()),
    String => |v| Value::Text(v),
    &String => |v| Value::Text(v.clone()),
    &[u8] => |v| Value::Blob(v.to_vec()),
    &Vec<u8> => |v| Value::Blob(v.clone()),
    Vec<u8> => |v| Value::Blob(v),
    Mode => |v| Value::Text(v.as_str().to_string()),
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// Binds a list of Rust values: `args![id, partner_id, mode]`.
macro_rules! args {
    ($($e:expr),* $(,)?) => {
        &[$($crate::db::sql::Value::from($e)),*][..]
    };
}
pub(crate) use args;

/// A column value converted to a Rust type.
pub(crate) trait FromValue: Sized {
    /// What the type is called in an error.
    const WANTED: &'static str;
    /// The conversion; `None` when the value is of another kind.
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    const WANTED: &'static str = "an integer";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromValue for u16 {
    const WANTED: &'static str = "a 16-bit integer";
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|i| u16::try_from(i).ok())
    }
}

impl FromValue for f64 {
    const WANTED: &'static str = "a number";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Real(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

impl FromValue for String {
    const WANTED: &'static str = "text";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const WANTED: &'static str = "bytes";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl FromValue for Mode {
    const WANTED: &'static str = "a mode (test or live)";
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) if s == "live" => Some(Mode::Live),
            Value::Text(s) if s == "test" => Some(Mode::Test),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const WANTED: &'static str = T::WANTED;
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub(crate) struct Row(pub(crate) Vec<Value>);

impl Row {
    /// Column `i` as `T`; a NULL or a value of another kind is an error
    /// naming the column (ask for `Option<T>` where NULL is allowed).
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> Result<T, Error> {
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| Error::Column {
            index: i,
            wanted: T::WANTED,
            found: format!("{v:?}"),
        })
    }
}

/// A connection to either engine, inside or outside a transaction.
pub(crate) trait Sql {
    /// Which engine this is.
    fn backend(&self) -> Backend;
    /// Runs a statement; the number of rows it changed.
    fn exec(&mut self, sql: &str, args: &[Value]) -> Result<u64, Error>;
    /// Runs a query; every row.
    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, Error>;

    /// The first row, if any.
    fn row(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>, Error> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }

    /// Serialises the rest of this transaction with every other one that
    /// touches the same partner's credits, limits or idempotency keys. On
    /// PostgreSQL a row lock on the partner (held to commit) of the `NO KEY
    /// UPDATE` strength: two of them exclude each other, but not the `KEY
    /// SHARE` locks that inserting a row referencing the partner takes — with
    /// a plain `FOR UPDATE`, two transactions that had each inserted such a
    /// row would wait on each other for ever (a deadlock PostgreSQL breaks
    /// by failing one). On SQLite nothing: `BEGIN IMMEDIATE` already admits
    /// one writer at a time.
    fn lock_partner(&mut self, partner_id: &str) -> Result<(), Error> {
        if self.backend() == Backend::Postgres {
            self.rows(
                "SELECT id FROM partners WHERE id = $1 FOR NO KEY UPDATE",
                args![partner_id],
            )?;
        }
        Ok(())
    }

    /// The clause a read-then-write query ends with: the rows it reads stay
    /// locked against other writers until commit (PostgreSQL's `FOR NO KEY
    /// UPDATE`, which rows referencing them can still be inserted beside;
    /// SQLite has one writer).
    fn lock_rows(&self) -> &'static str {
        match self.backend() {
            Backend::Postgres => "FOR NO KEY UPDATE",
            Backend::Sqlite => "",
        }
    }

    /// The clause a queue's claim query ends with: rows another process has
    /// claimed are passed over instead of waited for (PostgreSQL only;
    /// SQLite has one writer).
    fn skip_locked(&self) -> &'static str {
        match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }
}

/// `$1` → `?1` outside quoted text, for SQLite (which would otherwise take
/// `$1` as a *named* parameter numbered by first appearance).
pub(crate) fn sqlite_dialect(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        let numbered = c == '$' && !quoted && chars.peek().is_some_and(char::is_ascii_digit);
        out.push(if numbered { '?' } else { c });
    }
    Cow::Owned(out)
}

/// Refuses a text argument holding NUL ([`Error::NulInText`]) before either
/// backend sees it: PostgreSQL cannot store the character and failed the
/// whole request (regression: schemathesis' `POST /v1/diagnose` with
/// `case_id` "…\u0000" answered 500 on PostgreSQL, 404 on SQLite).
pub(crate) fn check_args(args: &[Value]) -> Result<(), Error> {
    match args
        .iter()
        .any(|a| matches!(a, Value::Text(t) if t.contains('\0')))
    {
        true => Err(Error::NulInText),
        false => Ok(()),
    }
}

/// SQLite's side.
impl Sql for rusqlite::Connection {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn exec(&mut self, sql: &str, args: &[Value]) -> Result<u64, Error> {
        check_args(args)?;
        let mut stmt = self.prepare_cached(&sqlite_dialect(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(args.iter()))? as u64)
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, Error> {
        check_args(args)?;
        let mut stmt = self.prepare_cached(&sqlite_dialect(sql))?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let row = (0..n)
                .map(|i| Ok(sqlite_value(r.get_ref(i)?)))
                .collect::<Result<Vec<_>, rusqlite::Error>>()?;
            out.push(Row(row));
        }
        Ok(out)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_sqlite_numbers_outside_quotes_only() {
        assert_eq!(
            sqlite_dialect("SELECT '$1', a FROM t WHERE b = $2 AND c = $10"),
            "SELECT '$1', a FROM t WHERE b = ?2 AND c = ?10"
        );
        assert!(matches!(sqlite_dialect("SELECT 1"), Cow::Borrowed(_)));
    }

    #[test]
    fn rows_read_back_as_the_types_asked_and_name_a_wrong_one() {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        let row = c
            .row(
                "SELECT $2, $1, NULL, CAST($3 AS BIGINT)",
                args!["live", 7_i64, 9_i64],
            )
            .unwrap()
            .unwrap();
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<Mode>(1).unwrap(), Mode::Live);
        assert_eq!(row.get::<Option<String>>(2).unwrap(), None);
        let err = row.get::<String>(0).unwrap_err().to_string();
        assert!(err.contains("column 0") && err.contains("text"), "{err}");
    }
}
