//! The shopbench desktop UI: one screen at a time (Connect → Scan → Live data
//! → Case → Diagnosis, Vehicle & costs, Estimate, the case list, settings, Ask), large type, keyboard shortcuts (Alt+1…9, 0),
//! light and dark by the system setting. Talks only to the Tauri shell.

mod api;
mod screens;

use std::cell::Cell;
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopbench_i18n::Lang;
use wasm_bindgen::prelude::wasm_bindgen;

use api::{
    invoke, CaseForm, Connected, DiagnosisView, FormDrafts, LoadDraft, LoadFormDrafts,
    LoadSettings, OpenPdf, Progress, SaveDraft, SaveFormDrafts, ScanView, UiError,
};

thread_local! {
    /// [`App::lang`], reachable from the text helpers below without the
    /// app's context: the one place the chosen language is held.
    static LANG: Cell<Option<RwSignal<Lang>>> = const { Cell::new(None) };
}

/// The language the screens are drawn in (Settings → Language; English
/// until the app exists). Not tracked: [`App::lang`] redraws the screens.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
        .and_then(|l| l.try_get_untracked())
        .unwrap_or(Lang::En)
}

/// `english` in the language chosen (the catalogue's French, or English).
pub fn t(english: &'static str) -> &'static str {
    shopbench_i18n::tr(lang(), english)
}

/// A text the engines wrote at run time (a monitor's name, a code list's state), in the
/// language chosen: its catalogue row or a template it fits, else as written.
pub fn tx(english: &str) -> String {
    shopbench_i18n::tr_text(lang(), english)
}

/// A line composed of catalogue texts — an error's nested explanation, an
/// assistant's sentence — in the language chosen (`shopbench_i18n::tr_composed`).
pub fn tc(text: &str) -> String {
    shopbench_i18n::tr_composed(lang(), text)
}

/// [`t`] of a template with its `{}` holes filled in order.
pub fn tf(english: &'static str, args: &[&str]) -> String {
    shopbench_i18n::trf(lang(), english, args)
}

pub use shopbench_i18n::n;

/// The screens, in workflow order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Pick the adapter and connect.
    Connect,
    /// The full scan: codes, freeze frame, readiness.
    Scan,
    /// Live data, with CSV recording.
    Live,
    /// The case form.
    Case,
    /// Ranked causes and the test plan.
    Diagnosis,
    /// VIN, recalls and purchase costs.
    Vehicle,
    /// Body-shop estimates.
    Estimate,
    /// Saved cases.
    Cases,
    /// Shop, paper, engine and units.
    Settings,
    /// The shop assistant.
    Ask,
}

impl Screen {
    const ALL: [Screen; 10] = [
        Screen::Connect,
        Screen::Scan,
        Screen::Live,
        Screen::Case,
        Screen::Diagnosis,
        Screen::Vehicle,
        Screen::Estimate,
        Screen::Cases,
        Screen::Settings,
        Screen::Ask,
    ];

    fn title(self) -> &'static str {
        match self {
            Screen::Connect => t("Connect"),
            Screen::Scan => t("Scan"),
            Screen::Live => t("Live"),
            Screen::Case => t("Case"),
            Screen::Diagnosis => t("Diagnosis"),
            Screen::Vehicle => t("Vehicle"),
            Screen::Estimate => t("Estimate"),
            Screen::Cases => t("Cases"),
            Screen::Settings => t("Settings"),
            Screen::Ask => t("Ask"),
        }
    }

    fn id(self) -> &'static str {
        match self {
            Screen::Connect => "nav-connect",
            Screen::Scan => "nav-scan",
            Screen::Live => "nav-live",
            Screen::Case => "nav-case",
            Screen::Diagnosis => "nav-diagnosis",
            Screen::Vehicle => "nav-vehicle",
            Screen::Estimate => "nav-estimate",
            Screen::Cases => "nav-cases",
            Screen::Settings => "nav-settings",
            Screen::Ask => "nav-ask",
        }
    }
}

/// The app's state, shared by every screen (all fields are signals, so it is `Copy`).
#[derive(Clone, Copy)]
pub struct App {
    /// The screen shown.
    pub screen: RwSignal<Screen>,
    /// The adapter, once connected.
    pub connected: RwSignal<Option<Connected>>,
    /// Connect and scan progress steps.
    pub progress: RwSignal<Vec<Progress>>,
    /// The last scan.
    pub scan: RwSignal<Option<ScanView>>,
    /// The case form (kept as a draft).
    pub form: RwSignal<CaseForm>,
    /// The last diagnosis.
    pub diagnosis: RwSignal<Option<DiagnosisView>>,
    /// The estimate on the Estimate screen (kept while other screens are shown).
    pub estimate: RwSignal<Option<api::EstimateView>>,
    /// The error to show, if any.
    pub error: RwSignal<Option<UiError>>,
    /// A notice to show, if any.
    pub notice: RwSignal<Option<String>>,
    /// What the app is busy with, if anything.
    pub busy: RwSignal<Option<String>>,
    /// The case the Ask screen asks about ("Ask about this case").
    pub ask_case: RwSignal<Option<i64>>,
    /// The conversation open on the Ask screen.
    pub conversation: RwSignal<Option<i64>>,
    /// The answer streaming in: its request tag and the text so far.
    pub answer_stream: RwSignal<Option<(String, String)>>,
    /// The other forms' drafts (Vehicle, Estimate, close case, Ask).
    pub drafts: RwSignal<FormDrafts>,
    /// Whether last time's drafts are loaded (until then none is written).
    pub drafts_loaded: RwSignal<bool>,
    /// The language the screens are drawn in; changing it redraws them.
    pub lang: RwSignal<Lang>,
}

impl App {
    fn new() -> App {
        App {
            screen: RwSignal::new(Screen::Connect),
            connected: RwSignal::new(None),
            progress: RwSignal::new(Vec::new()),
            scan: RwSignal::new(None),
            form: RwSignal::new(CaseForm {
                unit: "mi".into(),
                ..CaseForm::default()
            }),
            diagnosis: RwSignal::new(None),
            estimate: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            busy: RwSignal::new(None),
            ask_case: RwSignal::new(None),
            conversation: RwSignal::new(None),
            answer_stream: RwSignal::new(None),
            drafts: RwSignal::new(FormDrafts::default()),
            drafts_loaded: RwSignal::new(false),
            lang: {
                let lang = RwSignal::new(Lang::En);
                LANG.with(|l| l.set(Some(lang)));
                lang
            },
        }
    }

    /// Runs `work` with a busy label; on failure the error is shown, on success `done`.
    pub fn run<T: 'static>(
        self,
        label: &str,
        work: impl Future<Output = Result<T, UiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(Some(label.to_string()));
        self.error.set(None);
        self.notice.set(None);
        spawn_local(async move {
            let result = work.await;
            self.busy.set(None);
            match result {
                Ok(v) => done(v),
                Err(e) => self.error.set(Some(e)),
            }
        });
    }

    /// Opens a saved PDF (if there is one) in the system's viewer.
    pub fn open_pdf(self, pdf: Option<api::SavedPdf>) {
        if let Some(p) = pdf {
            self.run(
                t("Opening the PDF"),
                invoke(OpenPdf { path: p.path }),
                |_| {},
            )
        }
    }

    /// Saves the form as the draft (quietly: a failure shows as an error).
    pub fn save_draft(self) {
        let form = self.form.get_untracked();
        spawn_local(async move {
            if let Err(e) = invoke(SaveDraft { form }).await {
                self.error.set(Some(e));
            }
        });
    }

    /// Draws the screens in the language of a settings code (`en`, `fr-CA`);
    /// whether that changed it (the screen shown is then drawn again).
    pub fn set_language(self, code: &str) -> bool {
        let lang = Lang::from_code(code);
        let changed = self.lang.get_untracked() != lang;
        if changed {
            self.lang.set(lang);
        }
        changed
    }

    /// Changes the other forms' drafts and keeps them on disk. Nothing is
    /// written before last time's drafts are loaded, so a screen shown
    /// early cannot write its defaults over them.
    pub fn keep_drafts(self, change: impl FnOnce(&mut FormDrafts)) {
        if !self.drafts_loaded.get_untracked() {
            return;
        }
        self.drafts.update_untracked(change);
        let drafts = self.drafts.get_untracked();
        spawn_local(async move {
            if let Err(e) = invoke(SaveFormDrafts { drafts }).await {
                self.error.set(Some(e));
            }
        });
    }
}

/// Follows what the shell streams: connect and scan progress, and the
/// assistant's answer sentence by sentence.
fn follow_streams(app: App) {
    // Progress of connect and scan, streamed from the shell.
    api::on_progress(move |p| app.progress.update(|v| v.push(p)));

    // The assistant's answer, streamed sentence by sentence.
    api::on_answer_delta(move |d| {
        app.answer_stream.update(|s| {
            if let Some((request, text)) = s {
                if *request == d.request {
                    text.push_str(&d.delta);
                }
            }
        })
    });
}

/// Loads the language chosen in Settings (or the system's), then the drafts
/// left from last time.
fn load_settings_and_drafts(app: App) {
    spawn_local(async move {
        match invoke(LoadSettings {}).await {
            Ok(s) => {
                app.set_language(&s.language);
            }
            Err(e) => app.error.set(Some(e)),
        }
        match invoke(LoadDraft {}).await {
            Ok(form) => app.form.set(form),
            Err(e) => app.error.set(Some(e)),
        }
        match invoke(LoadFormDrafts {}).await {
            Ok(d) => {
                app.drafts.set(d);
                app.drafts_loaded.set(true);
            }
            Err(e) => app.error.set(Some(e)),
        }
    });
}

/// Alt+1…9 and Alt+0 switch screens (the listener's handle is returned).
fn screen_keys(app: App) -> WindowListenerHandle {
    window_event_listener(leptos::ev::keydown, move |e| {
        if e.alt_key() {
            if let Some(n) = e
                .key()
                .parse::<usize>()
                .ok()
                .map(|n| if n == 0 { 10 } else { n })
                .filter(|n| (1..=Screen::ALL.len()).contains(n))
            {
                e.prevent_default();
                app.screen.set(Screen::ALL[n - 1]);
            }
        }
    })
}

/// A tab per screen, with its Alt key (read where the caller tracks them).
fn nav_tabs(app: App) -> Vec<impl IntoView> {
    app.lang.track();
    Screen::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <button
                    id=s.id()
                    class="tab"
                    class:active=move || app.screen.get() == s
                    title=format!("Alt+{}", (i + 1) % 10) // i18n: a key name
                    on:click=move |_| app.screen.set(s)
                >
                    <span class="key">{(i + 1) % 10}</span>
                    {s.title()}
                </button>
            }
        })
        .collect::<Vec<_>>()
}

/// The header: the brand, the tabs and the link's status (adapter and battery).
fn header(app: App) -> impl IntoView {
    view! {
        <header>
            <span class="brand">"shopbench"</span>
            <nav>{move || nav_tabs(app)}</nav>
            <span class="status" id="link-status">
                {move || { app.lang.track(); match app.connected.get() {
                    Some(c) => format!(
                        "● {} · {}",
                        c.adapter,
                        c.battery_voltage.map(|v| format!("{v:.1} V")).unwrap_or_else(|| t("battery ?").into())
                    ),
                    None => t("○ Not connected").to_string(),
                }}}
            </span>
        </header>
    }
}

/// The error shown, with Dismiss.
fn error_box(app: App, e: UiError) -> impl IntoView {
    view! {
        <div class="error" role="alert" id="error">
            <strong>{tx(&e.title)}</strong>
            <p>{tc(&e.message)}</p>
            <button class="small" id="dismiss-error" on:click=move |_| app.error.set(None)>{t("Dismiss")}</button>
        </div>
    }
}

/// The screen shown, drawn again when the language changes.
fn screen_view(app: App) -> AnyView {
    app.lang.track();
    match app.screen.get() {
        Screen::Connect => screens::connect::view(app).into_any(),
        Screen::Scan => screens::scan::view(app).into_any(),
        Screen::Live => screens::live::view(app).into_any(),
        Screen::Case => screens::case::view(app).into_any(),
        Screen::Diagnosis => screens::diagnosis::view(app).into_any(),
        Screen::Vehicle => screens::vehicle::view(app).into_any(),
        Screen::Estimate => screens::estimate::view(app).into_any(),
        Screen::Cases => screens::cases::view(app).into_any(),
        Screen::Settings => screens::settings::view(app).into_any(),
        Screen::Ask => screens::ask::view(app).into_any(),
    }
}

#[component]
fn Shell() -> impl IntoView {
    let app = App::new();
    provide_context(app);

    follow_streams(app);
    load_settings_and_drafts(app);

    // Each screen opens at its top (a tall screen's scroll would otherwise
    // hide the next screen's first buttons under the sticky header).
    Effect::new(move |_| {
        app.screen.track();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });

    // Photos dropped on the window go to the estimate.
    screens::estimate::on_drop(app);

    let _keys = screen_keys(app);

    view! {
        {header(app)}
        <main>
            {move || app.error.get().map(|e| error_box(app, e))}
            {move || app.notice.get().map(|n| view! {
                <div class="notice" role="status" id="notice">{n}</div>
            })}
            {move || app.busy.get().map(|b| view! {
                <div class="busy" role="status" id="busy"><span class="spinner"></span>{b}</div>
            })}
            {move || screen_view(app)}
        </main>
    }
}

/// The entry point: mounts the app on the page.
#[wasm_bindgen(start)]
pub fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(Shell);
}
