//! The special regimes and validation messages of seed 002.

use shopbench_costs::{
    ca_purchase_costs, us_purchase_costs, CaQuery, Cents, CostsError, LineKind, Refusal, SaleType,
    UsQuery,
};

fn us(state: &str, dollars: i64, sale: SaleType) -> shopbench_costs::UsCosts {
    us_purchase_costs(&UsQuery::new(state, Cents::from_dollars(dollars), sale)).unwrap()
}
fn ca(p: &str, dollars: i64, sale: SaleType) -> shopbench_costs::CaCosts {
    ca_purchase_costs(&CaQuery::new(p, Cents::from_dollars(dollars), sale)).unwrap()
}

#[test]
fn bc_private_tiers_are_flat_on_the_whole_price() {
    let tax = |d| ca("BC", d, SaleType::Private).lines[0].amount_cad.unwrap();
    assert_eq!(tax(124_999), Cents::new(1_499_988));
    assert_eq!(tax(125_000), Cents::from_dollars(18_750));
    assert_eq!(tax(150_000), Cents::from_dollars(30_000));
    assert_eq!(
        ca("BC", 150_000, SaleType::Private).lines[0].label,
        "PST (20%)"
    );
}

#[test]
fn bc_dealer_is_gst_plus_pst() {
    let r = ca("BC", 25_000, SaleType::Dealer);
    assert_eq!(r.lines[0].label, "GST (5%) + PST (7%)");
    assert_eq!(r.lines[0].amount_cad, Some(Cents::from_dollars(3_000)));
}

#[test]
fn family_gift_zeroes_the_tax_and_is_private_only() {
    let mut q = CaQuery::new("ON", Cents::from_dollars(25_000), SaleType::Private);
    q.family_gift = true;
    let r = ca_purchase_costs(&q).unwrap();
    assert_eq!(r.lines[0].amount_cad, Some(Cents::ZERO));
    assert_eq!(r.total_known_cad, Cents::from_dollars(79));
    q.sale_type = Some(SaleType::Dealer);
    assert_eq!(
        ca_purchase_costs(&q).unwrap_err(),
        CostsError::Refused(Refusal::FamilyGiftOnDealerSale)
    );
}

#[test]
fn no_tax_on_private_sales_in_alberta_and_the_territories() {
    for p in ["AB", "YT", "NT", "NU"] {
        let r = ca(p, 25_000, SaleType::Private);
        assert_eq!(r.lines[0].amount_cad, Some(Cents::ZERO), "{p}");
        assert_eq!(r.lines[0].label, "No tax on private sales");
        let d = ca(p, 25_000, SaleType::Dealer);
        assert_eq!(
            d.lines[0].amount_cad,
            Some(Cents::from_dollars(1_250)),
            "{p} dealer GST"
        );
    }
}

#[test]
fn quebec_private_is_qst_only() {
    let r = ca("qc", 10_000, SaleType::Private);
    assert_eq!(r.lines[0].label, "QST (9.975%)");
    assert_eq!(r.lines[0].amount_cad, Some(Cents::new(99_750)));
}

#[test]
fn no_tax_states_on_private_sales() {
    for s in ["AK", "AZ", "HI", "MT", "NV", "NH", "OR"] {
        let r = us(s, 25_000, SaleType::Private);
        assert_eq!(r.lines[0].id, "sales_tax");
        assert_eq!(r.lines[0].amount_usd, Some(Cents::ZERO), "{s}");
        assert_eq!(r.lines[0].kind, LineKind::Tax);
    }
}

#[test]
fn south_carolina_fee_is_capped_at_500() {
    assert_eq!(
        us("SC", 8_000, SaleType::Private).lines[0].amount_usd,
        Some(Cents::from_dollars(400))
    );
    assert_eq!(
        us("SC", 25_000, SaleType::Dealer).lines[0].amount_usd,
        Some(Cents::from_dollars(500))
    );
}

#[test]
fn illinois_private_is_a_flat_table_estimate_and_dealer_is_percent() {
    let p = us("IL", 25_000, SaleType::Private);
    assert_eq!(p.lines[0].kind, LineKind::MarketEstimate);
    assert_eq!(p.lines[0].amount_usd, None);
    assert!(p.lines[0].range_usd.is_some());
    let d = us("IL", 25_000, SaleType::Dealer);
    assert_eq!(d.lines[0].amount_usd, Some(Cents::new(156_250)));
}

#[test]
fn dc_excise_is_a_range_estimate() {
    let r = us("dc", 20_000, SaleType::Private);
    assert_eq!(r.lines[0].kind, LineKind::MarketEstimate);
    assert_eq!(r.lines[0].amount_usd, None);
    let range = r.lines[0].range_usd.unwrap();
    assert!(range.low < range.high);
}

#[test]
fn trade_in_is_deducted_only_for_dealer_sales_in_full_credit_states() {
    let mut q = UsQuery::new("TX", Cents::from_dollars(25_000), SaleType::Dealer);
    q.trade_in = Cents::from_dollars(5_000);
    assert_eq!(
        us_purchase_costs(&q).unwrap().lines[0].amount_usd,
        Some(Cents::from_dollars(1_250))
    );
    q.sale_type = Some(SaleType::Private);
    assert_eq!(
        us_purchase_costs(&q).unwrap().lines[0].amount_usd,
        Some(Cents::new(156_250))
    );
    // Michigan: partial credit, capped by the delivery year (issue #22 tests the caps).
    let mut m = UsQuery::new("MI", Cents::from_dollars(25_000), SaleType::Dealer);
    m.trade_in = Cents::from_dollars(5_000);
    let r = us_purchase_costs(&m).unwrap();
    assert_eq!(r.lines[0].amount_usd, Some(Cents::from_dollars(1_200)));
    assert!(r
        .caveats
        .iter()
        .any(|c| c.contains("Michigan caps the trade-in credit")));
}

#[test]
fn an_exact_local_rate_replaces_the_range() {
    let mut q = UsQuery::new("CA", Cents::from_dollars(25_000), SaleType::Private);
    q.local_rate_pct = Some(2.25);
    let r = us_purchase_costs(&q).unwrap();
    assert_eq!(r.lines[0].amount_usd, Some(Cents::from_dollars(2_375)));
    assert_eq!(r.lines[0].range_usd, None);
    assert_eq!(
        serde_json::to_value(&r).unwrap()["input"]["localRatePct"],
        serde_json::json!(2.25)
    );
}

#[test]
fn dealer_sales_add_a_doc_fee_line() {
    let r = us("NY", 25_000, SaleType::Dealer);
    let doc = r.lines.iter().find(|l| l.id == "dealer_doc_fee").unwrap();
    assert_eq!(doc.range_usd.unwrap().high, Cents::from_dollars(175));
}

#[test]
fn validation_messages() {
    let err = |q: UsQuery| us_purchase_costs(&q).unwrap_err().to_string();
    let base = UsQuery::new("CA", Cents::from_dollars(25_000), SaleType::Private);
    let msg = err(UsQuery {
        state: "zz".into(),
        ..base.clone()
    });
    assert!(
        msg.starts_with("unknown state 'ZZ'. Valid state codes: AK, AL, AR, AZ, CA,"),
        "{msg}"
    );
    assert!(msg.ends_with("WV, WY."), "{msg}");
    assert!(err(UsQuery {
        price: Cents::ZERO,
        ..base.clone()
    })
    .starts_with("price: must be greater than 0"));
    assert!(err(UsQuery {
        price: Cents::from_dollars(5_000_001),
        ..base.clone()
    })
    .contains("at most 5,000,000"));
    assert!(us_purchase_costs(&UsQuery {
        price: Cents::from_dollars(5_000_000),
        ..base.clone()
    })
    .is_ok());
    assert!(err(UsQuery {
        trade_in: Cents::from_dollars(25_000),
        ..base.clone()
    })
    .starts_with("trade_in: must be"));
    assert!(err(UsQuery {
        trade_in: Cents::from_dollars(-1),
        ..base.clone()
    })
    .starts_with("trade_in: must be"));
    assert!(err(UsQuery {
        local_rate_pct: Some(15.5),
        ..base.clone()
    })
    .starts_with("local_rate: must be"));
    assert!(err(UsQuery {
        local_rate_pct: Some(-0.1),
        ..base.clone()
    })
    .starts_with("local_rate: must be"));
    assert_eq!(
        err(UsQuery {
            sale_type: None,
            ..base.clone()
        }),
        "sale_type is required: 'private' or 'dealer'"
    );
    assert_eq!(
        "wholesale".parse::<SaleType>().unwrap_err().to_string(),
        "invalid sale_type 'wholesale': expected 'private' or 'dealer'"
    );
    assert_eq!("DEALER".parse::<SaleType>().unwrap(), SaleType::Dealer);

    let e = ca_purchase_costs(&CaQuery::new(
        "xx",
        Cents::from_dollars(1),
        SaleType::Private,
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown province/territory 'XX'. Valid codes: AB, BC, MB, NB, NL, NS, NT, NU, ON, PE, QC, SK, YT."
    );
}

#[test]
fn oklahoma_used_vehicle_excise_is_20_on_the_first_1500_plus_rates() {
    // $20 + 3.25% × 23,157 = 772.60, plus 1.25% × 24,657 = 308.21.
    let r = us_purchase_costs(&UsQuery::new(
        "OK",
        Cents::new(2_465_700),
        SaleType::Private,
    ))
    .unwrap();
    assert_eq!(r.lines[0].amount_usd, Some(Cents::new(108_081)));
    // Below $1,500 only the flat $20 and the 1.25% apply.
    let r = us_purchase_costs(&UsQuery::new(
        "OK",
        Cents::from_dollars(1_000),
        SaleType::Private,
    ))
    .unwrap();
    assert_eq!(r.lines[0].amount_usd, Some(Cents::new(3_250)));
}
