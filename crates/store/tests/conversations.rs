//! The assistant's conversations in a real SQLite file (migration 0008), and
//! the closed cases the assistant may cite.

use serde_json::json;
use shopbench_store::{
    CaseDtc, ConversationId, MessageRole, NewCase, NewMessage, Store, StoreError, TestOutcome,
    VehicleId,
};

fn answer(text: &str) -> NewMessage {
    NewMessage {
        role: MessageRole::Assistant,
        content: text.into(),
        engine: Some("shopbench-facts".into()),
        tokens_used: 12,
        citations: json!([{"id": "P0420", "title": "Catalyst System Efficiency Below Threshold (Bank 1)", "detail": ""}]),
        note: None,
    }
}

#[test]
fn messages_are_kept_in_order_with_their_engine_tokens_and_citations() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("shop.db")).unwrap();
    let id = s
        .create_conversation("P0420 on a 2012 Camry — likely causes?", None)
        .unwrap();
    s.add_message(
        id,
        &NewMessage::user("P0420 on a 2012 Camry — likely causes?"),
    )
    .unwrap();
    s.add_message(id, &answer("P0420 means … [P0420]."))
        .unwrap();
    s.add_message(id, &NewMessage::user("and if the downstream O2 switches?"))
        .unwrap();
    drop(s);
    let s = Store::open(dir.path().join("shop.db")).unwrap();
    let c = s.conversation(id).unwrap();
    assert_eq!(c.title, "P0420 on a 2012 Camry — likely causes?");
    let roles: Vec<MessageRole> = c.messages.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [MessageRole::User, MessageRole::Assistant, MessageRole::User]
    );
    assert_eq!(c.messages[1].engine.as_deref(), Some("shopbench-facts"));
    assert_eq!(c.messages[1].tokens_used, 12);
    assert_eq!(c.messages[1].citations[0]["id"], "P0420");
    assert_eq!(c.last_message_at, c.messages[2].created_at);
}

#[test]
fn conversations_are_listed_newest_first_and_searched_in_every_message() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create_conversation("P0171 lean", None).unwrap();
    let b = s.create_conversation("brake noise", None).unwrap();
    s.add_message(a, &NewMessage::user("P0171 lean, vacuum leak?"))
        .unwrap();
    let all = s.list_conversations(None, 10).unwrap();
    assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), [a, b]);
    assert_eq!(all[0].message_count, 1);
    let found = s.list_conversations(Some("VACUUM"), 10).unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [a]);
    assert!(s.list_conversations(Some("100%_"), 10).unwrap().is_empty());
    assert_eq!(s.list_conversations(Some("  "), 1).unwrap().len(), 1);
}

#[test]
fn unknown_conversations_and_cases_are_refused_and_nothing_is_written() {
    let mut s = Store::open_in_memory().unwrap();
    let e = s
        .add_message(ConversationId(9), &NewMessage::user("x"))
        .unwrap_err();
    assert!(matches!(e, StoreError::ConversationNotFound(_)), "{e}");
    assert!(e.to_string().contains("conversations list"));
    let e = s
        .create_conversation("x", Some(shopbench_store::CaseId(4)))
        .unwrap_err();
    assert!(matches!(e, StoreError::CaseNotFound(_)), "{e}");
    assert!(s.list_conversations(None, 10).unwrap().is_empty());
    assert!("0".parse::<ConversationId>().is_err());
    assert_eq!("#3".parse::<ConversationId>().unwrap(), ConversationId(3));
}

/// The schema refuses what the store never writes: an assistant message
/// without its engine, citations that are not a list.
#[test]
fn the_schema_holds_its_rules() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.create_conversation("q", None).unwrap();
    let mut m = answer("a");
    m.engine = None;
    assert!(s.add_message(id, &m).is_err());
    let mut m = answer("a");
    m.citations = json!({"not": "a list"});
    assert!(s.add_message(id, &m).is_err());
    assert!(s.conversation(id).unwrap().messages.is_empty());
}

fn case(make: &str, code: &str) -> NewCase {
    NewCase {
        vehicle: VehicleId {
            make: Some(make.into()),
            model: Some("Camry".into()),
            year: Some(2012),
            ..VehicleId::default()
        },
        dtcs: vec![CaseDtc::from(code.parse::<shopbench_core::Dtc>().unwrap())],
        ..NewCase::default()
    }
}

#[test]
fn closed_cases_are_those_where_a_test_found_the_fault() {
    let mut s = Store::open_in_memory().unwrap();
    let open = s.create_case(&case("Toyota", "P0420")).unwrap();
    let closed = s.create_case(&case("Toyota", "P0420")).unwrap();
    let passed_only = s.create_case(&case("Toyota", "P0420")).unwrap();
    let other_make = s.create_case(&case("Ford", "P0300")).unwrap();
    s.record_test(closed, "rear_o2_graph", TestOutcome::Fail, None)
        .unwrap();
    s.record_test(passed_only, "rear_o2_graph", TestOutcome::Pass, None)
        .unwrap();
    s.record_test(other_make, "coil_swap", TestOutcome::Fail, None)
        .unwrap();
    let ids = |v: Vec<shopbench_store::Case>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.closed_cases(&["P0420".into()], None, 10).unwrap()),
        [closed]
    );
    assert_eq!(
        ids(s.closed_cases(&[], Some("toyota"), 10).unwrap()),
        [closed]
    );
    assert_eq!(
        ids(s
            .closed_cases(&["P0300".into()], Some("Toyota"), 10)
            .unwrap()),
        [other_make, closed]
    );
    assert!(s.closed_cases(&[], None, 10).unwrap().is_empty());
    let _ = open;
}

/// A file written before migration 0008 gains the conversation tables and
/// keeps its cases.
#[test]
fn a_file_at_schema_7_gains_conversations_and_keeps_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let id = s.create_case(&case("Toyota", "P0420")).unwrap();
        s.connection()
            .execute_batch(
                "DROP TABLE conversation_messages; DROP TABLE conversations; \
                 ALTER TABLE estimate_photos DROP COLUMN view; \
                 ALTER TABLE estimates DROP COLUMN finish; \
                 ALTER TABLE estimate_areas DROP COLUMN dents; \
                 DROP TABLE estimate_remote_pricings; DROP TABLE shop_identity; DROP TABLE case_fixes; DROP TABLE shared_fixes; DROP TABLE case_scans; DROP TABLE estimate_scans; DROP TABLE module_scans; PRAGMA user_version = 7;",
            )
            .unwrap();
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), shopbench_store::SCHEMA_VERSION);
    assert_eq!(s.case(id).unwrap().dtcs.len(), 1);
    let c = s.create_conversation("about the case", Some(id)).unwrap();
    assert_eq!(s.conversation(c).unwrap().case_id, Some(id));
}
