//! `POST /v1/chat` and `/v1/conversations` — seed 003's shapes, with the
//! sources every answer cites (our addition: an answer a mechanic repeats
//! to a customer must say where each statement comes from).

use serde::{Deserialize, Serialize};

/// One earlier turn a partner sends along (`history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChatTurn {
    /// `user` or `assistant`.
    pub role: String,
    /// What was said.
    pub content: String,
}

/// `POST /v1/chat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    /// The question (1 to 4,000 characters).
    pub message: String,
    /// Engine id (`shopbench-facts`, the default, or `shopbench-model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Stream the answer as server-sent events (default true) or answer one JSON object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    /// Continue this conversation (`conv_…`); omit to start one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Earlier turns, oldest first (at most 50), when the partner keeps the
    /// conversation itself; not with `conversation_id` (the stored one is used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ChatTurn>>,
}

/// A source an answer cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatCitation {
    /// Its id as written in the answer's brackets (`code:P0420`,
    /// `recall:20V682000`, `cause:…`).
    pub id: String,
    /// A one-line name.
    pub title: String,
    /// What it holds.
    pub detail: String,
}

/// One streamed piece of the answer: `data: {"delta": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatDelta {
    /// The next piece of text.
    pub delta: String,
}

/// The last event of a stream: `data: {"done": true, …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatDone {
    /// Always true.
    pub done: bool,
    /// Tokens the answer took (the model server's count, or the facts engine's words).
    pub tokens_used: u32,
    /// Credits drawn for it (the engine's multiplier applied to the tokens).
    pub credits_charged: i64,
    /// The engine that wrote it.
    pub engine: String,
    /// The conversation it is saved in.
    pub conversation_id: String,
    /// The request id (also the `X-Request-ID` header).
    pub request_id: String,
    /// Every source the answer cites, in the order first cited.
    pub citations: Vec<ChatCitation>,
    /// Why a language model's answer was replaced by the offline one, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /v1/chat` with `stream: false`: the whole answer at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatAnswer {
    /// `chat.answer`.
    pub object: String,
    /// The answer's text (what the stream's deltas add up to).
    pub content: String,
    /// Tokens the answer took.
    pub tokens_used: u32,
    /// Credits drawn for it.
    pub credits_charged: i64,
    /// The engine that wrote it.
    pub engine: String,
    /// The conversation it is saved in.
    pub conversation_id: String,
    /// The request id.
    pub request_id: String,
    /// Every source the answer cites.
    pub citations: Vec<ChatCitation>,
    /// Why a language model's answer was replaced, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A conversation in a list (`GET /v1/conversations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationSummary {
    /// `conv_…`.
    pub id: String,
    /// Its first question, shortened.
    pub title: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub last_message_at: String,
    /// Questions and answers in it.
    pub message_count: i64,
    /// Always false: bookmarking is not offered (kept for seed 003's shape).
    pub bookmarked: bool,
}

/// `GET /v1/conversations`: newest first, by pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationList {
    /// This page.
    pub conversations: Vec<ConversationSummary>,
    /// More older ones exist.
    pub has_more: bool,
    /// Pass as `before` for the next page (RFC 3339), or null.
    pub next_before: Option<String>,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationMessage {
    /// `msg_…`.
    pub id: String,
    /// `user` or `assistant`.
    pub role: String,
    /// What was said.
    pub content: String,
    /// The engine id for an answer, null for a question (never a model or provider name).
    pub engine: Option<String>,
    /// Tokens (0 for a question).
    pub tokens_used: u32,
    /// RFC 3339.
    pub created_at: String,
    /// The sources an answer cites (empty for a question).
    pub citations: Vec<ChatCitation>,
}

/// `GET /v1/conversations/{id}`: every message in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationDetail {
    /// `conv_…`.
    pub id: String,
    /// Its first question, shortened.
    pub title: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub last_message_at: String,
    /// Messages in it.
    pub message_count: i64,
    /// Always false (see [`ConversationSummary::bookmarked`]).
    pub bookmarked: bool,
    /// Oldest first.
    pub messages: Vec<ConversationMessage>,
}

/// An answering engine as `GET /v1/account` lists it (seed 003's pricing table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EngineInfo {
    /// Engine id.
    pub id: String,
    /// Its price multiplier on tokens (1 credit per 100 tokens at 1×).
    pub multiplier: f64,
    /// The lowest plan that may use it.
    pub minimum_plan: String,
    /// Whether this server can run it now (the model engine needs a model server).
    pub available: bool,
    /// What it is for.
    pub use_case: String,
}
