//! The Ask screen: answers streamed as `assistant-delta` events, their
//! citations resolved, and the shop's conversations.

use serde::{Deserialize, Serialize};

/// The event a streamed answer arrives in, one sentence at a time.
pub const ANSWER_EVENT: &str = "assistant-delta";

/// One piece of a streamed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerDelta {
    /// The request it belongs to (as the `ask` command was given it).
    pub request: String,
    /// The text to append.
    pub delta: String,
}

/// A cited source, resolved, as the screen shows it when clicked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitationView {
    /// The id as written in the brackets (`P0420`, `NHTSA 13V900000`, `case 17`).
    pub id: String,
    /// `code`, `cause`, `test`, `rule`, `symptom`, `recall`, `complaint`, `case`, `scope` or `data`.
    pub kind: String,
    /// A one-line name.
    pub title: String,
    /// What it holds (a code's meaning, a campaign's summary and remedy, a test's procedure).
    pub detail: String,
    /// The case to open, for a `case` citation.
    pub case_id: Option<i64>,
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    /// The conversation it was saved in.
    pub conversation: i64,
    /// The answer's text, citations in brackets (what was streamed).
    pub text: String,
    /// `shopbench-facts` or `shopbench-model`.
    pub engine: String,
    /// Tokens it took.
    pub tokens_used: u32,
    /// Why the language model's answer was set aside, if it was.
    pub note: Option<String>,
    /// Its citations, resolved.
    pub citations: Vec<CitationView>,
    /// How the question was understood ("code P0420 ← P0420").
    pub understood: Vec<String>,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// `user` or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
    /// The engine (assistant messages).
    pub engine: Option<String>,
    /// When it was said.
    pub created_at: String,
    /// Its citations, resolved (assistant messages).
    pub citations: Vec<CitationView>,
    /// Why a language model's answer was set aside, if it was.
    pub note: Option<String>,
}

/// A conversation with its messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationView {
    /// Its number.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// Its messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// A conversation in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummaryView {
    /// Its number.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// When its last message was said.
    pub last_message_at: String,
    /// How many messages.
    pub message_count: u32,
}

/// The assistant's settings (the `assistant` object of `settings.json`, as
/// `shopbench ask` reads it too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistantForm {
    /// Use the shop's language model (off by default).
    pub model_enabled: bool,
    /// Its OpenAI-compatible base URL (`http://127.0.0.1:8080/v1`).
    pub model_url: String,
    /// The model's name on that server.
    pub model_name: String,
    /// Its API key, if it wants one.
    pub model_key: String,
    /// How long to wait for an answer, in seconds.
    pub model_timeout_secs: u64,
}

impl Default for AssistantForm {
    fn default() -> Self {
        AssistantForm {
            model_enabled: false,
            model_url: String::new(),
            model_name: String::new(),
            model_key: String::new(),
            model_timeout_secs: 60,
        }
    }
}
