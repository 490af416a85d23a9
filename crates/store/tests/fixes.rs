//! Closing cases with what fixed them, and the fixes the diagnosis learns from.

use shopbench_diagnosis::ConfirmedFix;
use shopbench_store::{CaseDtc, CaseFix, NewCase, Store, StoreError, VehicleId};

fn case(make: &str, codes: &[&str]) -> NewCase {
    NewCase {
        vehicle: VehicleId {
            make: (!make.is_empty()).then(|| make.into()),
            model: Some("Civic".into()),
            year: Some(2014),
            ..VehicleId::default()
        },
        dtcs: codes
            .iter()
            .map(|c| CaseDtc::from(c.parse::<shopbench_core::Dtc>().unwrap()))
            .collect(),
        ..NewCase::default()
    }
}

fn fix(words: &str, cause: Option<&str>) -> CaseFix {
    CaseFix {
        fixed_by: words.into(),
        cause_id: cause.map(String::from),
        parts: "hose".into(),
        labor_hours: Some(0.8),
        cost_cents: Some(14_500),
        closed_at: String::new(),
        closed_by: String::new(),
    }
}

#[test]
fn a_closed_case_keeps_its_fix_and_teaches_the_engine() {
    let mut s = Store::open_in_memory().unwrap().with_actor("dana");
    let a = s.create_case(&case("Honda", &["P0442", "P0456"])).unwrap();
    let unmapped = s.create_case(&case("Honda", &["P0442"])).unwrap();
    let no_make = s.create_case(&case("", &["P0442"])).unwrap();
    let open = s.create_case(&case("Honda", &["P0442"])).unwrap();
    let saved = s
        .close_case(
            a,
            &fix("  replaced cracked EVAP hose  ", Some("evap_leak_hose")),
        )
        .unwrap();
    assert_eq!(saved.fixed_by, "replaced cracked EVAP hose");
    assert_eq!(saved.closed_by, "dana");
    assert!(!saved.closed_at.is_empty());
    s.close_case(unmapped, &fix("customer declined", None))
        .unwrap();
    s.close_case(no_make, &fix("hose", Some("evap_leak_hose")))
        .unwrap();
    assert_eq!(s.case(a).unwrap().fix, Some(saved));
    assert_eq!(s.case(open).unwrap().fix, None);
    assert_eq!(
        s.own_fixes(None).unwrap(),
        [ConfirmedFix {
            case_ref: format!("case {}", a.0),
            make: "Honda".into(),
            model: "Civic".into(),
            year: Some(2014),
            codes: vec!["P0442".into(), "P0456".into()],
            cause: "evap_leak_hose".into(),
        }]
    );
    assert!(
        s.own_fixes(Some(a)).unwrap().is_empty(),
        "a case's own fix is left out"
    );
    let actions: Vec<String> = s
        .history(a)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert!(actions.contains(&"case.close".to_string()), "{actions:?}");
}

#[test]
fn closing_again_replaces_the_fix_and_bad_input_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create_case(&case("Honda", &["P0442"])).unwrap();
    s.close_case(a, &fix("fuel cap", Some("gas_cap"))).unwrap();
    s.close_case(a, &fix("hose after all", Some("evap_leak_hose")))
        .unwrap();
    assert_eq!(s.own_fixes(None).unwrap().len(), 1);
    assert_eq!(s.own_fixes(None).unwrap()[0].cause, "evap_leak_hose");
    for bad in [
        fix("   ", None),
        CaseFix {
            labor_hours: Some(-1.0),
            ..fix("x", None)
        },
    ] {
        assert!(matches!(s.close_case(a, &bad), Err(StoreError::Invalid(_))));
    }
    assert!(matches!(
        s.close_case(shopbench_store::CaseId(999), &fix("x", None)),
        Err(StoreError::CaseNotFound(_))
    ));
    assert_eq!(s.case(a).unwrap().fix.unwrap().fixed_by, "hose after all");
}

#[test]
fn shared_fixes_are_imported_once_and_cited_with_their_shop() {
    let mut s = Store::open_in_memory().unwrap();
    let f = ConfirmedFix {
        case_ref: "case 7".into(),
        make: "Toyota".into(),
        model: "Camry".into(),
        year: Some(2012),
        codes: vec!["P0420".into()],
        cause: "catalytic_converter".into(),
    };
    let import = |s: &mut Store, f: &ConfirmedFix| {
        s.import_fixes("Main St Auto", std::slice::from_ref(f))
            .unwrap()
    };
    assert_eq!(import(&mut s, &f), (1, 0));
    // Regression (review): the shop closed case 7 again with another cause;
    // its newer file replaces the old fix instead of being ignored.
    let corrected = ConfirmedFix {
        cause: "o2_downstream".into(),
        ..f.clone()
    };
    assert_eq!(import(&mut s, &corrected), (0, 1));
    assert_eq!(s.shared_fixes().unwrap()[0].cause, "o2_downstream");
    assert!(matches!(
        s.import_fixes(" ", std::slice::from_ref(&f)),
        Err(StoreError::Invalid(_))
    ));
    let shared = s.shared_fixes().unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].case_ref, "Main St Auto case 7");
    assert_eq!(shared.len(), 1);
    assert!(s.own_fixes(None).unwrap().is_empty());
}
