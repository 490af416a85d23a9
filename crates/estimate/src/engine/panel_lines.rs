//! Step 3 of an estimate: each planned panel's lines — the repair, replace, refinish or spot
//! refinish line with its part, labor and refinish time, and the R&I line of a repair done
//! off the car. A welded panel is replaced only when that costs less than repairing it.

use crate::data::{LaborKind, PanelHours, RuleAction};
use crate::model::{Operation, PartType};
use crate::{Cents, EstimateError, Hours};

use super::operation::PanelPlan;
use super::pricing::Pricing;
use super::{midpoint, LineCategory, LineItem, LineStatus, Payer};

/// A panel's operation once the data's times are checked: the operation code, its labor and
/// refinish hours, and the reason so far.
#[derive(Debug, PartialEq)]
struct PanelOperation {
    op: Operation,
    labor: Hours,
    paint: Hours,
    reason: String,
    /// A spot refinish: refinish within the panel, no adjacent blend.
    spot: bool,
}

/// The lines for one planned panel: its operation line and, for a repair done off the car,
/// its R&I line. Fails when a replaced panel has no replace time in the data.
pub(super) fn panel_lines(
    pricing: &Pricing<'_>,
    plan: &PanelPlan<'_>,
) -> Result<Vec<LineItem>, EstimateError> {
    let hours = pricing.hours(plan.row);
    let settled = settle_operation(plan, hours, pricing)?;
    let op = settled.op;
    let mut lines = vec![operation_line(pricing, plan, settled)];
    lines.extend(r_and_i_line(pricing, plan, op, hours));
    if plan.customer_pay {
        for l in &mut lines {
            l.payer = Payer::Customer;
            l.reason.push_str("; rust is wear a collision policy excludes: customer pay, not in the insurer's total");
        }
    }
    Ok(lines)
}

/// Settles the plan against the panel's times: a repair without a listed repair time becomes
/// a replace (and says so); a replace needs a replace time (an error in the data otherwise);
/// a welded panel is repaired instead when that costs less (see [`welded_repair`]).
/// The panel is refinished when the rules ask for it and it is painted at all; a spot
/// refinish takes the data's share of the refinish time.
fn settle_operation(
    plan: &PanelPlan<'_>,
    hours: &PanelHours,
    pricing: &Pricing<'_>,
) -> Result<PanelOperation, EstimateError> {
    let mut action = plan.action;
    let mut reasons = plan.reasons.clone();
    let mut repair_hours = plan.repair_hours;
    if action == RuleAction::Repair && repair_hours.is_none() {
        action = RuleAction::Replace;
        reasons.push(format!(
            "no repair time listed for {}, so it is replaced",
            plan.row.name.to_lowercase()
        ));
    }
    if action == RuleAction::Replace && hours.replace.is_none() {
        return Err(EstimateError::InvalidData {
            file: "panels".into(),
            detail: format!(
                "{} has no replace hours for class {}",
                plan.id,
                pricing.class()
            ),
        });
    }
    if action == RuleAction::Replace {
        if let Some((h, why)) = welded_repair(pricing, plan, hours) {
            action = RuleAction::Repair;
            repair_hours = Some(h);
            reasons.push(why);
        }
    }
    let spot = action == RuleAction::SpotRefinish;
    let paint = match (plan.row.paintable && plan.refinish, spot) {
        (false, _) => Hours::ZERO,
        (true, false) => hours.refinish,
        (true, true) => hours
            .refinish
            .scale(pricing.data.panels.spot_refinish_factor),
    };
    let (op, labor) = match action {
        RuleAction::Replace => (Operation::Replace, hours.replace.unwrap_or_default()),
        RuleAction::Repair => (Operation::Repair, repair_hours.unwrap_or_default()),
        RuleAction::Refinish | RuleAction::SpotRefinish => (Operation::Refinish, Hours::ZERO),
    };
    Ok(PanelOperation {
        op,
        labor,
        paint,
        reason: reasons.join("; "),
        spot,
    })
}

/// A welded panel (quarter panel, rocker, roof) the rules would replace is repaired instead
/// when its repair time for the worst severity costs no more than replacing it: the replace
/// time, the part and the operations a replacement brings (R&I of the bumper and lamps,
/// corrosion protection, seam sealer, weld-through primer). Refinish is the same either way.
/// None when the panel is bolted on, replaced at the frame rate (buckled structure), or has
/// no repair time for that severity. The reason gives both sides of the comparison.
fn welded_repair(
    pricing: &Pricing<'_>,
    plan: &PanelPlan<'_>,
    hours: &PanelHours,
) -> Option<(Hours, String)> {
    if !plan.row.weld_on || plan.labor != LaborKind::Body {
        return None;
    }
    let repair = hours.repair(plan.severity)?;
    let rate = pricing.panel_labor_rate(LaborKind::Body, plan.row);
    let replace = hours.replace?;
    let part = replacement_part(pricing, &plan.row.part_group);
    let brought = super::added::brought_by_replace(pricing, &plan.id);
    let replace_cost = replace.cost(rate) + midpoint(part.range) + brought.cost;
    let repair_cost = repair.cost(rate);
    (repair_cost <= replace_cost).then(|| {
        (
            repair,
            format!(
                "welded on, so repaired: repair {repair} ({}) costs less than replacing it — {replace} ({}) + part {} + {} of operations replacement brings ({})",
                repair_cost.usd_grouped(),
                replace.cost(rate).usd_grouped(),
                midpoint(part.range).usd_grouped(),
                brought.hours,
                brought.cost.usd_grouped()
            ),
        )
    })
}

/// The panel's repair, replace or refinish line. A replace carries the new part, includes the
/// panel's R&I and its refinish (counted once, on this line); labor is at the body or frame
/// rate the rules chose, refinish at the paint rate.
fn operation_line(pricing: &Pricing<'_>, plan: &PanelPlan<'_>, work: PanelOperation) -> LineItem {
    let PanelOperation {
        op,
        labor,
        paint,
        mut reason,
        spot,
    } = work;
    let row = plan.row;
    let description = if spot {
        format!("{} - spot refinish", row.name)
    } else {
        row.name.clone()
    };
    let mut line = LineItem::blank(
        format!("{}:{}", plan.id, op),
        op,
        LineCategory::Panel,
        description,
        String::new(),
    );
    line.panel = Some(plan.id.clone());
    line.areas = plan.areas.clone();
    line.blend_source = !spot && !paint.is_zero();
    if op == Operation::Replace {
        let part = replacement_part(pricing, &row.part_group);
        line.part_type = part.part_type;
        line.part_group = Some(row.part_group.clone());
        line.set_part(midpoint(part.range), part.range);
        if part.range.1 == Cents::ZERO {
            line.status = LineStatus::NeedsPrice;
            line.question = Some(price_question(&row.name, part.part_type));
        }
        if let Some(note) = part.note {
            reason.push_str("; ");
            reason.push_str(&note);
        }
        reason.push_str("; R&I is included in the replace time");
        if !paint.is_zero() {
            reason.push_str("; refinish of the new part is on this line (counted once)");
        }
    }
    let rate = pricing.panel_labor_rate(plan.labor, row);
    if rate == pricing.rates.aluminum && pricing.is_aluminum(row) && !labor.is_zero() {
        reason.push_str("; aluminum panel: at the aluminum body rate");
    }
    line.set_labor(labor, rate, pricing.spread());
    line.set_paint(paint, pricing.rates.paint, pricing.spread());
    line.reason = reason;
    line
}

/// The question on a part line the data do not price: the estimator gives the price.
pub(super) fn price_question(part: &str, part_type: PartType) -> String {
    let kind = serde_json::to_value(part_type)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    format!(
        "No {kind} price for {} in the data: enter the part cost (estimate edit --part-cost) to include it, or choose another part type.",
        part.to_lowercase()
    )
}

/// The new part for a replaced panel: its price range and part type, and a note when the
/// estimator's preferred type is not priced and OEM is used instead.
#[derive(Debug, PartialEq)]
struct ReplacementPart {
    part_type: PartType,
    range: (Cents, Cents),
    note: Option<String>,
}

/// Prices the new part in the preferred part type, falling back to OEM (at zero when even
/// OEM is not listed — the line then asks for the price) with a note when the preference
/// was not OEM.
fn replacement_part(pricing: &Pricing<'_>, group: &str) -> ReplacementPart {
    let preferred = pricing.part_preference;
    if let Some(range) = pricing.part_price(group, preferred) {
        return ReplacementPart {
            part_type: preferred,
            range,
            note: None,
        };
    }
    let range = pricing
        .part_price(group, PartType::Oem)
        .unwrap_or((Cents::ZERO, Cents::ZERO));
    let note = (preferred != PartType::Oem)
        .then(|| format!("no {preferred:?} price listed, OEM priced").to_lowercase());
    ReplacementPart {
        part_type: PartType::Oem,
        range,
        note,
    }
}

/// A repaired panel that comes off the car to be repaired and refinished (a bumper cover)
/// gets an R&I line at the body rate, when the data list its R&I time. A replace already
/// includes R&I, so only repairs get one.
fn r_and_i_line(
    pricing: &Pricing<'_>,
    plan: &PanelPlan<'_>,
    op: Operation,
    hours: &PanelHours,
) -> Option<LineItem> {
    if op != Operation::Repair || !plan.row.ri_for_repair {
        return None;
    }
    let ri = hours.ri?;
    let name = &plan.row.name;
    let mut line = LineItem::blank(
        format!("{}:R&I", plan.id),
        Operation::RemoveInstall,
        LineCategory::Panel,
        format!("{name} - R&I"),
        format!("{name} is removed to be repaired and refinished off the car"),
    );
    line.panel = Some(plan.id.clone());
    line.areas = plan.areas.clone();
    line.set_labor(ri, pricing.rates.body, pricing.spread());
    line.set_paint(Hours::ZERO, pricing.rates.paint, pricing.spread());
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::operation::plan_panels;
    use crate::model::{DamageArea, DamageType as T, Severity as S};
    use crate::EstimateData;

    fn plan<'d>(data: &'d EstimateData, panel: &str, t: T, s: S) -> PanelPlan<'d> {
        let area = DamageArea::manual(panel, t, s);
        let class = crate::VehicleClass::Midsize;
        plan_panels(data, &[area], class).unwrap().remove(0)
    }

    fn camry(pref: PartType) -> Pricing<'static> {
        Pricing::shipped("Toyota", "Camry", "CA", pref)
    }

    #[test]
    fn a_repair_without_repair_time_becomes_a_replace() {
        let p = camry(PartType::Oem);
        let glass = plan(p.data, "door_glass_front_left", T::GlassBreak, S::Minor);
        assert_eq!(glass.action, RuleAction::Repair);
        let work = settle_operation(&glass, p.hours(glass.row), &p).unwrap();
        assert_eq!(work.op, Operation::Replace);
        assert_eq!(Some(work.labor), p.hours(glass.row).replace);
        assert!(work.paint.is_zero(), "glass is not painted");
        assert!(work
            .reason
            .ends_with("; no repair time listed for front door glass, left, so it is replaced"));
    }

    #[test]
    fn a_replace_needs_a_replace_time_in_the_data() {
        let data = EstimateData::shipped()
            .with_override(
                r#"{"panels":{"panels":{"hood":{"hours":{"midsize":{"replace":null}}}}}}"#,
            )
            .unwrap();
        let p = Pricing::with_data(&data, "Toyota", "Camry", "CA", PartType::Oem);
        let hood = plan(&data, "hood", T::Dent, S::Severe);
        let e = settle_operation(&hood, p.hours(hood.row), &p).unwrap_err();
        assert!(
            e.to_string()
                .contains("hood has no replace hours for class midsize"),
            "{e}"
        );
    }

    #[test]
    fn a_replace_line_carries_the_part_its_r_and_i_and_its_refinish_once() {
        let p = camry(PartType::Oem);
        let bumper = plan(p.data, "front_bumper", T::Dent, S::Moderate);
        let lines = panel_lines(&p, &bumper).unwrap();
        assert_eq!(lines.len(), 1, "no separate R&I on a replace");
        let l = &lines[0];
        assert_eq!(
            (l.id.as_str(), l.operation),
            ("front_bumper:REPLACE", Operation::Replace)
        );
        let range = p.part_price("bumper_cover", PartType::Oem).unwrap();
        assert_eq!((l.part_cost, l.part_range), (midpoint(range), range));
        assert_eq!(l.part_group.as_deref(), Some("bumper_cover"));
        assert_eq!((l.labor_rate.get(), l.paint_rate.get()), (7500, 7800));
        assert!(!l.paint_hours.is_zero());
        assert!(l.reason.ends_with(
            "; R&I is included in the replace time; refinish of the new part is on this line (counted once)"
        ));
    }

    #[test]
    fn the_preferred_part_type_falls_back_to_oem_with_a_note() {
        let p = camry(PartType::Aftermarket);
        let hood = replacement_part(&p, "hood");
        assert_eq!((hood.part_type, hood.note), (PartType::Aftermarket, None));
        let roof = replacement_part(&p, "roof_panel");
        assert_eq!(roof.part_type, PartType::Oem);
        assert_eq!(
            roof.range,
            p.part_price("roof_panel", PartType::Oem).unwrap()
        );
        assert_eq!(
            roof.note.as_deref(),
            Some("no aftermarket price listed, oem priced")
        );
        let oem = replacement_part(&camry(PartType::Oem), "roof_panel");
        assert_eq!(oem.note, None);
    }

    #[test]
    fn a_repaired_bumper_cover_gets_r_and_i_at_the_body_rate() {
        let p = camry(PartType::Oem);
        let bumper = plan(p.data, "front_bumper", T::Structural, S::Minor);
        let lines = panel_lines(&p, &bumper).unwrap();
        let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["front_bumper:REPAIR", "front_bumper:R&I"]);
        assert_eq!(
            lines[0].labor_rate, p.rates.body,
            "a cover is not structure"
        );
        let ri = &lines[1];
        assert_eq!(
            (ri.operation, ri.labor_rate),
            (Operation::RemoveInstall, p.rates.body)
        );
        assert_eq!(Some(ri.labor_hours), p.hours(bumper.row).ri);
        assert!(ri.paint_hours.is_zero());
        let hood = plan(p.data, "hood", T::Dent, S::Moderate);
        assert_eq!(
            panel_lines(&p, &hood).unwrap().len(),
            1,
            "a hood is repaired on the car"
        );
    }
}
