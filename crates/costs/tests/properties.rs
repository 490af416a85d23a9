//! Properties over every jurisdiction and price.

use proptest::prelude::*;
use shopbench_costs::{
    ca_province_codes, ca_purchase_costs, us_purchase_costs, us_state_codes, CaQuery, Cents,
    LineKind, SaleType, UsQuery,
};

fn sale() -> impl Strategy<Value = SaleType> {
    prop_oneof![Just(SaleType::Private), Just(SaleType::Dealer)]
}

/// Prices from 1 cent to 5,000,000 dollars, biased towards ordinary prices.
fn price() -> impl Strategy<Value = i64> {
    prop_oneof![1i64..=500_000_000, 100_000i64..=20_000_000]
}

proptest! {
    #[test]
    fn us_totals_are_the_sum_of_lines_and_low_le_high(
        si in 0usize..51, sale in sale(), cents in price(), trade_pct in 0i64..100, local in proptest::option::of(0.0f64..=15.0)
    ) {
        let state = us_state_codes()[si];
        let mut q = UsQuery::new(state, Cents::new(cents), sale);
        q.trade_in = Cents::new(cents * trade_pct / 100);
        q.local_rate_pct = local;
        let r = match us_purchase_costs(&q) {
            Ok(r) => r,
            // A local rate above the state's maximum is refused (issue #22).
            Err(shopbench_costs::CostsError::Refused(
                shopbench_costs::Refusal::LocalRateAboveMaximum { .. },
            )) => return Ok(()),
            Err(e) => panic!("{state}: {e}"),
        };
        let known: Cents = r.lines.iter()
            .filter(|l| matches!(l.kind, LineKind::Tax | LineKind::Fee))
            .filter_map(|l| l.amount_usd).sum();
        prop_assert_eq!(known, r.total_known_usd);
        prop_assert!(r.estimated_total_range_usd.low <= r.estimated_total_range_usd.high);
        for l in &r.lines {
            if let Some(range) = l.range_usd {
                prop_assert!(range.low <= range.high, "{} {}", state, l.id);
                if let Some(a) = l.amount_usd {
                    prop_assert!(range.low <= a && a <= range.high, "{} {}", state, l.id);
                }
            }
            prop_assert!(l.amount_usd.is_none_or(|a| a >= Cents::ZERO));
        }
    }

    #[test]
    fn ca_totals_are_the_sum_of_lines_and_low_le_high(
        pi in 0usize..13, sale in sale(), cents in price(), gift in any::<bool>(), plates in any::<bool>()
    ) {
        let p = ca_province_codes()[pi];
        let mut q = CaQuery::new(p, Cents::new(cents), sale);
        q.family_gift = gift && sale == SaleType::Private;
        q.buyer_has_plates = plates;
        let r = ca_purchase_costs(&q).unwrap();
        let known: Cents = r.lines.iter()
            .filter(|l| matches!(l.kind, LineKind::Tax | LineKind::Fee))
            .filter_map(|l| l.amount_cad).sum();
        prop_assert_eq!(known, r.total_known_cad);
        prop_assert!(r.estimated_total_range_cad.low <= r.estimated_total_range_cad.high);
    }

    /// Within a bracket (the rate at `a` equals the rate at `b`), a higher price
    /// never gives a lower tax. Brackets are detected through the label, which
    /// names the rate.
    #[test]
    fn tax_is_monotone_in_price_within_a_bracket(
        pi in 0usize..13, si in 0usize..51, sale in sale(), a in price(), delta in 0i64..10_000_000
    ) {
        let b = (a + delta).min(500_000_000);
        let ca_tax = |c| ca_purchase_costs(&CaQuery::new(ca_province_codes()[pi], Cents::new(c), sale)).unwrap().lines[0].clone();
        let (la, lb) = (ca_tax(a), ca_tax(b));
        if la.label == lb.label {
            prop_assert!(la.amount_cad <= lb.amount_cad);
        }
        let us_tax = |c| us_purchase_costs(&UsQuery::new(us_state_codes()[si], Cents::new(c), sale)).unwrap().lines[0].clone();
        let (ua, ub) = (us_tax(a), us_tax(b));
        // US labels do not name the rate; bracketed states (AR, CT) change rate
        // only upwards, so the tax is monotone across their brackets too.
        prop_assert!(ua.amount_usd <= ub.amount_usd, "{} {:?} {:?}", us_state_codes()[si], ua, ub);
        if let (Some(ra), Some(rb)) = (ua.range_usd, ub.range_usd) {
            prop_assert!(ra.high <= rb.high);
        }
    }
}

#[test]
fn every_jurisdiction_computes_for_private_and_dealer() {
    for s in us_state_codes() {
        for sale in [SaleType::Private, SaleType::Dealer] {
            for dollars in [1, 4_000, 25_000, 5_000_000] {
                us_purchase_costs(&UsQuery::new(s, Cents::from_dollars(dollars), sale)).unwrap();
            }
        }
    }
    for p in ca_province_codes() {
        for sale in [SaleType::Private, SaleType::Dealer] {
            for dollars in [1, 25_000, 5_000_000] {
                ca_purchase_costs(&CaQuery::new(p, Cents::from_dollars(dollars), sale)).unwrap();
            }
        }
    }
}
