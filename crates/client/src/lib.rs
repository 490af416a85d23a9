//! Typed client for the shopbench `/v1` partner API (the server is
//! `shopbench serve`), and [`verify_signature`] for its webhooks.
//!
//! ```no_run
//! # async fn demo() -> Result<(), shopbench_client::ClientError> {
//! use std::time::Duration;
//! use shopbench_client::Client;
//! use shopbench_diagnosis::{CaseInput, DtcEntry};
//!
//! let api = Client::new("http://127.0.0.1:8080", "sk_test_…")?;
//! let case = CaseInput {
//!     complaint: "shakes at idle".into(),
//!     dtcs: vec![DtcEntry::stored("P0302")],
//!     ..Default::default()
//! };
//! let created = api.create_case(&case).await?;                 // 1. POST /v1/cases
//! let accepted = api.diagnose(&created.case_id, None).await?;  // 2. POST /v1/diagnose → 202
//! let done = api.wait_for_diagnosis(&accepted.diagnosis_id, Duration::from_secs(60)).await?; // 3. poll
//! println!("{}", done.result.unwrap().causes[0].name);
//! # Ok(()) }
//! ```
//!
//! Webhook receivers check the `Shopbench-Signature` header over the raw body:
//!
//! ```
//! use shopbench_client::{verify_signature_at, SignatureError};
//! let header = "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";
//! assert_eq!(verify_signature_at("whsec_test", header, br#"{"a":1}"#, 300, 1_700_000_100), Ok(1_700_000_000));
//! assert_eq!(verify_signature_at("whsec_test", header, br#"{"a":2}"#, 300, 1_700_000_100), Err(SignatureError::Mismatch));
//! ```
#![deny(missing_docs)]

mod chat;
mod client;
mod data;
mod error;
mod signature;

pub use client::Client;
pub use error::{ClientError, Problem};
/// The API's shapes, shared with the server (`shopbench-wire`).
pub use shopbench_wire::{
    Account, Billed, CaCosts, CaseClosed, CaseCreated, ChatAnswer, ChatCitation, ChatDelta,
    ChatDone, ChatRequest, ChatTurn, CloseCaseRequest, ConversationDetail, ConversationList,
    ConversationMessage, ConversationSummary, DamageTypeDetail, DamageTypeList, Decoded,
    DeliveryList, DiagnoseRequest, DiagnosisAccepted, DiagnosisError, DiagnosisStatus, EngineInfo,
    EstimateAccepted, EstimateArea, EstimateCreated, EstimateFailed, EstimateFailure,
    EstimateInput, EstimateProcessing, EstimateState, Event, ForVin, Health, Inspection,
    InspectionRequest, KnownIssuesReport, LaborRates, Mode, RateLimits, RecallsReport,
    ReliabilityReport, Sample, SampleCosts, StateList, StoredCase, UsCosts, Usage, VehicleData,
    VehicleDetail, VehicleList, DISCLAIMER, SAMPLE_VIN,
};
pub use signature::{
    verify_signature, verify_signature_at, SignatureError, DEFAULT_TOLERANCE_SECS,
};
