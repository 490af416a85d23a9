//! Step 6 of an estimate: the estimator's overrides — edits, removals and confirmations of
//! the engine's lines — and the lines the estimator adds by hand.

use std::collections::BTreeSet;

use crate::model::{Operation, PartType};
use crate::{Cents, EstimateError};

use super::pricing::Pricing;
use super::{
    midpoint, AppliedRates, LineCategory, LineChange, LineEdit, LineItem, LineOverride, LineStatus,
    ManualLine,
};

/// The estimator's line overrides, applied as the lines they name are written: the engine's
/// lines first, then each derived step's lines (clear coat, supplies, materials, tax), which
/// are computed from the lines as edited. Within a step they apply in the order given; an
/// override naming a line an earlier one removed, or a line no step writes, is an error that
/// lists the ids there are.
pub(super) struct Pass<'a, 'd> {
    pricing: &'a Pricing<'d>,
    overrides: &'a [LineOverride],
    used: Vec<bool>,
}

impl<'a, 'd> Pass<'a, 'd> {
    /// A pass over `overrides`, none applied yet.
    pub fn new(pricing: &'a Pricing<'d>, overrides: &'a [LineOverride]) -> Self {
        Pass {
            pricing,
            overrides,
            used: vec![false; overrides.len()],
        }
    }

    /// Applies, in order, the overrides that name one of `lines` (as written), leaving the
    /// others for the lines of later steps. An edited line's reason then says what the engine
    /// computed and what the estimator set ([`edited_reason`]).
    pub fn apply(&mut self, mut lines: Vec<LineItem>) -> Result<Vec<LineItem>, EstimateError> {
        let ids: BTreeSet<String> = lines.iter().map(|l| l.id.clone()).collect();
        let overrides = self.overrides;
        let mut edited: Vec<(&str, LineEdit)> = Vec::new();
        for (o, used) in overrides.iter().zip(self.used.iter_mut()) {
            if *used || !ids.contains(&o.line_id) {
                continue;
            }
            *used = true;
            let i = line_index(&lines, &o.line_id)?;
            match &o.change {
                LineChange::Remove => {
                    lines.remove(i);
                }
                LineChange::Confirm => confirm(&mut lines[i]),
                LineChange::Edit(e) => {
                    edit(self.pricing, &mut lines[i], e);
                    match edited.iter_mut().find(|(id, _)| *id == o.line_id) {
                        Some((_, all)) => *all = merged(all, e),
                        None => edited.push((&o.line_id, e.clone())),
                    }
                }
            }
        }
        for (id, e) in &edited {
            if let Some(line) = lines.iter_mut().find(|l| l.id == *id) {
                line.reason = edited_reason(line, e);
            }
        }
        Ok(lines)
    }

    /// Fails on the first override no step's lines answered, listing the final lines.
    pub fn finish(&self, lines: &[LineItem]) -> Result<(), EstimateError> {
        match self.overrides.iter().zip(&self.used).find(|(_, u)| !**u) {
            Some((o, _)) => Err(EstimateError::UnknownLine {
                given: o.line_id.clone(),
                valid: lines.iter().map(|l| l.id.clone()).collect(),
            }),
            None => Ok(()),
        }
    }
}

/// The most a part on one line may cost: $1,000,000.
const MAX_PART_COST: Cents = Cents::new(100_000_000);
/// The most a labor or paint rate may be: $10,000 an hour.
const MAX_RATE: Cents = Cents::new(1_000_000);

/// Refuses a negative amount, or one beyond any repair, in the estimator's
/// edits and added lines (money is signed in the shared vocabulary; an
/// estimate's inputs are not).
pub(super) fn check_amounts(o: &crate::Overrides) -> Result<(), EstimateError> {
    for l in &o.lines {
        if let LineChange::Edit(e) = &l.change {
            let what = |amount: &str| format!("{amount} of {}", l.line_id);
            in_range(what("part_cost"), e.part_cost, MAX_PART_COST)?;
            in_range(what("labor_rate"), e.labor_rate, MAX_RATE)?;
            in_range(what("paint_rate"), e.paint_rate, MAX_RATE)?;
        }
    }
    for (n, m) in o.added.iter().enumerate() {
        let what = |amount: &str| format!("{amount} of added line {}", n + 1);
        in_range(what("part_cost"), Some(m.part_cost), MAX_PART_COST)?;
        in_range(what("labor_rate"), m.labor_rate, MAX_RATE)?;
        in_range(what("paint_rate"), m.paint_rate, MAX_RATE)?;
    }
    Ok(())
}

/// `c`, when given, is from zero to `max`.
fn in_range(what: String, c: Option<Cents>, max: Cents) -> Result<(), EstimateError> {
    match c {
        Some(c) if c.is_negative() => Err(EstimateError::NegativeAmount {
            what,
            given: c.usd_grouped().to_string(),
        }),
        Some(c) if c > max => Err(EstimateError::AmountTooLarge {
            what,
            given: c.usd_grouped().to_string(),
            max: max.usd_grouped().to_string(),
        }),
        _ => Ok(()),
    }
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
/// equipment): it counts, and its question is answered. A line awaiting a price stays so
/// until the price is given.
fn confirm(line: &mut LineItem) {
    if line.status == LineStatus::NeedsConfirmation {
        line.status = LineStatus::Included;
        line.question = None;
    }
    line.overridden = true;
}

/// Applies an edit field by field; unset fields keep the engine's value. An edited figure is
/// exact, so its min/max band collapses to it. A new part type without a new cost reprices
/// the part from the data (or asks for the price when the data have none); a part cost
/// answers a line awaiting its price. The reason is rewritten once all of a line's edits are
/// in ([`edited_reason`]).
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
        if line.status == LineStatus::NeedsPrice {
            line.status = LineStatus::Included;
            line.question = None;
        }
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
}

/// What two edits of one line set together: the `later` one's value where both set a field.
/// A new part type without a cost reprices the part, so it drops an `earlier` cost.
fn merged(earlier: &LineEdit, later: &LineEdit) -> LineEdit {
    let repriced = later.part_type.is_some() && later.part_cost.is_none();
    LineEdit {
        operation: later.operation.or(earlier.operation),
        description: later.description.clone().or(earlier.description.clone()),
        part_type: later.part_type.or(earlier.part_type),
        part_cost: later.part_cost.or(earlier.part_cost.filter(|_| !repriced)),
        labor_hours: later.labor_hours.or(earlier.labor_hours),
        labor_rate: later.labor_rate.or(earlier.labor_rate),
        paint_hours: later.paint_hours.or(earlier.paint_hours),
        paint_rate: later.paint_rate.or(earlier.paint_rate),
    }
}

/// The reason of a line the estimator edited (`e`: all its edits, [`merged`]): the engine's
/// reason as what was computed — its figures (`2.0 h of refinish × $40.00/h`, `7.25% of
/// $1,185.00`) need not be the line's any more — then each figure the estimator set, at the
/// line's value, one clause each: `computed: …; amount set by the estimator to $95.00`. An
/// edit that set no figure (operation, part type, description) says only that the estimator
/// edited the line.
fn edited_reason(line: &LineItem, e: &LineEdit) -> String {
    let part = match (line.operation, line.category) {
        (Operation::Sublet, _) => "sublet cost",
        (
            _,
            LineCategory::Supplies
            | LineCategory::Materials
            | LineCategory::Tax
            | LineCategory::Pdr,
        ) => "amount",
        _ => "part cost",
    };
    let per_hour = |rate: Cents| format!("{}/h", rate.usd_grouped());
    let l = line;
    let set: Vec<String> = [
        set_to(e.part_cost, part, l.part_cost.usd_grouped()),
        set_to(e.labor_hours, "labor time", l.labor_hours),
        set_to(e.labor_rate, "labor rate", per_hour(l.labor_rate)),
        set_to(e.paint_hours, "refinish time", l.paint_hours),
        set_to(e.paint_rate, "paint rate", per_hour(l.paint_rate)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let set = match set.is_empty() {
        true => "edited by the estimator".to_string(),
        false => set.join("; "),
    };
    format!("computed: {}; {set}", line.reason)
}

/// `what set by the estimator to value`, when the edit `given` set it.
fn set_to<T>(given: Option<T>, what: &str, value: impl std::fmt::Display) -> Option<String> {
    given.map(|_| format!("{what} set by the estimator to {value}"))
}

/// Prices a replaced part again in part type `pt` from the data; part type `none` clears the
/// part. A part type the data do not price clears the cost and asks for the price (it never
/// keeps another type's price under this label); a line without a part keeps its cost.
fn reprice_part(pricing: &Pricing<'_>, line: &mut LineItem, pt: PartType) {
    let Some(group) = line.part_group.clone() else {
        if pt == PartType::None {
            line.set_part(Cents::ZERO, (Cents::ZERO, Cents::ZERO));
        }
        return;
    };
    match pricing.part_price(&group, pt) {
        Some(range) => {
            line.set_part(midpoint(range), range);
            if line.status == LineStatus::NeedsPrice {
                line.status = LineStatus::Included;
                line.question = None;
            }
        }
        None if pt == PartType::None => line.set_part(Cents::ZERO, (Cents::ZERO, Cents::ZERO)),
        None => {
            line.set_part(Cents::ZERO, (Cents::ZERO, Cents::ZERO));
            line.status = LineStatus::NeedsPrice;
            line.question = Some(super::panel_lines::price_question(
                &group.replace('_', " "),
                pt,
            ));
        }
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

    fn apply_overrides(
        p: &Pricing<'_>,
        os: &[LineOverride],
        lines: Vec<LineItem>,
    ) -> Result<Vec<LineItem>, EstimateError> {
        let mut pass = Pass::new(p, os);
        let out = pass.apply(lines)?;
        pass.finish(&out)?;
        Ok(out)
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
        assert!(hood.overridden);
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

    /// Five edits of one line said "(edited by the estimator)" five times.
    #[test]
    fn regression_each_edit_appended_edited_by_the_estimator_again() {
        let p = camry();
        let hours = |tenths| {
            change(
                "hood:REPLACE",
                LineChange::Edit(LineEdit {
                    labor_hours: Some(Hours::from_tenths(tenths)),
                    ..LineEdit::default()
                }),
            )
        };
        let os = [hours(13), hours(14), hours(15)];
        let out = apply_overrides(&p, &os, lines(&p)).unwrap();
        assert_eq!(
            out[0].reason,
            "computed: why; labor time set by the estimator to 1.5 h"
        );
    }

    /// Each figure the estimator set is said once, at the line's value: a later edit's figure
    /// over an earlier one's, and a part repriced by a new part type is not called set.
    #[test]
    fn an_edited_reason_states_the_figures_as_the_line_has_them() {
        let p = camry();
        let edit = |e: LineEdit| change("hood:REPLACE", LineChange::Edit(e));
        let os = [
            edit(LineEdit {
                part_cost: Some(Cents::new(123_456)),
                paint_rate: Some(Cents::new(5_000)),
                ..LineEdit::default()
            }),
            edit(LineEdit {
                part_type: Some(PartType::Aftermarket),
                ..LineEdit::default()
            }),
            edit(LineEdit {
                paint_rate: Some(Cents::new(5_500)),
                ..LineEdit::default()
            }),
            change("adas:front_radar", LineChange::Confirm),
        ];
        let out = apply_overrides(&p, &os, lines(&p)).unwrap();
        assert_eq!(
            out[0].reason,
            "computed: why; paint rate set by the estimator to $55.00/h"
        );
        assert_eq!(out[1].reason, "why", "a confirmation is not an edit");
        let renamed = [edit(LineEdit {
            description: Some("Hood panel".into()),
            ..LineEdit::default()
        })];
        let out = apply_overrides(&p, &renamed, lines(&p)).unwrap();
        assert_eq!(out[0].reason, "computed: why; edited by the estimator");
    }

    #[test]
    fn part_type_none_clears_the_part() {
        let p = camry();
        let mut hood = lines(&p).remove(0);
        reprice_part(&p, &mut hood, PartType::None);
        assert_eq!(hood.part_cost, Cents::ZERO);
    }

    /// Regression (issue 21): a part type the data do not price (`used` on a quarter panel)
    /// kept the OEM price and was labelled "used"; it now asks for the price, and a price
    /// given in an edit includes the line again.
    #[test]
    fn unpriced_part_type_asks_for_a_price_instead_of_mislabelling() {
        let p = camry();
        let mut quarter = lines(&p).remove(0);
        quarter.part_group = Some("quarter_panel".into());
        let used = LineEdit {
            part_type: Some(PartType::Used),
            ..LineEdit::default()
        };
        edit(&p, &mut quarter, &used);
        assert_eq!(
            (quarter.part_type, quarter.part_cost, quarter.status),
            (PartType::Used, Cents::ZERO, LineStatus::NeedsPrice)
        );
        let q = quarter.question.clone().unwrap();
        assert!(q.contains("No used price for quarter panel"), "{q}");
        confirm(&mut quarter);
        assert_eq!(
            quarter.status,
            LineStatus::NeedsPrice,
            "confirming gives no price"
        );
        let priced = LineEdit {
            part_cost: Some(Cents::new(31_000)),
            ..LineEdit::default()
        };
        edit(&p, &mut quarter, &priced);
        assert_eq!(
            (
                quarter.part_cost,
                quarter.status,
                quarter.question.as_deref()
            ),
            (Cents::new(31_000), LineStatus::Included, None)
        );
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

    /// `estimate edit --part-cost 900000000000000` was taken: "total
    /// $1746.07 → $965250000001303.67".
    #[test]
    fn regression_a_part_cost_beyond_any_repair_was_taken() {
        let edit = |part_cost, labor_rate| {
            let mut o = crate::Overrides::default();
            o.lines.push(LineOverride {
                line_id: "hood:REPLACE".into(),
                change: LineChange::Edit(LineEdit {
                    part_cost: Some(Cents::new(part_cost)),
                    labor_rate: Some(Cents::new(labor_rate)),
                    ..LineEdit::default()
                }),
            });
            check_amounts(&o).map_err(|e| e.to_string())
        };
        let e = edit(90_000_000_000_000_000, 9_000).unwrap_err();
        assert!(e.starts_with("part_cost of hood:REPLACE is $"), "{e}");
        assert!(
            e.ends_with("more than $1,000,000.00 is not an amount on a repair estimate"),
            "{e}"
        );
        assert!(edit(100_000_000, 1_000_000).is_ok());
        let e = edit(100, 1_000_001).unwrap_err();
        assert!(
            e.starts_with("labor_rate of hood:REPLACE is $10,000.01"),
            "{e}"
        );
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
