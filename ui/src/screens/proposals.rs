//! The damage detector on the Estimate screen: "Find damage" runs the shop's
//! model over the estimate's photos; each proposal is a dashed box on its
//! photo and a row to confirm (changing the panel, type or severity the
//! detector got wrong, or moving its box: a box drawn on that photo replaces
//! the detector's) or drop. A proposal is never priced until confirmed.

use leptos::prelude::*;

use crate::api::*;
use crate::App;
use crate::{t, tf};

/// The sides a photo can show (the detector names the panel under a box from it).
const SIDES: [&str; 5] = ["", "front", "rear", "left", "right"];

/// The dashed boxes of the open proposals on `photo`.
pub fn boxes(e: &EstimateView, photo: &str) -> Vec<AnyView> {
    e.proposals
        .iter()
        .filter(|p| p.photo == photo)
        .map(|p| {
            let r = p.region;
            view! {
                <rect class="proposal" data-proposal=p.id x=r[0] y=r[1] width=r[2] height=r[3]>
                    <title>{tf("{} {} % (proposed)", &[&p.label, &format!("{:.0}", p.confidence * 100.0)])}</title>
                </rect>
            }
            .into_any()
        })
        .collect()
}

/// A picker for one proposal's field: empty keeps the detector's (`keep` says what that is).
fn picker(
    class: &'static str,
    value: RwSignal<String>,
    keep: String,
    (options, lists): (Vec<String>, &Pickers),
) -> impl IntoView {
    view! {
        <select class=class on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="" selected=true>{keep}</option>
            {options.into_iter().map(|o| view! { <option value=o.clone()>{super::estimate::shown(lists, &o)}</option> }).collect::<Vec<_>>()}
        </select>
    }
}

/// One proposal's row: what the detector saw, and the estimator's answer.
fn row<F, M>(app: App, id: i64, p: ProposalView, lists: Pickers, show: F, moved: M) -> impl IntoView
where
    F: Fn(EstimateView) + Copy + Send + Sync + 'static,
    M: Fn(&str) -> Option<[f32; 4]> + Copy + Send + Sync + 'static,
{
    let (panel, damage, severity) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let area = p.id;
    let (photo, photo2) = (p.photo.clone(), p.photo.clone());
    let confirm = move || {
        let proposal = ProposalForm {
            area,
            panel: panel.get_untracked(),
            damage_type: damage.get_untracked(),
            severity: severity.get_untracked(),
            region: moved(&photo),
        };
        app.run(
            t("Pricing"),
            invoke(EstimateConfirmProposal { id, proposal }),
            show,
        )
    };
    let drop = move || {
        app.run(
            t("Dropping"),
            invoke(EstimateDropProposal { id, area }),
            show,
        )
    };
    let keep = |v: Option<&String>, none: &str| match v {
        Some(v) => tf("{} (detector)", &[&super::estimate::shown(&lists, v)]),
        None => none.to_string(),
    };
    view! {
        <li class="proposal" data-proposal=p.id>
            <strong>{format!("{} · {:.0} %", p.label, p.confidence * 100.0)}</strong>
            <span class="hint">{tf(" on {} · {}", &[&p.photo, &p.detector])}</span>
            {picker("proposal-panel", panel, keep(p.panel.as_ref(), t("panel?")), (lists.panels.clone(), &lists))}
            {picker("proposal-type", damage, keep(p.damage_type.as_ref(), t("type?")), (lists.damage_types.clone(), &lists))}
            {picker("proposal-severity", severity, keep(Some(&p.severity), ""), (lists.severities.clone(), &lists))}
            <button class="small accept" on:click=move |_| confirm()>{t("Confirm")}</button>
            {move || moved(&photo2).map(|_| view! { <span class="hint moved">{t("(with the box you drew)")}</span> })}
            <button class="small secondary drop" on:click=move |_| drop()>{t("Drop")}</button>
        </li>
    }
}

/// The detector's part of the Estimate screen for estimate `e`; `photo` is
/// the photo the estimator picked (its side is recorded before the look).
/// `moved` gives the box the estimator drew on a photo, if any.
pub fn card<F, M>(
    app: App,
    e: &EstimateView,
    photo: RwSignal<String>,
    pickers: RwSignal<Pickers>,
    show: F,
    moved: M,
) -> impl IntoView
where
    F: Fn(EstimateView) + Copy + Send + Sync + 'static,
    M: Fn(&str) -> Option<[f32; 4]> + Copy + Send + Sync + 'static,
{
    let id = e.id;
    let side = RwSignal::new(String::new());
    let detect = move || {
        let (p, s) = (photo.get_untracked(), side.get_untracked());
        let views = if p.is_empty() || s.is_empty() {
            Vec::new()
        } else {
            vec![format!("{p}={s}")]
        };
        app.run(
            t("Looking for damage"),
            invoke(EstimateDetect { id, views }),
            show,
        )
    };
    let lists = pickers.get_untracked();
    let rows = e
        .proposals
        .iter()
        .map(|p| row(app, id, p.clone(), lists.clone(), show, moved))
        .collect::<Vec<_>>();
    view! {
        <h3>{t("Damage detector")}</h3>
        <p class="hint">{t("The shop's damage model proposes boxes (dashed); each is priced only once you confirm it. Say which side the picked photo shows, so it can name the panel.")}</p>
        <div class="row detect-row">
            <label for="est-detect-side">{t("Picked photo shows")}</label>
            <select id="est-detect-side" on:change=move |ev| side.set(event_target_value(&ev))>
                {SIDES.iter().map(|s| view! { <option value=*s>{if s.is_empty() { t("(side not said)") } else { s }}</option> }).collect::<Vec<_>>()}
            </select>
            <button class="secondary" id="est-detect" disabled=move || app.busy.get().is_some() on:click=move |_| detect()>{t("Find damage")}</button>
        </div>
        <ul class="areas" id="est-proposals">{rows}</ul>
    }
}
