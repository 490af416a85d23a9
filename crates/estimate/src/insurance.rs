//! The insurance-format view of an estimate (seed 001's `/insurance` shape).

use serde::{Deserialize, Serialize};

use crate::engine::{Estimate, LineCategory, LineItem, LineStatus, Payer};
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

/// One insurance line. SUBLET and MISC lines carry only `part_cost` (the sublet price, the
/// charge) unless they have labor or paint, as in seed 001. A line awaiting confirmation or
/// a price is shown with its `status` and left out of the totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InsuranceLine {
    /// 1-based line number.
    pub line: u32,
    /// Operation code.
    pub operation: Operation,
    /// Description.
    pub description: String,
    /// Part type (absent on SUBLET and MISC lines).
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
    /// `needs_confirmation` or `needs_price` when the line is not in the totals yet; absent
    /// on included lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LineStatus>,
}

/// Insurance totals of the included lines: `gross_total = parts + labor + paint + sublet +
/// other + tax` = the sum of their subtotals.
///
/// `parts` counts part costs of operation lines only; seed 001's sample adds the sublet to
/// both `parts` and `sublet`, which would count it twice. `other` holds paint materials,
/// shop supplies, scans' and hail repair's amounts; `tax` the sales tax. Both are left out
/// when zero, as is `to_confirm`, the lines shown but awaiting confirmation or a price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InsuranceTotals {
    /// Parts on operation lines.
    pub parts: Cents,
    /// Labor.
    pub labor: Cents,
    /// Paint.
    pub paint: Cents,
    /// Sublet (part cost of SUBLET lines).
    pub sublet: Cents,
    /// Materials, supplies, fees and paintless dent repair.
    #[serde(skip_serializing_if = "is_zero")]
    pub other: Cents,
    /// Sales tax.
    #[serde(skip_serializing_if = "is_zero")]
    pub tax: Cents,
    /// Everything included.
    pub gross_total: Cents,
    /// Lines shown but not counted until confirmed or priced.
    #[serde(skip_serializing_if = "is_zero")]
    pub to_confirm: Cents,
}

fn is_zero(c: &Cents) -> bool {
    *c == Cents::ZERO
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
    /// The insurer's lines, renumbered from 1 (the customer's rust lines are not on it).
    pub line_items: Vec<InsuranceLine>,
    /// Totals.
    pub totals: InsuranceTotals,
}

/// Where an included line's part cost goes in the insurance totals.
fn part_bucket<'t>(t: &'t mut InsuranceTotals, l: &LineItem) -> &'t mut Cents {
    match (l.operation, l.category) {
        (Operation::Sublet, _) => &mut t.sublet,
        (_, LineCategory::Tax) => &mut t.tax,
        (Operation::Misc, _) | (_, LineCategory::Pdr) => &mut t.other,
        _ => &mut t.parts,
    }
}

/// The insurance line of `l`, numbered `line`.
fn insurance_line(l: &LineItem, line: u32) -> InsuranceLine {
    let bare = matches!(l.operation, Operation::Sublet | Operation::Misc);
    let show_labor = !bare || !l.labor_hours.is_zero();
    let show_paint = !bare || !l.paint_hours.is_zero();
    InsuranceLine {
        line,
        operation: l.operation,
        description: l.description.clone(),
        part_type: (!bare).then_some(l.part_type),
        part_cost: l.part_cost,
        labor_hours: show_labor.then_some(l.labor_hours),
        labor_rate: show_labor.then_some(l.labor_rate),
        labor_cost: show_labor.then_some(l.labor_cost),
        paint_hours: show_paint.then_some(l.paint_hours),
        paint_rate: show_paint.then_some(l.paint_rate),
        paint_cost: show_paint.then_some(l.paint_cost),
        subtotal: l.subtotal,
        status: (l.status != LineStatus::Included).then_some(l.status),
    }
}

impl InsuranceEstimate {
    /// The insurance view of `est` under `estimate_id`: the insurer's lines, those awaiting
    /// confirmation or a price shown with their status but not counted.
    pub fn from_estimate(est: &Estimate, estimate_id: &str) -> Self {
        let mut out = Vec::new();
        let mut t = InsuranceTotals {
            parts: Cents::ZERO,
            labor: Cents::ZERO,
            paint: Cents::ZERO,
            sublet: Cents::ZERO,
            other: Cents::ZERO,
            tax: Cents::ZERO,
            gross_total: Cents::ZERO,
            to_confirm: Cents::ZERO,
        };
        for l in est.line_items.iter().filter(|l| l.payer == Payer::Insurer) {
            out.push(insurance_line(l, out.len() as u32 + 1));
            if l.status != LineStatus::Included {
                t.to_confirm += l.subtotal;
                continue;
            }
            *part_bucket(&mut t, l) += l.part_cost;
            t.labor += l.labor_cost;
            t.paint += l.paint_cost;
        }
        t.gross_total = t.parts + t.labor + t.paint + t.sublet + t.other + t.tax;
        InsuranceEstimate {
            estimate_id: estimate_id.to_string(),
            format: "insurance".into(),
            vehicle: InsuranceVehicle {
                make: est.vehicle.make.clone(),
                model: est.vehicle.model.clone(),
                year: est.vehicle.year,
            },
            line_items: out,
            totals: t,
        }
    }
}
