//! Settings: the shop on reports and the paper size.

use leptos::prelude::*;

use crate::api::{call, Settings};
use crate::App;

pub fn view(app: App) -> impl IntoView {
    let settings = RwSignal::new(Settings::default());
    app.run(
        "Loading settings",
        call::<Settings>("load_settings", serde_json::json!({})),
        move |s| settings.set(s),
    );
    let save = move || {
        let s = settings.get_untracked();
        app.run(
            "Saving settings",
            call::<()>("save_settings", serde_json::json!({ "settings": s })),
            move |_| app.notice.set(Some("Settings saved.".into())),
        )
    };
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
                    <div class="field">
                        <label for="paper">"Paper"</label>
                        <select id="paper" prop:value=move || settings.with(|s| s.paper.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.paper = v) }>
                            <option value="letter">"US Letter"</option>
                            <option value="a4">"A4"</option>
                        </select>
                    </div>
                    <div class="field wide">
                        <label for="shop-address">"Address (one line per line)"</label>
                        <textarea id="shop-address" rows="3" prop:value=move || settings.with(|s| s.shop_address.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.shop_address = v) }></textarea>
                    </div>
                </div>
            </div>
            <p class="hint">"Engine: embedded (offline). Remote mode, labor rates, units and dataset import are not in this version yet."</p>
            <button class="primary" id="save-settings" on:click=move |_| save()>"Save settings"</button>
        </section>
    }
}
