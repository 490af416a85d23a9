//! Recalls and owner complaints, offline first.
//!
//! A local SQLite cache (`nhtsa.db` in the dataset directory, see
//! `ShopPaths::recalls` in shopbench-app) holds NHTSA recalls, NHTSA owner complaints and
//! Transport Canada recalls. It is filled two ways:
//!
//! - **Import** of NHTSA's flat files (`FLAT_RCL*.txt`, `FLAT_CMPL.txt`;
//!   field lists in the `flat` module docs): streamed line by line in one
//!   transaction, Windows-1252 tolerant, ragged lines skipped and counted
//!   by reason ([`ImportReport`]).
//! - **Online refresh** ([`Upstream`]) from NHTSA's recalls and complaints
//!   APIs and Transport Canada's Vehicle Recalls Database, per make/model/
//!   year, when the source's cache window has run out (recalls 24 h,
//!   complaints 7 d). When an upstream fails the stored data is served with
//!   `stale: true`; failures are never cached. [`Network::Offline`] never
//!   touches the network.
//!
//! [`Lookup`] answers in seed 002's shapes: [`RecallsReport`],
//! [`ReliabilityReport`] and [`KnownIssuesReport`] (complaints grouped into
//! named failure modes, every cited ODI number checked against the input).
//! With the `openapi` feature they also describe themselves as OpenAPI
//! schemas (the API server's `/openapi.json`).
//!
//! ```
//! use shopbench_recalls::{Store, Vehicle};
//!
//! // One FLAT_RCL line: 29 tab-separated fields (RCL.txt).
//! let mut f = vec![""; 29];
//! f[1] = "13V100000"; f[2] = "FORD"; f[3] = "F-150"; f[4] = "2013";
//! f[6] = "ELECTRICAL SYSTEM"; f[10] = "V"; f[15] = "20130320";
//! f[19] = "A wire may chafe."; f[20] = "A fire may start."; f[21] = "Dealers will fix it.";
//! let file = f.join("\t") + "\r\n";
//!
//! let mut store = Store::open_in_memory()?;
//! let report = store.import_recalls(file.as_bytes(), "FLAT_RCL.txt", 0)?;
//! assert_eq!(report.imported, 1);
//! let recalls = store.us_recalls(&Vehicle::new(2013, "Ford", "F-150"))?;
//! assert_eq!(recalls[0].campaign, "13V100000");
//! assert_eq!(recalls[0].reported_date, "2013-03-20");
//! # Ok::<(), shopbench_recalls::Error>(())
//! ```
#![deny(missing_docs)]

mod bulletins;
mod error;
mod flat;
mod known;
mod lookup;
mod online;
mod report;
mod store;
mod tsb_files;

pub use bulletins::{parse_bulletin, Bulletin, BulletinRecord};
pub use error::{Error, Result};
pub use flat::{decode_line, parse_complaint, parse_recall, ComplaintRecord, RecallRecord, Skip};
pub use known::{
    known_issues, Issue, KnownIssues, KnownIssuesReport, Signature, METHOD_VERSION, MIN_COMPLAINTS,
    SIGNATURES,
};
pub use lookup::{is_fresh, Lookup, Network, Source, COMPLAINTS_WINDOW_SECS, RECALLS_WINDOW_SECS};
pub use online::{
    apply_tc_detail, parse_nhtsa_complaints, parse_nhtsa_recalls, parse_tc_list, split_components,
    Upstream, NHTSA_API, TC_API,
};
pub use report::{
    rfc3339, CaRecall, ComplaintStats, ComponentCount, RecallCounts, RecallStats, Recalls,
    RecallsProvenance, RecallsReport, ReliabilityProvenance, ReliabilityReport, Severity,
    SourceStatus, UsRecall, Vehicle, OGL_ATTRIBUTION,
};
pub use store::{
    CaRecallRow, Complaint, ComplaintCounts, ImportKind, ImportReport, Store, CANADA_DETAIL_CAP,
};
pub use tsb_files::{download, files_root_from_env, tsb_file_url, NHTSA_FILES, TSB_PERIODS};
