//! The crate error (setup, admin and storage) — HTTP errors are in `problem.rs`.

use thiserror::Error;

/// What can go wrong opening the database, administering tenants or serving.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed (or its URL could not be read).
    #[error("database error: {}", postgres_reason(.0))]
    Postgres(postgres::Error),
    /// A column held something other than what the query module reads.
    #[error("database column {index} holds {found}, expected {wanted}")]
    Column {
        /// Position in the row.
        index: usize,
        /// What was expected.
        wanted: &'static str,
        /// What was there.
        found: String,
    },
    /// Every pooled PostgreSQL connection stayed busy for 30 s.
    #[error("all {0} database connections stayed busy for 30 s — the database is overloaded or a query is stuck")]
    PoolExhausted(usize),
    /// The database could not be opened or migrated.
    #[error(
        "cannot open database {target}: {reason} — check the path or URL, that the database server runs, and that no other program holds the file"
    )]
    Open {
        /// The file or URL (without its password).
        target: String,
        /// Why (shown in the message, so not chained again as a source).
        reason: Box<Error>,
    },
    /// No partner of that name.
    #[error("no partner named '{0}' — create it with `shopbench admin partner add {0}`")]
    UnknownPartner(String),
    /// A partner of that name already exists.
    #[error("a partner named '{0}' already exists")]
    PartnerExists(String),
    /// A plan id not in the plan table.
    #[error("unknown plan '{0}': expected garage, tuner, engineer or internal")]
    UnknownPlan(String),
    /// A mode other than test/live.
    #[error("invalid mode '{0}': expected test or live")]
    InvalidMode(String),
    /// No key with that id or prefix.
    #[error("no API key matches '{0}' — pass the key id (key_…) or the key itself")]
    UnknownKey(String),
    /// A webhook URL that is not http(s).
    #[error("webhook URL must start with http:// or https:// (got '{0}')")]
    InvalidUrl(String),
    /// A credit amount of zero.
    #[error("credit amount must not be zero")]
    ZeroCredits,
    /// A text value holds the NUL character, which PostgreSQL cannot store:
    /// refused on both backends, so they answer alike.
    #[error("text must not contain the NUL character (U+0000)")]
    NulInText,
    /// Binding or serving failed.
    #[error("server I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// Not `#[from]`: the client's own message ("db error: ERROR: …") would be
/// printed again after ours by every error chain.
impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl Error {
    /// True when a UNIQUE or PRIMARY KEY constraint refused a row, on either engine.
    pub(crate) fn is_unique_violation(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::ConstraintViolation
            }
            Error::Postgres(e) => e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION),
            _ => false,
        }
    }

    /// True when the database refused for load, not for a fault: every pooled
    /// connection stayed busy, or PostgreSQL had no connection slot left
    /// (`too_many_connections`, or the server shutting down or starting up).
    /// The request may succeed moments later, so it is answered `503` with
    /// `Retry-After`, not `500`.
    pub(crate) fn is_overload(&self) -> bool {
        use postgres::error::SqlState;
        match self {
            Error::PoolExhausted(_) => true,
            Error::Postgres(e) => matches!(
                e.code(),
                Some(c) if *c == SqlState::TOO_MANY_CONNECTIONS
                    || *c == SqlState::CANNOT_CONNECT_NOW
            ),
            Error::Open { reason, .. } => reason.is_overload(),
            _ => false,
        }
    }
}

/// The server's own words for a PostgreSQL error (the client's Display says
/// only "db error" for everything the server reports).
fn postgres_reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}
