//! Issue 19 item 5: what a purchase-cost table and PDF show of the data —
//! each line's label, who is paid, and the caveats — has French in the
//! catalogue (`assets/i18n/fr-CA.tsv`), as a row or through a template,
//! for every US state, DC and Canadian province and territory, private and
//! dealer sales. Each line's notes (the long explanation with its source)
//! are not in this check: they stay English (src-tauri/README.md).

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
