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
        .any(|c| c == "California county/city surtax of up to 3.5% may apply — pass local_rate for an exact figure."));
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
