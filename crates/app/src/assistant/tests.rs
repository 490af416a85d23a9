//! The assistant's workflow over a real SQLite database and a real recall
//! cache imported from the NHTSA-layout fixtures (not real records).

use std::path::{Path, PathBuf};

use shopbench_recalls::ImportKind;
use shopbench_store::{CaseDtc, CaseId, NewCase, VehicleId};

use super::*;
use crate::diagnose_and_save;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../recalls/tests/fixtures")
        .join(name)
}

/// A shop in a temporary folder with the fixtures imported into its recall cache.
fn shop(dir: &Path) -> (ShopPaths, Store) {
    let home = dir.as_os_str().to_owned();
    let paths = ShopPaths::from_vars(|k| (k == "HOME").then(|| home.clone())).unwrap();
    std::fs::create_dir_all(&paths.data_dir).unwrap();
    let mut cache = shopbench_recalls::Store::open(&paths.recalls).unwrap();
    cache
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), 0)
        .unwrap();
    cache
        .import_file(ImportKind::Complaints, &fixture("FLAT_CMPL_sample.txt"), 0)
        .unwrap();
    let store = crate::open_store(&paths.db, Some("sam")).unwrap();
    (paths, store)
}

fn ask_in(store: &mut Store, paths: &ShopPaths, req: Ask<'_>) -> (Asked, Vec<String>) {
    let mut deltas = Vec::new();
    let asked = ask(
        store,
        paths,
        &AssistantSettings::default(),
        &req,
        &mut |d| deltas.push(d.to_string()),
    )
    .unwrap();
    (asked, deltas)
}

/// Asks about saved case `id` and checks the answer ranks the case exactly
/// as diagnosing it does (and saves).
fn ranks_as_diagnose(store: &mut Store, paths: &ShopPaths, id: CaseId) -> Asked {
    let diagnosed = diagnose_and_save(store, id, &crate::Lookups::of(paths)).unwrap();
    let (a, _) = ask_in(
        store,
        paths,
        Ask {
            case: Some(id),
            ..q("what are the likely causes?")
        },
    );
    assert_eq!(a.answered.diagnosis.as_ref(), Some(&diagnosed.result));
    a
}

/// The assistant ranks with the owner complaints `shopbench diagnose`
/// weighs (review: it ranked without them).
#[test]
fn the_assistant_weighs_owner_complaints_as_diagnose_does() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let row =
        |odi: u64, model: &str, year: u16, component: &str| shopbench_recalls::ComplaintRecord {
            odi,
            manufacturer: "Ford Motor Company".into(),
            make: "FORD".into(),
            model: model.into(),
            year: Some(year),
            crash: false,
            fire: false,
            injured: 0,
            deaths: 0,
            component: component.into(),
            fail_date: None,
            filed_date: None,
            miles: None,
            summary: "STALLS".into(),
        };
    let fuel = "FUEL SYSTEM, GASOLINE";
    let escape: Vec<_> = (0..40)
        .map(|i| row(i, "ESCAPE", 2013, if i < 30 { fuel } else { "STEERING" }))
        .collect();
    let focus: Vec<_> = (100..700)
        .map(|i| {
            row(
                i,
                "FOCUS",
                2014,
                if i < 130 {
                    fuel
                } else {
                    "SERVICE BRAKES, HYDRAULIC"
                },
            )
        })
        .collect();
    let mut cache = shopbench_recalls::Store::open(&paths.recalls).unwrap();
    let key = |model, year| shopbench_recalls::Vehicle::new(year, "Ford", model);
    cache
        .replace_complaints(&key("Escape", 2013), &escape, 0)
        .unwrap();
    cache
        .replace_complaints(&key("Focus", 2014), &focus, 0)
        .unwrap();
    let id = store
        .create_case(&NewCase {
            vehicle: crate::parse_vehicle("Ford Escape 2013").unwrap(),
            complaint: "runs rough".into(),
            dtcs: crate::input::parse_code_lines("P0300").unwrap(),
            ..NewCase::default()
        })
        .unwrap();
    let a = ranks_as_diagnose(&mut store, &paths, id);
    let d = a.answered.diagnosis.unwrap();
    assert!(
        d.causes.iter().any(|c| c
            .evidence_for
            .iter()
            .any(|e| e.kind == shopbench_diagnosis::EvidenceKind::OwnerComplaints)),
        "{d:#?}"
    );
}

fn q(message: &str) -> Ask<'_> {
    Ask {
        message,
        conversation: None,
        case: None,
        engine: None,
    }
}

#[test]
fn a_question_is_streamed_saved_and_continued_with_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let (first, deltas) = ask_in(
        &mut store,
        &paths,
        q("P0420 on a 2012 Camry 2.5, 140k miles — likely causes?"),
    );
    assert!(first.started);
    assert!(deltas.len() > 3, "streamed sentence by sentence");
    assert_eq!(deltas.concat(), first.answered.text);
    let before = first.answered.diagnosis.as_ref().unwrap().causes[0].probability;
    let follow = Ask {
        conversation: Some(first.conversation),
        ..q("and if the downstream O2 switches like the upstream?")
    };
    let (second, _) = ask_in(&mut store, &paths, follow);
    assert!(!second.started);
    assert_eq!(second.conversation, first.conversation);
    let top = &second.answered.diagnosis.as_ref().unwrap().causes[0];
    assert_eq!(top.id, "catalyst_failed");
    assert!(top.probability > before);
    let c = store.conversation(first.conversation).unwrap();
    assert_eq!(c.messages.len(), 4);
    assert_eq!(c.messages[3].content, second.answered.text);
    assert_eq!(c.messages[3].engine.as_deref(), Some(FACTS_ENGINE));
    assert!(citations(&c.messages[3])
        .iter()
        .any(|k| k.id.to_string() == "test:rear_o2_graph"));
    assert_eq!(
        history(&c)[2].content,
        "and if the downstream O2 switches like the upstream?"
    );
}

#[test]
fn recalls_and_known_issues_come_from_the_offline_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let (a, _) = ask_in(
        &mut store,
        &paths,
        q("any recalls or known issues on a 2013 Ford F-150?"),
    );
    let text = &a.answered.text;
    for n in ["13V900000", "14V900001", "15V900002"] {
        assert!(text.contains(&format!("[NHTSA {n}]")), "{text}");
    }
    assert!(text.contains("[ODI "), "{text}");
    let (a, _) = ask_in(&mut store, &paths, q("recalls on a 2014 Toyota Camry?"));
    assert!(
        a.answered
            .text
            .contains("No NHTSA or Transport Canada campaign for the 2014 TOYOTA CAMRY"),
        "{}",
        a.answered.text
    );
}

#[test]
fn a_case_question_ranks_the_case_as_diagnose_does_and_cites_closed_cases() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let camry = |complaint: &str| NewCase {
        vehicle: VehicleId {
            make: Some("Toyota".into()),
            model: Some("Camry".into()),
            year: Some(2012),
            ..VehicleId::default()
        },
        complaint: complaint.into(),
        dtcs: vec![CaseDtc::from(
            "P0420".parse::<shopbench_core::Dtc>().unwrap(),
        )],
        ..NewCase::default()
    };
    let old = store.create_case(&camry("light on")).unwrap();
    store
        .record_test(
            old,
            "rear_o2_graph",
            shopbench_diagnosis::TestOutcome::Fail,
            None,
        )
        .unwrap();
    let id = store
        .create_case(&camry("check engine light, sluggish"))
        .unwrap();
    let a = ranks_as_diagnose(&mut store, &paths, id);
    let text = &a.answered.text;
    assert!(text.contains(&format!("[case {id}]")), "{text}");
    assert!(text.contains(&format!("[case {old}]")), "{text}");
    assert_eq!(
        store.conversation(a.conversation).unwrap().case_id,
        Some(id)
    );
    let other = Ask {
        conversation: Some(a.conversation),
        case: Some(old),
        ..q("and this one?")
    };
    let e = ask(
        &mut store,
        &paths,
        &AssistantSettings::default(),
        &other,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains(&format!("about case {id}")), "{e}");
}

/// Regression (issue 17): `ask --case N` ranked without the shop's closed
/// cases, so once similar cars were closed its answer differed from
/// `shopbench diagnose N`. Two Civics with P0442 closed as the EVAP hose:
/// the third Civic's question ranks exactly as its diagnosis, hose first.
#[test]
fn a_case_question_learns_from_the_shops_closed_cases_as_diagnose_does() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let civic = |store: &mut Store| {
        store
            .create_case(&NewCase {
                vehicle: crate::parse_vehicle("Honda Civic 2014").unwrap(),
                dtcs: crate::input::parse_code_lines("P0442").unwrap(),
                ..NewCase::default()
            })
            .unwrap()
    };
    for _ in 0..2 {
        let id = civic(&mut store);
        let fix = crate::fixes::fix_in_words("replaced cracked EVAP hose");
        crate::fixes::close_case(&mut store, id, &fix).unwrap();
    }
    let id = civic(&mut store);
    let a = ranks_as_diagnose(&mut store, &paths, id);
    let ranked = a.answered.diagnosis.as_ref().unwrap();
    assert_eq!(ranked.causes[0].id, "evap_leak_hose");
}

#[test]
fn empty_questions_and_a_model_not_set_up_are_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let s = AssistantSettings::default();
    let e = ask(&mut store, &paths, &s, &q("   "), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let model = Ask {
        engine: Some(Engine::Model),
        ..q("P0420?")
    };
    let e = ask(&mut store, &paths, &s, &model, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains(vars::MODEL_URL), "{e}");
    assert!(store.list_conversations(None, 10).unwrap().is_empty());
    assert!("chatgpt".parse::<Engine>().is_err());
}

/// With the model turned on but nothing listening, the offline answer is
/// given and says why.
#[test]
fn an_unreachable_model_gives_the_offline_answer_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut store) = shop(dir.path());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = AssistantSettings {
        model_enabled: true,
        model_url: format!("http://127.0.0.1:{port}/v1"),
        model_timeout_secs: 5,
        ..AssistantSettings::default()
    };
    let a = ask(&mut store, &paths, &s, &q("P0171 at idle"), &mut |_| {}).unwrap();
    assert_eq!(a.answered.answer.engine, FACTS_ENGINE);
    let note = a.answered.answer.note.clone().unwrap();
    assert!(
        note.contains("could not be reached") && note.contains("offline answer"),
        "{note}"
    );
    let saved = store.conversation(a.conversation).unwrap();
    assert_eq!(saved.messages[1].note.as_deref(), Some(note.as_str()));
}
