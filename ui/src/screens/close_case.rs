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

/// What fixed the car, as typed (kept as the case's draft), and what closing
/// the case said (all `Copy`, so each part and action takes it by value).
#[derive(Clone, Copy)]
struct Fix {
    app: App,
    fixed_by: RwSignal<String>,
    parts: RwSignal<String>,
    hours: RwSignal<String>,
    cost: RwSignal<String>,
    cause: RwSignal<String>,
    closed: RwSignal<Option<CaseClosed>>,
}

impl Fix {
    /// The draft typed for this case, if any.
    fn new(app: App) -> Fix {
        let case_id = app.form.with_untracked(|f| f.id);
        let draft = app
            .drafts
            .with_untracked(|d| d.close.clone())
            .filter(|(id, _)| Some(*id) == case_id)
            .map(|(_, f)| f)
            .unwrap_or_default();
        Fix {
            app,
            fixed_by: RwSignal::new(draft.fixed_by),
            parts: RwSignal::new(draft.parts),
            hours: RwSignal::new(draft.hours),
            cost: RwSignal::new(draft.cost),
            cause: RwSignal::new(draft.cause),
            closed: RwSignal::new(None::<CaseClosed>),
        }
    }

    /// The fix as typed.
    fn typed(self) -> CloseForm {
        CloseForm {
            fixed_by: self.fixed_by.get_untracked(),
            cause: self.cause.get_untracked(),
            parts: self.parts.get_untracked(),
            hours: self.hours.get_untracked(),
            cost: self.cost.get_untracked(),
        }
    }

    /// Keeps what is typed as the saved case's draft.
    fn keep_draft(self) {
        let app = self.app;
        Effect::new(move |_| {
            self.fixed_by.track();
            self.parts.track();
            self.hours.track();
            self.cost.track();
            self.cause.track();
            if let Some(id) = app.form.with_untracked(|f| f.id) {
                app.keep_drafts(|d| d.close = Some((id, self.typed())));
            }
        });
    }

    /// Closes the case with the fix (the draft dropped).
    fn close(self) {
        let app = self.app;
        let form = app.form.get_untracked();
        let fix = self.typed();
        app.run(
            t("Closing the case"),
            invoke(CloseCase { form, fix }),
            move |c| {
                app.keep_drafts(|d| d.close = None);
                self.closed.set(Some(c));
            },
        );
    }
}

/// The fix's fields, Close the case, and what closing it said.
fn close_case_card(s: Fix) -> impl IntoView {
    view! {
        <div class="card" id="close-case">
            <h2>{t("Close the case")}</h2>
            <p class="hint">{t("What fixed the car. Later diagnoses of similar cars (same make, a code in common) count it, citing this case.")}</p>
            <div class="row">
                {field(t("What fixed it"), "fix-words", s.fixed_by)}
                {field(t("Parts"), "fix-parts", s.parts)}
                {field(t("Hours"), "fix-hours", s.hours)}
                {field(t("Cost ($)"), "fix-cost", s.cost)}
                {cause_picker(s.app, s.cause)}
            </div>
            <button class="primary" id="close-case-button"
                disabled=move || s.fixed_by.with(|w| w.trim().is_empty())
                on:click=move |_| s.close()>{t("Close the case")}</button>
            {move || s.closed.get().map(|c| view! {
                <div class="notice" role="status" id="case-closed">{crate::tx(&c.message)}</div>
            })}
        </div>
    }
}

/// The card, shown once the case is saved (it has a number).
pub fn card(app: App) -> impl IntoView {
    let s = Fix::new(app);
    s.keep_draft();
    move || app.form.with(|f| f.id).map(|_| close_case_card(s))
}
