//! The shop assistant, once for every front-end: a question (with its
//! conversation, and a saved case when it is about one) answered from what
//! shopbench holds, streamed as it is written, and kept with its
//! conversation in the shop's database.
//!
//! - [`answer`] — one question, no storage: understand, look up (the
//!   offline recall cache, vPIC, the shop's closed cases: [`Sources`]), rank
//!   with the diagnosis engine, write the answer and stream it sentence by
//!   sentence to `on_delta`. With the shop's language model turned on
//!   ([`AssistantSettings`]), the model is shown the same facts; its answer
//!   is checked whole before any of it is streamed, and one that fails the
//!   check is replaced by the facts engine's answer with a note saying why.
//! - [`ask`] — the same inside a conversation of the shop's database (new,
//!   or continued by its number): the history is read from it, and the
//!   question and the answer are saved to it.

mod gather;
mod model;
mod settings;

use std::str::FromStr;

pub use gather::Sources;
pub use settings::{vars, AssistantSettings, DEFAULT_MODEL_TIMEOUT_SECS};
pub use shopbench_assistant::{
    Answer, Citation, Part, Role, Sentence, SourceId, Turn, Understanding, FACTS_ENGINE,
    MODEL_ENGINE,
};

use shopbench_assistant::{Assistant, Prepared};
use shopbench_diagnosis::{CaseInput, Diagnosis};
pub use shopbench_store::conversation_title;
use shopbench_store::{
    CaseId, Conversation, ConversationId, Message, MessageRole, NewMessage, Store,
};

use crate::{engine_input, AppError, ShopPaths};

/// The longest question taken, in characters.
pub const MAX_QUESTION_CHARS: usize = 4000;

/// Which engine writes the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The facts engine, offline ([`FACTS_ENGINE`]).
    Facts,
    /// The shop's language model over the same facts, checked ([`MODEL_ENGINE`]).
    Model,
}

impl FromStr for Engine {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Engine, AppError> {
        match s.trim() {
            "facts" | FACTS_ENGINE => Ok(Engine::Facts),
            "model" | MODEL_ENGINE => Ok(Engine::Model),
            other => Err(AppError::invalid(
                "engine",
                format!("'{other}' — pick facts ({FACTS_ENGINE}) or model ({MODEL_ENGINE})"),
            )),
        }
    }
}

/// One question as a front-end gives it.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    /// What the mechanic asks.
    pub message: &'a str,
    /// The conversation so far, oldest first.
    pub history: &'a [Turn],
    /// The saved case it is about (needs [`Sources::cases`]).
    pub case: Option<CaseId>,
    /// The engine asked for; `None`: the model when it is turned on, else the facts engine.
    pub engine: Option<Engine>,
}

/// An answer and what it was made from.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The answer (its engine, sentences, resolved citations, and the note
    /// when a model's answer was set aside).
    pub answer: Answer,
    /// Its text, exactly as streamed.
    pub text: String,
    /// Tokens: the model server's count, or the facts engine's word count.
    pub tokens_used: u32,
    /// How the question was understood.
    pub understanding: Understanding,
    /// The diagnosis engine's input (none for a refusal).
    pub input: Option<CaseInput>,
    /// The ranking — what `shopbench diagnose` gives for `input`.
    pub diagnosis: Option<Diagnosis>,
}

/// Answers one question (see the module docs), streaming the text to
/// `on_delta` one sentence at a time.
pub fn answer(
    sources: &Sources<'_>,
    settings: &AssistantSettings,
    q: &Question<'_>,
    on_delta: &mut dyn FnMut(&str),
) -> Result<Answered, AppError> {
    let message = checked_message(q.message)?;
    let engine = engine_for(q.engine, settings)?;
    let case = match (q.case, sources.cases) {
        (Some(id), Some(store)) => Some(store.case(id)?),
        (Some(_), None) => return Err(AppError::invalid("case", "cases are not available here")),
        (None, _) => None,
    };
    let base = case.as_ref().map(engine_input);
    let a = Assistant::embedded();
    let u = a.understand(q.history, message);
    let gathered = gather::gather(&a.needs(&u, base.as_ref()), sources, case.as_ref())?;
    let prepared = a.prepare(u, base.as_ref(), gathered);
    let (answer, tokens_used) = written_by(engine, &prepared, settings, q.history, message);
    let mut text = String::new();
    for chunk in answer.chunks() {
        on_delta(&chunk);
        text.push_str(&chunk);
    }
    Ok(Answered {
        answer,
        text,
        tokens_used,
        understanding: prepared.understanding.clone(),
        input: prepared.input.clone(),
        diagnosis: prepared.diagnosis.clone(),
    })
}

fn checked_message(m: &str) -> Result<&str, AppError> {
    let m = m.trim();
    if m.is_empty() {
        return Err(AppError::invalid(
            "question",
            "empty — ask about a code, a symptom, a reading or a vehicle, e.g. \"P0420 on a 2012 Camry — likely causes?\"",
        ));
    }
    if m.chars().count() > MAX_QUESTION_CHARS {
        return Err(AppError::invalid(
            "question",
            format!("longer than {MAX_QUESTION_CHARS} characters — ask one thing at a time"),
        ));
    }
    Ok(m)
}

fn engine_for(asked: Option<Engine>, s: &AssistantSettings) -> Result<Engine, AppError> {
    match asked {
        Some(Engine::Model) if !s.model_ready() => Err(AppError::invalid(
            "engine",
            format!(
                "no language model is set up — turn it on in Settings (assistant: model_enabled and model_url in settings.json) or set ${}",
                vars::MODEL_URL
            ),
        )),
        Some(e) => Ok(e),
        None if s.model_ready() => Ok(Engine::Model),
        None => Ok(Engine::Facts),
    }
}

/// The answer the engine writes: the model's when it passes the check,
/// else the facts engine's (with the reason when the model was tried).
fn written_by(
    engine: Engine,
    p: &Prepared<'_>,
    s: &AssistantSettings,
    history: &[Turn],
    message: &str,
) -> (Answer, u32) {
    let facts = p.answer();
    if engine == Engine::Facts || facts.is_refusal() {
        let tokens = facts.tokens();
        return (facts, tokens);
    }
    let why = match model::complete(s, &p.prompt(history, message)) {
        Ok(c) => match p.check(&c.text) {
            Ok(a) => {
                let tokens = c.tokens.unwrap_or_else(|| a.tokens());
                return (a, tokens);
            }
            Err(rejected) => format!("the language model's answer was set aside: {rejected}"),
        },
        Err(e) => e,
    };
    let tokens = facts.tokens();
    let answer = Answer {
        note: Some(format!(
            "{why} — this is the offline answer from the facts engine"
        )),
        ..facts
    };
    (answer, tokens)
}

/// A question inside a conversation of the shop's database.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// What the mechanic asks.
    pub message: &'a str,
    /// The conversation to continue; `None` starts one.
    pub conversation: Option<ConversationId>,
    /// The saved case it is about (a continued conversation keeps its own).
    pub case: Option<CaseId>,
    /// The engine asked for (see [`Question::engine`]).
    pub engine: Option<Engine>,
}

/// An answer saved in its conversation.
#[derive(Debug, Clone)]
pub struct Asked {
    /// The conversation it is in.
    pub conversation: ConversationId,
    /// Whether this question started it.
    pub started: bool,
    /// The answer.
    pub answered: Answered,
}

/// Answers in a conversation (see the module docs): the history is read
/// from the database, the offline recall cache and vPIC are the shop's
/// ([`ShopPaths`]), and the question and answer are saved once answered.
pub fn ask(
    store: &mut Store,
    paths: &ShopPaths,
    settings: &AssistantSettings,
    req: &Ask<'_>,
    on_delta: &mut dyn FnMut(&str),
) -> Result<Asked, AppError> {
    let existing = req
        .conversation
        .map(|id| store.conversation(id))
        .transpose()?;
    let case = conversation_case(existing.as_ref(), req.case)?;
    let history = existing.as_ref().map(history).unwrap_or_default();
    let sources = Sources {
        recalls: Some(&paths.recalls),
        vpic: Some(&paths.vpic),
        cases: Some(store),
    };
    let q = Question {
        message: req.message,
        history: &history,
        case,
        engine: req.engine,
    };
    let answered = answer(&sources, settings, &q, on_delta)?;
    let conversation = match &existing {
        Some(c) => c.id,
        None => store.create_conversation(req.message, case)?,
    };
    store.add_message(conversation, &NewMessage::user(req.message.trim()))?;
    store.add_message(conversation, &assistant_message(&answered))?;
    Ok(Asked {
        conversation,
        started: existing.is_none(),
        answered,
    })
}

/// The case a question is about: the conversation's own, or the one given
/// (a conversation about one case cannot be turned to another).
fn conversation_case(
    c: Option<&Conversation>,
    asked: Option<CaseId>,
) -> Result<Option<CaseId>, AppError> {
    match (c.and_then(|c| c.case_id), asked) {
        (Some(had), Some(new)) if had != new => Err(AppError::invalid(
            "case",
            format!(
                "conversation {} is about case {had} — start a new conversation to ask about case {new}",
                c.map(|c| c.id.0).unwrap_or_default()
            ),
        )),
        (had, new) => Ok(had.or(new)),
    }
}

fn assistant_message(a: &Answered) -> NewMessage {
    NewMessage {
        role: MessageRole::Assistant,
        content: a.text.clone(),
        engine: Some(a.answer.engine.clone()),
        tokens_used: a.tokens_used,
        citations: serde_json::to_value(&a.answer.citations).expect("plain data serialises"),
        note: a.answer.note.clone(),
    }
}

/// A stored conversation as the engine reads its history.
pub fn history(c: &Conversation) -> Vec<Turn> {
    c.messages
        .iter()
        .map(|m| match m.role {
            MessageRole::User => Turn::user(&m.content),
            MessageRole::Assistant => Turn::assistant(&m.content),
        })
        .collect()
}

/// The citations a stored message carries (none when they cannot be read).
pub fn citations(m: &Message) -> Vec<Citation> {
    serde_json::from_value(m.citations.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
