//! "Close the case" on the Diagnosis screen: what fixed the car, kept with
//! the saved case; later diagnoses of similar cars learn from it.

use leptos::prelude::*;

use crate::api::*;
use crate::t;
use crate::App;

fn field(label: &'static str, id: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{label}
            <input id=id prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
        </label>
    }
}

/// The diagnosis's causes, to pick the one that fixed the car (else the
/// words decide).
fn cause_picker(app: App, cause: RwSignal<String>) -> impl IntoView {
    let options = move || {
        app.diagnosis.with(|d| {
            d.iter()
                .flat_map(|d| d.causes.iter().take(8))
                .map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label>{t("Cause")}
            <select id="fix-cause" prop:value=move || cause.get() on:change=move |e| cause.set(event_target_value(&e))>
                <option value="" selected>{t("As the words say")}</option>
                {options}
            </select>
        </label>
    }
}

/// The card, shown once the case is saved (it has a number).
pub fn card(app: App) -> impl IntoView {
    // The draft typed for this case, if any.
    let case_id = app.form.with_untracked(|f| f.id);
    let draft = app
        .drafts
        .with_untracked(|d| d.close.clone())
        .filter(|(id, _)| Some(*id) == case_id)
        .map(|(_, f)| f)
        .unwrap_or_default();
    let fixed_by = RwSignal::new(draft.fixed_by);
    let parts = RwSignal::new(draft.parts);
    let hours = RwSignal::new(draft.hours);
    let cost = RwSignal::new(draft.cost);
    let cause = RwSignal::new(draft.cause);
    let closed = RwSignal::new(None::<CaseClosed>);
    let typed = move || CloseForm {
        fixed_by: fixed_by.get_untracked(),
        cause: cause.get_untracked(),
        parts: parts.get_untracked(),
        hours: hours.get_untracked(),
        cost: cost.get_untracked(),
    };
    Effect::new(move |_| {
        fixed_by.track();
        parts.track();
        hours.track();
        cost.track();
        cause.track();
        if let Some(id) = app.form.with_untracked(|f| f.id) {
            app.keep_drafts(|d| d.close = Some((id, typed())));
        }
    });
    let close = move || {
        let form = app.form.get_untracked();
        let fix = typed();
        app.run(
            t("Closing the case"),
            invoke(CloseCase { form, fix }),
            move |c| {
                app.keep_drafts(|d| d.close = None);
                closed.set(Some(c));
            },
        );
    };
    move || {
        app.form.with(|f| f.id).map(|_| {
            view! {
                <div class="card" id="close-case">
                    <h2>{t("Close the case")}</h2>
                    <p class="hint">{t("What fixed the car. Later diagnoses of similar cars (same make, a code in common) count it, citing this case.")}</p>
                    <div class="row">
                        {field(t("What fixed it"), "fix-words", fixed_by)}
                        {field(t("Parts"), "fix-parts", parts)}
                        {field(t("Hours"), "fix-hours", hours)}
                        {field(t("Cost ($)"), "fix-cost", cost)}
                        {cause_picker(app, cause)}
                    </div>
                    <button class="primary" id="close-case-button"
                        disabled=move || fixed_by.with(|w| w.trim().is_empty())
                        on:click=move |_| close()>{t("Close the case")}</button>
                    {move || closed.get().map(|c| view! {
                        <div class="notice" role="status" id="case-closed">{crate::tx(&c.message)}</div>
                    })}
                </div>
            }
        })
    }
}
