//! The Ask screen: a question answered by `shopbench_app::assistant::ask` in
//! the shop's database (the CLI's conversations), streamed to `on_delta`, and
//! the conversations listed, searched and opened.

use shopbench_app::assistant::{self, Ask, AssistantSettings, Citation, SourceId};
use shopbench_store::{
    CaseId, Conversation, ConversationId, ConversationSummary, Message, MessageRole,
};
use shopbench_views::{
    AnswerView, CitationView, ConversationSummaryView, ConversationView, MessageView,
};

use crate::error::DesktopError;
use crate::shop::Shop;

/// How many conversations the list shows.
const LIST_LIMIT: u32 = 100;

/// The kind of a citation, for the screen (what clicking it opens).
fn kind(id: &SourceId) -> &'static str {
    match id {
        SourceId::Code(_) => "code",
        SourceId::Cause(_) => "cause",
        SourceId::Test(_) => "test",
        SourceId::Rule(_) => "rule",
        SourceId::Symptom(_) => "symptom",
        SourceId::Recall { .. } => "recall",
        SourceId::Complaint(_) => "complaint",
        SourceId::Case(_) => "case",
        SourceId::Scope(_) => "scope",
        SourceId::Data(_) => "data",
    }
}

fn citation_view(c: &Citation) -> CitationView {
    CitationView {
        id: c.id.to_string(),
        kind: kind(&c.id).into(),
        title: c.title.clone(),
        detail: c.detail.clone(),
        case_id: match c.id {
            SourceId::Case(n) => Some(n),
            _ => None,
        },
    }
}

/// Answers `message` (in `conversation`, about `case`), streaming each
/// sentence to `on_delta`; the question and answer are saved.
pub fn ask(
    shop: &Shop,
    message: &str,
    conversation: Option<i64>,
    case: Option<i64>,
    on_delta: &mut dyn FnMut(&str),
) -> Result<AnswerView, DesktopError> {
    let paths = shop.paths()?;
    let settings = AssistantSettings::load(&paths.settings_file());
    let mut store = shop.store()?;
    let req = Ask {
        message,
        conversation: conversation.map(ConversationId),
        case: case.map(CaseId),
        engine: None,
    };
    let asked = assistant::ask(&mut store, paths, &settings, &req, on_delta)?;
    let a = &asked.answered;
    Ok(AnswerView {
        conversation: asked.conversation.0,
        text: a.text.clone(),
        engine: a.answer.engine.clone(),
        tokens_used: a.tokens_used,
        note: a.answer.note.clone(),
        citations: a.answer.citations.iter().map(citation_view).collect(),
        understood: a
            .understanding
            .heard
            .iter()
            .map(|h| format!("{} \u{2190} \u{201c}{}\u{201d}", h.what, h.words))
            .collect(),
    })
}

fn summary_view(c: ConversationSummary) -> ConversationSummaryView {
    ConversationSummaryView {
        id: c.id.0,
        title: c.title,
        case_id: c.case_id.map(|k| k.0),
        last_message_at: c.last_message_at,
        message_count: c.message_count,
    }
}

/// Conversations, newest first, whose title or messages contain `query`.
pub fn list(shop: &Shop, query: &str) -> Result<Vec<ConversationSummaryView>, DesktopError> {
    let store = shop.store()?;
    let list = store.list_conversations(Some(query), LIST_LIMIT)?;
    Ok(list.into_iter().map(summary_view).collect())
}

fn message_view(m: &Message) -> MessageView {
    MessageView {
        role: match m.role {
            MessageRole::User => "user".into(),
            MessageRole::Assistant => "assistant".into(),
        },
        content: m.content.clone(),
        engine: m.engine.clone(),
        created_at: m.created_at.clone(),
        citations: assistant::citations(m).iter().map(citation_view).collect(),
        note: m.note.clone(),
    }
}

/// One conversation with its messages.
pub fn open(shop: &Shop, id: i64) -> Result<ConversationView, DesktopError> {
    let c: Conversation = shop.store()?.conversation(ConversationId(id))?;
    Ok(ConversationView {
        id: c.id.0,
        title: c.title.clone(),
        case_id: c.case_id.map(|k| k.0),
        messages: c.messages.iter().map(message_view).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::temp_shop;

    #[test]
    fn an_answer_is_streamed_saved_and_its_conversation_listed_and_opened() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let mut streamed = String::new();
        let a = ask(
            &shop,
            "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?",
            None,
            None,
            &mut |d| streamed.push_str(d),
        )
        .unwrap();
        assert_eq!(streamed, a.text);
        assert_eq!(a.engine, "shopbench-facts");
        let code = a.citations.iter().find(|c| c.id == "P0420").unwrap();
        assert_eq!(
            (code.kind.as_str(), code.title.as_str()),
            (
                "code",
                "Catalyst System Efficiency Below Threshold (Bank 1)"
            )
        );
        assert!(a.understood.iter().any(|u| u.starts_with("model Camry")));
        let b = ask(
            &shop,
            "and if the downstream O2 switches like the upstream?",
            Some(a.conversation),
            None,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(b.conversation, a.conversation);
        let listed = list(&shop, "downstream").unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].message_count, 4);
        let c = open(&shop, a.conversation).unwrap();
        assert_eq!(c.messages.len(), 4);
        assert_eq!(c.messages[3].citations, b.citations);
        assert!(list(&shop, "no such words").unwrap().is_empty());
    }

    /// "Ask about this case": a case citation carries the case to open.
    #[test]
    fn a_case_question_cites_the_case_to_open() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let mut store = shop.store().unwrap();
        let id = store
            .create_case(&shopbench_store::NewCase {
                complaint: "shakes at idle".into(),
                dtcs: vec![shopbench_store::CaseDtc::from(
                    "P0300".parse::<shopbench_core::Dtc>().unwrap(),
                )],
                ..Default::default()
            })
            .unwrap();
        let a = ask(
            &shop,
            "what should I test first?",
            None,
            Some(id.0),
            &mut |_| {},
        )
        .unwrap();
        let case = a.citations.iter().find(|c| c.kind == "case").unwrap();
        assert_eq!(case.case_id, Some(id.0));
        assert_eq!(open(&shop, a.conversation).unwrap().case_id, Some(id.0));
        let e = ask(&shop, "   ", None, None, &mut |_| {}).unwrap_err();
        assert_eq!(e.title(), "Check the form");
    }
}
