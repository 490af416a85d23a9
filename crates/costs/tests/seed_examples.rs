//! Seed 002's worked examples, reproduced exactly.

use serde_json::{json, Value};
use shopbench_costs::{ca_purchase_costs, us_purchase_costs, CaQuery, Cents, SaleType, UsQuery};

fn line<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("no line {id} in {v:#}"))
}

#[test]
fn ontario_25000_private() {
    let r = ca_purchase_costs(&CaQuery::new(
        "ON",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(line(&v, "sales_tax")["amountCad"], json!(3250));
    assert_eq!(line(&v, "sales_tax")["label"], json!("RST (13%)"));
    assert_eq!(line(&v, "uvip")["amountCad"], json!(20));
    assert_eq!(line(&v, "permit_plus_plate")["amountCad"], json!(59));
    assert_eq!(v["totalKnownCad"], json!(3329));
    assert_eq!(v["country"], json!("CA"));
    assert_eq!(v["provinceName"], json!("Ontario"));
    assert_eq!(
        v["input"],
        json!({"province": "ON", "priceCad": 25000, "saleType": "private", "familyGift": false, "buyerHasPlates": false})
    );
}

#[test]
fn ontario_buyer_with_plates_pays_the_permit_only() {
    let mut q = CaQuery::new("on", Cents::from_dollars(25_000), SaleType::Private);
    q.buyer_has_plates = true;
    let v = serde_json::to_value(ca_purchase_costs(&q).unwrap()).unwrap();
    assert_eq!(line(&v, "permit")["amountCad"], json!(32));
    assert!(v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["id"] != "permit_plus_plate"));
    assert_eq!(v["totalKnownCad"], json!(3302));
}

#[test]
fn california_25000_private() {
    let r = us_purchase_costs(&UsQuery::new(
        "CA",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    let tax = line(&v, "sales_tax");
    assert_eq!(tax["amountUsd"], json!(1812.5));
    assert_eq!(tax["rangeUsd"], json!({"low": 1812.5, "high": 2687.5}));
    assert_eq!(tax["kind"], json!("tax"));
    assert_eq!(tax["label"], json!("Sales / use / excise tax"));
    assert_eq!(line(&v, "title")["amountUsd"], json!(28));
    assert_eq!(line(&v, "title")["rangeUsd"], Value::Null);
    assert_eq!(line(&v, "registration")["kind"], json!("market_estimate"));
    assert_eq!(line(&v, "registration")["amountUsd"], Value::Null);
    assert_eq!(
        line(&v, "inspection")["rangeUsd"],
        json!({"low": 30, "high": 70})
    );
    assert_eq!(v["totalKnownUsd"], json!(1840.5));
    assert_eq!(
        v["input"],
        json!({"state": "CA", "priceUsd": 25000, "saleType": "private", "tradeInUsd": 0, "localRatePct": null})
    );
    assert!(v["caveats"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "California county/city surtax of up to 3.5% may apply — the buyer's local rate gives the exact figure."));
    // No dealer doc fee on a private sale.
    assert!(v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["id"] != "dealer_doc_fee"));
}

#[test]
fn british_columbia_25000_private() {
    let r = ca_purchase_costs(&CaQuery::new(
        "bc",
        Cents::from_dollars(25_000),
        SaleType::Private,
    ))
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(line(&v, "sales_tax")["label"], json!("PST (12%)"));
    assert_eq!(line(&v, "sales_tax")["amountCad"], json!(3000));
    assert_eq!(line(&v, "bc_transfer_fee")["amountCad"], json!(28));
    assert_eq!(
        line(&v, "bc_annual_licence")["rangeCad"],
        json!({"low": 46, "high": 142})
    );
    assert_eq!(line(&v, "bc_annual_licence")["amountCad"], Value::Null);
    assert_eq!(line(&v, "inspection")["kind"], json!("informational"));
    assert_eq!(v["totalKnownCad"], json!(3046));
    assert_eq!(
        v["estimatedTotalRangeCad"],
        json!({"low": 3092, "high": 3188})
    );
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn json_shapes_have_exactly_the_seed_fields() {
    let us = serde_json::to_value(
        us_purchase_costs(&UsQuery::new(
            "NY",
            Cents::from_dollars(18_000),
            SaleType::Dealer,
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        keys(&us),
        [
            "caveats",
            "country",
            "estimatedTotalRangeUsd",
            "input",
            "lines",
            "rulesAsOf",
            "state",
            "stateName",
            "totalKnownUsd"
        ]
    );
    for l in us["lines"].as_array().unwrap() {
        assert_eq!(
            keys(l),
            [
                "amountUsd",
                "confidence",
                "id",
                "kind",
                "label",
                "notes",
                "paidTo",
                "rangeUsd",
                "sourceUrl"
            ]
        );
    }
    let ids: Vec<&str> = us["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "sales_tax",
            "title",
            "registration",
            "inspection",
            "dealer_doc_fee"
        ]
    );

    let ca = serde_json::to_value(
        ca_purchase_costs(&CaQuery::new(
            "QC",
            Cents::from_dollars(18_000),
            SaleType::Dealer,
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        keys(&ca),
        [
            "caveats",
            "country",
            "estimatedTotalRangeCad",
            "input",
            "lines",
            "province",
            "provinceName",
            "rulesAsOf",
            "totalKnownCad"
        ]
    );
    for l in ca["lines"].as_array().unwrap() {
        assert_eq!(
            keys(l),
            [
                "amountCad",
                "confidence",
                "id",
                "kind",
                "label",
                "notes",
                "paidTo",
                "rangeCad",
                "sourceUrl"
            ]
        );
    }
}

/// Issue 6 asks for a purchase-cost computation under 1 ms. Measured here in
/// whatever profile the tests run in (debug included), averaged over all 64
/// jurisdictions × both sale types.
#[test]
fn a_computation_takes_well_under_a_millisecond() {
    let _ = us_purchase_costs(&UsQuery::new(
        "CA",
        Cents::from_dollars(1),
        SaleType::Private,
    )); // parse once
    let _ = ca_purchase_costs(&CaQuery::new(
        "ON",
        Cents::from_dollars(1),
        SaleType::Private,
    ));
    let start = std::time::Instant::now();
    let mut n = 0u32;
    for _ in 0..20 {
        for s in shopbench_costs::us_state_codes() {
            for sale in [SaleType::Private, SaleType::Dealer] {
                us_purchase_costs(&UsQuery::new(s, Cents::from_dollars(25_000), sale)).unwrap();
                n += 1;
            }
        }
        for p in shopbench_costs::ca_province_codes() {
            for sale in [SaleType::Private, SaleType::Dealer] {
                ca_purchase_costs(&CaQuery::new(p, Cents::from_dollars(25_000), sale)).unwrap();
                n += 1;
            }
        }
    }
    let per = start.elapsed() / n;
    assert!(
        per < std::time::Duration::from_millis(1),
        "{per:?} per computation"
    );
    eprintln!("purchase-cost computation: {per:?} on average over {n}");
}
