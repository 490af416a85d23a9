//! Settings: the shop on reports, the paper size, and the diagnosis engine
//! (embedded, or a remote shopbench server checked with "Check connection").

use leptos::prelude::*;

use crate::api::*;
use crate::App;
use crate::{t, tf};
use shopbench_i18n::Lang;

pub fn view(app: App) -> impl IntoView {
    let settings = RwSignal::new(Settings::default());
    // What the settings file holds, once read: the form's draft is what differs from it.
    let on_file = RwSignal::new(None::<Settings>);
    let draft = move || app.drafts.with_untracked(|d| d.settings.clone());
    // Loaded quietly: the screen is drawn again when the language changes,
    // and a load must not clear the "Settings saved." just shown.
    leptos::task::spawn_local(async move {
        match invoke(LoadSettings {}).await {
            Ok(s) => {
                on_file.set(Some(s.clone()));
                settings.set(draft().unwrap_or(s));
            }
            Err(e) => app.error.set(Some(e)),
        }
    });
    // Last time's draft, when the drafts load after this screen (at start-up).
    Effect::new(move |_| {
        if let Some(d) = app.drafts_loaded.get().then(draft).flatten() {
            settings.set(d);
        }
    });
    // What is typed is kept as the draft until it is saved.
    Effect::new(move |_| {
        let form = settings.get();
        let Some(file) = on_file.get_untracked() else {
            return;
        };
        let kept = (form != file).then_some(form);
        if draft() != kept {
            app.keep_drafts(|d| d.settings = kept);
        }
    });
    let save = move || {
        let s = settings.get_untracked();
        let lang = s.language.clone();
        app.run(
            t("Saving settings"),
            invoke(SaveSettings {
                settings: s.clone(),
            }),
            move |_| {
                on_file.set(Some(s));
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
    };
    let account = RwSignal::new(None::<AccountView>);
    let check = move || {
        let s = settings.get_untracked();
        account.set(None);
        app.run(
            t("Checking the connection"),
            invoke(CheckConnection { settings: s }),
            move |a| account.set(Some(a)),
        )
    };
    let remote = move || settings.with(|s| s.engine == "remote");
    view! {
        <section class="screen" id="screen-settings">
            <h1>{t("Settings")}</h1>
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
            <div class="card">
                <h2>{t("Diagnosis engine")}</h2>
                <div class="form">
                    {choice_field(settings, "engine", t("Engine"), |s| &s.engine, |s| &mut s.engine,
                        vec![("embedded", t("Embedded (offline, this computer)")), ("remote", t("Remote (a shopbench server)"))])}
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
                </div>
                <div class="row">
                    <button class="secondary" id="check-connection" disabled=move || !remote() on:click=move |_| check()>{t("Check connection")}</button>
                    <span id="account">{move || account.get().map(|a| tf("✔ Connected as {} ({} mode, plan {}, {} credits left)", &[&a.partner, &a.mode, &a.plan, &a.credits.to_string()]))}</span>
                </div>
                <p class="hint">{t("Remote mode sends the server the case (vehicle, complaint, codes) for each diagnosis, the VIN for each look-up and the purchase-cost form; everything else stays on this computer.")}</p>
            </div>
            {assistant_card(settings)}
            {labor_rates_card(app)}
            <p class="hint">{t("Recall, complaint and bulletin files are imported on the Vehicle screen.")}</p>
            <button class="primary" id="save-settings" on:click=move |_| save()>{t("Save settings")}</button>
        </section>
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

/// The shop's labor rates for one state, each beside the figure shopbench
/// ships; saved apart from the settings (the estimate override file every
/// estimate reads, from the CLI too). A blank field prices with the shipped figure.
fn labor_rates_card(app: App) -> impl IntoView {
    let states = RwSignal::new(Vec::<String>::new());
    let state = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<LaborRateView>::new());
    // The rates typed for a state and not saved (the draft) over the saved ones.
    let typed = move |st: &str, mut saved: Vec<LaborRateView>| {
        let draft = app.drafts.with_untracked(|d| d.labor_rates.clone());
        if let Some((_, typed)) = draft.filter(|(s, _)| s == st) {
            for row in &mut saved {
                if let Some(t) = typed.iter().find(|t| t.category == row.category) {
                    row.shop = t.shop;
                }
            }
        }
        saved
    };
    let load = move |st: String| {
        app.run(
            t("Loading labor rates"),
            invoke(LoadLaborRates { state: st.clone() }),
            move |r| rows.set(typed(&st, r)),
        )
    };
    // Last time's draft brings its state back with it.
    Effect::new(move |_| {
        let draft = app
            .drafts_loaded
            .get()
            .then(|| app.drafts.with_untracked(|d| d.labor_rates.clone()));
        if let Some((st, _)) = draft.flatten() {
            state.set(st.clone());
            load(st);
        }
    });
    app.run(t("Loading states"), invoke(EstimatePickers {}), move |p| {
        states.set(p.states);
    });
    let save = move || {
        let st = state.get_untracked();
        let rates = rows.get_untracked();
        app.run(
            t("Saving labor rates"),
            invoke(SaveLaborRates {
                state: st.clone(),
                rates,
            }),
            move |r| {
                rows.set(r);
                app.keep_drafts(|d| d.labor_rates = None);
                app.notice.set(Some(tf(
                    "Labor rates saved for {}: every estimate in {} prices with them.",
                    &[&st, &st],
                )));
            },
        )
    };
    let set_rate = move |i: usize, text: String| {
        let v = text.trim().parse::<u32>().ok();
        rows.update(|r| {
            if let Some(row) = r.get_mut(i) {
                row.shop = if text.trim().is_empty() {
                    None
                } else {
                    v.or(Some(0))
                };
            }
        });
        let kept = (state.get_untracked(), rows.get_untracked());
        app.keep_drafts(|d| d.labor_rates = Some(kept));
    };
    view! {
        <div class="card" id="labor-rates">
            <h2>{t("Labor rates")}</h2>
            <div class="form">
                <div class="field">
                    <label for="rates-state">{t("State")}</label>
                    <select id="rates-state" prop:value=move || state.get()
                        on:change=move |ev| { let v = event_target_value(&ev); state.set(v.clone()); load(v) }>
                        <option value="">{t("Pick the shop's state")}</option>
                        {move || states.get().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </div>
                {move || rows.get().into_iter().enumerate().map(|(i, r)| {
                    let id = format!("rate-{}", r.category);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{tf("{} — shipped {}", &[&crate::tx(&r.label), &r.shipped.to_string()])}</label>
                            <input id=id type="number" min="1" placeholder=r.shipped.to_string()
                                prop:value=r.shop.map(|v| v.to_string()).unwrap_or_default()
                                on:change=move |ev| set_rate(i, event_target_value(&ev)) />
                        </div>
                    }
                }).collect_view()}
            </div>
            <div class="row">
                <button class="secondary" id="save-labor-rates" disabled=move || state.with(String::is_empty)
                    on:click=move |_| save()>{t("Save labor rates")}</button>
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
