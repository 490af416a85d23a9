//! Step 6 of an estimate: the estimator's overrides — edits, removals and confirmations of
//! the engine's lines — and the lines the estimator adds by hand.

use crate::model::PartType;
use crate::{Cents, EstimateError};

use super::pricing::Pricing;
use super::{
    midpoint, AppliedRates, LineCategory, LineChange, LineEdit, LineItem, LineOverride, LineStatus,
    ManualLine,
};

/// Applies the estimator's line overrides in order. Each names a line among the lines as they
/// stand then (a line an earlier override removed is gone); an unknown id is an error that
/// lists the ids there are.
/// Refuses a negative amount in the estimator's edits and added lines
/// (money is signed in the shared vocabulary; an estimate's inputs are not).
pub(super) fn check_amounts(o: &crate::Overrides) -> Result<(), EstimateError> {
    let negative = |what: String, c: Option<Cents>| match c {
        Some(c) if c.is_negative() => Err(EstimateError::NegativeAmount {
            what,
            given: c.usd().to_string(),
        }),
        _ => Ok(()),
    };
    for l in &o.lines {
        if let LineChange::Edit(e) = &l.change {
            negative(format!("part_cost of {}", l.line_id), e.part_cost)?;
            negative(format!("labor_rate of {}", l.line_id), e.labor_rate)?;
            negative(format!("paint_rate of {}", l.line_id), e.paint_rate)?;
        }
    }
    for (n, m) in o.added.iter().enumerate() {
        negative(
            format!("part_cost of added line {}", n + 1),
            Some(m.part_cost),
        )?;
        negative(format!("labor_rate of added line {}", n + 1), m.labor_rate)?;
        negative(format!("paint_rate of added line {}", n + 1), m.paint_rate)?;
    }
    Ok(())
}

pub(super) fn apply_overrides(
    pricing: &Pricing<'_>,
    overrides: &[LineOverride],
    mut lines: Vec<LineItem>,
) -> Result<Vec<LineItem>, EstimateError> {
    for o in overrides {
        let i = line_index(&lines, &o.line_id)?;
        match &o.change {
            LineChange::Remove => {
                lines.remove(i);
            }
            LineChange::Confirm => confirm(&mut lines[i]),
            LineChange::Edit(e) => edit(pricing, &mut lines[i], e),
        }
    }
    Ok(lines)
}

/// The position of the line with id `id`, or [`EstimateError::UnknownLine`].
fn line_index(lines: &[LineItem], id: &str) -> Result<usize, EstimateError> {
    lines
        .iter()
        .position(|l| l.id == id)
        .ok_or_else(|| EstimateError::UnknownLine {
            given: id.to_string(),
            valid: lines.iter().map(|l| l.id.clone()).collect(),
        })
}

/// The estimator confirms a line awaiting confirmation (e.g. an ADAS calibration on unknown
/// equipment): it counts, and its question is answered.
fn confirm(line: &mut LineItem) {
    line.status = LineStatus::Included;
    line.question = None;
    line.overridden = true;
}

/// Applies an edit field by field; unset fields keep the engine's value. An edited figure is
/// exact, so its min/max band collapses to it. A new part type without a new cost reprices
/// the part from the data. The reason records that the estimator changed the line.
fn edit(pricing: &Pricing<'_>, line: &mut LineItem, e: &LineEdit) {
    line.overridden = true;
    if let Some(op) = e.operation {
        line.operation = op;
    }
    if let Some(d) = &e.description {
        line.description = d.clone();
    }
    if let Some(pt) = e.part_type {
        line.part_type = pt;
        if e.part_cost.is_none() {
            reprice_part(pricing, line, pt);
        }
    }
    if let Some(c) = e.part_cost {
        line.set_part(c, (c, c));
    }
    if let Some(h) = e.labor_hours {
        line.labor_hours = h;
        line.labor_range = (h, h);
    }
    if let Some(r) = e.labor_rate {
        line.labor_rate = r;
    }
    if let Some(h) = e.paint_hours {
        line.paint_hours = h;
        line.paint_range = (h, h);
    }
    if let Some(r) = e.paint_rate {
        line.paint_rate = r;
    }
    line.reason.push_str(" (edited by the estimator)");
}

/// Prices a replaced part again in part type `pt` from the data; part type `none` clears the
/// part. A part type the data do not price (or a line without a part) keeps its cost.
fn reprice_part(pricing: &Pricing<'_>, line: &mut LineItem, pt: PartType) {
    let priced = line
        .part_group
        .as_deref()
        .and_then(|g| pricing.part_price(g, pt));
    match priced {
        Some(range) => line.set_part(midpoint(range), range),
        None if pt == PartType::None => line.set_part(Cents::ZERO, (Cents::ZERO, Cents::ZERO)),
        None => {}
    }
}

/// The estimator's own lines, `manual:1`, `manual:2`, … in order, at exactly the figures
/// given (no min/max band); labor and paint default to the body and paint rates.
pub(super) fn added_lines(added: &[ManualLine], rates: &AppliedRates) -> Vec<LineItem> {
    added
        .iter()
        .enumerate()
        .map(|(n, m)| manual_line(n + 1, m, rates))
        .collect()
}

/// The `number`-th added line.
fn manual_line(number: usize, m: &ManualLine, rates: &AppliedRates) -> LineItem {
    let mut line = LineItem::blank(
        format!("manual:{number}"),
        m.operation,
        LineCategory::Manual,
        m.description.clone(),
        "added by the estimator".to_string(),
    );
    line.part_type = m.part_type;
    line.set_part(m.part_cost, (m.part_cost, m.part_cost));
    line.set_labor(m.labor_hours, m.labor_rate.unwrap_or(rates.body), 0.0);
    line.set_paint(m.paint_hours, m.paint_rate.unwrap_or(rates.paint), 0.0);
    line.overridden = true;
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Operation;
    use crate::Hours;

    fn camry() -> Pricing<'static> {
        Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem)
    }

    /// A replaced hood priced in OEM, and an ADAS line awaiting confirmation.
    fn lines(p: &Pricing<'_>) -> Vec<LineItem> {
        let mut hood = LineItem::blank(
            "hood:REPLACE".into(),
            Operation::Replace,
            LineCategory::Panel,
            "Hood".into(),
            "why".into(),
        );
        let range = p.part_price("hood", PartType::Oem).unwrap();
        hood.part_group = Some("hood".into());
        hood.set_part(midpoint(range), range);
        hood.set_labor(Hours::from_tenths(12), p.rates.body, 0.15);
        let mut radar = LineItem::blank(
            "adas:front_radar".into(),
            Operation::Sublet,
            LineCategory::Adas,
            "Radar".into(),
            "why".into(),
        );
        radar.status = LineStatus::NeedsConfirmation;
        radar.question = Some("fitted?".into());
        vec![hood, radar]
    }

    fn change(id: &str, change: LineChange) -> LineOverride {
        LineOverride {
            line_id: id.into(),
            change,
        }
    }

    #[test]
    fn overrides_apply_in_order_and_name_existing_lines() {
        let p = camry();
        let os = [
            change("adas:front_radar", LineChange::Confirm),
            change("hood:REPLACE", LineChange::Remove),
        ];
        let out = apply_overrides(&p, &os, lines(&p)).unwrap();
        assert_eq!(out.len(), 1);
        let radar = &out[0];
        assert_eq!(
            (radar.status, radar.question.as_deref()),
            (LineStatus::Included, None)
        );
        assert!(radar.overridden);
        let twice = [
            change("hood:REPLACE", LineChange::Remove),
            change("hood:REPLACE", LineChange::Remove),
        ];
        let e = apply_overrides(&p, &twice, lines(&p)).unwrap_err();
        assert_eq!(
            e,
            EstimateError::UnknownLine {
                given: "hood:REPLACE".into(),
                valid: vec!["adas:front_radar".into()],
            }
        );
    }

    #[test]
    fn an_edit_is_exact_and_a_new_part_type_is_repriced_from_the_data() {
        let p = camry();
        let mut hood = lines(&p).remove(0);
        let e = LineEdit {
            part_type: Some(PartType::Used),
            labor_hours: Some(Hours::from_tenths(20)),
            ..LineEdit::default()
        };
        edit(&p, &mut hood, &e);
        let used = p.part_price("hood", PartType::Used).unwrap();
        assert_eq!(
            (hood.part_type, hood.part_cost, hood.part_range),
            (PartType::Used, midpoint(used), used)
        );
        assert_eq!(
            hood.labor_range,
            (Hours::from_tenths(20), Hours::from_tenths(20))
        );
        assert!(hood.overridden && hood.reason.ends_with("why (edited by the estimator)"));
        let priced = LineEdit {
            part_type: Some(PartType::Aftermarket),
            part_cost: Some(Cents::new(999)),
            ..LineEdit::default()
        };
        edit(&p, &mut hood, &priced);
        assert_eq!(
            (hood.part_cost, hood.part_range),
            (Cents::new(999), (Cents::new(999), Cents::new(999)))
        );
    }

    #[test]
    fn part_type_none_clears_the_part_and_an_unpriced_type_keeps_it() {
        let p = camry();
        let mut hood = lines(&p).remove(0);
        reprice_part(&p, &mut hood, PartType::None);
        assert_eq!(hood.part_cost, Cents::ZERO);
        let mut roof = lines(&p).remove(0);
        roof.part_group = Some("roof_panel".into());
        let before = roof.part_cost;
        reprice_part(&p, &mut roof, PartType::Used);
        assert_eq!(roof.part_cost, before, "no used roof price: the cost stays");
    }

    #[test]
    fn a_negative_part_cost_or_rate_is_refused() {
        let mut o = crate::Overrides::default();
        o.lines.push(LineOverride {
            line_id: "hood:REPLACE".into(),
            change: LineChange::Edit(LineEdit {
                part_cost: Some(Cents::new(-100)),
                ..LineEdit::default()
            }),
        });
        let e = check_amounts(&o).unwrap_err().to_string();
        assert!(e.contains("part_cost of hood:REPLACE is -$1.00"), "{e}");
        assert!(check_amounts(&crate::Overrides::default()).is_ok());
    }

    #[test]
    fn added_lines_are_numbered_exact_and_default_to_the_shop_rates() {
        let p = camry();
        let m = ManualLine {
            operation: Operation::Repair,
            description: "Bracket".into(),
            part_type: PartType::None,
            part_cost: Cents::new(500),
            labor_hours: Hours::from_tenths(10),
            labor_rate: None,
            paint_hours: Hours::from_tenths(5),
            paint_rate: Some(Cents::new(1)),
        };
        let out = added_lines(&[m.clone(), m], &p.rates);
        let ids: Vec<&str> = out.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["manual:1", "manual:2"]);
        let l = &out[0];
        assert_eq!((l.labor_rate, l.paint_rate), (p.rates.body, Cents::new(1)));
        assert_eq!(l.labor_range, (l.labor_hours, l.labor_hours));
        assert_eq!(l.part_range, (Cents::new(500), Cents::new(500)));
        assert!(l.overridden && l.category == LineCategory::Manual);
    }
}
