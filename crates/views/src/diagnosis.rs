//! The diagnosis as the Diagnosis screen shows it.

use serde::{Deserialize, Serialize};

/// Ranked causes, the test plan and how sure the engine is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisView {
    /// Causes, most probable first.
    pub causes: Vec<CauseView>,
    /// Tests to do, in order.
    pub plan: Vec<PlanStepView>,
    /// Overall confidence, 0–1.
    pub confidence: f64,
    /// `low`, `medium`, `high`.
    pub confidence_label: String,
    /// What would raise the confidence.
    pub raise_confidence: Vec<String>,
    /// What the engine could not use, in words.
    pub warnings: Vec<String>,
    /// Where the result comes from: `embedded` or the remote server's diagnosis id.
    pub source: String,
    /// The line the manufacturers' bulletins go under, or why there are none.
    #[serde(default)]
    pub bulletins_heading: String,
    /// The manufacturers' bulletins that bear on the case.
    #[serde(default)]
    pub bulletins: Vec<BulletinView>,
}

/// A manufacturer's bulletin as the Diagnosis screen lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulletinView {
    /// "21-052 · NHTSA 10212345 · 2021-11-08".
    pub reference: String,
    /// Why it is listed ("mentions P0442").
    pub why: String,
    /// NHTSA's summary.
    pub summary: String,
}

/// One ranked cause.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CauseView {
    /// Knowledge id (`ignition_coil`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// The system it belongs to.
    pub system: String,
    /// Probability, 0–1.
    pub probability: f64,
    /// What raised it.
    pub evidence_for: Vec<EvidenceView>,
    /// What lowered it.
    pub evidence_against: Vec<EvidenceView>,
}

/// One piece of evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    /// What it is, in words.
    pub detail: String,
    /// How much it moved the cause (× odds).
    pub likelihood_ratio: f64,
}

/// One step of the test plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanStepView {
    /// Step id, recorded with its result.
    pub id: String,
    /// 1-based order.
    pub order: usize,
    /// What to do.
    pub instruction: String,
    /// Tools needed.
    pub tool: String,
    /// The normal result.
    pub expected: String,
    /// About how long.
    pub minutes: f64,
}
