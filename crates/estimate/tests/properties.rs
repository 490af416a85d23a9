//! Property tests of the pricing engine over arbitrary damage, vehicles, states and edits.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use shopbench_estimate::{
    estimate, Cents, DamageArea, DamageType, EstimateData, EstimateRequest, Hours,
    InsuranceEstimate, LineCategory, LineChange, LineEdit, LineOverride, LineStatus, ManualLine,
    Operation, Overrides, PartType, Severity, Vehicle, VehicleClass,
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

fn area() -> impl Strategy<Value = DamageArea> {
    let panels = data().panel_ids();
    (
        proptest::sample::select(panels),
        proptest::sample::select(DamageType::ALL.to_vec()),
        proptest::sample::select(Severity::ALL.to_vec()),
    )
        .prop_map(|(p, t, s)| DamageArea::manual(&p, t, s))
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
        2000u16..2026,
    )
        .prop_map(
            |((make, model), class, state, metro, areas, eq, pref, year)| {
                let mut v = Vehicle::new(&make, &model, year);
                v.class = class;
                v.equipment = eq.map(|e| e.into_iter().collect::<BTreeSet<_>>());
                EstimateRequest {
                    vehicle: v,
                    state,
                    metro,
                    areas,
                    part_preference: pref,
                    overrides: Overrides::default(),
                }
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_are_the_sum_of_lines_and_min_le_max(req in request()) {
        let est = estimate(&req, data()).unwrap();
        let t = &est.totals;
        let included = || est.line_items.iter().filter(|l| l.status == LineStatus::Included);
        prop_assert_eq!(t.total, included().map(|l| l.subtotal).sum::<Cents>());
        prop_assert_eq!(t.total_min, included().map(|l| l.min).sum::<Cents>());
        prop_assert_eq!(t.total_max, est.line_items.iter().map(|l| l.max).sum::<Cents>());
        prop_assert_eq!(t.breakdown.sum(), t.total);
        prop_assert!(t.total_min <= t.total && t.total <= t.total_max);
        for (i, l) in est.line_items.iter().enumerate() {
            prop_assert_eq!(l.line as usize, i + 1);
            prop_assert_eq!(l.subtotal, l.part_cost + l.labor_cost + l.paint_cost);
            prop_assert_eq!(l.labor_cost, l.labor_hours.cost(l.labor_rate));
            prop_assert_eq!(l.paint_cost, l.paint_hours.cost(l.paint_rate));
            prop_assert!(l.min <= l.subtotal && l.subtotal <= l.max, "{:?}", l);
            prop_assert!(!l.reason.is_empty());
        }
        let ids: BTreeSet<_> = est.line_items.iter().map(|l| &l.id).collect();
        prop_assert_eq!(ids.len(), est.line_items.len(), "line ids are unique");
        let ins = InsuranceEstimate::from_estimate(&est, "e");
        prop_assert_eq!(ins.totals.gross_total, t.total);
        prop_assert_eq!(ins.line_items.iter().map(|l| l.subtotal).sum::<Cents>(), t.total);
    }

    #[test]
    fn refinish_blends_neighbours_and_never_a_refinished_panel(req in request()) {
        let est = estimate(&req, data()).unwrap();
        let refinished: BTreeSet<String> = est.line_items.iter()
            .filter(|l| l.category == LineCategory::Panel && !l.paint_hours.is_zero())
            .filter_map(|l| l.panel.clone()).collect();
        let mut blends: BTreeMap<String, usize> = BTreeMap::new();
        for l in est.line_items.iter().filter(|l| l.operation == Operation::Blend) {
            *blends.entry(l.panel.clone().unwrap()).or_default() += 1;
        }
        for (p, n) in &blends {
            prop_assert_eq!(*n, 1, "{} blended twice", p);
            prop_assert!(!refinished.contains(p), "{} is refinished and blended", p);
        }
        for p in &refinished {
            for n in data().blend_neighbours(p).unwrap() {
                prop_assert!(refinished.contains(n) || blends.contains_key(n), "{} refinished but neighbour {} neither refinished nor blended", p, n);
            }
        }
        // A replaced panel's refinish is on its replace line only: no separate REFINISH or R&I line.
        for l in est.line_items.iter().filter(|l| l.operation == Operation::Replace) {
            let p = l.panel.clone().unwrap();
            let (refinish_id, ri_id) = (format!("{p}:REFINISH"), format!("{p}:R&I"));
            prop_assert!(est.line(&refinish_id).is_none());
            prop_assert!(est.line(&ri_id).is_none());
        }
    }

    #[test]
    fn overriding_a_line_changes_totals_by_exactly_its_delta(req in request(), pick in any::<prop::sample::Index>(), e in edit()) {
        let before = estimate(&req, data()).unwrap();
        prop_assume!(!before.line_items.is_empty());
        let old = &before.line_items[pick.index(before.line_items.len())];
        let mut req2 = req.clone();
        req2.overrides.lines.push(LineOverride { line_id: old.id.clone(), change: LineChange::Edit(e) });
        let after = estimate(&req2, data()).unwrap();
        let new = after.line(&old.id).unwrap();
        prop_assert!(new.overridden);
        prop_assert_eq!(after.line_items.len(), before.line_items.len());
        let delta = new.subtotal - old.subtotal;
        if old.status == LineStatus::Included {
            prop_assert_eq!(after.totals.total - before.totals.total, delta);
        } else {
            prop_assert_eq!(after.totals.total, before.totals.total);
            prop_assert_eq!(after.totals.pending_confirmation - before.totals.pending_confirmation, delta);
        }
        // Other lines untouched.
        for l in before.line_items.iter().filter(|l| l.id != old.id) {
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
        prop_assert_eq!(added.totals.total - before.totals.total, m.subtotal);
        prop_assert_eq!(m.subtotal, Cents::new(cost) + Hours::from_tenths(hours).cost(before.rates.body));
        if !before.line_items.is_empty() {
            let old = &before.line_items[pick.index(before.line_items.len())];
            let mut req3 = req.clone();
            req3.overrides.lines.push(LineOverride { line_id: old.id.clone(), change: LineChange::Remove });
            let removed = estimate(&req3, data()).unwrap();
            let expect = if old.status == LineStatus::Included { old.subtotal } else { Cents::ZERO };
            prop_assert_eq!(before.totals.total - removed.totals.total, expect);
            prop_assert!(removed.line(&old.id).is_none());
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
