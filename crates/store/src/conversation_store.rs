//! The assistant's conversations (migration 0008), and the shop's closed
//! cases it draws on.

use rusqlite::params;

use crate::conversation_model::{Conversation, ConversationSummary, NewMessage};
use crate::queries::conversations;
use crate::{Case, CaseId, ConversationId, Store, StoreError};

/// The longest title kept (the first question, cut at a word).
const TITLE_CHARS: usize = 80;

/// A conversation's title: its first question, spaces folded, cut at a
/// word after 80 characters (the shop's and the API's conversations alike).
pub fn conversation_title(first: &str) -> String {
    let t = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= TITLE_CHARS {
        return t;
    }
    let cut: String = t.chars().take(TITLE_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

impl Store {
    /// Starts a conversation titled after its first question, about `case`
    /// if given (which must exist).
    pub fn create_conversation(
        &mut self,
        first_question: &str,
        case: Option<CaseId>,
    ) -> Result<ConversationId, StoreError> {
        let (tx, now) = self.write()?;
        if let Some(c) = case {
            if !crate::queries::cases::exists(&tx, c)? {
                return Err(StoreError::CaseNotFound(c));
            }
        }
        let id = conversations::insert(&tx, &conversation_title(first_question), case, &now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds a message; returns its id.
    pub fn add_message(
        &mut self,
        id: ConversationId,
        message: &NewMessage,
    ) -> Result<i64, StoreError> {
        let (tx, now) = self.write()?;
        conversations::get(&tx, id)?;
        let m = conversations::add_message(&tx, id, message, &now)?;
        tx.commit()?;
        Ok(m)
    }

    /// A conversation with all its messages, in the order said.
    pub fn conversation(&self, id: ConversationId) -> Result<Conversation, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let s = conversations::get(&tx, id)?;
        let messages = conversations::messages(&tx, id)?;
        tx.finish()?;
        Ok(Conversation {
            id: s.id,
            title: s.title,
            case_id: s.case_id,
            created_at: s.created_at,
            last_message_at: s.last_message_at,
            messages,
        })
    }

    /// Conversations, newest first (by their last message), at most `limit`;
    /// `search` matches the title or any message (case-insensitive).
    pub fn list_conversations(
        &self,
        search: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        conversations::list(&self.conn, search, limit)
    }

    /// The shop's closed cases — cases where a recorded test found the fault
    /// (a failed step) — that share one of `codes` or the make, newest first,
    /// at most `limit`.
    pub fn closed_cases(
        &self,
        codes: &[String],
        make: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Case>, StoreError> {
        let codes_json = serde_json::to_string(codes)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM cases c \
             WHERE EXISTS (SELECT 1 FROM test_results t WHERE t.case_id = c.id AND t.outcome = 'fail') \
               AND (EXISTS (SELECT 1 FROM case_dtcs d, json_each(?1) j WHERE d.case_id = c.id AND d.code = j.value) \
                    OR (?2 IS NOT NULL AND lower(c.make) = lower(?2))) \
             ORDER BY c.id DESC LIMIT ?3",
        )?;
        let ids = stmt
            .query_map(params![codes_json, make, limit], |r| r.get(0).map(CaseId))?
            .collect::<Result<Vec<_>, _>>()?;
        ids.into_iter().map(|id| self.case(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_first_question_is_cut_at_a_word() {
        let t = conversation_title(&"word ".repeat(40));
        assert!(
            t.chars().count() <= TITLE_CHARS + 1 && t.ends_with('…'),
            "{t}"
        );
        assert_eq!(
            conversation_title("  P0420   on a Camry "),
            "P0420 on a Camry"
        );
    }
}
