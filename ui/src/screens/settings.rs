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
            <p class="hint">"Labor rates and dataset import are not in this version yet (recalls import: Vehicle screen)."</p>
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
