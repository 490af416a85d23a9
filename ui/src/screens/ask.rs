//! Ask: the shop assistant. The answer streams in sentence by sentence
//! (`assistant-delta` events); every citation in brackets is a button — a code
//! shows its meaning, a recall its campaign, a test its procedure, a case
//! opens the case. Past conversations are listed and searched; "Ask about
//! this case" on the Diagnosis screen opens this screen on the case.

use leptos::prelude::*;

use crate::api::*;
use crate::{n, t, tf};
use crate::{App, Screen};

/// The question offered when the screen opens on a case.
const CASE_QUESTION: &str = n("What are the likely causes, and what should I test first?");

/// A text split into plain runs and `[…]` citations.
fn segments(line: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        if open > 0 {
            out.push((false, rest[..open].to_string()));
        }
        out.push((true, rest[open + 1..open + close].to_string()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push((false, rest.to_string()));
    }
    out
}

/// An answer's text with its citations as buttons.
/// A stretch of an answer between its citations in the screen's language,
/// its surrounding spaces kept (the engine writes its sentences in English).
fn composed(text: &str) -> String {
    let core = text.trim();
    if core.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return text.to_string();
    }
    let (lead, tail) = (
        &text[..text.len() - text.trim_start().len()],
        &text[text.trim_end().len()..],
    );
    format!("{lead}{}{tail}", crate::tc(core))
}

fn answer_text(
    text: String,
    cites: Vec<CitationView>,
    picked: RwSignal<Option<CitationView>>,
) -> impl IntoView {
    let lines = text
        .lines()
        .map(|line| {
            let parts = segments(line)
                .into_iter()
                .map(|(cite, s)| match cites.iter().find(|c| cite && c.id == s).cloned() {
                    Some(c) => view! {
                        <button class="cite" data-cite=c.id.clone() on:click=move |_| picked.set(Some(c.clone()))>{format!("[{s}]")}</button>
                    }
                    .into_any(),
                    None if cite => view! { <span class="cite-text">{format!("[{s}]")}</span> }.into_any(),
                    None => view! { <span>{composed(&s)}</span> }.into_any(),
                })
                .collect::<Vec<_>>();
            view! { <p class="answer-line">{parts}</p> }
        })
        .collect::<Vec<_>>();
    view! { <div class="answer">{lines}</div> }
}

fn message(m: MessageView, picked: RwSignal<Option<CitationView>>) -> impl IntoView {
    if m.role == "user" {
        return view! { <div class="question">{m.content}</div> }.into_any();
    }
    let engine = m.engine.clone().unwrap_or_default();
    view! {
        <div class="card">
            {answer_text(m.content, m.citations, picked)}
            {m.note.map(|n| view! { <p class="warn">{composed(&n)}</p> })}
            <p class="hint small-text">{format!("{engine} · {}", m.created_at)}</p>
        </div>
    }
    .into_any()
}

/// The clicked citation: what it says; a case can be opened.
fn citation_panel(app: App, picked: RwSignal<Option<CitationView>>) -> impl IntoView {
    move || {
        picked.get().map(|c| {
            let open_case = c.case_id.map(|id| {
                view! {
                    <button class="secondary" id="open-cited-case" on:click=move |_| {
                        app.run(t("Opening the case"), invoke(OpenCase { id }), move |f| {
                            app.form.set(f);
                            app.diagnosis.set(None);
                            app.save_draft();
                            app.screen.set(Screen::Case);
                        })
                    }>{tf("Open case {}", &[&id.to_string()])}</button>
                }
            });
            view! {
                <div class="card citation" id="citation">
                    <div class="row"><strong class="mono">{format!("[{}]", c.id)}</strong><span class="badge">{crate::tx(&c.kind)}</span>
                        <button class="small secondary" on:click=move |_| picked.set(None)>{t("Close")}</button></div>
                    <h3>{c.title.clone()}</h3>
                    <p>{c.detail.clone()}</p>
                    {open_case}
                </div>
            }
        })
    }
}

fn new_request() -> String {
    format!("ask-{}", js_sys::Date::now())
}

/// The Ask screen's state: the conversations listed, the one open, the
/// citation clicked, the last answer and the question typed (all `Copy`, so
/// each part and action takes it by value).
#[derive(Clone, Copy)]
struct Chat {
    app: App,
    /// The conversation search.
    query: RwSignal<String>,
    /// The conversations found.
    list: RwSignal<Vec<ConversationSummaryView>>,
    /// The conversation open.
    current: RwSignal<Option<ConversationView>>,
    /// The citation clicked.
    picked: RwSignal<Option<CitationView>>,
    /// The last answer (how its question was read).
    last: RwSignal<Option<AnswerView>>,
    /// The question typed.
    question: RwSignal<String>,
}

impl Chat {
    /// The question is the case's when the screen opens on one, else the draft.
    fn new(app: App) -> Chat {
        Chat {
            app,
            query: RwSignal::new(String::new()),
            list: RwSignal::new(Vec::<ConversationSummaryView>::new()),
            current: RwSignal::new(None::<ConversationView>),
            picked: RwSignal::new(None::<CitationView>),
            last: RwSignal::new(None::<AnswerView>),
            question: RwSignal::new(if app.ask_case.get_untracked().is_some() {
                t(CASE_QUESTION).to_string()
            } else {
                app.drafts.with_untracked(|d| d.question.clone())
            }),
        }
    }

    /// The question being typed is kept as a draft until it is asked.
    fn keep_draft(self) {
        Effect::new(move |_| {
            let q = self.question.get();
            self.app.keep_drafts(|d| d.question = q);
        });
    }

    /// Lists the conversations the search finds.
    fn search(self) {
        self.app.run(
            t("Searching conversations"),
            invoke(ListConversations {
                query: self.query.get_untracked(),
            }),
            move |l| self.list.set(l),
        )
    }

    /// Opens conversation `id` (and the case it is about).
    fn open(self, id: i64) {
        let app = self.app;
        app.run(
            t("Opening the conversation"),
            invoke(OpenConversation { id }),
            move |c| {
                app.conversation.set(Some(c.id));
                app.ask_case.set(c.case_id);
                self.current.set(Some(c));
                self.picked.set(None);
            },
        )
    }

    /// Asks the question typed (its answer streamed), then opens the
    /// conversation and lists the conversations again.
    fn ask(self) {
        let app = self.app;
        let message = self.question.get_untracked();
        if message.trim().is_empty() {
            return;
        }
        let request = new_request();
        app.answer_stream
            .set(Some((request.clone(), String::new())));
        let cmd = Ask {
            message,
            conversation: app.conversation.get_untracked(),
            case: app.ask_case.get_untracked(),
            request,
        };
        app.run(t("Asking"), invoke(cmd), move |a| {
            app.answer_stream.set(None);
            self.question.set(String::new());
            self.last.set(Some(a.clone()));
            self.open(a.conversation);
            self.search();
        });
    }

    /// A new conversation: nothing open, about no case.
    fn fresh(self) {
        self.app.conversation.set(None);
        self.app.ask_case.set(None);
        self.current.set(None);
        self.last.set(None);
        self.picked.set(None);
    }
}

/// A conversation listed: its title (opens it), messages and case.
fn conversation_item(s: Chat, c: ConversationSummaryView) -> impl IntoView {
    let id = c.id;
    let case = c
        .case_id
        .map(|k| tf(" · case {}", &[&k.to_string()]))
        .unwrap_or_default();
    view! {
        <li class="conversation" class:active=move || s.app.conversation.get() == Some(id)>
            <button class="link" on:click=move |_| s.open(id)>{c.title}</button>
            <span class="hint small-text">{format!("{}{case}", tf("{} messages", &[&c.message_count.to_string()]))}</span>
        </li>
    }
}

/// The past conversations: the search, New conversation and the list.
fn conversations_aside(s: Chat) -> impl IntoView {
    view! {
        <aside class="card">
            <div class="field">
                <label for="conversation-search">{t("Search conversations")}</label>
                <input id="conversation-search" prop:value=move || s.query.get()
                    on:input=move |ev| { s.query.set(event_target_value(&ev)); s.search(); } />
            </div>
            <button class="secondary small" id="new-conversation" on:click=move |_| s.fresh()>{t("New conversation")}</button>
            <ul class="conversations" id="conversations">{move || s.list.get().into_iter().map(|c| conversation_item(s, c)).collect::<Vec<_>>()}</ul>
        </aside>
    }
}

/// How the last question was read (when it was read as anything).
fn understood(a: AnswerView) -> impl IntoView {
    view! {
        <details class="hint"><summary>{t("How the question was read")}</summary>
            <ul>{a.understood.into_iter().map(|u| view! { <li>{u}</li> }).collect::<Vec<_>>()}</ul></details>
    }
}

/// The question field (Ctrl+Enter asks) and Ask.
fn question_field(s: Chat) -> impl IntoView {
    view! {
        <div class="field wide">
            <label for="question">{t("Your question")}</label>
            <textarea id="question" rows="3" placeholder=t("P0420 on a 2012 Camry 2.5, 140k miles — likely causes?")
                prop:value=move || s.question.get()
                on:input=move |ev| s.question.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) { s.ask() }></textarea>
        </div>
        <button class="primary" id="ask" disabled=move || s.app.busy.get().is_some() on:click=move |_| s.ask()>{t("Ask (Ctrl+Enter)")}</button>
    }
}

/// The conversation open: the case it is about, its messages, the answer
/// streaming in, how the question was read, the citation clicked and the
/// question to ask.
fn conversation_main(s: Chat) -> impl IntoView {
    let app = s.app;
    view! {
        <div class="ask-main">
            {move || app.ask_case.get().map(|id| view! { <p class="badge" id="ask-case">{tf("About case {}", &[&id.to_string()])}</p> })}
            <div id="messages">
                {move || s.current.get().map(|c| c.messages.into_iter().map(|m| message(m, s.picked)).collect::<Vec<_>>())}
            </div>
            {move || app.answer_stream.get().map(|(_, text)| view! { <div class="card streaming" id="streaming"><pre class="answer">{text}</pre></div> })}
            {move || s.last.get().filter(|a| !a.understood.is_empty()).map(understood)}
            {citation_panel(app, s.picked)}
            {question_field(s)}
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    let s = Chat::new(app);
    s.keep_draft();
    s.search();
    if let Some(id) = app.conversation.get_untracked() {
        s.open(id);
    }
    view! {
        <section class="screen" id="screen-ask">
            <h1>{t("Ask")}</h1>
            <p class="hint">{t("Answers come from what shopbench holds — the code catalogue, the diagnosis knowledge, the offline recall data and this shop's cases. Every sentence names its sources; click one to see it.")}</p>
            <div class="ask-layout">
                {conversations_aside(s)}
                {conversation_main(s)}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn citations_are_split_from_the_text() {
        let s = segments("P0420 means X [P0420]. Worn [cause:catalyst_failed] [rule:mileage].");
        let cites: Vec<&str> = s
            .iter()
            .filter(|(c, _)| *c)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(cites, ["P0420", "cause:catalyst_failed", "rule:mileage"]);
        assert_eq!(s.last().unwrap().1, ".");
    }
}
