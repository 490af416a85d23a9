//! Case: the form, filled from the scan in one click, editable, saved; a draft survives restarts.

use leptos::prelude::*;

use crate::api::*;
use crate::{t, tf};
use crate::{App, Screen};

/// The codes field's example, in the words the code parser reads.
const CODES_EXAMPLE: &str = "P0301 stored 7E8"; // i18n: the parser's status words

fn text_field(
    app: App,
    id: &'static str,
    label: &'static str,
    get: fn(&CaseForm) -> String,
    set: fn(&mut CaseForm, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                prop:value=move || app.form.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    app.form.update(|f| set(f, v));
                    app.save_draft();
                }
            />
        </div>
    }
}

fn text_area(
    app: App,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    get: fn(&CaseForm) -> String,
    set: fn(&mut CaseForm, String),
) -> impl IntoView {
    view! {
        <div class="field wide">
            <label for=id>{label}</label>
            <textarea
                id=id
                rows="3"
                placeholder=hint
                prop:value=move || app.form.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    app.form.update(|f| set(f, v));
                    app.save_draft();
                }
            ></textarea>
        </div>
    }
}

/// Fills the case form from the last scan (what was typed is kept), keeps
/// it as the draft, then runs `then`.
pub(crate) fn fill_from_scan(app: App, then: impl FnOnce() + 'static) {
    let form = app.form.get_untracked();
    app.run(
        t("Filling the case from the scan"),
        invoke(CaseFromScan { form }),
        move |f| {
            app.form.set(f);
            app.save_draft();
            then();
        },
    )
}

/// Saves the case, saying under which number.
fn save(app: App) {
    let form = app.form.get_untracked();
    app.run(t("Saving the case"), invoke(SaveCase { form }), move |f| {
        app.notice.set(Some(tf(
            "Saved as Case {} (also listed by `shopbench case list`).",
            &[&f.id.unwrap_or_default().to_string()],
        )));
        app.form.set(f);
    })
}

/// A blank case (in miles), no diagnosis.
fn new_case(app: App) {
    app.form.set(CaseForm {
        unit: "mi".into(),
        ..CaseForm::default()
    });
    app.diagnosis.set(None);
    app.save_draft();
}

/// The odometer reading and its unit.
fn odometer_field(app: App) -> impl IntoView {
    view! {
        <div class="field">
            <label for="mileage">{t("Odometer")}</label>
            <div class="row tight">
                <input id="mileage" inputmode="numeric"
                    prop:value=move || app.form.with(|f| f.mileage.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); app.form.update(|f| f.mileage = v); app.save_draft(); } />
                <select id="unit" prop:value=move || app.form.with(|f| f.unit.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); app.form.update(|f| f.unit = v); app.save_draft(); }>
                    <option value="mi">"mi"</option>
                    <option value="km">"km"</option>
                </select>
            </div>
        </div>
    }
}

/// The case's fields: customer, vehicle, odometer, complaint, findings and codes.
fn case_form(app: App) -> impl IntoView {
    view! {
        <div class="form">
            {text_field(app, "customer", t("Customer"), |f| f.customer.clone(), |f, v| f.customer = v)}
            {text_field(app, "case-vin", t("VIN"), |f| f.vin.clone(), |f, v| f.vin = v)}
            {text_field(app, "make", t("Make"), |f| f.make.clone(), |f, v| f.make = v)}
            {text_field(app, "model", t("Model"), |f| f.model.clone(), |f, v| f.model = v)}
            {text_field(app, "year", t("Year"), |f| f.year.clone(), |f, v| f.year = v)}
            {text_field(app, "engine", t("Engine"), |f| f.engine.clone(), |f, v| f.engine = v)}
            {odometer_field(app)}
            {text_area(app, "complaint", t("Complaint (customer's words)"), t("e.g. shakes at idle, check engine light flashing"), |f| f.complaint.clone(), |f, v| f.complaint = v)}
            {text_area(app, "findings", t("Findings"), t("what you saw, heard or measured"), |f| f.findings.clone(), |f, v| f.findings = v)}
            {text_area(app, "codes", t("Trouble codes (one per line: code, status, ECU)"), CODES_EXAMPLE, |f| f.codes.clone(), |f, v| f.codes = v)}
        </div>
    }
}

/// The freeze frame attached to the case, if any (read where the caller tracks it).
fn freeze_frame_note(app: App) -> Option<impl IntoView> {
    let ff = app.form.with(|f| f.freeze_frame.clone());
    (!ff.is_empty()).then(|| view! {
        <p class="hint">{tf("Freeze frame attached: {}", &[&ff.iter().map(|(k, v)| format!("{k} {v:.1}")).collect::<Vec<_>>().join(", ")])}</p>
    })
}

pub fn view(app: App) -> impl IntoView {
    view! {
        <section class="screen" id="screen-case">
            <h1>
                t("Case ")
                <span class="hint" id="case-id">{move || app.form.with(|f| f.id.map_or_else(|| t("(not saved yet — the draft is kept automatically)").into(), |n| n.to_string()))}</span>
            </h1>
            <div class="row">
                <button class="secondary" id="fill-from-scan" disabled=move || app.scan.get().is_none() on:click=move |_| fill_from_scan(app, || {})>{t("Fill from scan")}</button>
                <button class="secondary" on:click=move |_| new_case(app)>{t("New case")}</button>
            </div>
            {case_form(app)}
            {move || freeze_frame_note(app)}
            <div class="row">
                <button class="primary" id="save-case" on:click=move |_| save(app)>{t("Save case")}</button>
                <button class="primary" id="go-diagnosis" on:click=move |_| app.screen.set(Screen::Diagnosis)>{t("Diagnose →")}</button>
            </div>
        </section>
    }
}
