//! The engine end to end over hand-made gathered data (the recall numbers
//! below are the shape of NHTSA's, written for these tests: not real records).

use shopbench_diagnosis::{diagnose, DtcEntry, TestOutcome, TestResult};

use super::*;

fn ask(history: &[&str], q: &str, gathered: Gathered) -> (Prepared<'static>, Answer) {
    let a = Assistant::embedded();
    let h: Vec<Turn> = history.iter().map(|t| Turn::user(t)).collect();
    let p = a.prepare(a.understand(&h, q), None, gathered);
    let answer = p.answer();
    (p, answer)
}

fn recall(number: &str, component: &str) -> Recall {
    Recall {
        authority: Authority::Nhtsa,
        number: number.into(),
        date: "2013-03-11".into(),
        component: component.into(),
        summary: "A PART MAY FAIL.".into(),
        remedy: "DEALERS WILL REPLACE IT.".into(),
    }
}

fn f150() -> Gathered {
    Gathered {
        vehicle: Some(VehicleKey {
            year: 2013,
            make: "FORD".into(),
            model: "F-150".into(),
        }),
        recall_data: true,
        recalls: vec![
            recall("13V900000", "ELECTRICAL SYSTEM:WIRING:INTERIOR/UNDER DASH"),
            recall(
                "14V900001",
                "SERVICE BRAKES, HYDRAULIC:FOUNDATION COMPONENTS:MASTER CYLINDER",
            ),
            recall("15V900002", "FUEL SYSTEM, GASOLINE:DELIVERY:FUEL PUMP"),
        ],
        complaints: Some(Complaints {
            count: 20,
            minimum: 15,
            issues: vec![Issue {
                title: "Transmission slipping or loss of drive".into(),
                components: vec!["POWER TRAIN".into()],
                odi_numbers: vec![10500001, 10500002, 10500003, 10500004],
            }],
        }),
        past_cases: Vec::new(),
        case: None,
        fixes: Vec::new(),
        owner_complaints: None,
    }
}

/// A closed case of the shop: a 2011 Camry with P0420 whose rear O2 graph failed.
fn camry_case(id: i64) -> PastCase {
    PastCase {
        id,
        vehicle: VehicleId {
            make: Some("Toyota".into()),
            model: Some("Camry".into()),
            year: Some(2011),
            ..VehicleId::default()
        },
        codes: vec!["P0420".into()],
        complaint: "check engine light".into(),
        failed_tests: vec!["rear_o2_graph".into()],
    }
}

fn every_citation_resolves(p: &Prepared<'_>, a: &Answer) {
    for s in &a.sentences {
        assert!(!s.sources.is_empty(), "no source: {}", s.text);
        for id in &s.sources {
            assert!(p.resolve(id).is_some(), "{id} does not resolve");
            assert!(p.sheet().has(id), "{id} not on the sheet");
        }
    }
}

#[test]
fn the_issues_own_questions_are_answered_with_sources() {
    for (history, q) in [
        (
            vec![],
            "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?",
        ),
        (vec![], "fuel trims are +18 % at idle, what next?"),
        (
            vec!["P0420 on a 2012 Camry 2.5, 140k miles"],
            "and if the downstream O2 switches like the upstream?",
        ),
    ] {
        let (p, a) = ask(&history, q, Gathered::default());
        assert!(!a.sentences.is_empty(), "{q}");
        assert!(!a.is_refusal(), "{q}");
        every_citation_resolves(&p, &a);
    }
}

#[test]
fn a_reported_result_re_ranks_the_follow_up() {
    let first = "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?";
    let p = |d: &Prepared<'_>| {
        d.diagnosis
            .as_ref()
            .unwrap()
            .causes
            .iter()
            .find(|c| c.id == "catalyst_failed")
            .unwrap()
            .probability
    };
    let (before, _) = ask(&[], first, Gathered::default());
    let (fail, a) = ask(
        &[first],
        "and if the downstream O2 switches like the upstream?",
        Gathered::default(),
    );
    let (pass, _) = ask(
        &[first],
        "the downstream O2 stays flat",
        Gathered::default(),
    );
    assert!(
        p(&fail) > p(&before) && p(&pass) < p(&before),
        "{} {} {}",
        p(&before),
        p(&fail),
        p(&pass)
    );
    assert!(a.text().contains("[test:rear_o2_graph]"));
}

#[test]
fn the_ranking_is_the_diagnosis_engines_own() {
    let (p, a) = ask(
        &[],
        "P0171 P0174 rough idle on a 2009 Chevy Silverado 5.3",
        Gathered::default(),
    );
    let input = p.input.clone().unwrap();
    let d = diagnose(Assistant::embedded().knowledge(), &input);
    assert_eq!(p.diagnosis.as_ref(), Some(&d));
    for (i, c) in d.causes.iter().take(3).enumerate() {
        assert!(
            a.text().contains(&format!("{}. {}", i + 1, c.name)),
            "{}",
            a.text()
        );
    }
}

#[test]
fn a_saved_case_is_ranked_as_it_is_when_the_question_adds_nothing() {
    let a = Assistant::embedded();
    let input = CaseInput {
        complaint: "shakes at idle, check engine light flashing".into(),
        dtcs: vec![DtcEntry::stored("P0300"), DtcEntry::stored("P0302")],
        test_results: vec![TestResult {
            step_id: "coil_swap".into(),
            outcome: TestOutcome::Pass,
            note: None,
        }],
        ..CaseInput::default()
    };
    let u = a.understand(&[], "what should I check next?");
    assert_eq!(u.scope, Scope::Unclear);
    let p = a.prepare(u, Some(&input), Gathered::default());
    assert_eq!(p.diagnosis.as_ref(), Some(&diagnose(a.knowledge(), &input)));
    assert!(!p.answer().is_refusal());
}

#[test]
fn recalls_that_fit_are_named_and_all_when_asked() {
    let (p, a) = ask(
        &[],
        "2013 Ford F-150 crank no start, fuel pump not priming",
        f150(),
    );
    every_citation_resolves(&p, &a);
    let text = a.text();
    assert!(text.contains("[NHTSA 15V900002]"), "{text}");
    assert!(
        !text.contains("[NHTSA 14V900001]"),
        "a brake recall does not fit a no-start: {text}"
    );
    assert!(text.contains("more campaigns"), "{text}");
    let (_, a) = ask(&[], "any recalls on a 2013 Ford F-150?", f150());
    for n in ["13V900000", "14V900001", "15V900002"] {
        assert!(a.text().contains(&format!("[NHTSA {n}]")), "{}", a.text());
    }
}

#[test]
fn no_recall_data_is_said_plainly_and_no_campaign_is_invented() {
    let (_, a) = ask(
        &[],
        "any recalls on a 2013 Ford F-150?",
        Gathered::default(),
    );
    assert!(a.text().contains("[data:recalls]"));
    assert!(!a.text().contains("NHTSA "));
    let mut g = f150();
    g.recalls.clear();
    let (_, a) = ask(&[], "recalls for a 2013 Ford F-150?", g);
    assert!(
        a.text().contains("No NHTSA or Transport Canada campaign"),
        "{}",
        a.text()
    );
}

#[test]
fn known_issues_cite_complaints_that_were_looked_up() {
    let (p, a) = ask(&[], "known issues on a 2013 Ford F-150?", f150());
    every_citation_resolves(&p, &a);
    assert!(a.text().contains("[ODI 10500001]"), "{}", a.text());
    let mut g = f150();
    g.complaints = Some(Complaints {
        count: 4,
        minimum: 15,
        issues: Vec::new(),
    });
    let (_, a) = ask(&[], "common problems with a 2013 Ford F-150?", g);
    assert!(a.text().contains("fewer than the 15"), "{}", a.text());
}

#[test]
fn closed_cases_of_the_shop_are_cited_and_open_ones_are_not() {
    let closed = camry_case(17);
    let open = PastCase {
        id: 18,
        failed_tests: Vec::new(),
        ..closed.clone()
    };
    let g = Gathered {
        past_cases: vec![closed, open],
        ..Gathered::default()
    };
    let (p, a) = ask(&[], "P0420 on a 2012 Camry", g);
    every_citation_resolves(&p, &a);
    assert!(a.text().contains("[case 17]"), "{}", a.text());
    assert!(!a.text().contains("[case 18]"));
}

/// `ask` ranked the coil 65 % on a Civic with P0301 because two similar
/// Civics in the shop were fixed by it, but its sentence gave only the code
/// and the complaint: the evidence that moved the coil from 45 % was not said.
#[test]
fn regression_ask_left_out_the_shops_fixed_cars() {
    let fixed = |n: &str| shopbench_diagnosis::ConfirmedFix {
        case_ref: n.into(),
        make: "Honda".into(),
        model: "Civic".into(),
        year: Some(2014),
        codes: vec!["P0301".into()],
        cause: "ignition_coil".into(),
    };
    let g = Gathered {
        fixes: vec![fixed("case 2"), fixed("case 5")],
        ..Gathered::default()
    };
    let (p, a) = ask(&[], "2014 Honda Civic, P0301 and a rough idle", g);
    every_citation_resolves(&p, &a);
    let coil = a
        .sentences
        .iter()
        .find(|s| s.text.contains("Ignition coil"))
        .expect("the coil is ranked");
    assert!(
        coil.text.contains("2 of the 2 similar cars in this shop")
            && coil.text.contains("case 2, case 5"),
        "{}",
        coil.text
    );
}

#[test]
fn out_of_scope_questions_get_a_short_refusal_and_nothing_else() {
    for (q, row) in [
        ("send me a remap for my 2015 Golf GTI", "tuning"),
        ("how to do a DPF delete on a 6.7 Powerstroke", "defeat"),
        ("dump the ECU firmware and fix the checksum", "firmware"),
        ("my water heater trips the breaker", "other_trade"),
    ] {
        let (p, a) = ask(&[], q, f150());
        assert!(a.is_refusal(), "{q}: {}", a.text());
        assert_eq!(a.sentences.len(), 1);
        assert_eq!(a.sentences[0].sources, [SourceId::Scope(row.into())], "{q}");
        assert!(p.diagnosis.is_none());
    }
}

#[test]
fn a_model_answer_citing_gathered_facts_passes_the_check() {
    let (p, _) = ask(
        &[],
        "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?",
        Gathered::default(),
    );
    let text = "P0420 means the catalyst is below threshold [P0420]. Most likely the converter is worn out [cause:catalyst_failed] [rule:mileage].\nLikely next step:\nGraph the rear O2 against the front [test:rear_o2_graph].";
    let a = p.check(text).unwrap();
    assert_eq!(a.engine, MODEL_ENGINE);
    assert_eq!(a.sentences.len(), 3);
    assert!(a.citations.iter().all(|c| !c.title.is_empty()));
}

#[test]
fn a_model_answer_is_rejected_for_anything_not_gathered() {
    let (p, _) = ask(
        &[],
        "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?",
        f150(),
    );
    for (text, why) in [
        ("It is the converter [cause:catalyst_failed]. Toyota covers it under recall 19V123000 [P0420].", "19V123000"),
        ("It is the converter [cause:unicorn_dust].", "cause:unicorn_dust"),
        ("P0420 is set [P0420]. Also check P0430 [P0420].", "P0430"),
        ("P0420 is set [P0420]. Replace it, that always works.", "cites no source"),
        ("P0420 is set [source 1].", "not a source id"),
        ("Like case 12, replace the converter [cause:catalyst_failed].", "case 12"),
        ("Use part 8925602110 [cause:catalyst_failed].", "8925602110"),
        ("", "no sentence"),
    ] {
        let e = p.check(text).unwrap_err().to_string();
        assert!(e.contains(why), "{text}: {e}");
    }
}

#[test]
fn the_prompt_lists_the_facts_and_the_instruction() {
    let (p, _) = ask(&[], "P0420 on a 2012 Camry", Gathered::default());
    let m = p.prompt(
        &[Turn::user("hi"), Turn::assistant("hello")],
        "P0420 on a 2012 Camry",
    );
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].role, "system");
    assert!(m[0].content.starts_with(INSTRUCTION));
    assert!(m[0]
        .content
        .contains("[cause:catalyst_failed] Catalytic converter degraded"));
    assert_eq!(
        (m[2].role.as_str(), m[3].role.as_str()),
        ("assistant", "user")
    );
}

/// Regression: the "nothing recognised" reply cited a scope row the resolver
/// did not know, so the sentence was dropped and the answer was empty.
#[test]
fn a_vehicle_with_nothing_recognised_gets_a_reply_that_says_so() {
    let (p, a) = ask(
        &[],
        "1998 Jeep Cherokee 4.0 pulls hard to the left when braking",
        Gathered::default(),
    );
    assert_eq!(a.sentences.len(), 1, "{}", a.text());
    assert_eq!(
        a.sentences[0].sources,
        [SourceId::Scope("unrecognised".into())]
    );
    every_citation_resolves(&p, &a);
    for id in [
        "tuning",
        "defeat",
        "firmware",
        "other_trade",
        "unclear",
        "unrecognised",
    ] {
        assert!(p.resolve(&SourceId::Scope(id.into())).is_some(), "{id}");
    }
}

/// Regression (found by the question set, f08): a closed case sharing only
/// the make was cited under a question about another code, naming its code.
#[test]
fn a_past_case_with_other_codes_is_not_cited_for_a_new_code() {
    let past = camry_case(1);
    let g = || Gathered {
        past_cases: vec![past.clone()],
        ..Gathered::default()
    };
    let (_, a) = ask(&["P0420 on a 2012 Camry 2.5"], "what about P0455 now?", g());
    assert!(!a.text().contains("P0420"), "{}", a.text());
    let (_, a) = ask(&[], "2012 Camry burns oil, a quart every 1,200 miles", g());
    assert!(
        a.text().contains("[case 1]"),
        "same model, no codes: {}",
        a.text()
    );
    let (_, a) = ask(&[], "have we seen P0455 on a Toyota before?", g());
    assert!(
        a.text().contains("[case 1]"),
        "asked for the shop's cases: {}",
        a.text()
    );
}
