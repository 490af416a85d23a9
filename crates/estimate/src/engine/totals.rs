//! Step 7 of an estimate: number and price the lines, then total them, with the ADAS
//! summary and the questions awaiting the estimator.

use crate::data::CalibrationType;
use crate::model::{Operation, PartType};
use crate::Cents;

use super::{
    AdasSummary, Breakdown, Calibration, LineCategory, LineItem, LineStatus, Payer, Totals,
};

/// Numbers the lines from 1 in their final order and prices each: costs are hours × rate,
/// the subtotal their sum, and min/max the line's band (see [`LineItem`]).
pub(super) fn number_and_price(lines: &mut [LineItem]) {
    for (i, line) in lines.iter_mut().enumerate() {
        line.line = i as u32 + 1;
        line.price();
    }
}

/// The estimate's totals for the insurer: its included lines count in `total` and
/// `total_min` and are split by kind of cost; its lines awaiting confirmation or a price count
/// only in `total_max` (and `pending_confirmation`, `awaiting_price`). The customer's lines
/// (rust) count only in `customer_pay`.
pub(super) fn totals(lines: &[LineItem]) -> Totals {
    let mut b = Breakdown::default();
    let (mut total, mut lo, mut hi, mut pending) =
        (Cents::ZERO, Cents::ZERO, Cents::ZERO, Cents::ZERO);
    let (mut customer, mut awaiting) = (Cents::ZERO, 0u32);
    for l in lines {
        if l.payer == Payer::Customer {
            if l.status == LineStatus::Included {
                customer += l.subtotal;
            }
            continue;
        }
        match l.status {
            LineStatus::NeedsConfirmation => {
                pending += l.subtotal;
                hi += l.max;
                continue;
            }
            LineStatus::NeedsPrice => {
                awaiting += 1;
                hi += l.max;
                continue;
            }
            LineStatus::Included => {}
        }
        total += l.subtotal;
        lo += l.min;
        hi += l.max;
        b.body_labor += l.labor_cost;
        b.paint_labor += l.paint_cost;
        *bucket(&mut b, l) += l.part_cost;
    }
    Totals {
        total,
        total_min: lo,
        total_max: hi,
        pending_confirmation: pending,
        awaiting_price: awaiting,
        customer_pay: customer,
        currency: "USD".into(),
        unit: "cents".into(),
        breakdown: b,
    }
}

/// Where a line's part cost goes in the breakdown.
fn bucket<'b>(b: &'b mut Breakdown, l: &LineItem) -> &'b mut Cents {
    match (l.category, l.operation, l.part_type) {
        (LineCategory::Adas, _, _) => &mut b.adas_calibration,
        (LineCategory::Pdr, _, _) => &mut b.pdr,
        (LineCategory::Supplies, _, _) => &mut b.supplies,
        (LineCategory::Materials, _, _) => &mut b.paint_materials,
        (LineCategory::Tax, _, _) => &mut b.tax,
        (_, Operation::Sublet, _) => &mut b.sublet,
        (_, _, PartType::Oem) => &mut b.parts_oem,
        (_, _, PartType::Aftermarket) => &mut b.parts_aftermarket,
        (_, _, PartType::Used) => &mut b.parts_used,
        (_, _, PartType::None) => &mut b.other,
    }
}

/// The ADAS block: every calibration line, and whether any of them is included.
pub(super) fn adas_summary(lines: &[LineItem]) -> AdasSummary {
    AdasSummary {
        required: lines
            .iter()
            .any(|l| l.category == LineCategory::Adas && l.status == LineStatus::Included),
        calibrations: lines
            .iter()
            .filter(|l| l.category == LineCategory::Adas)
            .map(|l| Calibration {
                system: l.id.trim_start_matches("adas:").to_string(),
                kind: l.calibration.unwrap_or(CalibrationType::Static),
                cost: l.part_cost,
                status: l.status,
                line_id: l.id.clone(),
            })
            .collect(),
    }
}

/// The questions of the lines awaiting the estimator's confirmation, in line order.
pub(super) fn questions(lines: &[LineItem]) -> Vec<String> {
    lines.iter().filter_map(|l| l.question.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hours;

    fn line(
        id: &str,
        op: Operation,
        category: LineCategory,
        part: i64,
        labor_tenths: u32,
    ) -> LineItem {
        let mut l = LineItem::blank(id.into(), op, category, id.into(), "why".into());
        l.set_part(
            Cents::new(part),
            (Cents::new(part / 2), Cents::new(part * 2)),
        );
        l.set_labor(Hours::from_tenths(labor_tenths), Cents::new(10000), 0.1);
        l
    }

    /// A replaced part, a confirmed calibration, one awaiting confirmation, an alignment.
    fn priced() -> Vec<LineItem> {
        let mut replace = line(
            "hood:REPLACE",
            Operation::Replace,
            LineCategory::Panel,
            40000,
            10,
        );
        replace.part_type = PartType::Aftermarket;
        let mut radar = line(
            "adas:front_radar",
            Operation::Sublet,
            LineCategory::Adas,
            30000,
            0,
        );
        radar.calibration = Some(CalibrationType::Static);
        let mut park = line(
            "adas:park_assist",
            Operation::Sublet,
            LineCategory::Adas,
            10000,
            0,
        );
        park.status = LineStatus::NeedsConfirmation;
        park.question = Some("fitted?".into());
        let align = line(
            "sublet:four_wheel_alignment",
            Operation::Sublet,
            LineCategory::Sublet,
            15000,
            0,
        );
        let mut lines = vec![replace, radar, park, align];
        number_and_price(&mut lines);
        lines
    }

    #[test]
    fn lines_are_numbered_from_one_and_priced() {
        let lines = priced();
        assert_eq!(
            lines.iter().map(|l| l.line).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        let hood = &lines[0];
        assert_eq!(hood.labor_cost, Cents::new(10000));
        assert_eq!(hood.subtotal, Cents::new(50000));
        assert_eq!(
            (hood.min, hood.max),
            (Cents::new(20000 + 9000), Cents::new(80000 + 11000))
        );
    }

    #[test]
    fn totals_count_included_lines_and_hold_pending_ones_apart() {
        let t = totals(&priced());
        assert_eq!(t.total, Cents::new(50000 + 30000 + 15000));
        assert_eq!(t.pending_confirmation, Cents::new(10000));
        assert_eq!(t.total_max.get(), 91000 + 60000 + 20000 + 30000);
        assert_eq!(t.total_min.get(), 29000 + 15000 + 7500);
        let b = &t.breakdown;
        assert_eq!(
            (b.parts_aftermarket, b.body_labor),
            (Cents::new(40000), Cents::new(10000))
        );
        assert_eq!(
            (b.adas_calibration, b.sublet),
            (Cents::new(30000), Cents::new(15000))
        );
        assert_eq!(b.sum(), t.total);
        assert_eq!((t.currency.as_str(), t.unit.as_str()), ("USD", "cents"));
    }

    #[test]
    fn the_adas_block_lists_every_calibration_and_questions_follow_the_lines() {
        let lines = priced();
        let a = adas_summary(&lines);
        assert!(a.required);
        let systems: Vec<(&str, LineStatus)> = a
            .calibrations
            .iter()
            .map(|c| (c.system.as_str(), c.status))
            .collect();
        assert_eq!(
            systems,
            [
                ("front_radar", LineStatus::Included),
                ("park_assist", LineStatus::NeedsConfirmation)
            ]
        );
        assert_eq!(a.calibrations[1].line_id, "adas:park_assist");
        assert_eq!(questions(&lines), ["fitted?"]);
        assert!(
            !adas_summary(&lines[2..]).required,
            "only a pending calibration"
        );
    }
}
