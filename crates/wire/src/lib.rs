//! The `/v1` API's shapes, written once for the server and its client.
//!
//! The server builds its answers from these types and the client reads them
//! back into the same types, so a renamed or retyped field is a compile
//! error on both sides instead of a surprise for a partner. With the
//! `openapi` feature (the server's) each derives `utoipa::ToSchema`, so the
//! served `/openapi.json` describes the real fields. Engine payloads
//! (`Diagnosis`, `CaseInput`, seed 001's estimate) are the engines' own
//! serde types, embedded as they are.
//!
//! ```
//! use shopbench_wire::{CaseCreated, Mode};
//! let c: CaseCreated = serde_json::from_str(
//!     r#"{"case_id":"case_1","object":"case","mode":"test","created_at":"2026-12-05T10:00:00Z"}"#,
//! ).unwrap();
//! assert_eq!(c.mode, Mode::Test);
//! ```
#![deny(missing_docs)]

mod account;
mod chat;
mod diagnosis;
mod discovery;
mod estimate;
mod inspection;
mod vehicle_data;
mod webhook;

pub use account::{Account, Health, Price, RateLimits, Usage};
pub use chat::{
    ChatAnswer, ChatCitation, ChatDelta, ChatDone, ChatRequest, ChatTurn, ConversationDetail,
    ConversationList, ConversationMessage, ConversationSummary, EngineInfo,
};
pub use diagnosis::{
    BulletinMatch, CaseClosed, CaseCreated, CloseCaseRequest, DiagnoseRequest, DiagnosisAccepted,
    DiagnosisBulletins, DiagnosisError, DiagnosisStatus, StoredCase,
};
pub use discovery::{Discovery, Endpoint, Parameter};
pub use estimate::{
    EstimateAccepted, EstimateArea, EstimateCreated, EstimateFailed, EstimateFailure,
    EstimateInput, EstimateProcessing, EstimateState, PhotoMeta,
};
pub use inspection::{
    count_or_not_known, recall_counts, ClearedSignals, CodeLine, Codes, Finding, IdentLine,
    Inspection, InspectionCosts, InspectionRequest, Level, ModuleCodes, ReadinessView, Section,
};
pub use vehicle_data::{
    ForVin, Sample, SampleCosts, VehicleData, DISCLAIMER, SAMPLE_NOTE, SAMPLE_VIN,
};
pub use webhook::{Attempt, Delivery, DeliveryList, Event};

/// The engines' answers the routes embed, as the client reads them.
pub use shopbench_costs::{CaCosts, UsCosts};
pub use shopbench_estimate::{
    DamageTypeDetail, DamageTypeList, LaborRates, StateList, VehicleDetail, VehicleList,
};
pub use shopbench_recalls::{KnownIssuesReport, RecallsReport, ReliabilityReport};
pub use shopbench_vindecode::Decoded;

use serde::{Deserialize, Serialize};

/// Which side of a partner's account a key works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `sk_test_…` keys: sandbox credits, separate data.
    Test,
    /// `sk_live_…` keys.
    Live,
}

impl Mode {
    /// `test` or `live`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }

    /// The key prefix for this mode: `sk_test_` or `sk_live_`.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Mode::Test => "sk_test_",
            Mode::Live => "sk_live_",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    /// `test` or `live`.
    fn from_str(s: &str) -> Result<Mode, String> {
        match s {
            "test" => Ok(Mode::Test),
            "live" => Ok(Mode::Live),
            other => Err(format!("'{other}' is not a mode — use test or live")),
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A charged answer: the body, and what it cost (seed 002's `charged` fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Billed<T> {
    /// The answer.
    #[serde(flatten)]
    pub body: T,
    /// True when the answer was charged (false: an answer that is free by
    /// rule, e.g. known issues refused below the complaint threshold).
    pub charged: bool,
    /// Credits drawn.
    pub credits_charged: i64,
}
