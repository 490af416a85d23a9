//! The crate's error type.

use std::path::PathBuf;

use crate::{CaseId, ConversationId, EstimateId};

/// What can go wrong opening the case database or reading and writing cases.
///
/// Every failed save is rolled back whole: after any of these, the database
/// holds exactly what it held before the call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file could not be opened or set up.
    #[error("cannot open the case database {path}: {source} — check the path and its folder's permissions (--db or SHOPBENCH_DB choose another file)")]
    Open {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The file was written by a newer shopbench.
    #[error("the case database is at schema version {found}, newer than this shopbench understands (up to {supported}) — upgrade shopbench; the file was not changed")]
    NewerSchema {
        /// `PRAGMA user_version` of the file.
        found: u32,
        /// The newest migration this build has.
        supported: u32,
    },
    /// The file is some other program's SQLite database (e.g. the API server's).
    #[error("this file is not a shopbench case database (application_id {application_id:#x}, schema version {user_version}) — it may be the API server's or the recall cache's database; point --db or SHOPBENCH_DB at another file; nothing was changed")]
    NotACaseDatabase {
        /// `PRAGMA application_id` found.
        application_id: i32,
        /// `PRAGMA user_version` found.
        user_version: u32,
    },
    /// A migration failed; it was rolled back and the file stays at the previous version.
    #[error("migration {version} ({name}) failed: {source} — the database was left at version {previous}")]
    Migration {
        /// Its number.
        version: u32,
        /// Its file name.
        name: &'static str,
        /// The version the file stays at.
        previous: u32,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// No case has this id.
    #[error("case {0} does not exist — `shopbench case list` shows the cases")]
    CaseNotFound(CaseId),
    /// No conversation has this id.
    #[error("conversation {0} does not exist — `shopbench conversations list` shows them")]
    ConversationNotFound(ConversationId),
    /// An edit removes a code the case does not have.
    #[error("case {case} has no code {code} — `shopbench case show {case}` lists its codes")]
    CodeNotOnCase {
        /// The case.
        case: CaseId,
        /// The code asked for.
        code: String,
    },
    /// No estimate has this number.
    #[error("estimate {0} does not exist — `shopbench estimate list` shows the estimates")]
    EstimateNotFound(EstimateId),
    /// The estimate would hold more photos than allowed; nothing was saved.
    #[error("{} holds at most {max} photos; this would make {count} — nothing was added", .estimate.map(|e| format!("estimate {e}")).unwrap_or_else(|| "an estimate".into()))]
    TooManyPhotos {
        /// The estimate (none while creating it).
        estimate: Option<EstimateId>,
        /// The count it would have.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The estimate already has a photo with the same content.
    #[error("estimate {estimate} already has this photo: {file_name} is the same picture as {existing} (same content) — a photo is attached once")]
    DuplicatePhoto {
        /// The estimate.
        estimate: EstimateId,
        /// The name given.
        file_name: String,
        /// The photo already there with the same content.
        existing: String,
    },
    /// The estimate already has another photo by this name.
    #[error("estimate {estimate} already has a photo named {file_name} — rename the file if it is a different photo")]
    PhotoNameTaken {
        /// The estimate.
        estimate: EstimateId,
        /// The name given.
        file_name: String,
    },
    /// A damage area names a photo the estimate does not have.
    #[error("estimate {estimate} has no photo named {file_name} — `shopbench estimate show {estimate}` lists its photos")]
    PhotoNotOnEstimate {
        /// The estimate.
        estimate: EstimateId,
        /// The name given.
        file_name: String,
    },
    /// An area id that is not on the estimate.
    #[error("estimate {estimate} has no damage area {area} — `shopbench estimate show {estimate}` lists them")]
    AreaNotOnEstimate {
        /// The estimate.
        estimate: EstimateId,
        /// The area id given.
        area: i64,
    },
    /// An area id that names no open proposal of the estimate (it is the estimator's area,
    /// already confirmed, or not there).
    #[error("estimate {estimate} has no open proposal {area} — `shopbench estimate show {estimate}` lists the proposals with their ids (a confirmed area is removed with --remove)")]
    NotAProposal {
        /// The estimate.
        estimate: EstimateId,
        /// The area id given.
        area: i64,
    },
    /// A value read from a user or another crate breaks a rule (malformed DTC or VIN, bad step id).
    #[error("{0}")]
    Invalid(String),
    /// A row in the file breaks the schema's rules (edited by hand or by a buggy version).
    #[error("the case database holds a value this version cannot read: {0} — run `sqlite3 FILE 'PRAGMA integrity_check'` and report it")]
    Corrupt(String),
    /// A value could not be turned into or read from JSON.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Any other SQLite failure (disk full, locked longer than the busy timeout, …).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl From<shopbench_core::CoreError> for StoreError {
    fn from(e: shopbench_core::CoreError) -> Self {
        StoreError::Invalid(e.to_string())
    }
}
