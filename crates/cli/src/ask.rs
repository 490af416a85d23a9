//! `shopbench ask "…"` and `shopbench conversations [list|show ID]`: the
//! shop assistant in the terminal. The answer streams to stdout sentence by
//! sentence, its sources are listed under it, and the conversation is kept
//! in the shop's database (`--conversation ID` continues one).

use std::io::Write as _;

use anyhow::Result;
use serde_json::json;
use shopbench_app::assistant::{ask, citations, Ask, Asked, AssistantSettings, Citation, Engine};
use shopbench_store::{CaseId, Conversation, ConversationId, MessageRole};

use crate::output::{clip, emit, emit_json};
use crate::shop::{paths, DbArgs};

/// Arguments of `shopbench ask`.
#[derive(clap::Args)]
pub struct AskArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The question, in your own words ("P0420 on a 2012 Camry 2.5, 140k miles — likely causes?").
    question: String,
    /// Ask about a saved case (its vehicle, codes, readings and test results).
    #[arg(long, value_name = "ID")]
    case: Option<String>,
    /// Continue a conversation (its earlier questions are taken into account).
    #[arg(long, value_name = "ID")]
    conversation: Option<String>,
    /// `facts` (offline) or `model` (the shop's language model, checked against the same facts)
    /// [default: model when turned on in settings, else facts].
    #[arg(long)]
    engine: Option<String>,
    /// Print the answer, its citations and how the question was understood as JSON (no streaming).
    #[arg(long)]
    json: bool,
}

/// Arguments of `shopbench conversations`.
#[derive(clap::Args)]
pub struct ConversationsArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Option<ConversationsCommand>,
}

#[derive(clap::Subcommand)]
enum ConversationsCommand {
    /// List conversations, newest first (the default).
    List {
        /// Only conversations whose title or messages contain this text.
        #[arg(long)]
        search: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Show a conversation, every message in order with its sources.
    Show {
        /// Conversation number.
        id: String,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
}

/// `shopbench ask`.
pub fn run(a: AskArgs) -> Result<()> {
    let paths = paths()?;
    let settings = AssistantSettings::load(&paths.settings_file());
    let mut store = a.db.open()?;
    let req = Ask {
        message: &a.question,
        conversation: a
            .conversation
            .as_deref()
            .map(str::parse::<ConversationId>)
            .transpose()?,
        case: a.case.as_deref().map(str::parse::<CaseId>).transpose()?,
        engine: a.engine.as_deref().map(str::parse::<Engine>).transpose()?,
    };
    let streaming = !a.json;
    let mut stdout = std::io::stdout();
    let asked = ask(&mut store, &paths, &settings, &req, &mut |d| {
        if streaming {
            // A closed pipe is not an error; the answer is still saved.
            let _ = stdout.write_all(d.as_bytes()).and_then(|()| stdout.flush());
        }
    })?;
    if a.json {
        return emit_json(&asked_json(&asked));
    }
    emit(&sources_text(
        asked.answered.answer.citations.iter().map(parts),
    ))?;
    if let Some(note) = &asked.answered.answer.note {
        eprintln!("note: {note}");
    }
    let how = if asked.started {
        "started"
    } else {
        "continued"
    };
    eprintln!(
        "conversation {} {how} ({}, {} tokens) — continue with: shopbench ask --conversation {} \"…\"",
        asked.conversation, asked.answered.answer.engine, asked.answered.tokens_used, asked.conversation
    );
    Ok(())
}

fn asked_json(a: &Asked) -> serde_json::Value {
    let ans = &a.answered;
    json!({
        "conversation": a.conversation,
        "engine": ans.answer.engine,
        "tokens_used": ans.tokens_used,
        "text": ans.text,
        "sentences": ans.answer.sentences,
        "citations": ans.answer.citations,
        "note": ans.answer.note,
        "understood": ans.understanding.heard,
        "diagnosis": ans.diagnosis,
    })
}

/// The sources under an answer, one a line: `(id, title, detail)` each
/// (the embedded answer's citations, or the API's).
pub(crate) fn sources_text<'a, D: std::fmt::Display>(
    cites: impl IntoIterator<Item = (D, &'a str, &'a str)>,
) -> String {
    let mut out = String::new();
    for (id, title, detail) in cites {
        out.push_str(&format!("  [{id}] {title}"));
        if !detail.is_empty() {
            out.push_str(&format!(" — {}", clip(detail, 110)));
        }
        out.push('\n');
    }
    if out.is_empty() {
        return out;
    }
    format!("\nSources:\n{out}")
}

fn parts(c: &Citation) -> (&shopbench_app::assistant::SourceId, &str, &str) {
    (&c.id, &c.title, &c.detail)
}

/// `shopbench conversations`.
pub fn conversations(a: ConversationsArgs) -> Result<()> {
    let store = a.db.open()?;
    match a.command.unwrap_or(ConversationsCommand::List {
        search: None,
        limit: 50,
        json: false,
    }) {
        ConversationsCommand::List {
            search,
            limit,
            json,
        } => {
            let list = store.list_conversations(search.as_deref(), limit)?;
            if json {
                return emit_json(&list);
            }
            if list.is_empty() {
                return emit(&no_conversations(search.as_deref()));
            }
            let mut out = String::new();
            for c in list {
                let case = c
                    .case_id
                    .map(|k| format!(" · case {k}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{:>4}  {}  {:>2} messages{case}  {}\n",
                    c.id,
                    &c.last_message_at[..c.last_message_at.len().min(16)],
                    c.message_count,
                    clip(&c.title, 70)
                ));
            }
            emit(&out)
        }
        ConversationsCommand::Show { id, json } => {
            let c = store.conversation(id.parse()?)?;
            if json {
                return emit_json(&c);
            }
            emit(&conversation_text(&c))
        }
    }
}

fn conversation_text(c: &Conversation) -> String {
    let case = c
        .case_id
        .map(|k| format!(" — about case {k}"))
        .unwrap_or_default();
    let mut out = format!("Conversation {}: {}{case}\n", c.id, c.title);
    for m in &c.messages {
        match m.role {
            MessageRole::User => out.push_str(&format!("\n> {}\n", m.content)),
            MessageRole::Assistant => {
                let engine = m.engine.as_deref().unwrap_or("");
                out.push_str(&format!(
                    "\n[{engine}, {} tokens, {}]\n{}",
                    m.tokens_used, m.created_at, m.content
                ));
                if let Some(note) = &m.note {
                    out.push_str(&format!("note: {note}\n"));
                }
                out.push_str(&sources_text(citations(m).iter().map(parts)));
            }
        }
    }
    out
}

/// What an empty conversation list says: none yet, or none matching the search.
fn no_conversations(search: Option<&str>) -> String {
    match search.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => format!("No conversation matches \"{s}\" — `shopbench conversations` lists them all\n"),
        None => "No conversations yet — ask one: shopbench ask \"P0420 on a 2012 Camry — likely causes?\"\n".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `conversations list --search zzzz` said "No conversations yet — ask
    /// one" beside a list of conversations.
    #[test]
    fn regression_a_search_matching_nothing_said_there_were_no_conversations() {
        assert!(no_conversations(Some("zzzz")).starts_with("No conversation matches \"zzzz\""));
        assert!(no_conversations(None).starts_with("No conversations yet"));
        assert!(no_conversations(Some("  ")).starts_with("No conversations yet"));
    }
}
