//! The Estimate screen's saved estimates: searched as you type, each reopened
//! where it was left (photos, areas, edits, scans).

use leptos::prelude::*;

use crate::api::*;
use crate::t;
use crate::App;

/// The list; `open(id)` reopens one on the screen.
pub fn saved_estimates_card(
    app: App,
    open: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let list = RwSignal::new(Vec::<EstimateSummary>::new());
    let search = move || {
        let q = query.get_untracked();
        app.run(
            t("Searching estimates"),
            invoke(EstimateList { query: q }),
            move |l| list.set(l),
        )
    };
    search();
    // A new or changed estimate shows in the list without searching again.
    Effect::new(move |_| {
        if app.estimate.with(|e| e.is_some()) {
            search();
        }
    });
    view! {
        <details class="card" id="est-saved">
            <summary id="est-saved-toggle"><h2 class="inline">{t("Saved estimates")}</h2></summary>
            <div class="field grow">
                <label for="est-search">{t("Search (reference, vehicle, VIN, state)")}</label>
                <input id="est-search" prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); search(); } />
            </div>
            {move || {
                let l = list.get();
                if l.is_empty() {
                    view! { <p class="hint">{t("No saved estimates match.")}</p> }.into_any()
                } else {
                    view! {
                        <table class="list" id="est-list"><thead><tr><th>{t("Estimate")}</th><th>{t("Vehicle")}</th><th>{t("State")}</th><th>{t("Contents")}</th><th>{t("Changed")}</th><th></th></tr></thead>
                        <tbody>{l.into_iter().map(|e| {
                            let (id, reference) = (e.id, e.reference.clone());
                            view! { <tr data-estimate=reference>
                                <td class="mono">{e.reference}</td><td>{e.vehicle}</td><td>{e.state}</td><td>{crate::tx(&e.contents)}</td>
                                <td class="hint">{e.updated_at.get(..16).unwrap_or(&e.updated_at).replace('T', " ")}</td>
                                <td><button class="small" id=format!("est-open-{id}") on:click=move |_| open(id)>{t("Open")}</button></td>
                            </tr> }
                        }).collect::<Vec<_>>()}</tbody></table>
                    }.into_any()
                }
            }}
        </details>
    }
}
