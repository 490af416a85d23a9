//! Step 7 of an estimate: the lines computed from the lines as the estimator left them, in
//! order — clear coat or three-stage time, shop supplies and fees, paint and materials, sales
//! tax — each for the insurer's lines and, apart, for the customer's (rust; a supply charged
//! once a visit only once, see [`supplies`]; the customer's clear coat is a step of its own,
//! after the insurer's, see [`customer_add_on`]). Each can be
//! edited or removed like any line; a later step sees the edits of an earlier one.

use crate::data::{AddOn, MiscRow, MiscWhen};
use crate::model::{Finish, Operation, PartType};
use crate::{Cents, Hours};

use super::pricing::Pricing;
use super::{LineCategory, LineItem, LineStatus, Payer};

/// A derived step: the lines it writes from the lines so far.
pub(super) type Step = fn(&Pricing<'_>, &[LineItem]) -> Vec<LineItem>;

/// The derived steps, in order.
pub(super) const STEPS: [Step; 5] = [
    insurer_add_on,
    customer_add_on,
    supplies,
    paint_materials,
    sales_tax,
];

/// The included lines of `payer`.
fn paid_by(lines: &[LineItem], payer: Payer) -> Vec<&LineItem> {
    lines
        .iter()
        .filter(|l| l.status == LineStatus::Included && l.payer == payer)
        .collect()
}

/// A derived line for `payer`: the customer's get `:customer` on the id. The description
/// does not say who pays: the line's payer does, and the PDF and the CLI label it once.
fn derived_line(
    payer: Payer,
    id: &str,
    category: LineCategory,
    description: String,
    reason: String,
) -> LineItem {
    let id = match payer {
        Payer::Insurer => id.to_string(),
        Payer::Customer => format!("{id}:customer"),
    };
    let op = if category == LineCategory::RefinishAddOn {
        Operation::Refinish
    } else {
        Operation::Misc
    };
    let mut line = LineItem::blank(id, op, category, description, reason);
    line.payer = payer;
    line
}

/// Whether a line's refinish time is panel work (not a derived line's own time).
fn panel_paint(l: &LineItem) -> bool {
    !l.paint_hours.is_zero()
        && !matches!(
            l.category,
            LineCategory::RefinishAddOn | LineCategory::Supplies | LineCategory::Materials
        )
}

/// Hours as a sum of tenths.
fn sum_hours(hours: impl Iterator<Item = Hours>) -> Hours {
    Hours::from_tenths(hours.map(Hours::tenths).sum())
}

/// The add-on time for refinish times `sorted` (largest first): the first share of the
/// largest plus the additional share of the others, rounded once to the tenth (half up), at
/// most the cap. The shares are taken to the tenth of a percent, so the sum is exact.
fn add_on_hours(add: &AddOn, sorted: &[Hours]) -> Hours {
    let Some((first, rest)) = sorted.split_first() else {
        return Hours::ZERO;
    };
    let per_mille = |share: f64| (share.max(0.0) * 1000.0).round() as u64;
    let rest = u64::from(sum_hours(rest.iter().copied()).tenths());
    let thousandths_of_tenths = u64::from(first.tenths()) * per_mille(add.first_panel)
        + rest * per_mille(add.additional_panel);
    let tenths = u32::try_from((thousandths_of_tenths + 500) / 1000).unwrap_or(u32::MAX);
    let h = Hours::from_tenths(tenths);
    add.max_hours.map_or(h, |m| h.min(m))
}

/// The finish's add-on: its shares, its line id and its description.
fn add_on_kind<'d>(pricing: &Pricing<'d>) -> (&'d AddOn, &'static str, &'static str) {
    let panels = &pricing.data.panels;
    match pricing.finish() {
        Finish::TwoStage => (&panels.clear_coat, "refinish:clear_coat", "Clear coat"),
        Finish::ThreeStage => (
            &panels.three_stage,
            "refinish:three_stage",
            "Three-stage (tri-coat) refinish",
        ),
    }
}

/// Clear coat (two-stage) or three-stage time for the insurer's panels, which published
/// refinish times leave out: the data's share of the largest refinish time, of the others,
/// capped for clear coat. The first-panel share is once a visit, like a supply: this line
/// carries it ([`customer_add_on`]).
fn insurer_add_on(pricing: &Pricing<'_>, lines: &[LineItem]) -> Vec<LineItem> {
    let (add, ..) = add_on_kind(pricing);
    let panels = panel_times(lines, Payer::Insurer);
    add_on_line(pricing, Payer::Insurer, add, &panels, false)
}

/// The add-on time for the customer's (rust) panels, from the insurer's add-on line as the
/// estimator left it: while it is there with time on it, it carries the visit's first-panel
/// share, so the customer's panels all count as additional ones, within what the cap leaves
/// after that line's (edited) hours; once it is removed or set to no time, the customer's
/// largest panel carries it.
fn customer_add_on(pricing: &Pricing<'_>, lines: &[LineItem]) -> Vec<LineItem> {
    let (add, ..) = add_on_kind(pricing);
    let insurer = paid_by(lines, Payer::Insurer)
        .into_iter()
        .find(|l| l.category == LineCategory::RefinishAddOn && !l.paint_hours.is_zero());
    let share = insurer.map_or(*add, |l| additional_only(add, l.paint_hours));
    let panels = panel_times(lines, Payer::Customer);
    add_on_line(pricing, Payer::Customer, &share, &panels, insurer.is_some())
}

/// The shares of `add` beside an add-on line of `carried` hours that carries the first-panel
/// share: every panel at the additional-panel share, within what the cap leaves.
fn additional_only(add: &AddOn, carried: Hours) -> AddOn {
    AddOn {
        first_panel: add.additional_panel,
        additional_panel: add.additional_panel,
        max_hours: add
            .max_hours
            .map(|m| Hours::from_tenths(m.tenths().saturating_sub(carried.tenths()))),
    }
}

/// `payer`'s add-on line for refinish times `panels` (largest first) at the shares of
/// `share`, none when it comes to no time; `shares_visit` when the insurer's add-on carries
/// the visit's first-panel share.
fn add_on_line(
    pricing: &Pricing<'_>,
    payer: Payer,
    share: &AddOn,
    panels: &[Hours],
    shares_visit: bool,
) -> Vec<LineItem> {
    let hours = add_on_hours(share, panels);
    if hours.is_zero() {
        return Vec::new();
    }
    let (_, id, what) = add_on_kind(pricing);
    let reason = add_on_reason(share, panels.len(), shares_visit);
    let mut line = derived_line(payer, id, LineCategory::RefinishAddOn, what.into(), reason);
    line.set_labor(Hours::ZERO, pricing.rates.body, 0.0);
    line.set_paint(hours, pricing.rates.paint, pricing.spread());
    vec![line]
}

/// The refinish times of `payer`'s panels, largest first.
fn panel_times(lines: &[LineItem], payer: Payer) -> Vec<Hours> {
    let mut times: Vec<Hours> = paid_by(lines, payer)
        .into_iter()
        .filter(|l| panel_paint(l))
        .map(|l| l.paint_hours)
        .collect();
    times.sort_unstable_by(|a, b| b.cmp(a));
    times
}

/// What every add-on line's reason starts with.
const NOT_PUBLISHED: &str = "not in published refinish times (CCC/MOTOR Guide to Estimating)";

/// Why an add-on line has its hours: the shares of `panels` refinish times; `shares_visit`
/// when the insurer's add-on carries the visit's first-panel share.
fn add_on_reason(add: &AddOn, panels: usize, shares_visit: bool) -> String {
    let cap = add
        .max_hours
        .map_or(String::new(), |m| format!(", at most {m}"));
    if shares_visit {
        return format!(
            "{NOT_PUBLISHED}: {:.0}% of each of the {panels} panel(s){cap}; once per visit: the insurer's panels carry the first-panel share",
            add.additional_panel * 100.0,
        );
    }
    format!(
        "{NOT_PUBLISHED}: {:.0}% of the largest refinish time, {:.0}% of the other {} panel(s){cap}",
        add.first_panel * 100.0,
        add.additional_panel * 100.0,
        panels - 1
    )
}

/// How many times a supplies row applies to `lines` (0: not written).
fn times_applied(pricing: &Pricing<'_>, row: &MiscRow, lines: &[&LineItem]) -> usize {
    match row.when {
        MiscWhen::Refinish => usize::from(lines.iter().any(|l| panel_paint(l))),
        MiscWhen::ReplaceOrRi => usize::from(lines.iter().any(|l| {
            matches!(l.operation, Operation::Replace | Operation::RemoveInstall)
                && matches!(l.category, LineCategory::Panel | LineCategory::Operation)
        })),
        MiscWhen::PlasticRefinish => lines
            .iter()
            .filter(|l| panel_paint(l))
            .filter_map(|l| l.panel.as_deref())
            .filter(|p| pricing.data.panel(p).is_ok_and(|r| r.kind == "cover"))
            .count(),
    }
}

/// Shop supplies and fees (`misc.json`): hazardous waste, cover car, clips, flex additive.
/// A row charged once a visit is charged once: to the insurer when its work calls for it
/// (saying so when the customer's rust work does too), else to the customer; a row charged
/// per part goes with each share's own parts.
fn supplies(pricing: &Pricing<'_>, lines: &[LineItem]) -> Vec<LineItem> {
    let insurer = paid_by(lines, Payer::Insurer);
    let customer = paid_by(lines, Payer::Customer);
    let rows = &pricing.data.misc.lines;
    let mut out = Vec::new();
    for row in rows {
        let n = times_applied(pricing, row, &insurer);
        if n > 0 {
            let mut line = supplies_line(pricing, Payer::Insurer, row, n);
            if row.when.once_per_visit() && times_applied(pricing, row, &customer) > 0 {
                line.reason.push_str(
                    "; once per visit: the insurer's share carries it, the customer-pay work shares the visit",
                );
            }
            out.push(line);
        }
    }
    for row in rows {
        let n = times_applied(pricing, row, &customer);
        let insurer_has_it = row.when.once_per_visit() && times_applied(pricing, row, &insurer) > 0;
        if n > 0 && !insurer_has_it {
            out.push(supplies_line(pricing, Payer::Customer, row, n));
        }
    }
    out
}

/// One supplies line, `n` times the row's amount.
fn supplies_line(pricing: &Pricing<'_>, payer: Payer, row: &MiscRow, n: usize) -> LineItem {
    let description = if n > 1 {
        format!("{} ({n} plastic parts)", row.description)
    } else {
        row.description.clone()
    };
    let reason = "not included in published times (shop's figures)".to_string();
    let mut line = derived_line(
        payer,
        &format!("misc:{}", row.id),
        LineCategory::Supplies,
        description,
        reason,
    );
    let amount = crate::money::cents(row.amount * n as u64);
    line.set_part(amount, (amount, amount));
    line.taxable_materials = row.taxable;
    line.set_labor(Hours::ZERO, pricing.rates.body, 0.0);
    line.set_paint(row.paint_hours, pricing.rates.paint, 0.0);
    line
}

/// Paint and materials: the state's rate per refinish hour times every refinish hour on the
/// lines (add-on and cover car included).
fn paint_materials(pricing: &Pricing<'_>, lines: &[LineItem]) -> Vec<LineItem> {
    let rate = pricing.rates.paint_materials;
    let mut out = Vec::new();
    for payer in [Payer::Insurer, Payer::Customer] {
        let group = paid_by(lines, payer);
        let hours = sum_hours(group.iter().map(|l| l.paint_hours));
        if hours.is_zero() {
            continue;
        }
        let lo = sum_hours(group.iter().map(|l| l.paint_range.0.min(l.paint_hours)));
        let hi = sum_hours(group.iter().map(|l| l.paint_range.1.max(l.paint_hours)));
        let reason = format!(
            "{hours} of refinish × {}/h, the {} paint-materials rate in the shop's figures",
            rate.usd_grouped(),
            pricing.rates.state
        );
        let mut line = derived_line(
            payer,
            "materials:paint",
            LineCategory::Materials,
            "Paint and materials".into(),
            reason,
        );
        line.set_part(hours.cost(rate), (lo.cost(rate), hi.cost(rate)));
        line.taxable_materials = true;
        out.push(line);
    }
    out
}

/// The part of a line sales tax applies to, and its band: parts (a part type on a line that
/// is not a sublet) and taxable materials and supplies.
fn taxable(l: &LineItem) -> (Cents, Cents, Cents) {
    let part = l.part_type != PartType::None && l.operation != Operation::Sublet;
    if part || l.taxable_materials {
        (
            l.part_cost,
            l.part_range.0.min(l.part_cost),
            l.part_range.1.max(l.part_cost),
        )
    } else {
        (Cents::ZERO, Cents::ZERO, Cents::ZERO)
    }
}

/// Sales tax on the parts and materials, at the state's rate (none where it is zero).
fn sales_tax(pricing: &Pricing<'_>, lines: &[LineItem]) -> Vec<LineItem> {
    let rate = pricing.rates.sales_tax;
    if rate == shopbench_core::Rate::ZERO {
        return Vec::new();
    }
    let mut out = Vec::new();
    for payer in [Payer::Insurer, Payer::Customer] {
        let (mut base, mut lo, mut hi) = (Cents::ZERO, Cents::ZERO, Cents::ZERO);
        for l in paid_by(lines, payer) {
            let (b, l, h) = taxable(l);
            base += b;
            lo += l;
            hi += h;
        }
        if base == Cents::ZERO {
            continue;
        }
        let reason = format!(
            "{rate} of {} in parts and materials: {}",
            base.usd_grouped(),
            pricing.tax.basis
        );
        let mut line = derived_line(
            payer,
            "tax:sales",
            LineCategory::Tax,
            format!(
                "Sales tax on parts and materials ({} {rate})",
                pricing.rates.state
            ),
            reason,
        );
        line.set_part(base.times(rate), (lo.times(rate), hi.times(rate)));
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::AddOn;

    fn h(t: u32) -> Hours {
        Hours::from_tenths(t)
    }

    #[test]
    fn clear_coat_is_40_then_20_percent_capped_and_three_stage_70_then_40() {
        let clear = AddOn {
            first_panel: 0.4,
            additional_panel: 0.2,
            max_hours: Some(h(25)),
        };
        assert_eq!(add_on_hours(&clear, &[h(25), h(22), h(11)]), h(10 + 7));
        assert_eq!(
            add_on_hours(&clear, &[h(60), h(60), h(60)]),
            h(25),
            "capped"
        );
        assert_eq!(add_on_hours(&clear, &[]), Hours::ZERO);
        let tri = AddOn {
            first_panel: 0.7,
            additional_panel: 0.4,
            max_hours: None,
        };
        // the published worked example: hood 3.0 → +2.1, each fender 2.6 → +1.0
        assert_eq!(add_on_hours(&tri, &[h(30)]), h(21));
        assert_eq!(add_on_hours(&tri, &[h(30), h(26), h(26)]), h(21 + 21));
    }

    /// Each share was rounded before adding: 70% × 2.2 + 40% × (1.2 + 1.4) = 2.58 h
    /// printed 2.5 h (1.5 + 1.0).
    #[test]
    fn regression_add_on_hours_were_rounded_per_share() {
        let tri = AddOn {
            first_panel: 0.7,
            additional_panel: 0.4,
            max_hours: None,
        };
        assert_eq!(add_on_hours(&tri, &[h(22), h(14), h(12)]), h(26));
        // 70% × 1.5 = 1.05: half up, not lost to 0.7's binary fraction.
        assert_eq!(add_on_hours(&tri, &[h(15)]), h(11));
    }
}
