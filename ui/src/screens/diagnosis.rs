//! Diagnosis: ranked causes with confidence bars and evidence; the plan as a
//! checklist whose pass/fail re-ranks.

use leptos::prelude::*;

use crate::api::*;
use crate::{t, tf};
use crate::{App, Screen};

/// "Ask about this case": the Ask screen opens on the case (saved first if it
/// is not yet), in a new conversation.
fn ask_about(app: App) {
    let open = move |id: i64| {
        app.ask_case.set(Some(id));
        app.conversation.set(None);
        app.screen.set(Screen::Ask);
    };
    if let Some(id) = app.form.with_untracked(|f| f.id) {
        return open(id);
    }
    let form = app.form.get_untracked();
    app.run(
        t("Saving the case"),
        invoke(SaveCase { form }),
        move |saved| {
            let id = saved.id;
            app.form.set(saved);
            app.save_draft();
            if let Some(id) = id {
                open(id);
            }
        },
    );
}

fn run(app: App) {
    let form = app.form.get_untracked();
    app.run(t("Diagnosing"), invoke(RunDiagnosis { form }), move |d| {
        app.diagnosis.set(Some(d))
    });
}

fn record(app: App, step: String, outcome: Option<Outcome>) {
    app.form.update(|f: &mut CaseForm| {
        f.test_results.retain(|t| t.step_id != step);
        if let Some(o) = outcome {
            f.test_results.push(StepResult {
                step_id: step.clone(),
                outcome: o,
                note: None,
            });
        }
    });
    app.save_draft();
    run(app);
}

/// A word the engine answers with (a cause's system, the confidence label:
/// `air_fuel`, `high`) as the screen shows it, in the language chosen.
fn engine_word(word: &str) -> String {
    crate::tx(&word.replace('_', " "))
}

fn evidence_list(items: &[EvidenceView], class: &'static str) -> impl IntoView {
    items
        .iter()
        .map(|e| {
            view! {
                <li class=class>
                    {shopbench_i18n::tr_noted(crate::lang(), &e.detail)}
                    <small>{format!(" ×{:.2}", e.likelihood_ratio)}</small>
                </li>
            }
        })
        .collect::<Vec<_>>()
}

/// The manufacturers' bulletins that bear on the case, under the line that
/// says where they come from (or why there are none).
fn bulletins(d: &DiagnosisView) -> impl IntoView {
    let items = d
        .bulletins
        .iter()
        .map(|b| {
            view! {
                <li>
                    <strong>{format!("{} — {}", b.reference, crate::tx(&b.why))}</strong>
                    <p class="hint">{b.summary.clone()}</p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    (!d.bulletins_heading.is_empty()).then(|| {
        view! {
            <div class="card" id="bulletins">
                <p>{crate::tx(&d.bulletins_heading)}</p>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// The outcome recorded for plan step `id`, if any.
fn step_result(app: App, id: &str) -> Option<Outcome> {
    app.form.with(|f| {
        f.test_results
            .iter()
            .find(|t| t.step_id == id)
            .map(|t| t.outcome)
    })
}

/// Writes the diagnosis's PDF.
fn save_pdf(app: App, pdf: RwSignal<Option<SavedPdf>>) {
    let form = app.form.get_untracked();
    app.run(t("Writing the PDF"), invoke(SavePdf { form }), move |p| {
        pdf.set(Some(p))
    })
}

/// Cause `i` (from 0): its rank, name, system and probability bar, and the
/// evidence for and against it.
fn cause_item(i: usize, c: &CauseView) -> impl IntoView {
    let pct = (c.probability * 100.0).round();
    view! {
        <li class="cause">
            <div class="cause-head">
                <span class="rank">{i + 1}</span>
                <span class="cause-name">{crate::tx(&c.name)}</span>
                <span class="system">{engine_word(&c.system)}</span>
                <span class="pct">{format!("{pct:.0} %")}</span>
            </div>
            <div class="bar" role="meter" aria-valuenow=pct aria-valuemin="0" aria-valuemax="100">
                <div class="fill" style=format!("width: {pct}%")></div>
            </div>
            <details>
                <summary>{tf("Evidence ({} for, {} against)", &[&c.evidence_for.len().to_string(), &c.evidence_against.len().to_string()])}</summary>
                <ul class="evidence">
                    {evidence_list(&c.evidence_for, "for")}
                    {evidence_list(&c.evidence_against, "against")}
                </ul>
            </details>
        </li>
    }
}

/// A step of the test plan: what to do, with what, what is normal and how
/// long, and Pass / Fail / Undo (the chosen outcome marked).
fn plan_step(app: App, s: &PlanStepView) -> impl IntoView {
    let id = s.id.clone();
    let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
    let state = {
        let id = id.clone();
        move || step_result(app, &id)
    };
    view! {
        <li class="plan-step" data-step=id.clone()>
            <div class="step-main">
                <strong>{format!("{}. {}", s.order, shopbench_i18n::tr_parts(crate::lang(), &s.instruction, " — "))}</strong>
                <p class="hint">{tf("Tools: {} · Normal: {} · about {} min", &[&crate::tx(&s.tool), &crate::tx(&s.expected), &format!("{:.0}", s.minutes)])}</p>
            </div>
            <div class="step-buttons">
                <button class="small pass" class:chosen={let st = state.clone(); move || st() == Some(Outcome::Pass)} on:click=move |_| record(app, id1.clone(), Some(Outcome::Pass))>{t("Pass")}</button>
                <button class="small fail" class:chosen=move || state() == Some(Outcome::Fail) on:click=move |_| record(app, id2.clone(), Some(Outcome::Fail))>{t("Fail")}</button>
                <button class="small secondary" on:click=move |_| record(app, id3.clone(), None)>{t("Undo")}</button>
            </div>
        </li>
    }
}

/// The most likely causes (the first eight), or what to add when there are none.
fn causes_card(d: &DiagnosisView, causes: Vec<impl IntoView>) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{t("Most likely causes")}</h2>
            {d.causes.is_empty().then(|| view! { <p>{t("No candidate causes: add codes, a complaint or findings.")}</p> })}
            <ol class="causes" id="causes">{causes}</ol>
        </div>
    }
}

/// The test plan, and what would raise the confidence.
fn plan_card(d: &DiagnosisView, plan: Vec<impl IntoView>) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{t("Test plan")}</h2>
            <p class="hint">{t("Pass = the normal result was seen. Each result re-ranks the causes.")}</p>
            <ol class="plan" id="plan">{plan}</ol>
            {(!d.raise_confidence.is_empty()).then(|| view! {
                <h3>{t("To raise the confidence")}</h3>
                <ul>{d.raise_confidence.iter().map(|r| view! { <li>{crate::tx(r)}</li> }).collect::<Vec<_>>()}</ul>
            })}
        </div>
    }
}

/// The diagnosis: its confidence, warnings, the causes, the test plan and the
/// bulletins.
fn diagnosis_result(app: App, d: DiagnosisView) -> impl IntoView {
    let causes = d
        .causes
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, c)| cause_item(i, c))
        .collect::<Vec<_>>();
    let plan = d.plan.iter().map(|s| plan_step(app, s)).collect::<Vec<_>>();
    view! {
        <div id="diagnosis-result">
            <div class="card summary">
                <div><span class="label">{t("Confidence")}</span>
                    <span class="big" id="confidence">{format!("{} ({:.0} %)", engine_word(&d.confidence_label), d.confidence * 100.0)}</span></div>
            </div>
            {d.warnings.iter().map(|w| view! { <p class="warn">{crate::tx(w)}</p> }).collect::<Vec<_>>()}
            <div class="columns">
                {causes_card(&d, causes)}
                {plan_card(&d, plan)}
            </div>
            {bulletins(&d)}
        </div>
    }
}

/// The case diagnosed: its VIN, complaint and codes.
fn case_line(app: App) -> impl IntoView {
    view! {
        <p class="hint">{move || app.form.with(|f| {
            let codes: Vec<&str> = f.codes.lines().filter_map(|l| l.split_whitespace().next()).collect();
            tf("{} · {} · codes: {}", &[
                if f.vin.is_empty() { t("no VIN") } else { f.vin.as_str() },
                if f.complaint.is_empty() { t("no complaint") } else { f.complaint.as_str() },
                &if codes.is_empty() { t("none").to_string() } else { codes.join(", ") },
            ])
        })}</p>
    }
}

/// Run diagnosis, Save PDF, Open PDF, Ask about this case, and where the PDF
/// was saved.
fn actions(app: App, pdf: RwSignal<Option<SavedPdf>>) -> impl IntoView {
    view! {
        <div class="row">
            <button class="primary" id="run-diagnosis" on:click=move |_| run(app)>{t("Run diagnosis")}</button>
            <button class="secondary" id="save-pdf" disabled=move || app.diagnosis.get().is_none() on:click=move |_| save_pdf(app, pdf)>{t("Save PDF")}</button>
            {super::open_pdf_button(app, pdf, "open-pdf", t("Open PDF"))}
            <button class="secondary" id="ask-about-case" on:click=move |_| ask_about(app)>{t("Ask about this case")}</button>
        </div>
        {super::saved_pdf_notice(pdf, "pdf-path", t("PDF saved: "))}
    }
}

pub fn view(app: App) -> impl IntoView {
    let pdf = RwSignal::new(None::<SavedPdf>);
    view! {
        <section class="screen" id="screen-diagnosis">
            <h1>{t("Diagnosis")}</h1>
            {case_line(app)}
            {actions(app, pdf)}
            {move || app.diagnosis.get().map(|d| diagnosis_result(app, d))}
            {super::close_case::card(app)}
        </section>
    }
}
