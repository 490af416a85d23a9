//! Property tests of the pricing engine over arbitrary damage, vehicles, states and edits.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use shopbench_estimate::{
    estimate, Cents, DamageArea, DamageType, DentSize, Estimate, EstimateData, EstimateRequest,
    Finish, Hours, InsuranceEstimate, LineCategory, LineChange, LineEdit, LineItem, LineOverride,
    LineStatus, ManualLine, Operation, PartType, Payer, Severity, Vehicle, VehicleClass,
};

fn data() -> &'static EstimateData {
    EstimateData::shipped()
}

fn vehicles() -> Vec<(String, String)> {
    data()
        .list_vehicles()
        .data
        .into_iter()
        .flat_map(|m| m.models.into_iter().map(move |x| (m.make.clone(), x.model)))
        .collect()
}

/// Panels the hail matrix prices.
const HAIL_PANELS: [&str; 5] = [
    "hood",
    "roof",
    "trunk_lid",
    "front_fender_left",
    "quarter_panel_right",
];

fn area() -> impl Strategy<Value = DamageArea> {
    let panels = data().panel_ids();
    let marked = (
        proptest::sample::select(panels),
        proptest::sample::select(DamageType::ALL.to_vec()),
        proptest::sample::select(Severity::ALL.to_vec()),
    )
        .prop_map(|(p, t, s)| DamageArea::manual(&p, t, s));
    let hail = (
        proptest::sample::select(HAIL_PANELS.to_vec()),
        1u32..250,
        proptest::sample::select(DentSize::ALL.to_vec()),
    )
        .prop_map(|(p, n, s)| DamageArea::hail(p, n, s));
    prop_oneof![4 => marked, 1 => hail]
}

fn request() -> impl Strategy<Value = EstimateRequest> {
    let systems: Vec<String> = data().adas_systems().into_iter().collect();
    (
        proptest::sample::select(vehicles()),
        proptest::option::of(proptest::sample::select(VehicleClass::ALL.to_vec())),
        proptest::sample::select(data().state_codes()),
        any::<bool>(),
        proptest::collection::vec(area(), 0..7),
        proptest::option::of(proptest::sample::subsequence(
            systems.clone(),
            0..=systems.len(),
        )),
        proptest::sample::select(vec![PartType::Oem, PartType::Aftermarket, PartType::Used]),
        (
            2000u16..2026,
            proptest::option::of(proptest::sample::select(vec![
                Finish::TwoStage,
                Finish::ThreeStage,
            ])),
        ),
    )
        .prop_map(
            |((make, model), class, state, metro, areas, eq, pref, (year, finish))| {
                let mut v = Vehicle::new(&make, &model, year);
                v.class = class;
                v.finish = finish;
                v.equipment = eq.map(|e| e.into_iter().collect::<BTreeSet<_>>());
                EstimateRequest::new(v, state, areas)
                    .with_metro(metro)
                    .with_part_preference(pref)
            },
        )
}

fn edit() -> impl Strategy<Value = LineEdit> {
    (
        proptest::option::of(0i64..500_000),
        proptest::option::of(0u32..300),
        proptest::option::of(0i64..30_000),
        proptest::option::of(0u32..300),
        proptest::option::of(proptest::sample::select(vec![
            Operation::Repair,
            Operation::Replace,
            Operation::Refinish,
            Operation::Sublet,
        ])),
        proptest::option::of(proptest::sample::select(vec![
            PartType::Oem,
            PartType::Aftermarket,
            PartType::Used,
            PartType::None,
        ])),
    )
        .prop_map(|(pc, lh, lr, ph, op, pt)| LineEdit {
            operation: op,
            description: None,
            part_type: pt,
            part_cost: pc.map(Cents::new),
            labor_hours: lh.map(Hours::from_tenths),
            labor_rate: lr.map(Cents::new),
            paint_hours: ph.map(Hours::from_tenths),
            paint_rate: None,
        })
}

/// Lines computed from the other lines (clear coat, supplies, materials, tax).
fn derived(l: &LineItem) -> bool {
    matches!(
        l.category,
        LineCategory::RefinishAddOn
            | LineCategory::Supplies
            | LineCategory::Materials
            | LineCategory::Tax
    )
}

/// The insurer's included lines.
fn insurer_included(est: &Estimate) -> impl Iterator<Item = &LineItem> {
    est.line_items
        .iter()
        .filter(|l| l.status == LineStatus::Included && l.payer == Payer::Insurer)
}

/// Paint materials and sales tax follow the lines they are computed from (the lines before
/// them): materials are the rate times every insurer refinish hour, tax the rate times the
/// parts and materials.
fn derived_lines_follow(est: &Estimate) -> Result<(), TestCaseError> {
    let r = &est.rates;
    if let Some(m) = est.line("materials:paint").filter(|m| !m.overridden) {
        let hours = Hours::from_tenths(
            insurer_included(est)
                .filter(|l| l.line < m.line)
                .map(|l| l.paint_hours.tenths())
                .sum(),
        );
        prop_assert_eq!(m.part_cost, hours.cost(r.paint_materials));
    }
    if let Some(t) = est.line("tax:sales").filter(|t| !t.overridden) {
        let base: Cents = insurer_included(est)
            .filter(|l| l.line < t.line)
            .filter(|l| {
                (l.part_type != PartType::None && l.operation != Operation::Sublet)
                    || matches!(
                        l.category,
                        LineCategory::Materials | LineCategory::Operation
                    )
                    || (l.category == LineCategory::Supplies && !l.id.contains("hazardous"))
            })
            .map(|l| l.part_cost)
            .sum();
        prop_assert_eq!(t.part_cost, base.times(r.sales_tax));
    }
    Ok(())
}

/// Every insurer line counts once: included ones in the total and the low end, all in the
/// high end; the customer's only in `customer_pay`; the breakdown adds up.
fn totals_add_up(est: &Estimate) -> Result<(), TestCaseError> {
    let t = &est.totals;
    let insurer = || est.line_items.iter().filter(|l| l.payer == Payer::Insurer);
    prop_assert_eq!(
        t.total,
        insurer_included(est).map(|l| l.subtotal).sum::<Cents>()
    );
    prop_assert_eq!(
        t.total_min,
        insurer_included(est).map(|l| l.min).sum::<Cents>()
    );
    prop_assert_eq!(t.total_max, insurer().map(|l| l.max).sum::<Cents>());
    let customer: Cents = est
        .line_items
        .iter()
        .filter(|l| l.payer == Payer::Customer && l.status == LineStatus::Included)
        .map(|l| l.subtotal)
        .sum();
    prop_assert_eq!(t.customer_pay, customer);
    prop_assert_eq!(t.breakdown.sum(), t.total);
    prop_assert!(t.total_min <= t.total && t.total <= t.total_max);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_are_the_sum_of_lines_and_min_le_max(req in request()) {
        let est = estimate(&req, data()).unwrap();
        totals_add_up(&est)?;
        derived_lines_follow(&est)?;
        for (i, l) in est.line_items.iter().enumerate() {
            prop_assert_eq!(l.line as usize, i + 1);
            prop_assert_eq!(l.subtotal, l.part_cost + l.labor_cost + l.paint_cost);
            prop_assert_eq!(l.labor_cost, l.labor_hours.cost(l.labor_rate));
            prop_assert_eq!(l.paint_cost, l.paint_hours.cost(l.paint_rate));
            prop_assert!(l.min <= l.subtotal && l.subtotal <= l.max, "{:?}", l);
            prop_assert!(!l.reason.is_empty());
            prop_assert_eq!(l.question.is_some(), l.status != LineStatus::Included, "{:?}", l);
        }
        let ids: BTreeSet<_> = est.line_items.iter().map(|l| &l.id).collect();
        prop_assert_eq!(ids.len(), est.line_items.len(), "line ids are unique");
        let ins = InsuranceEstimate::from_estimate(&est, "e");
        prop_assert_eq!(ins.totals.gross_total, est.totals.total);
        let counted: Cents = ins.line_items.iter().filter(|l| l.status.is_none()).map(|l| l.subtotal).sum();
        prop_assert_eq!(counted, est.totals.total);
        prop_assert_eq!(
            ins.line_items.len(),
            est.line_items.iter().filter(|l| l.payer == Payer::Insurer).count(),
            "every insurer line is shown, to confirm or not"
        );
        prop_assert_eq!(req.areas.is_empty(), !est.warnings.is_empty());
    }

    #[test]
    fn refinish_blends_neighbours_and_never_a_refinished_panel(req in request()) {
        let est = estimate(&req, data()).unwrap();
        let panel_paint = |spot: bool| -> BTreeSet<String> {
            est.line_items.iter()
                .filter(|l| l.category == LineCategory::Panel && !l.paint_hours.is_zero())
                .filter(|l| !spot || !l.description.ends_with("spot refinish"))
                .filter_map(|l| l.panel.clone()).collect()
        };
        let (refinished, full) = (panel_paint(false), panel_paint(true));
        let mut blends: BTreeMap<String, usize> = BTreeMap::new();
        for l in est.line_items.iter().filter(|l| l.operation == Operation::Blend) {
            *blends.entry(l.panel.clone().unwrap()).or_default() += 1;
        }
        for (p, n) in &blends {
            prop_assert_eq!(*n, 1, "{} blended twice", p);
            prop_assert!(!refinished.contains(p), "{} is refinished and blended", p);
            prop_assert!(
                full.iter().any(|f| data().blend_neighbours(f).unwrap().contains(p)),
                "{} blended but not next to a fully refinished panel", p
            );
        }
        for p in &full {
            for n in data().blend_neighbours(p).unwrap() {
                prop_assert!(refinished.contains(n) || blends.contains_key(n), "{} refinished but neighbour {} neither refinished nor blended", p, n);
            }
        }
        // A replaced panel's refinish is on its replace line only: no separate REFINISH or R&I line.
        for l in est.line_items.iter().filter(|l| l.operation == Operation::Replace && l.category == LineCategory::Panel) {
            let p = l.panel.clone().unwrap();
            let (refinish_id, ri_id) = (format!("{p}:REFINISH"), format!("{p}:R&I"));
            prop_assert!(est.line(&refinish_id).is_none());
            prop_assert!(est.line(&ri_id).is_none());
        }
    }

    #[test]
    fn overriding_a_line_changes_only_that_line_and_what_is_derived_from_it(req in request(), pick in any::<prop::sample::Index>(), e in edit()) {
        let before = estimate(&req, data()).unwrap();
        prop_assume!(!before.line_items.is_empty());
        let old = &before.line_items[pick.index(before.line_items.len())];
        let mut req2 = req.clone();
        req2.overrides.lines.push(LineOverride { line_id: old.id.clone(), change: LineChange::Edit(e) });
        let after = estimate(&req2, data()).unwrap();
        let new = after.line(&old.id).unwrap();
        prop_assert!(new.overridden);
        totals_add_up(&after)?;
        derived_lines_follow(&after)?;
        // Other engine lines untouched; derived ones follow the edit.
        for l in before.line_items.iter().filter(|l| l.id != old.id && !derived(l)) {
            prop_assert_eq!(after.line(&l.id).unwrap().subtotal, l.subtotal);
        }
    }

    #[test]
    fn removing_or_adding_lines_moves_totals_exactly(req in request(), pick in any::<prop::sample::Index>(), cost in 0i64..200_000, hours in 0u32..100) {
        let before = estimate(&req, data()).unwrap();
        let mut req2 = req.clone();
        req2.overrides.added.push(ManualLine {
            operation: Operation::Repair,
            description: "Hand-added repair".into(),
            part_type: PartType::Aftermarket,
            part_cost: Cents::new(cost),
            labor_hours: Hours::from_tenths(hours),
            labor_rate: None,
            paint_hours: Hours::ZERO,
            paint_rate: None,
        });
        let added = estimate(&req2, data()).unwrap();
        let m = added.line("manual:1").unwrap();
        prop_assert_eq!(m.subtotal, Cents::new(cost) + Hours::from_tenths(hours).cost(before.rates.body));
        // The part is taxed: the total moves by the line and its tax (to the cent).
        let tax = Cents::new(cost).times(before.rates.sales_tax);
        let moved = added.totals.total - before.totals.total - m.subtotal;
        prop_assert!((moved - tax).get().abs() <= 1, "moved {:?} tax {:?}", moved, tax);
        derived_lines_follow(&added)?;
        if !before.line_items.is_empty() {
            let old = &before.line_items[pick.index(before.line_items.len())];
            let mut req3 = req.clone();
            req3.overrides.lines.push(LineOverride { line_id: old.id.clone(), change: LineChange::Remove });
            let removed = estimate(&req3, data()).unwrap();
            prop_assert!(removed.line(&old.id).is_none());
            totals_add_up(&removed)?;
            for l in before.line_items.iter().filter(|l| l.id != old.id && !derived(l)) {
                prop_assert_eq!(removed.line(&l.id).unwrap().subtotal, l.subtotal);
            }
        }
    }

    #[test]
    fn metro_never_lowers_a_line(req in request()) {
        let mut a = req.clone();
        a.metro = false;
        let mut b = req;
        b.metro = true;
        let (ea, eb) = (estimate(&a, data()).unwrap(), estimate(&b, data()).unwrap());
        prop_assert!(eb.totals.total >= ea.totals.total);
    }
}
