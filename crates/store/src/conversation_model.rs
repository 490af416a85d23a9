//! The assistant's conversations as the store reads and writes them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{CaseId, StoreError};

/// A conversation number, as `shopbench ask --conversation 3` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConversationId(pub i64);

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ConversationId {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<ConversationId, StoreError> {
        let t = s.trim().trim_start_matches('#');
        t.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(ConversationId)
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "'{s}' is not a conversation number — they are positive whole numbers (see `shopbench conversations list`)"
                ))
            })
    }
}

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageRole {
    /// The mechanic.
    User,
    /// The assistant.
    Assistant,
}

impl MessageRole {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MessageRole::User => "user",
            MessageRole::Assistant => "assistant",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<MessageRole, StoreError> {
        match s {
            "user" => Ok(MessageRole::User),
            "assistant" => Ok(MessageRole::Assistant),
            other => Err(StoreError::Corrupt(format!("message role '{other}'"))),
        }
    }
}

/// A message to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMessage {
    /// Who said it.
    pub role: MessageRole,
    /// The text.
    pub content: String,
    /// The engine that wrote it (assistant messages only, and always for them).
    pub engine: Option<String>,
    /// Tokens it took.
    pub tokens_used: u32,
    /// The sources it cites, resolved (a JSON array).
    pub citations: serde_json::Value,
    /// Why a language model's answer was set aside, if it was.
    pub note: Option<String>,
}

impl NewMessage {
    /// The mechanic's message.
    pub fn user(content: &str) -> NewMessage {
        NewMessage {
            role: MessageRole::User,
            content: content.to_string(),
            engine: None,
            tokens_used: 0,
            citations: serde_json::Value::Array(Vec::new()),
            note: None,
        }
    }
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Its id.
    pub id: i64,
    /// Who said it.
    pub role: MessageRole,
    /// The text.
    pub content: String,
    /// The engine that wrote it (assistant messages).
    pub engine: Option<String>,
    /// Tokens it took.
    pub tokens_used: u32,
    /// The sources it cites, resolved (a JSON array).
    pub citations: serde_json::Value,
    /// Why a language model's answer was set aside, if it was.
    pub note: Option<String>,
    /// When it was said.
    pub created_at: String,
}

/// A conversation with its messages, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// Its number.
    pub id: ConversationId,
    /// Its title (the first question, shortened).
    pub title: String,
    /// The case it is about, if any.
    pub case_id: Option<CaseId>,
    /// When it was started.
    pub created_at: String,
    /// When its last message was said.
    pub last_message_at: String,
    /// Its messages, in the order said.
    pub messages: Vec<Message>,
}

/// A conversation as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// Its number.
    pub id: ConversationId,
    /// Its title.
    pub title: String,
    /// The case it is about, if any.
    pub case_id: Option<CaseId>,
    /// When it was started.
    pub created_at: String,
    /// When its last message was said.
    pub last_message_at: String,
    /// How many messages it holds.
    pub message_count: u32,
}
