//! The shop assistant over the API — seed 003's `POST /v1/chat` (a stream
//! of server-sent events, or one JSON object) and its conversations. The
//! answer is the one `shopbench ask` gives (`shopbench_app::assistant`),
//! from the server's offline recall cache and vPIC file; it is written
//! whole, charged and saved before the first byte is streamed, so a client
//! that drops the stream has still been charged exactly once for an answer
//! it can read again from `GET /v1/conversations/{id}`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use shopbench_app::assistant::{self, AssistantSettings, Citation, Sources, Turn};
use shopbench_app::AppError;
use shopbench_wire::{
    ChatAnswer, ChatCitation, ChatDelta, ChatDone, ChatRequest, ConversationDetail,
    ConversationList, ConversationMessage, ConversationSummary,
};

use crate::billing::{charge_amount_in, RequestId};
use crate::db::conversations::{self as conv, ConversationRow, MessageRow, NewMessage};
use crate::db::{ledger, tenants::Tenant};
use crate::problem::{ApiError, ApiJson, ProblemDoc};
use crate::tables::{self, ChatEngine};
use crate::util::{new_id, now_ms, page_limit, parse_rfc3339, rfc3339, rfc3339_ms};
use crate::AppState;

type St = State<Arc<AppState>>;

/// The most earlier turns a request may carry (seed 003).
pub const MAX_HISTORY: usize = 50;
/// How long a question waits for a CPU slot before the `503`: a burst of
/// questions is answered in turn (each takes milliseconds).
const QUEUE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

#[utoipa::path(
    post,
    path = "/v1/chat",
    tag = "assistant",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(content = ChatRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "`stream: true` (default): `text/event-stream` of `data: {\"delta\": …}` events (ChatDelta) ending with `data: {\"done\": true, …}` (ChatDone); `stream: false`: one ChatAnswer", content(
            (ChatAnswer = "application/json"),
            (String = "text/event-stream")
        )),
        (status = 400, description = "Empty or too long message, unknown engine, bad history", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Credits below the answer's cost", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 403, description = "The engine is not in this key's plan", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 404, description = "No such conversation for this key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 503, description = "The model engine is not set up on this server, or the server is busy", body = ProblemDoc, content_type = "application/problem+json")
    )
)]
/// `POST /v1/chat`: answer a question, cited; charge it by tokens × the
/// engine's multiplier; keep it in its conversation.
pub(crate) async fn chat(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    ApiJson(body): ApiJson<ChatRequest>,
) -> Result<Response, ApiError> {
    let engine = engine_for(&st.cfg.assistant, &t, body.engine.as_deref())?;
    let (earlier, history) = context(&st, &t, &body)?;
    let floor = tables::chat_credits(&engine, 0);
    let balance = st.db.run(|c| ledger::balance(c, &t.partner_id, t.mode))?;
    if balance < floor {
        return Err(ApiError::InsufficientCredits {
            balance,
            price: floor,
        });
    }
    let written = write_answer(&st, &engine, &body.message, history).await?;
    let cost = tables::chat_credits(&engine, written.tokens_used);
    let conversation_id = save(&st, &t, &rid, earlier, &body.message, &written, cost)?;
    let done = ChatDone {
        done: true,
        tokens_used: written.tokens_used,
        credits_charged: cost,
        engine: engine.id.into(),
        conversation_id,
        request_id: rid.0.clone(),
        citations: written.citations.clone(),
        note: written.note.clone(),
    };
    if body.stream.unwrap_or(true) {
        return Ok(stream(written.chunks, &done));
    }
    Ok(Json(ChatAnswer {
        object: "chat.answer".into(),
        content: written.chunks.concat(),
        tokens_used: done.tokens_used,
        credits_charged: done.credits_charged,
        engine: done.engine,
        conversation_id: done.conversation_id,
        request_id: done.request_id,
        citations: done.citations,
        note: done.note,
    })
    .into_response())
}

/// The engine asked for (the default when none): a known id (400), in the
/// key's plan (403), and able to run on this server (503).
fn engine_for(
    settings: &AssistantSettings,
    t: &Tenant,
    asked: Option<&str>,
) -> Result<ChatEngine, ApiError> {
    let id = asked.unwrap_or(tables::CHAT_ENGINES[0].id);
    let engine = tables::chat_engine(id).ok_or_else(|| {
        let ids: Vec<&str> = tables::CHAT_ENGINES.iter().map(|e| e.id).collect();
        ApiError::InvalidRequest(format!(
            "unknown engine '{id}': expected one of {}",
            ids.join(", ")
        ))
    })?;
    if !tables::plan_allows(&t.plan, &engine) {
        return Err(ApiError::EngineNotAvailable(format!(
            "the engine '{}' needs the {} plan or above; this key's plan is {}",
            engine.id, engine.minimum_plan, t.plan
        )));
    }
    if !engine_runs(settings, &engine) {
        return Err(ApiError::Unavailable(format!(
            "the engine '{}' is not set up on this server (the operator has no language model configured); use '{}'",
            engine.id,
            tables::CHAT_ENGINES[0].id
        )));
    }
    Ok(engine)
}

/// Whether this server can run `engine` (the model engine needs a model server).
pub(crate) fn engine_runs(settings: &AssistantSettings, engine: &ChatEngine) -> bool {
    engine.id != assistant::MODEL_ENGINE || settings.model_ready()
}

/// The conversation continued (404 when not this tenant's) and the turns
/// the answer takes into account: the stored ones, or the request's history.
fn context(
    st: &AppState,
    t: &Tenant,
    body: &ChatRequest,
) -> Result<(Option<String>, Vec<Turn>), ApiError> {
    let given = body.history.as_deref().unwrap_or_default();
    if given.len() > MAX_HISTORY {
        return Err(ApiError::InvalidRequest(format!(
            "history holds {} turns, more than the {MAX_HISTORY} taken — send the latest {MAX_HISTORY}, or continue a conversation_id",
            given.len()
        )));
    }
    let Some(id) = &body.conversation_id else {
        return given
            .iter()
            .map(|h| match h.role.as_str() {
                "user" => Ok(Turn::user(&h.content)),
                "assistant" => Ok(Turn::assistant(&h.content)),
                other => Err(ApiError::InvalidRequest(format!(
                    "history role '{other}': expected user or assistant"
                ))),
            })
            .collect::<Result<_, _>>()
            .map(|turns| (None, turns));
    };
    if !given.is_empty() {
        return Err(ApiError::InvalidRequest(
            "send either conversation_id (its stored messages are the history) or history, not both".into(),
        ));
    }
    let messages = st.db.run(|c| {
        conv::get(c, id, &t.partner_id, t.mode)?
            .map(|_| conv::messages(c, id))
            .transpose()
    })?;
    let messages = messages.ok_or_else(|| {
        ApiError::NotFound(format!(
            "no conversation '{id}' for this key — omit conversation_id to start one"
        ))
    })?;
    let turns = messages
        .iter()
        .map(|m| match m.role.as_str() {
            "user" => Turn::user(&m.content),
            _ => Turn::assistant(&m.content),
        })
        .collect();
    Ok((Some(id.clone()), turns))
}

/// An answer, written and ready to stream.
struct Written {
    chunks: Vec<String>,
    tokens_used: u32,
    engine: String,
    /// The sources it cites, as the API shows them.
    citations: Vec<ChatCitation>,
    note: Option<String>,
}

/// Writes the answer in the CPU queue (the facts engine's ranking, or the
/// model's answer checked against it).
async fn write_answer(
    st: &Arc<AppState>,
    engine: &ChatEngine,
    message: &str,
    history: Vec<Turn>,
) -> Result<Written, ApiError> {
    let st2 = st.clone();
    let message = message.to_string();
    let engine = engine.id.parse::<assistant::Engine>().map_err(app_error)?;
    st.cpu
        .run_waiting(QUEUE_PATIENCE, move || {
            let sources = Sources {
                recalls: Some(&st2.cfg.recalls_path),
                vpic: Some(&st2.cfg.vpic_path),
                cases: None,
            };
            let q = assistant::Question {
                message: &message,
                history: &history,
                case: None,
                engine: Some(engine),
            };
            let mut chunks = Vec::new();
            let a = assistant::answer(&sources, &st2.cfg.assistant, &q, &mut |d| {
                chunks.push(d.to_string())
            })
            .map_err(app_error)?;
            Ok(Written {
                chunks,
                tokens_used: a.tokens_used,
                engine: a.answer.engine,
                citations: a.answer.citations.iter().map(wire_citation).collect(),
                note: a.answer.note,
            })
        })
        .await
}

fn app_error(e: AppError) -> ApiError {
    match e {
        AppError::Invalid { .. } => ApiError::InvalidRequest(e.to_string()),
        other => ApiError::Internal(other.to_string()),
    }
}

/// Charges the answer and saves the exchange in one transaction (a short
/// balance saves nothing); returns the conversation id.
fn save(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    earlier: Option<String>,
    question: &str,
    w: &Written,
    cost: i64,
) -> Result<String, ApiError> {
    let started = earlier.is_none();
    let id = earlier.unwrap_or_else(|| new_id("conv"));
    let citations =
        serde_json::to_string(&w.citations).map_err(|e| ApiError::Internal(e.to_string()))?;
    let answer = w.chunks.concat();
    let (q_id, a_id) = (new_id("msg"), new_id("msg"));
    let q = NewMessage {
        id: &q_id,
        role: "user",
        content: question.trim(),
        engine: None,
        tokens_used: 0,
        citations: "[]",
        note: None,
    };
    let a = NewMessage {
        id: &a_id,
        role: "assistant",
        content: &answer,
        engine: Some(&w.engine),
        tokens_used: w.tokens_used,
        citations: &citations,
        note: w.note.as_deref(),
    };
    st.db.tx(|tx| {
        charge_amount_in(tx, t, rid, tables::CHAT_OPERATION, cost, Some(&id))?;
        // After the charge, which holds the partner's lock: each exchange of
        // a tenant gets its own millisecond, so the list's cursor is exact.
        let now = conv::next_instant(tx, &t.partner_id, t.mode, now_ms())?;
        if started {
            conv::create(
                tx,
                &id,
                &t.partner_id,
                t.mode,
                &assistant::conversation_title(question),
                now,
            )?;
        }
        conv::add_exchange(tx, &id, [&q, &a], now)?;
        Ok::<_, ApiError>(())
    })?;
    Ok(id)
}

/// The stream: one event per sentence, then the `done` event.
fn stream(chunks: Vec<String>, done: &ChatDone) -> Response {
    let mut events: Vec<Result<Event, Infallible>> = chunks
        .into_iter()
        .map(|delta| Ok(event(&ChatDelta { delta })))
        .collect();
    events.push(Ok(event(done)));
    Sse::new(futures_util::stream::iter(events)).into_response()
}

/// One event whose data is `v` as one line of JSON.
fn event<T: serde::Serialize>(v: &T) -> Event {
    Event::default().data(serde_json::to_string(v).expect("plain data serialises"))
}

fn wire_citation(c: &Citation) -> ChatCitation {
    ChatCitation {
        id: c.id.to_string(),
        title: c.title.clone(),
        detail: c.detail.clone(),
    }
}

#[utoipa::path(
    get,
    path = "/v1/conversations",
    tag = "assistant",
    params(
        ("before" = Option<String>, Query, description = "Only conversations whose last message is older than this RFC 3339 time (the previous page's `next_before`)"),
        ("limit" = Option<String>, Query, description = "1..100 (default 20)")
    ),
    responses(
        (status = 200, description = "This key's conversations, newest first", body = ConversationList),
        (status = 400, description = "Bad before or limit", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/conversations?before=&limit=`: newest first, by pages.
pub(crate) async fn list_conversations(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<ConversationList>, ApiError> {
    let limit = page_limit(&q)?;
    let before = q
        .get("before")
        .map(|s| {
            parse_rfc3339(s).ok_or_else(|| {
                ApiError::InvalidRequest(format!(
                    "before must be an RFC 3339 UTC time like 2026-12-06T09:30:00.000Z (got '{s}')"
                ))
            })
        })
        .transpose()?;
    let mut rows = st
        .db
        .run(|c| conv::list(c, &t.partner_id, t.mode, before, limit + 1))?;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    Ok(Json(ConversationList {
        next_before: has_more
            .then(|| rows.last().map(|r| rfc3339_ms(r.last_message_at)))
            .flatten(),
        conversations: rows.iter().map(summary).collect(),
        has_more,
    }))
}

fn summary(r: &ConversationRow) -> ConversationSummary {
    ConversationSummary {
        id: r.id.clone(),
        title: r.title.clone(),
        created_at: rfc3339(r.created_at),
        last_message_at: rfc3339_ms(r.last_message_at),
        message_count: r.message_count,
        bookmarked: false,
    }
}

#[utoipa::path(
    get,
    path = "/v1/conversations/{id}",
    tag = "assistant",
    params(("id" = String, Path, description = "Conversation id (`conv_…`)")),
    responses(
        (status = 200, description = "The conversation, every message in order", body = ConversationDetail),
        (status = 404, description = "No such conversation for this key", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/conversations/{id}`: every message in order, with the engine id
/// (never a model or provider name) and the sources each answer cites.
pub(crate) async fn get_conversation(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let found = st.db.run(|c| {
        conv::get(c, &id, &t.partner_id, t.mode)?
            .map(|row| Ok::<_, crate::Error>((row, conv::messages(c, &id)?)))
            .transpose()
    })?;
    let (row, messages) =
        found.ok_or_else(|| ApiError::NotFound(format!("no conversation '{id}' for this key")))?;
    let s = summary(&row);
    Ok(Json(ConversationDetail {
        id: s.id,
        title: s.title,
        created_at: s.created_at,
        last_message_at: s.last_message_at,
        message_count: s.message_count,
        bookmarked: false,
        messages: messages.iter().map(message).collect(),
    }))
}

fn message(m: &MessageRow) -> ConversationMessage {
    ConversationMessage {
        id: m.id.clone(),
        role: m.role.clone(),
        content: m.content.clone(),
        engine: m.engine.clone(),
        tokens_used: u32::try_from(m.tokens_used).unwrap_or(u32::MAX),
        created_at: rfc3339(m.created_at),
        // Written by `save` from the same type; unreadable only if edited by hand.
        citations: serde_json::from_str(&m.citations).unwrap_or_default(),
    }
}
