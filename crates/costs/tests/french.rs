//! Issue 19 item 5: what a purchase-cost table and PDF show of the data —
//! each line's label, who is paid, and the caveats — has French in the
//! catalogue (`assets/i18n/fr-CA.tsv`), as a row or through a template,
//! for every US state, DC and Canadian province and territory, private and
//! dealer sales; and each line's notes (the long explanation with its
//! source), read from the rules files themselves so that the notes of lines
//! only a gift, a trade-in or a sale year brings are checked too.

use std::collections::BTreeSet;

use shopbench_costs::*;

fn shown(lines: &[(&str, &str)], caveats: &[String], out: &mut BTreeSet<String>) {
    for (label, paid_to) in lines {
        out.insert(label.to_string());
        out.insert(paid_to.to_string());
    }
    out.extend(caveats.iter().cloned());
}

#[test]
fn every_label_payee_and_caveat_has_french() {
    let (mut texts, mut answered) = (BTreeSet::new(), 0);
    let price = Cents::from_dollars(18_500);
    for sale in [SaleType::Private, SaleType::Dealer] {
        for p in ca_province_codes() {
            let c = ca_purchase_costs(&CaQuery::new(p, price, sale)).expect(p);
            let lines: Vec<_> = c.lines.iter().map(|l| (&*l.label, &*l.paid_to)).collect();
            shown(&lines, &c.caveats, &mut texts);
            answered += 1;
        }
        for s in us_state_codes() {
            let c = us_purchase_costs(&UsQuery::new(s, price, sale)).expect(s);
            let lines: Vec<_> = c.lines.iter().map(|l| (&*l.label, &*l.paid_to)).collect();
            shown(&lines, &c.caveats, &mut texts);
            answered += 1;
        }
    }
    assert_eq!(answered, 2 * (13 + 51));
    assert!(texts.len() > 100, "{} texts", texts.len());
    let missing: Vec<_> = texts
        .iter()
        .filter(|t| shopbench_i18n::lacks_french(t))
        .collect();
    assert!(missing.is_empty(), "no French for {missing:#?}");
}

/// Every `notes` text anywhere in a rules file.
fn notes_in(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match v {
                    serde_json::Value::String(s) if key == "notes" && !s.trim().is_empty() => {
                        out.insert(s.clone());
                    }
                    other => notes_in(other, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| notes_in(v, out)),
        _ => {}
    }
}

#[test]
fn every_line_note_in_the_rules_has_french() {
    let mut notes = BTreeSet::new();
    for file in ["us.json", "ca.json"] {
        let path = format!(
            "{}/../../assets/purchase-costs/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("the rules files");
        notes_in(&serde_json::from_str(&text).unwrap(), &mut notes);
    }
    assert!(
        notes.len() > 300,
        "{} notes: the reader is out of date",
        notes.len()
    );
    let missing: Vec<_> = notes
        .iter()
        .filter(|t| shopbench_i18n::lacks_french(t))
        .collect();
    assert!(
        missing.is_empty(),
        "{} notes without French: {missing:#?}",
        missing.len()
    );
}
