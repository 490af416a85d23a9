//! `shopbench --remote URL --key K ask "…"` and `conversations`: the shop
//! assistant through the server's `/v1/chat` (streamed to the terminal as it
//! arrives, sources listed under it, as `shopbench ask` prints them).

use std::io::Write as _;

use anyhow::Result;
use shopbench_client::Client;
use shopbench_client::{ChatCitation, ChatRequest, ConversationDetail};

use crate::ask::sources_text;
use crate::output::{clip, emit, emit_json};

/// Arguments of remote `ask`.
#[derive(clap::Args)]
pub struct RemoteAskArgs {
    /// The question, in your own words.
    question: String,
    /// Continue a conversation on the server (`conv_…`).
    #[arg(long, value_name = "ID")]
    conversation: Option<String>,
    /// Engine id: `shopbench-facts` (default) or `shopbench-model` (when the server runs one).
    #[arg(long)]
    engine: Option<String>,
    /// Print the whole answer as JSON (no streaming).
    #[arg(long)]
    json: bool,
}

/// Remote `conversations`.
#[derive(clap::Subcommand)]
pub enum RemoteConversations {
    /// The key's conversations, newest first (the default).
    List {
        /// At most this many (1..100).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A conversation, every message in order with its sources.
    Show {
        /// Conversation id (`conv_…`).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Remote `ask`.
pub fn ask(rt: &tokio::runtime::Runtime, api: &Client, a: RemoteAskArgs) -> Result<()> {
    let req = ChatRequest {
        message: a.question,
        engine: a.engine,
        stream: None,
        conversation_id: a.conversation,
        history: None,
    };
    if a.json {
        return emit_json(&rt.block_on(api.chat(&req))?);
    }
    let mut stdout = std::io::stdout();
    let done = rt.block_on(api.chat_stream(&req, &mut |d| {
        // A closed pipe is not an error: the answer is saved on the server.
        let _ = stdout.write_all(d.as_bytes()).and_then(|()| stdout.flush());
    }))?;
    emit(&sources_text(done.citations.iter().map(parts)))?;
    if let Some(note) = &done.note {
        eprintln!("note: {note}");
    }
    eprintln!(
        "conversation {} ({}, {} tokens, {} credits) — continue with: shopbench --remote … ask --conversation {} \"…\"",
        done.conversation_id, done.engine, done.tokens_used, done.credits_charged, done.conversation_id
    );
    Ok(())
}

fn parts(c: &ChatCitation) -> (&str, &str, &str) {
    (&c.id, &c.title, &c.detail)
}

/// Remote `conversations`.
pub fn conversations(
    rt: &tokio::runtime::Runtime,
    api: &Client,
    cmd: Option<RemoteConversations>,
) -> Result<()> {
    match cmd.unwrap_or(RemoteConversations::List {
        limit: 20,
        json: false,
    }) {
        RemoteConversations::List { limit, json } => {
            let list = rt.block_on(api.conversations(None, Some(limit)))?;
            if json {
                return emit_json(&list);
            }
            if list.conversations.is_empty() {
                return emit("No conversations on the server for this key yet.\n");
            }
            let mut out = String::new();
            for c in &list.conversations {
                out.push_str(&format!(
                    "{}  {}  {:>2} messages  {}\n",
                    c.id,
                    &c.last_message_at[..c.last_message_at.len().min(16)],
                    c.message_count,
                    clip(&c.title, 70)
                ));
            }
            if list.has_more {
                out.push_str("(more: older conversations not shown — raise --limit)\n");
            }
            emit(&out)
        }
        RemoteConversations::Show { id, json } => {
            let c = rt.block_on(api.conversation(&id))?;
            if json {
                return emit_json(&c);
            }
            emit(&conversation_text(&c))
        }
    }
}

fn conversation_text(c: &ConversationDetail) -> String {
    let mut out = format!("Conversation {}: {}\n", c.id, c.title);
    for m in &c.messages {
        if m.role == "user" {
            out.push_str(&format!("\n> {}\n", m.content));
            continue;
        }
        out.push_str(&format!(
            "\n[{}, {} tokens, {}]\n{}",
            m.engine.as_deref().unwrap_or(""),
            m.tokens_used,
            m.created_at,
            m.content
        ));
        out.push_str(&sources_text(m.citations.iter().map(parts)));
    }
    out
}
