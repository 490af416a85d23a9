//! The saved cases, searchable.

use leptos::prelude::*;

use crate::api::*;
use crate::{t, tf};
use crate::{App, Screen};

pub fn view(app: App) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let list = RwSignal::new(Vec::<CaseSummary>::new());
    let search = move || {
        let q = query.get_untracked();
        app.run(
            t("Searching cases"),
            invoke(ListCases { query: q }),
            move |l| list.set(l),
        )
    };
    search();
    let open = move |id: i64| {
        app.run(t("Opening the case"), invoke(OpenCase { id }), move |f| {
            app.form.set(f);
            app.diagnosis.set(None);
            app.save_draft();
            app.screen.set(Screen::Case);
        })
    };
    view! {
        <section class="screen" id="screen-cases">
            <h1>{t("Cases")}</h1>
            <div class="row">
                <div class="field grow">
                    <label for="case-search">{t("Search (customer, VIN, vehicle, complaint, code)")}</label>
                    <input id="case-search" prop:value=move || query.get()
                        on:input=move |ev| { query.set(event_target_value(&ev)); search(); } />
                </div>
            </div>
            {move || {
                let l = list.get();
                if l.is_empty() {
                    view! { <p class="hint">{t("No saved cases match.")}</p> }.into_any()
                } else {
                    view! {
                        <table class="list"><thead><tr><th>{t("Case")}</th><th>{t("Customer")}</th><th>{t("Vehicle")}</th><th>{t("Codes")}</th><th>{t("Complaint")}</th><th></th></tr></thead>
                        <tbody>{l.into_iter().map(|c| {
                            let id = c.id;
                            view! { <tr>
                                <td class="mono">{tf("Case {}", &[&id.to_string()])}</td><td>{c.customer}</td><td>{crate::tx(&c.vehicle)}</td><td class="mono">{c.codes.join(" ")}</td><td>{c.complaint}</td>
                                <td><button class="small" on:click=move |_| open(id)>{t("Open")}</button></td>
                            </tr> }
                        }).collect::<Vec<_>>()}</tbody></table>
                    }.into_any()
                }
            }}
        </section>
    }
}
