//! Repair cases and body-shop estimates in SQLite — persistence only (the
//! workflows over them are `shopbench-app`'s).
//!
//! A case is one vehicle visit: the vehicle (VIN, or make/model/year and
//! engine), mileage with its unit, the customer's complaint, the technician's
//! findings, trouble codes (status and ECU), freeze frames, live-data
//! snapshots, readiness from a scan, photos, the results of plan steps, every
//! diagnosis run (exact input, result, engine version, time taken) and an
//! append-only history of every change (who, what, when, old and new value).
//!
//! - **Schema** in numbered migration files (`migrations/0001_cases.sql`, …),
//!   compiled in and applied in order; the version is `PRAGMA user_version`.
//! - **Every save is one transaction**: a case is there whole or not at all,
//!   even if the process is killed mid-save (`tests/crash.rs` kills a writer
//!   with SIGKILL and checks every case it reported saved).
//! - **WAL**, `foreign_keys = ON`, `synchronous = FULL`, a 5 s busy timeout.
//! - **History is append-only**: triggers abort any UPDATE or DELETE of it.
//! - **The assistant's conversations** (0008): messages in order, each
//!   assistant message with its engine, tokens and resolved citations;
//!   searchable; [`Store::closed_cases`] finds the cases the assistant may cite.
//!
//! ```
//! use shopbench_store::{CaseDtc, CaseEdit, NewCase, Store};
//! use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge, TestOutcome};
//!
//! let mut store = Store::open_in_memory()?.with_actor("sam");
//! let id = store.create_case(&NewCase {
//!     complaint: "shakes at idle, check engine light flashing".into(),
//!     dtcs: vec![CaseDtc::from("P0300".parse::<shopbench_core::Dtc>()?)],
//!     ..NewCase::default()
//! })?;
//! // How a stored case is read by the engine is shopbench-app's `engine_input`.
//! let input = CaseInput { dtcs: vec![DtcEntry::stored("P0300")], ..CaseInput::default() };
//! let first = diagnose(Knowledge::embedded(), &input);
//! store.save_run(id, &input, &first, std::time::Duration::from_millis(1))?;
//!
//! store.record_test(id, "coil_swap", TestOutcome::Pass, Some("misfire stayed on cyl 2"))?;
//! store.edit_case(id, &CaseEdit { findings: Some("plug 2 oily".into()), ..CaseEdit::default() })?;
//! let actions: Vec<String> = store.history(id)?.into_iter().map(|h| h.action).collect();
//! assert_eq!(actions, ["case.create", "diagnosis.run", "test.record", "findings"]);
//! # Ok::<(), shopbench_store::StoreError>(())
//! ```
#![deny(missing_docs)]

mod conversation_model;
mod conversation_store;
mod error;
mod estimate_model;
mod estimate_store;
mod fix_store;
mod migrate;
mod model;
mod queries;
mod store;

pub use conversation_model::{
    Conversation, ConversationId, ConversationSummary, Message, MessageRole, NewMessage,
};
pub use conversation_store::conversation_title;
pub use error::StoreError;
pub use estimate_model::{
    AreaStatus, EstimateArea, EstimateId, EstimateListing, EstimatePhoto, EstimateProposal,
    NewArea, NewEstimate, NewEstimatePhoto, NewRemotePricing, RemotePricing, StoredEstimate,
    StoredEstimateScan, MAX_ESTIMATE_PHOTOS, MAX_ESTIMATE_PHOTO_BYTES,
};
pub use estimate_store::ProposalIds;
pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};
pub use model::{
    Case, CaseDtc, CaseEdit, CaseFix, CaseId, CaseSummary, DiagnosisRun, FreezeFrame, HistoryEntry,
    LiveSnapshot, NewCase, NewModuleScan, Photo, ReadinessSummary, Reading, ReadingSource,
    StoredModuleScan, TestRecord, VehicleId,
};
pub use shopbench_diagnosis::{DistanceUnit, DtcStatus, Mileage, TestOutcome};
pub use store::{Store, BUSY_TIMEOUT};
