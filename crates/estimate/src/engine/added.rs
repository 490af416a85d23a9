//! Step 3b of an estimate: the operations an estimator adds for the work on each panel, one
//! data row each (`operations.json`): R&I of handles, mirrors, lamps and emblems for refinish,
//! R&I of the bumper and lamp a quarter panel replacement needs, corrosion protection, seam
//! sealer and weld-through primer on welded replacements, door parts transfer, headlamp aim,
//! windshield urethane and moulding, frame measuring and set-up for structural damage.

use std::collections::BTreeSet;

use crate::data::{OperationRow, PanelRow};
use crate::{Cents, Hours};

use super::operation::PanelPlan;
use super::pricing::Pricing;
use super::{LineCategory, LineItem};

/// The operation lines the panel lines bring, in plan order then data order: a row applies
/// to a panel line of one of its panels and operations (refinished when the row asks, with
/// one of its damage types when it names any); it is skipped when its skip panel already
/// has a line, and written once when it is once per estimate. Lines of a customer-pay panel
/// are the customer's too.
pub(super) fn added_lines(
    pricing: &Pricing<'_>,
    plans: &[PanelPlan<'_>],
    panel_lines: &[LineItem],
) -> Vec<LineItem> {
    let on_estimate: BTreeSet<&str> = panel_lines
        .iter()
        .filter_map(|l| l.panel.as_deref())
        .collect();
    let mut out: Vec<LineItem> = Vec::new();
    for line in panel_lines {
        let Some(plan) = plans.iter().find(|p| Some(&p.id) == line.panel.as_ref()) else {
            continue;
        };
        for row in &pricing.data.operations.operations {
            if !applies(row, line, plan) || skipped(row, &on_estimate) {
                continue;
            }
            let new = row_line(pricing, row, &plan.id);
            if out.iter().all(|l| l.id != new.id) {
                let mut new = new;
                new.areas = plan.areas.clone();
                new.payer = line.payer;
                out.push(new);
            }
        }
    }
    out
}

/// Whether `row` applies to panel line `line` of `plan`.
fn applies(row: &OperationRow, line: &LineItem, plan: &PanelPlan<'_>) -> bool {
    row.panels.contains(&plan.id)
        && row.operations.contains(&line.operation)
        && (!row.refinished || !line.paint_hours.is_zero())
        && (row.damage_types.is_empty()
            || plan
                .damage_types
                .iter()
                .any(|t| row.damage_types.contains(t)))
}

/// Whether the row's skip panel already has a line (its own R&I or replace includes it).
fn skipped(row: &OperationRow, on_estimate: &BTreeSet<&str>) -> bool {
    row.skip_if_panel_has_line
        .as_deref()
        .is_some_and(|p| on_estimate.contains(p))
}

/// The time of `row` for the vehicle: the named panel's R&I time for its class, or the row's
/// midsize time scaled to the class.
fn row_hours(pricing: &Pricing<'_>, row: &OperationRow) -> Hours {
    match (&row.hours_of_ri, row.hours) {
        (Some(panel), _) => pricing
            .data
            .panel(panel)
            .ok()
            .and_then(|r: &PanelRow| pricing.hours(r).ri)
            .unwrap_or_default(),
        (None, Some(h)) => pricing.class_hours(h),
        (None, None) => Hours::ZERO,
    }
}

/// The line of `row` for panel `panel`: id `op:ROW` when once per estimate, else
/// `op:ROW:PANEL`; labor at the row's rate, the part or materials cost exact.
fn row_line(pricing: &Pricing<'_>, row: &OperationRow, panel: &str) -> LineItem {
    let id = if row.once_per_estimate {
        format!("op:{}", row.id)
    } else {
        format!("op:{}:{panel}", row.id)
    };
    let mut line = LineItem::blank(
        id,
        row.operation,
        LineCategory::Operation,
        row.description.clone(),
        format!(
            "{} of {}: not included in its published time",
            row.operations
                .iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join("/"),
            panel.replace('_', " ")
        ),
    );
    line.panel = Some(panel.to_string());
    let cost = crate::money::cents(row.part_cost);
    line.set_part(cost, (cost, cost));
    // A cost on an operation line is materials or a part (urethane, sealer): taxable.
    line.taxable_materials = true;
    line.set_labor(
        row_hours(pricing, row),
        pricing.labor_rate(row.labor),
        pricing.spread(),
    );
    line.set_paint(Hours::ZERO, pricing.rates.paint, pricing.spread());
    line
}

/// What replacing `panel` would bring: the hours and the cost of the rows a REPLACE of it
/// sets off, refinished as a new panel is (skip panels not considered: an upper bound used
/// to compare with repair).
pub(super) struct Brought {
    pub hours: Hours,
    pub cost: Cents,
}

/// The operations replacing `panel` brings, totalled (see [`Brought`]).
pub(super) fn brought_by_replace(pricing: &Pricing<'_>, panel: &str) -> Brought {
    let rows = pricing.data.operations.operations.iter().filter(|r| {
        r.panels.iter().any(|p| p == panel)
            && r.operations.contains(&crate::Operation::Replace)
            && r.damage_types.is_empty()
    });
    let mut out = Brought {
        hours: Hours::ZERO,
        cost: Cents::ZERO,
    };
    for row in rows {
        let h = row_hours(pricing, row);
        out.hours = Hours::from_tenths(out.hours.tenths() + h.tenths());
        out.cost += h.cost(pricing.labor_rate(row.labor)) + crate::money::cents(row.part_cost);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::operation::plan_panels;
    use crate::engine::panel_lines::panel_lines;
    use crate::model::{DamageArea, DamageType as T, PartType, Severity as S};
    use crate::Operation;

    fn lines_for(areas: &[DamageArea]) -> Vec<LineItem> {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let plans = plan_panels(p.data, areas, p.class()).unwrap();
        let panels: Vec<LineItem> = plans
            .iter()
            .flat_map(|plan| panel_lines(&p, plan).unwrap())
            .collect();
        added_lines(&p, &plans, &panels)
    }

    fn ids(lines: &[LineItem]) -> Vec<&str> {
        lines.iter().map(|l| l.id.as_str()).collect()
    }

    #[test]
    fn a_refinished_front_door_brings_handle_and_mirror_r_and_i() {
        let out = lines_for(&[DamageArea::manual("front_door_left", T::Dent, S::Moderate)]);
        assert_eq!(
            ids(&out),
            [
                "op:ri_door_handle_for_refinish:front_door_left",
                "op:ri_mirror_for_door_refinish_left:front_door_left"
            ]
        );
        assert!(out.iter().all(|l| l.operation == Operation::RemoveInstall));
        let pdr = lines_for(&[DamageArea::manual("front_door_left", T::Dent, S::Minor)]);
        assert!(pdr.is_empty(), "paintless repair is not refinished");
    }

    #[test]
    fn a_mirror_on_the_estimate_is_not_removed_twice() {
        let out = lines_for(&[
            DamageArea::manual("front_door_left", T::Dent, S::Moderate),
            DamageArea::manual("mirror_left", T::Crack, S::Severe),
        ]);
        assert!(
            !ids(&out).iter().any(|i| i.contains("ri_mirror")),
            "{:?}",
            ids(&out)
        );
    }

    #[test]
    fn headlamp_aim_is_written_once_at_the_mechanical_rate() {
        let out = lines_for(&[
            DamageArea::manual("headlamp_left", T::LampDamage, S::Severe),
            DamageArea::manual("headlamp_right", T::LampDamage, S::Severe),
        ]);
        assert_eq!(ids(&out), ["op:headlamp_aim"]);
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        assert_eq!(out[0].labor_rate, p.rates.mechanical);
    }

    #[test]
    fn replacing_a_welded_panel_brings_its_operations_at_their_cost() {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let b = brought_by_replace(&p, "quarter_panel_left");
        // rear bumper R&I 1.5 + tail lamp R&I 0.3 + corrosion 0.5 + seam sealer 0.5
        // + weld-through primer 0.3 h, and $33 of materials
        assert_eq!(b.hours, Hours::from_tenths(31));
        assert_eq!(
            b.cost,
            Hours::from_tenths(31).cost(p.rates.body) + Cents::new(3300)
        );
    }
}
