//! `conversations` and `conversation_messages`.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::conversation_model::{ConversationSummary, Message, MessageRole, NewMessage};
use crate::{CaseId, ConversationId, StoreError};

pub(crate) fn insert(
    conn: &Connection,
    title: &str,
    case: Option<CaseId>,
    now: &str,
) -> Result<ConversationId, StoreError> {
    conn.execute(
        "INSERT INTO conversations (title, case_id, created_at, last_message_at) VALUES (?1, ?2, ?3, ?3)",
        params![title, case.map(|c| c.0), now],
    )?;
    Ok(ConversationId(conn.last_insert_rowid()))
}

const SUMMARY: &str = "SELECT c.id, c.title, c.case_id, c.created_at, c.last_message_at, \
     (SELECT count(*) FROM conversation_messages m WHERE m.conversation_id = c.id) FROM conversations c";

fn summary(r: &Row<'_>) -> rusqlite::Result<ConversationSummary> {
    Ok(ConversationSummary {
        id: ConversationId(r.get(0)?),
        title: r.get(1)?,
        case_id: r.get::<_, Option<i64>>(2)?.map(CaseId),
        created_at: r.get(3)?,
        last_message_at: r.get(4)?,
        message_count: r.get(5)?,
    })
}

pub(crate) fn get(
    conn: &Connection,
    id: ConversationId,
) -> Result<ConversationSummary, StoreError> {
    conn.query_row(&format!("{SUMMARY} WHERE c.id = ?1"), [id.0], summary)
        .optional()?
        .ok_or(StoreError::ConversationNotFound(id))
}

/// Newest first (by last message); `search` matches the title or any message.
pub(crate) fn list(
    conn: &Connection,
    search: Option<&str>,
    limit: u32,
) -> Result<Vec<ConversationSummary>, StoreError> {
    let pattern = search.map(|s| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY} WHERE ?1 IS NULL OR c.title LIKE ?1 ESCAPE '\\' \
         OR EXISTS (SELECT 1 FROM conversation_messages m WHERE m.conversation_id = c.id \
                    AND m.content LIKE ?1 ESCAPE '\\') \
         ORDER BY c.last_message_at DESC, \
         (SELECT max(m.id) FROM conversation_messages m WHERE m.conversation_id = c.id) DESC, \
         c.id DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![pattern, limit], summary)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn add_message(
    conn: &Connection,
    id: ConversationId,
    m: &NewMessage,
    now: &str,
) -> Result<i64, StoreError> {
    let citations = serde_json::to_string(&m.citations)?;
    conn.execute(
        "INSERT INTO conversation_messages \
         (conversation_id, role, content, engine, tokens_used, citations_json, note, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id.0,
            m.role.as_str(),
            m.content,
            m.engine,
            m.tokens_used,
            citations,
            m.note,
            now
        ],
    )?;
    let message = conn.last_insert_rowid();
    conn.execute(
        "UPDATE conversations SET last_message_at = ?2 WHERE id = ?1",
        params![id.0, now],
    )?;
    Ok(message)
}

type Raw = (
    i64,
    String,
    String,
    Option<String>,
    u32,
    String,
    Option<String>,
    String,
);

fn decode(
    (id, role, content, engine, tokens_used, citations, note, created_at): Raw,
) -> Result<Message, StoreError> {
    Ok(Message {
        id,
        role: MessageRole::parse(&role)?,
        content,
        engine,
        tokens_used,
        citations: serde_json::from_str(&citations)?,
        note,
        created_at,
    })
}

pub(crate) fn messages(conn: &Connection, id: ConversationId) -> Result<Vec<Message>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role, content, engine, tokens_used, citations_json, note, created_at \
         FROM conversation_messages WHERE conversation_id = ?1 ORDER BY id",
    )?;
    let raws = stmt
        .query_map([id.0], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<Result<Vec<Raw>, _>>()?;
    raws.into_iter().map(decode).collect()
}
