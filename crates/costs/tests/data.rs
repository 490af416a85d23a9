//! The rule files themselves: complete, sourced and dated; every line either
//! cites an official page or says plainly that none exists (issue #22, item 7).

use serde_json::Value;

fn asset(name: &str) -> String {
    let path = format!(
        "{}/../../assets/purchase-costs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

fn file(name: &str) -> Value {
    serde_json::from_str(&asset(name)).unwrap()
}

/// The shared allow-list of official hosts (also read by `tools/costs_review.py`).
fn official_domains() -> Vec<String> {
    asset("official-domains.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn host(url: &str) -> &str {
    url.trim_start_matches("https://")
        .split(['/', '?', '#'])
        .next()
        .unwrap()
}

fn is_official(url: &str, domains: &[String]) -> bool {
    let h = host(url).to_ascii_lowercase();
    domains
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

const INDUSTRY: &str = "Industry range, no official source";

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Every sourced row: (where, row).
fn rows(f: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for j in f["jurisdictions"].as_array().unwrap() {
        let code = j["code"].as_str().unwrap();
        for sale in ["private", "dealer"] {
            out.push((format!("{code} {sale} tax"), &j["tax"][sale]));
        }
        if !j["tax"]["familyGift"].is_null() {
            out.push((format!("{code} family gift"), &j["tax"]["familyGift"]));
        }
        for fee in j["fees"].as_array().unwrap() {
            out.push((format!("{code} {}", fee["id"].as_str().unwrap()), fee));
        }
    }
    out
}

fn check_sourced(where_: &str, v: &Value) {
    assert!(
        matches!(v["confidence"].as_str(), Some("high" | "medium")),
        "{where_}: confidence"
    );
    assert!(!v["notes"].as_str().unwrap().is_empty(), "{where_}: notes");
    match v["sourceUrl"].as_str() {
        Some(url) => {
            assert!(url.starts_with("https://"), "{where_}: {url}");
            assert!(url.len() > "https://".len() + 4, "{where_}: {url}");
        }
        None => assert!(
            v["notes"].as_str().unwrap().starts_with(INDUSTRY),
            "{where_}: no sourceUrl and no '{INDUSTRY}' label"
        ),
    }
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
        for fee in j["fees"].as_array().unwrap() {
            let at = format!("{code} {}", fee["id"].as_str().unwrap());
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
    for (at, row) in rows(&f) {
        check_sourced(&at, row);
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

/// Issue #22, item 1: the local-rate rule is a row in every state.
#[test]
fn every_us_state_says_whether_a_local_rate_applies() {
    for j in file("us.json")["jurisdictions"].as_array().unwrap() {
        let code = j["code"].as_str().unwrap();
        let lt = &j["tax"]["localTax"];
        match lt["type"].as_str() {
            Some("none") => {}
            Some("up_to") => assert!(lt["maxPct"].as_f64().unwrap() > 0.0, "{code}"),
            other => panic!("{code}: localTax {other:?}"),
        }
    }
}

/// Issue #22, item 7: New Mexico's tax lines cited lawserver.com.
#[test]
fn no_line_cites_a_third_party_site() {
    let domains = official_domains();
    for name in ["us.json", "ca.json"] {
        let f = file(name);
        for (at, row) in rows(&f) {
            if let Some(url) = row["sourceUrl"].as_str() {
                assert!(is_official(url, &domains), "{at}: {url} is not official");
            }
        }
        for j in f["jurisdictions"].as_array().unwrap() {
            if let Some(url) = j["tax"]["tradeIn"]["sourceUrl"].as_str() {
                assert!(is_official(url, &domains), "{} trade-in: {url}", j["code"]);
            }
        }
    }
}

/// Issue #22, item 7: the dealer doc-fee ranges cited state pages that do
/// not state them; a figure no agency publishes cites no page and says so.
#[test]
fn lines_without_an_official_source_are_labelled_industry_ranges() {
    let mut unsourced = 0;
    for name in ["us.json", "ca.json"] {
        for (at, row) in rows(&file(name)) {
            if row["sourceUrl"].is_null() {
                unsourced += 1;
                assert_eq!(row["kind"], "market_estimate", "{at}");
                assert_eq!(row["confidence"], "medium", "{at}");
            }
            let notes = row["notes"].as_str().unwrap();
            if notes.starts_with(INDUSTRY) {
                assert!(
                    row["sourceUrl"].is_null(),
                    "{at}: labelled but cites a page"
                );
            }
        }
    }
    // Every US dealer doc fee without a statutory cap.
    assert_eq!(unsourced, 36);
    for j in file("us.json")["jurisdictions"].as_array().unwrap() {
        for fee in j["fees"].as_array().unwrap() {
            let r = &fee["range"];
            if fee["id"] == "dealer_doc_fee" && r["low"] == 150 && r["high"] == 700 {
                assert!(fee["sourceUrl"].is_null(), "{}", j["code"]);
            }
        }
    }
}

/// Issue #22, item 7: four figures said "from seed 002, not confirmed".
#[test]
fn no_figure_still_says_only_from_seed_002_not_confirmed() {
    for name in ["us.json", "ca.json"] {
        for (at, row) in rows(&file(name)) {
            let notes = row["notes"].as_str().unwrap();
            assert!(
                !notes.contains("from seed 002, not confirmed"),
                "{at}: {notes}"
            );
        }
    }
}

/// Issue #22, item 6: a cost known only as a range is counted in the
/// estimated total; an informational line never carries a range that would
/// silently drop out of it.
#[test]
fn informational_lines_carry_no_range() {
    for name in ["us.json", "ca.json"] {
        for j in file(name)["jurisdictions"].as_array().unwrap() {
            for fee in j["fees"].as_array().unwrap() {
                if fee["kind"] == "informational" {
                    assert!(
                        fee["range"].is_null(),
                        "{} {}: informational with a range",
                        j["code"],
                        fee["id"]
                    );
                }
            }
        }
    }
}

/// Issue #22, items 4 and 5: the trade-in rules are rows with sources.
#[test]
fn trade_in_rules_are_rows_with_sources() {
    for j in file("ca.json")["jurisdictions"].as_array().unwrap() {
        let t = &j["tax"]["tradeIn"];
        assert_eq!(t["credit"], "full", "{}", j["code"]);
        assert!(t["sourceUrl"].as_str().is_some(), "{}", j["code"]);
    }
    let us = file("us.json");
    let mi = us["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["code"] == "MI")
        .unwrap();
    let caps = mi["tax"]["tradeIn"]["caps"].as_array().unwrap();
    assert_eq!(caps[0]["year"], 2019);
    assert_eq!(caps[0]["cap"], 5000);
    assert_eq!(mi["tax"]["tradeIn"]["unlimitedFromYear"], 2029);
}
