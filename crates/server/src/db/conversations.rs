//! The assistant's conversations and their messages, scoped to (partner,
//! mode): another tenant's conversation is simply not found.

use super::sql::{args, Row, Sql};
use crate::tables::Mode;
use crate::Error;

/// A conversation row.
#[derive(Debug, Clone)]
pub(crate) struct ConversationRow {
    pub id: String,
    pub title: String,
    pub created_at: i64,
    pub last_message_at: i64,
    pub message_count: i64,
}

/// A message row.
#[derive(Debug, Clone)]
pub(crate) struct MessageRow {
    pub id: String,
    pub role: String,
    pub content: String,
    pub engine: Option<String>,
    pub tokens_used: i64,
    /// The cited sources, as JSON.
    pub citations: String,
    pub created_at: i64,
}

/// A message to append.
pub(crate) struct NewMessage<'a> {
    pub id: &'a str,
    pub role: &'static str,
    pub content: &'a str,
    pub engine: Option<&'a str>,
    pub tokens_used: u32,
    pub citations: &'a str,
    pub note: Option<&'a str>,
}

const COLUMNS: &str = "id, title, created_at, last_message_at, message_count";

fn conversation_row(r: &Row) -> Result<ConversationRow, Error> {
    Ok(ConversationRow {
        id: r.get(0)?,
        title: r.get(1)?,
        created_at: r.get(2)?,
        last_message_at: r.get(3)?,
        message_count: r.get(4)?,
    })
}

/// Starts a conversation titled `title`.
pub(crate) fn create(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
    title: &str,
    now: i64,
) -> Result<(), Error> {
    db.exec(
        "INSERT INTO conversations (id, partner_id, mode, title, created_at, last_message_at, message_count) \
         VALUES ($1, $2, $3, $4, $5, $5, 0)",
        args![id, partner_id, mode, title, now],
    )?;
    Ok(())
}

/// The conversation, if the tenant owns it.
pub(crate) fn get(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<ConversationRow>, Error> {
    db.row(
        &format!(
            "SELECT {COLUMNS} FROM conversations WHERE id = $1 AND partner_id = $2 AND mode = $3"
        ),
        args![id, partner_id, mode],
    )?
    .map(|r| conversation_row(&r))
    .transpose()
}

/// The tenant's conversations whose last message is older than `before`
/// (ms), newest first, at most `limit`.
pub(crate) fn list(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<ConversationRow>, Error> {
    db.rows(
        &format!(
            "SELECT {COLUMNS} FROM conversations WHERE partner_id = $1 AND mode = $2 AND last_message_at < $3 \
             ORDER BY last_message_at DESC, id DESC LIMIT $4"
        ),
        args![partner_id, mode, before.unwrap_or(i64::MAX), limit],
    )?
    .iter()
    .map(conversation_row)
    .collect()
}

/// The time an exchange is stored at: `now`, or one millisecond after the
/// tenant's latest conversation activity when that is not earlier — so no
/// two of a tenant's conversations share a `last_message_at` and the list's
/// `before` cursor skips none. Called under the partner's lock.
pub(crate) fn next_instant(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    now: i64,
) -> Result<i64, Error> {
    let latest: Option<i64> = db
        .row(
            "SELECT MAX(last_message_at) FROM conversations WHERE partner_id = $1 AND mode = $2",
            args![partner_id, mode],
        )?
        .map(|r| r.get(0))
        .transpose()?
        .flatten();
    Ok(latest.map_or(now, |l| now.max(l + 1)))
}

/// Appends one exchange (the question, then its answer) at `now`.
pub(crate) fn add_exchange(
    db: &mut dyn Sql,
    conversation_id: &str,
    exchange: [&NewMessage<'_>; 2],
    now: i64,
) -> Result<(), Error> {
    for (ord, m) in exchange.iter().enumerate() {
        db.exec(
            "INSERT INTO conversation_messages (id, conversation_id, ord, role, content, engine, tokens_used, citations, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            args![
                m.id,
                conversation_id,
                ord,
                m.role,
                m.content,
                m.engine,
                m.tokens_used,
                m.citations,
                m.note,
                now
            ],
        )?;
    }
    db.exec(
        "UPDATE conversations SET message_count = message_count + 2, last_message_at = $2 WHERE id = $1",
        args![conversation_id, now],
    )?;
    Ok(())
}

/// Every message of a conversation, oldest first.
pub(crate) fn messages(db: &mut dyn Sql, conversation_id: &str) -> Result<Vec<MessageRow>, Error> {
    db.rows(
        "SELECT id, role, content, engine, tokens_used, citations, created_at FROM conversation_messages \
         WHERE conversation_id = $1 ORDER BY created_at, ord, id",
        args![conversation_id],
    )?
    .iter()
    .map(|r| {
        Ok(MessageRow {
            id: r.get(0)?,
            role: r.get(1)?,
            content: r.get(2)?,
            engine: r.get(3)?,
            tokens_used: r.get(4)?,
            citations: r.get(5)?,
            created_at: r.get(6)?,
        })
    })
    .collect()
}
