//! Step 4 of an estimate: blends — a panel next to a fully refinished one is blended so the
//! new paint matches, unless it is refinished itself. A spot refinish is blended within its
//! own panel: it blends no neighbour.

use std::collections::BTreeSet;

use crate::model::Operation;
use crate::{EstimateError, Hours};

use super::operation::PanelPlan;
use super::pricing::Pricing;
use super::{LineCategory, LineItem};

/// One BLEND line per neighbour of a fully refinished panel (from the catalogue's
/// `blendWith`), in plan order, never for a panel that is refinished (or spot-refinished)
/// itself nor twice for one panel. A neighbour that is not painted, or whose blend time
/// rounds to zero, is not blended. A blend for a customer-pay panel is the customer's.
pub(super) fn blend_lines(
    pricing: &Pricing<'_>,
    plans: &[PanelPlan<'_>],
    panel_lines: &[LineItem],
) -> Result<Vec<LineItem>, EstimateError> {
    let refinished = refinished_panels(panel_lines);
    let mut blended = BTreeSet::new();
    let mut blends = Vec::new();
    for plan in plans {
        let Some(source) = panel_lines
            .iter()
            .find(|l| l.blend_source && l.panel.as_ref() == Some(&plan.id))
        else {
            continue;
        };
        for neighbour in &plan.row.blend_with {
            if refinished.contains(neighbour) || blended.contains(neighbour) {
                continue;
            }
            if let Some(mut line) = blend_line(pricing, plan, neighbour)? {
                line.payer = source.payer;
                blended.insert(neighbour.clone());
                blends.push(line);
            }
        }
    }
    Ok(blends)
}

/// Deducts the refinish overlap: taking the fully refinished panels from the largest
/// refinish time down, each one next to a panel already counted (by the catalogue's
/// `blendWith`, either way) gets the data's overlap deducted, once, never below a tenth.
pub(super) fn deduct_overlap(pricing: &Pricing<'_>, lines: &mut [LineItem]) {
    let overlap = pricing.data.panels.refinish_overlap;
    let mut order: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].blend_source && lines[i].panel.is_some())
        .collect();
    order.sort_by(|&a, &b| lines[b].paint_hours.cmp(&lines[a].paint_hours));
    let mut counted: Vec<String> = Vec::new();
    for i in order {
        let panel = lines[i].panel.clone().unwrap_or_default();
        let next_to = counted
            .iter()
            .find(|c| adjacent(pricing, c, &panel))
            .cloned();
        if let Some(other) = next_to {
            let l = &mut lines[i];
            let left = l
                .paint_hours
                .tenths()
                .saturating_sub(overlap.tenths())
                .max(1);
            let taken = l.paint_hours.tenths() - left;
            if taken > 0 {
                l.set_paint(
                    Hours::from_tenths(left),
                    pricing.rates.paint,
                    pricing.spread(),
                );
                l.reason.push_str(&format!(
                    "; refinish {} less for the overlap with the adjacent {}",
                    Hours::from_tenths(taken),
                    other.replace('_', " ")
                ));
            }
        }
        counted.push(panel);
    }
}

/// Whether two panels touch (either lists the other to blend).
fn adjacent(pricing: &Pricing<'_>, a: &str, b: &str) -> bool {
    let lists = |x: &str, y: &str| {
        pricing
            .data
            .panel(x)
            .is_ok_and(|r| r.blend_with.iter().any(|n| n == y))
    };
    lists(a, b) || lists(b, a)
}

/// The panels whose lines carry refinish (paint) time.
fn refinished_panels(lines: &[LineItem]) -> BTreeSet<String> {
    lines
        .iter()
        .filter(|l| !l.paint_hours.is_zero())
        .filter_map(|l| l.panel.clone())
        .collect()
}

/// The blend of `neighbour` next to the refinished panel of `plan`: paint time only, the
/// neighbour's refinish time times the data's blend factor. None when the neighbour is not
/// painted or the blend time is zero.
fn blend_line(
    pricing: &Pricing<'_>,
    plan: &PanelPlan<'_>,
    neighbour: &str,
) -> Result<Option<LineItem>, EstimateError> {
    let data = pricing.data;
    let row = data.panel(neighbour)?;
    let blend_factor = data.panels.blend_factor;
    let hours = pricing.hours(row).refinish.scale(blend_factor);
    if !row.paintable || hours.is_zero() {
        return Ok(None);
    }
    let mut line = LineItem::blank(
        format!("{neighbour}:BLEND"),
        Operation::Blend,
        LineCategory::Blend,
        format!("{} - blend", row.name),
        format!(
            "adjacent to refinished {}: blended for colour match at {:.0}% of its refinish time",
            plan.row.name.to_lowercase(),
            blend_factor * 100.0
        ),
    );
    line.panel = Some(neighbour.to_string());
    line.set_labor(Hours::ZERO, pricing.rates.body, pricing.spread());
    line.set_paint(hours, pricing.rates.paint, pricing.spread());
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::operation::plan_panels;
    use crate::engine::panel_lines::panel_lines;
    use crate::model::{DamageArea, DamageType as T, PartType, Severity as S};
    use crate::EstimateData;

    /// The blend lines' ids for `areas` on a Camry priced with `data`.
    fn blends(data: &EstimateData, areas: &[DamageArea]) -> Vec<String> {
        let p = Pricing::with_data(data, "Toyota", "Camry", "CA", PartType::Oem);
        let plans = plan_panels(data, areas, p.class()).unwrap();
        let lines: Vec<LineItem> = plans
            .iter()
            .flat_map(|plan| panel_lines(&p, plan).unwrap())
            .collect();
        let out = blend_lines(&p, &plans, &lines).unwrap();
        assert!(out
            .iter()
            .all(|l| l.labor_hours.is_zero() && !l.paint_hours.is_zero()));
        out.into_iter().map(|l| l.id).collect()
    }

    #[test]
    fn neighbours_of_a_refinished_panel_are_blended_once_and_never_when_refinished() {
        let d = EstimateData::shipped();
        let fender = DamageArea::manual("front_fender_left", T::Scratch, S::Moderate);
        assert_eq!(
            blends(d, std::slice::from_ref(&fender)),
            ["hood:BLEND", "front_door_left:BLEND"]
        );
        let hood = DamageArea::manual("hood", T::Scratch, S::Moderate);
        assert_eq!(
            blends(d, &[fender, hood]),
            ["front_door_left:BLEND", "front_fender_right:BLEND"],
            "the hood is refinished, not blended; the door is blended once"
        );
    }

    #[test]
    fn unpainted_damage_and_a_zero_blend_factor_blend_nothing() {
        let d = EstimateData::shipped();
        let pdr = DamageArea::manual("hood", T::Dent, S::Minor);
        assert!(
            blends(d, &[pdr]).is_empty(),
            "paintless dent repair is not refinished"
        );
        let no_blend = d.with_override(r#"{"panels":{"blendFactor":0}}"#).unwrap();
        let fender = DamageArea::manual("front_fender_left", T::Scratch, S::Moderate);
        assert!(blends(&no_blend, &[fender]).is_empty());
    }

    #[test]
    fn adjacent_refinished_panels_share_their_overlap_once() {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let areas = [
            DamageArea::manual("hood", T::Dent, S::Moderate),
            DamageArea::manual("front_fender_right", T::Dent, S::Moderate),
            DamageArea::manual("trunk_lid", T::Dent, S::Moderate),
        ];
        let plans = plan_panels(p.data, &areas, p.class()).unwrap();
        let mut lines: Vec<LineItem> = plans
            .iter()
            .flat_map(|plan| panel_lines(&p, plan).unwrap())
            .collect();
        deduct_overlap(&p, &mut lines);
        let paint = |id: &str| lines.iter().find(|l| l.id == id).unwrap().paint_hours;
        assert_eq!(
            paint("hood:REPAIR"),
            Hours::from_tenths(30),
            "the largest is counted first"
        );
        assert_eq!(paint("front_fender_right:REPAIR"), Hours::from_tenths(18));
        assert_eq!(
            paint("trunk_lid:REPAIR"),
            Hours::from_tenths(22),
            "not next to either"
        );
        assert!(lines[1]
            .reason
            .ends_with("less for the overlap with the adjacent hood"));
    }

    /// Regression (issue 21): a minor scratch on a fender was refinished in full and three
    /// panels around it blended; an estimator spot-refinishes it and blends within the panel.
    #[test]
    fn minor_scratch_is_spot_refinished_without_adjacent_blends() {
        let d = EstimateData::shipped();
        let scratch = DamageArea::manual("front_fender_left", T::Scratch, S::Minor);
        assert!(blends(d, std::slice::from_ref(&scratch)).is_empty());
        let bumper = DamageArea::manual("front_bumper", T::Dent, S::Moderate);
        assert_eq!(
            blends(d, &[bumper, scratch]),
            ["front_fender_right:BLEND"],
            "the replaced bumper blends its other neighbour; the spot-refinished fender is not blended"
        );
    }

    #[test]
    fn a_blend_is_paint_time_at_the_blend_factor_with_its_reason() {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let fender = DamageArea::manual("front_fender_left", T::Scratch, S::Moderate);
        let plans = plan_panels(p.data, &[fender], p.class()).unwrap();
        let l = blend_line(&p, &plans[0], "hood").unwrap().unwrap();
        let hood = p.data.panel("hood").unwrap();
        assert_eq!(l.paint_hours, p.hours(hood).refinish.scale(0.5));
        assert_eq!((l.paint_rate, l.labor_rate), (p.rates.paint, p.rates.body));
        assert_eq!(
            l.reason,
            "adjacent to refinished front fender, left: blended for colour match at 50% of its refinish time"
        );
    }
}
