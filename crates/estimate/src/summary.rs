//! The estimate in seed 001's "complete response" shape (`GET /v1/estimates/{id}`).

use serde::{Deserialize, Serialize};

use crate::engine::{Breakdown, Estimate, LineCategory, LineStatus, Payer};
use crate::model::{DamageType, Operation, Severity};
use crate::{CalibrationType, Cents, Hours, InsuranceVehicle};

/// One damage area as the seed lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryArea {
    /// Damage type.
    #[serde(rename = "type")]
    pub kind: DamageType,
    /// Severity.
    pub severity: Severity,
    /// Panel id.
    pub location: String,
    /// Detector confidence; absent for hand-marked areas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// The `damage` block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryDamage {
    /// Areas.
    pub areas: Vec<SummaryArea>,
}

/// One line as the seed's `cost.line_items` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryLine {
    /// Description, e.g. `Front bumper cover - R&R`.
    pub description: String,
    /// `repair`, `replace`, `refinish`, `blend`, `r&i`, `sublet` or `misc`.
    pub repair_type: String,
    /// Part (or sublet) cost.
    pub parts_cost: Cents,
    /// Labor hours.
    pub labor_hours: Hours,
    /// Labor cost.
    pub labor_cost: Cents,
    /// Paint hours.
    pub paint_hours: Hours,
    /// Paint cost.
    pub paint_cost: Cents,
}

/// The `cost` block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryCost {
    /// Low end of included lines.
    pub total_min: Cents,
    /// High end, including lines awaiting confirmation.
    pub total_max: Cents,
    /// `USD`.
    pub currency: String,
    /// `cents`.
    pub unit: String,
    /// Split of the point total.
    pub breakdown: Breakdown,
    /// The insurer's included lines.
    pub line_items: Vec<SummaryLine>,
}

/// One calibration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryCalibration {
    /// System id.
    pub system: String,
    /// Static / dynamic.
    #[serde(rename = "type")]
    pub kind: CalibrationType,
    /// Cost.
    pub cost: Cents,
}

/// The `adas` block: included calibrations only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryAdas {
    /// Whether any calibration is included.
    pub required: bool,
    /// Included calibrations.
    pub calibrations: Vec<SummaryCalibration>,
}

/// One data source. The seed's `data_points` counts are not given: shopbench's data are
/// estimates, not counted survey responses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummarySource {
    /// Name.
    pub name: String,
    /// Basis (estimate, sample, …).
    pub basis: String,
    /// Date of the data.
    pub as_of: String,
}

/// seed 001's complete estimate response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EstimateSummary {
    /// Estimate id.
    pub id: String,
    /// Always `complete`.
    pub status: String,
    /// Vehicle.
    pub vehicle: InsuranceVehicle,
    /// Damage areas.
    pub damage: SummaryDamage,
    /// Costs.
    pub cost: SummaryCost,
    /// ADAS.
    pub adas: SummaryAdas,
    /// Questions awaiting the estimator (lines not yet counted).
    pub questions: Vec<String>,
    /// Data provenance.
    pub data_sources: Vec<SummarySource>,
    /// Processing time measured by the caller (the engine reads no clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_time_ms: Option<u64>,
}

impl EstimateSummary {
    /// The summary of `est` under `id`; `processing_time_ms` is measured by the caller.
    pub fn from_estimate(est: &Estimate, id: &str, processing_time_ms: Option<u64>) -> Self {
        let included = || {
            est.line_items
                .iter()
                .filter(|l| l.status == LineStatus::Included && l.payer == Payer::Insurer)
        };
        EstimateSummary {
            id: id.to_string(),
            status: "complete".into(),
            vehicle: InsuranceVehicle {
                make: est.vehicle.make.clone(),
                model: est.vehicle.model.clone(),
                year: est.vehicle.year,
            },
            damage: SummaryDamage {
                areas: est
                    .damage
                    .iter()
                    .map(|a| SummaryArea {
                        kind: a.damage_type,
                        severity: a.severity,
                        location: a.panel.clone(),
                        confidence: a.confidence,
                    })
                    .collect(),
            },
            cost: SummaryCost {
                total_min: est.totals.total_min,
                total_max: est.totals.total_max,
                currency: est.totals.currency.clone(),
                unit: est.totals.unit.clone(),
                breakdown: est.totals.breakdown.clone(),
                line_items: included()
                    .map(|l| SummaryLine {
                        description: match l.operation {
                            Operation::Replace => format!("{} - R&R", l.description),
                            _ => l.description.clone(),
                        },
                        repair_type: l.operation.as_str().to_ascii_lowercase(),
                        parts_cost: l.part_cost,
                        labor_hours: l.labor_hours,
                        labor_cost: l.labor_cost,
                        paint_hours: l.paint_hours,
                        paint_cost: l.paint_cost,
                    })
                    .collect(),
            },
            adas: SummaryAdas {
                required: est.adas.required,
                calibrations: included()
                    .filter(|l| l.category == LineCategory::Adas)
                    .map(|l| SummaryCalibration {
                        system: l.id.trim_start_matches("adas:").to_string(),
                        kind: l.calibration.unwrap_or(CalibrationType::Static),
                        cost: l.part_cost,
                    })
                    .collect(),
            },
            questions: est.questions.clone(),
            data_sources: est
                .data_sources
                .iter()
                .map(|s| SummarySource {
                    name: s.name.clone(),
                    basis: s.basis.clone(),
                    as_of: s.as_of.clone(),
                })
                .collect(),
            processing_time_ms,
        }
    }
}
