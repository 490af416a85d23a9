//! Settings: the shop on reports, the paper size, and the diagnosis engine
//! (embedded, or a remote shopbench server checked with "Check connection").

use leptos::prelude::*;

use crate::api::*;
use crate::App;

pub fn view(app: App) -> impl IntoView {
    let settings = RwSignal::new(Settings::default());
    app.run("Loading settings", invoke(LoadSettings {}), move |s| {
        settings.set(s)
    });
    let save = move || {
        let s = settings.get_untracked();
        app.run(
            "Saving settings",
            invoke(SaveSettings { settings: s }),
            move |_| app.notice.set(Some("Settings saved.".into())),
        )
    };
    let account = RwSignal::new(None::<AccountView>);
    let check = move || {
        let s = settings.get_untracked();
        account.set(None);
        app.run(
            "Checking the connection",
            invoke(CheckConnection { settings: s }),
            move |a| account.set(Some(a)),
        )
    };
    let remote = move || settings.with(|s| s.engine == "remote");
    view! {
        <section class="screen" id="screen-settings">
            <h1>"Settings"</h1>
            <div class="card">
                <h2>"Shop on reports"</h2>
                <div class="form">
                    <div class="field">
                        <label for="shop-name">"Shop name"</label>
                        <input id="shop-name" prop:value=move || settings.with(|s| s.shop_name.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.shop_name = v) } />
                    </div>
                    <div class="field">
                        <label for="shop-phone">"Phone"</label>
                        <input id="shop-phone" prop:value=move || settings.with(|s| s.shop_phone.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.shop_phone = v) } />
                    </div>
                    {text_field(settings, "shop-email", "E-mail", |s| &s.shop_email, |s| &mut s.shop_email)}
                    {text_field(settings, "shop-website", "Web site", |s| &s.shop_website, |s| &mut s.shop_website)}
                    {text_field(settings, "shop-registration", "Registration or tax number", |s| &s.shop_registration, |s| &mut s.shop_registration)}
                    <div class="field">
                        <label for="paper">"Paper"</label>
                        <select id="paper" prop:value=move || settings.with(|s| s.paper.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.paper = v) }>
                            <option value="letter">"US Letter"</option>
                            <option value="a4">"A4"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="units">"Units on Live data"</label>
                        <select id="units" prop:value=move || settings.with(|s| s.units.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.units = v) }>
                            <option value="metric">"Metric (km/h, °C, kPa)"</option>
                            <option value="us">"US (mph, °F, psi)"</option>
                        </select>
                    </div>
                    {logo_field(app, settings)}
                    <div class="field wide">
                        <label for="shop-address">"Address (one line per line)"</label>
                        <textarea id="shop-address" rows="3" prop:value=move || settings.with(|s| s.shop_address.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.shop_address = v) }></textarea>
                    </div>
                </div>
            </div>
            <div class="card">
                <h2>"Diagnosis engine"</h2>
                <div class="form">
                    <div class="field">
                        <label for="engine">"Engine"</label>
                        <select id="engine" prop:value=move || settings.with(|s| s.engine.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.engine = v) }>
                            <option value="embedded">"Embedded (offline, this computer)"</option>
                            <option value="remote">"Remote (a shopbench server)"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="remote-url">"Server URL"</label>
                        <input id="remote-url" placeholder="https://api.example.com" disabled=move || !remote()
                            prop:value=move || settings.with(|s| s.remote_url.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.remote_url = v) } />
                    </div>
                    <div class="field">
                        <label for="remote-key">"API key"</label>
                        <input id="remote-key" type="password" placeholder="sk_live_…" disabled=move || !remote()
                            prop:value=move || settings.with(|s| s.remote_key.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.remote_key = v) } />
                    </div>
                </div>
                <div class="row">
                    <button class="secondary" id="check-connection" disabled=move || !remote() on:click=move |_| check()>"Check connection"</button>
                    <span id="account">{move || account.get().map(|a| format!("✔ Connected as {} ({} mode, plan {}, {} credits left)", a.partner, a.mode, a.plan, a.credits))}</span>
                </div>
                <p class="hint">"Remote mode sends the case (vehicle, complaint, codes) to the server for each diagnosis; everything else stays on this computer."</p>
            </div>
            {assistant_card(settings)}
            {labor_rates_card(app)}
            <p class="hint">"Recall, complaint and bulletin files are imported on the Vehicle screen."</p>
            <button class="primary" id="save-settings" on:click=move |_| save()>"Save settings"</button>
        </section>
    }
}

/// The assistant's language model: off by default; the shop's own
/// OpenAI-compatible server when on (answers are checked against the facts).
fn assistant_card(settings: RwSignal<Settings>) -> impl IntoView {
    let on = move || settings.with(|s| s.assistant.model_enabled);
    view! {
        <div class="card">
            <h2>"Assistant"</h2>
            <div class="form">
                <div class="field">
                    <label for="model-enabled">"Language model"</label>
                    <select id="model-enabled" prop:value=move || if on() { "on" } else { "off" }
                        on:change=move |ev| { let v = event_target_value(&ev) == "on"; settings.update(|s| s.assistant.model_enabled = v) }>
                        <option value="off">"Off (answers from the facts alone)"</option>
                        <option value="on">"On (the shop's own model, checked)"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="model-url">"Model server URL"</label>
                    <input id="model-url" placeholder="http://127.0.0.1:8080/v1" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_url.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_url = v) } />
                </div>
                <div class="field">
                    <label for="model-name">"Model name"</label>
                    <input id="model-name" placeholder="llama-3.1-8b-instruct" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_name = v) } />
                </div>
                <div class="field">
                    <label for="model-key">"Model API key (if any)"</label>
                    <input id="model-key" type="password" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_key.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.assistant.model_key = v) } />
                </div>
                <div class="field">
                    <label for="model-timeout">"Wait for an answer (s)"</label>
                    <input id="model-timeout" type="number" min="1" disabled=move || !on()
                        prop:value=move || settings.with(|s| s.assistant.model_timeout_secs.to_string())
                        on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); settings.update(|s| s.assistant.model_timeout_secs = v) } />
                </div>
            </div>
            <p class="hint">"Any OpenAI-compatible server the shop runs (llama.cpp, Ollama, vLLM). The model is shown only the facts shopbench gathered; an answer that cites anything else is replaced by the offline answer."</p>
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
        app.run("Setting the logo", invoke(SetLogo { path: p }), move |s| {
            settings.set(s);
            app.notice
                .set(Some("Logo set: it heads every report from now on.".into()));
        })
    };
    view! {
        <div class="field wide">
            <label for="logo-path">{move || settings.with(|s| if s.shop_logo.is_empty() {
                "Logo (PNG or JPEG file): none".to_string()
            } else {
                format!("Logo (PNG or JPEG file): {}", s.shop_logo)
            })}</label>
            <div class="row">
                <input id="logo-path" class="grow" placeholder="/home/shop/logo.png" prop:value=move || path.get()
                    on:input=move |ev| path.set(event_target_value(&ev)) />
                <button class="secondary" id="set-logo" on:click=move |_| set()>"Use this logo"</button>
                <button class="secondary" id="remove-logo" disabled=move || settings.with(|s| s.shop_logo.is_empty())
                    on:click=move |_| settings.update(|s| s.shop_logo.clear())>"Remove"</button>
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
    let load = move |st: String| {
        app.run(
            "Loading labor rates",
            invoke(LoadLaborRates { state: st }),
            move |r| rows.set(r),
        )
    };
    app.run("Loading states", invoke(EstimatePickers {}), move |p| {
        states.set(p.states);
    });
    let save = move || {
        let st = state.get_untracked();
        let rates = rows.get_untracked();
        app.run(
            "Saving labor rates",
            invoke(SaveLaborRates {
                state: st.clone(),
                rates,
            }),
            move |r| {
                rows.set(r);
                app.notice.set(Some(format!(
                    "Labor rates saved for {st}: every estimate in {st} prices with them."
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
        })
    };
    view! {
        <div class="card" id="labor-rates">
            <h2>"Labor rates"</h2>
            <div class="form">
                <div class="field">
                    <label for="rates-state">"State"</label>
                    <select id="rates-state" prop:value=move || state.get()
                        on:change=move |ev| { let v = event_target_value(&ev); state.set(v.clone()); load(v) }>
                        <option value="">"Pick the shop's state"</option>
                        {move || states.get().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </div>
                {move || rows.get().into_iter().enumerate().map(|(i, r)| {
                    let id = format!("rate-{}", r.category);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{format!("{} — shipped {}", r.label, r.shipped)}</label>
                            <input id=id type="number" min="1" placeholder=r.shipped.to_string()
                                prop:value=r.shop.map(|v| v.to_string()).unwrap_or_default()
                                on:change=move |ev| set_rate(i, event_target_value(&ev)) />
                        </div>
                    }
                }).collect_view()}
            </div>
            <div class="row">
                <button class="secondary" id="save-labor-rates" disabled=move || state.with(String::is_empty)
                    on:click=move |_| save()>"Save labor rates"</button>
            </div>
            <p class="hint">"Blank uses the shipped figure (an estimate from public surveys, not a measured rate for your area)."</p>
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
