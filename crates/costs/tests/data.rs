//! The rule files themselves: complete, sourced and dated.

use serde_json::Value;

fn file(name: &str) -> Value {
    let path = format!(
        "{}/../../assets/purchase-costs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn check_sourced(where_: &str, v: &Value) {
    let url = v["sourceUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{where_}: no sourceUrl"));
    assert!(url.starts_with("https://"), "{where_}: {url}");
    assert!(url.len() > "https://".len() + 4, "{where_}: {url}");
    assert!(
        matches!(v["confidence"].as_str(), Some("high" | "medium")),
        "{where_}: confidence"
    );
}

fn check(name: &str, expected: usize) {
    let f = file(name);
    let js = f["jurisdictions"].as_array().unwrap();
    assert_eq!(js.len(), expected, "{name}");
    let mut codes: Vec<&str> = js.iter().map(|j| j["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), expected, "{name}: duplicate codes");
    for j in js {
        let code = j["code"].as_str().unwrap();
        assert!(is_date(j["asOf"].as_str().unwrap()), "{code}: asOf");
        for sale in ["private", "dealer"] {
            check_sourced(&format!("{code} {sale} tax"), &j["tax"][sale]);
            assert!(!j["tax"][sale]["notes"].as_str().unwrap().is_empty());
        }
        if !j["tax"]["familyGift"].is_null() {
            check_sourced(&format!("{code} family gift"), &j["tax"]["familyGift"]);
        }
        for fee in j["fees"].as_array().unwrap() {
            let id = fee["id"].as_str().unwrap();
            let at = format!("{code} {id}");
            check_sourced(&at, fee);
            assert!(!fee["notes"].as_str().unwrap().is_empty(), "{at}: notes");
            if fee["kind"] == "market_estimate" {
                assert!(
                    fee["amount"].is_null() && fee["range"].is_object(),
                    "{at}: estimates are ranges"
                );
            }
            if let Some(r) = fee["range"].as_object() {
                assert!(r["low"].as_f64() <= r["high"].as_f64(), "{at}: low > high");
            }
        }
    }
}

#[test]
fn us_has_51_sourced_entries() {
    check("us.json", 51);
}

#[test]
fn ca_has_13_sourced_entries() {
    check("ca.json", 13);
}
