//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong importing, storing or fetching recalls and complaints.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The cache database could not be opened or created.
    #[error(
        "could not open the recalls cache at {}: {source} — check the directory is writable \
         (or pass --data-db / set SHOPBENCH_DATA_DIR)",
        path.display()
    )]
    Open {
        /// The SQLite file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// A query or write on the cache failed.
    #[error("recalls cache: {0} — if it persists, delete nhtsa.db and import/refresh again")]
    Sql(#[from] rusqlite::Error),
    /// Reading an import file failed.
    #[error("could not read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An upstream API did not answer usefully (network, HTTP status or body).
    #[error("{source_name} did not answer for {url}: {detail} — cached data is served when there is any; \
             use --offline to skip the network")]
    Upstream {
        /// "NHTSA recalls", "NHTSA complaints" or "Transport Canada recalls".
        source_name: &'static str,
        /// The URL asked.
        url: String,
        /// What went wrong.
        detail: String,
    },
    /// A bulk file could not be downloaded (network, HTTP status, disk).
    #[error("could not download {url}: {detail} — the cache is unchanged")]
    Download {
        /// The address asked.
        url: String,
        /// What went wrong.
        detail: String,
    },
    /// A bulletin period that is not `YYYY-YYYY`: refused before anything is asked.
    #[error("`{0}` is not a period like 2025-2026 (first year, a dash, last year)")]
    BadPeriod(String),
    /// A downloaded archive could not be read.
    #[error("{} is not a readable NHTSA archive: {detail} — the cache is unchanged", path.display())]
    Archive {
        /// The downloaded file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// An import file that gives not one row of its kind (empty, another of
    /// NHTSA's files, not a flat file at all): refused, so the cache and its
    /// import date stay as they were.
    #[error("{file} holds no {rows}: {why} — is it NHTSA's {expected}? The cache is unchanged")]
    NothingImported {
        /// The file as named.
        file: String,
        /// What it should have held ("recall rows").
        rows: &'static str,
        /// Why nothing was taken (empty, lines unreadable, rows left out).
        why: String,
        /// The NHTSA file expected ("FLAT_RCL.txt").
        expected: &'static str,
    },
    /// No source answered and nothing is cached for the vehicle.
    #[error(
        "no recall or complaint data for {vehicle}: {reason} — import NHTSA's flat files with \
         `shopbench data import nhtsa-recalls FILE` or run once with a network"
    )]
    NoData {
        /// "2013 FORD F-150".
        vehicle: String,
        /// Why (offline and nothing imported, or every upstream failed).
        reason: String,
    },
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
