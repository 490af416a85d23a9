//! The insurance-format view of an estimate (seed 001's `/insurance` shape).

use serde::{Deserialize, Serialize};

use crate::engine::{Estimate, LineStatus};
use crate::model::{Operation, PartType};
use crate::{Cents, Hours};

/// The vehicle block of the insurance view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceVehicle {
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year.
    pub year: u16,
}

/// One insurance line. SUBLET lines carry only `part_cost` (the sublet price) unless
/// the estimator put labor or paint on them, as in seed 001.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InsuranceLine {
    /// 1-based line number.
    pub line: u32,
    /// Operation code.
    pub operation: Operation,
    /// Description.
    pub description: String,
    /// Part type (absent on SUBLET lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_type: Option<PartType>,
    /// Part or sublet cost.
    pub part_cost: Cents,
    /// Labor hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labor_hours: Option<Hours>,
    /// Labor rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labor_rate: Option<Cents>,
    /// Labor cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labor_cost: Option<Cents>,
    /// Paint hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paint_hours: Option<Hours>,
    /// Paint rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paint_rate: Option<Cents>,
    /// Paint cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paint_cost: Option<Cents>,
    /// part + labor + paint.
    pub subtotal: Cents,
}

/// Insurance totals: `gross_total = parts + labor + paint + sublet` = the sum of line subtotals.
///
/// `parts` counts part costs of non-SUBLET lines only; seed 001's sample adds the sublet to
/// both `parts` and `sublet`, which would count it twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InsuranceTotals {
    /// Parts on non-sublet lines.
    pub parts: Cents,
    /// Labor.
    pub labor: Cents,
    /// Paint.
    pub paint: Cents,
    /// Sublet (part cost of SUBLET lines).
    pub sublet: Cents,
    /// Everything.
    pub gross_total: Cents,
}

/// The insurance view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InsuranceEstimate {
    /// The estimate's id.
    pub estimate_id: String,
    /// Always `insurance`.
    pub format: String,
    /// The vehicle.
    pub vehicle: InsuranceVehicle,
    /// Included lines, renumbered from 1.
    pub line_items: Vec<InsuranceLine>,
    /// Totals.
    pub totals: InsuranceTotals,
}

impl InsuranceEstimate {
    /// The insurance view of `est` under `estimate_id`. Lines awaiting confirmation are left out.
    pub fn from_estimate(est: &Estimate, estimate_id: &str) -> Self {
        let mut out = Vec::new();
        let (mut parts, mut labor, mut paint, mut sublet) =
            (Cents::ZERO, Cents::ZERO, Cents::ZERO, Cents::ZERO);
        for l in est
            .line_items
            .iter()
            .filter(|l| l.status == LineStatus::Included)
        {
            let is_sublet = l.operation == Operation::Sublet;
            let show_labor = !is_sublet || !l.labor_hours.is_zero();
            let show_paint = !is_sublet || !l.paint_hours.is_zero();
            if is_sublet {
                sublet += l.part_cost;
            } else {
                parts += l.part_cost;
            }
            labor += l.labor_cost;
            paint += l.paint_cost;
            out.push(InsuranceLine {
                line: out.len() as u32 + 1,
                operation: l.operation,
                description: l.description.clone(),
                part_type: (!is_sublet).then_some(l.part_type),
                part_cost: l.part_cost,
                labor_hours: show_labor.then_some(l.labor_hours),
                labor_rate: show_labor.then_some(l.labor_rate),
                labor_cost: show_labor.then_some(l.labor_cost),
                paint_hours: show_paint.then_some(l.paint_hours),
                paint_rate: show_paint.then_some(l.paint_rate),
                paint_cost: show_paint.then_some(l.paint_cost),
                subtotal: l.subtotal,
            });
        }
        InsuranceEstimate {
            estimate_id: estimate_id.to_string(),
            format: "insurance".into(),
            vehicle: InsuranceVehicle {
                make: est.vehicle.make.clone(),
                model: est.vehicle.model.clone(),
                year: est.vehicle.year,
            },
            line_items: out,
            totals: InsuranceTotals {
                parts,
                labor,
                paint,
                sublet,
                gross_total: parts + labor + paint + sublet,
            },
        }
    }
}
