//! What the caller looked up for a question (the engine does no I/O):
//! recall campaigns, owner-complaint summaries and the shop's closed cases,
//! as plain values. `shopbench-app` fills them from the offline recall cache
//! and the shop's database.

use serde::{Deserialize, Serialize};
use shopbench_core::VehicleId;

use crate::source::Authority;

/// The make/model/year the vehicle data was looked up for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleKey {
    /// Model year.
    pub year: u16,
    /// Make, as the recall data writes it ("TOYOTA").
    pub make: String,
    /// Model, as the recall data writes it ("CAMRY").
    pub model: String,
}

impl std::fmt::Display for VehicleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.year, self.make, self.model)
    }
}

/// One recall campaign for the vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recall {
    /// NHTSA or Transport Canada.
    pub authority: Authority,
    /// The campaign / recall number.
    pub number: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Component(s) or system type.
    pub component: String,
    /// What is wrong.
    pub summary: String,
    /// The remedy (empty when not given).
    pub remedy: String,
}

/// One failure mode the owner complaints group into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Its name ("Transmission slipping or loss of drive").
    pub title: String,
    /// NHTSA components of the cited complaints.
    pub components: Vec<String>,
    /// The complaints (ODI numbers) it cites, each in the cache.
    pub odi_numbers: Vec<u64>,
}

/// The vehicle's owner complaints, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaints {
    /// Distinct complaints in the cache for the vehicle.
    pub count: usize,
    /// The fewest complaints known issues are named from.
    pub minimum: usize,
    /// The failure modes (empty below the minimum).
    pub issues: Vec<Issue>,
}

/// One of the shop's closed cases: a case where a test found the fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastCase {
    /// Its number.
    pub id: i64,
    /// The vehicle.
    pub vehicle: VehicleId,
    /// Its codes.
    pub codes: Vec<String>,
    /// The customer's complaint.
    pub complaint: String,
    /// The plan steps that failed (found the fault), by test id.
    pub failed_tests: Vec<String>,
}

/// Everything looked up for one question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gathered {
    /// The vehicle the recall and complaint data were looked up for, when known.
    pub vehicle: Option<VehicleKey>,
    /// Whether a recall cache was there to look in.
    pub recall_data: bool,
    /// Recall campaigns for the vehicle (US first, newest first).
    pub recalls: Vec<Recall>,
    /// Owner complaints for the vehicle, when a complaint cache was looked in.
    pub complaints: Option<Complaints>,
    /// The shop's closed cases that share a code or the vehicle.
    pub past_cases: Vec<PastCase>,
    /// The saved case the question is about (its failed steps, if any).
    pub case: Option<PastCase>,
    /// What fixed the shop's earlier cars (its closed cases and the fixes
    /// shared with it, never the case asked about): the ranking learns from
    /// them exactly as `shopbench diagnose` does.
    #[serde(default)]
    pub fixes: Vec<shopbench_diagnosis::ConfirmedFix>,
    /// NHTSA owner complaints about the vehicle, counted for the ranking
    /// exactly as `shopbench diagnose` counts them.
    #[serde(default)]
    pub owner_complaints: Option<shopbench_diagnosis::OwnerComplaints>,
}
