//! The crate error (setup, admin and storage) — HTTP errors are in `problem.rs`.

use thiserror::Error;

/// What can go wrong opening the database, administering tenants or serving.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database could not be opened or migrated.
    #[error(
        "cannot open database {path}: {source} — check the path and that no other program holds it"
    )]
    Open {
        /// The file.
        path: String,
        /// Why.
        source: rusqlite::Error,
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
    /// Binding or serving failed.
    #[error("server I/O: {0}")]
    Io(#[from] std::io::Error),
}
