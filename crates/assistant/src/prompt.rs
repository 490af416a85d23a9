//! What a language model is sent: an instruction to answer only from the
//! facts and cite them, the fact sheet (one fact a line, by its id), the facts
//! engine's own answer as a draft, the conversation and the question — in the
//! OpenAI chat-completions message shape any compatible server takes
//! (llama.cpp's server, Ollama, vLLM).

use serde::{Deserialize, Serialize};

use crate::compose::Prepared;
use crate::understand::{Role, Turn};

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
}

/// The instruction the model is given before the facts.
pub const INSTRUCTION: &str = "You are the shop assistant of shopbench, a workbench for car repair shops. \
Answer the mechanic's question in plain trade language, briefly, using ONLY the facts listed below. \
End every sentence with the id of each fact it rests on, in square brackets, exactly as the list writes it \
(for example [P0420] or [cause:catalyst_failed]). Do not name any trouble code, recall campaign, complaint \
number, part number or case that is not in the list, and do not add facts of your own. If the facts do not \
answer the question, say so in one sentence citing the closest fact.";

fn message(role: &str, content: String) -> ChatMessage {
    ChatMessage {
        role: role.to_string(),
        content,
    }
}

impl Prepared<'_> {
    /// The messages for the model: instruction, facts and draft; the earlier
    /// turns; the question.
    pub fn prompt(&self, history: &[Turn], question: &str) -> Vec<ChatMessage> {
        let facts: Vec<String> = self
            .sheet()
            .iter()
            .map(|c| format!("[{}] {} — {}", c.id, c.title, c.detail))
            .collect();
        let system = format!(
            "{INSTRUCTION}\n\nFacts:\n{}\n\nA draft answer written from these facts (you may rephrase, shorten or reorder it, keeping its citations):\n{}",
            facts.join("\n"),
            self.answer().text()
        );
        let mut out = vec![message("system", system)];
        for t in history {
            let role = match t.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            out.push(message(role, t.content.clone()));
        }
        out.push(message("user", question.to_string()));
        out
    }
}
