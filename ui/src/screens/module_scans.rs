//! All-module scans: the Scan screen's "Scan all modules" with its save to an
//! estimate as the pre- or post-repair scan, and the Estimate screen's scans
//! with their comparison.

use leptos::prelude::*;

use crate::api::*;
use crate::App;
use crate::{t, tf};

/// One scan: a row per module with its present codes, what was not read.
fn scan_table(v: ModuleScanView) -> impl IntoView {
    let rows = v
        .modules
        .into_iter()
        .map(|m| {
            let codes = match (m.not_read, m.codes.is_empty()) {
                (Some(why), _) => view! { <td class="bad">{t("NOT READ — ")}{crate::tx(&why)}</td> }.into_any(),
                (None, true) => view! { <td class="hint">{t("no codes")}</td> }.into_any(),
                (None, false) => view! {
                    <td>{m.codes.into_iter().map(|c| view! { <div class="dtc">{crate::tx(&c)}</div> }).collect::<Vec<_>>()}</td>
                }
                .into_any(),
            };
            view! { <tr class="module"><th>{crate::tx(&m.module)}</th>{codes}</tr> }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="module-scan">
            <h3>{crate::tx(&v.title)}</h3>
            <p class="hint">{crate::tx(&v.detail)}</p>
            {v.warnings.into_iter().map(|w| view! { <p class="warn">{crate::tc(&w)}</p> }).collect::<Vec<_>>()}
            <table><tbody>{rows}</tbody></table>
        </div>
    }
}

/// The all-module scan's state: its result, the estimate and stage to save it
/// as, and what the save said (all `Copy`, so each part and action takes it by
/// value).
#[derive(Clone, Copy)]
struct ModuleScan {
    app: App,
    result: RwSignal<Option<ModuleScanView>>,
    /// The estimate's number as typed (`1` or `EST-0001`).
    estimate: RwSignal<String>,
    /// `pre` or `post` (repair).
    stage: RwSignal<String>,
    /// The stage saved and what to say of it.
    saved: RwSignal<Option<(String, String)>>,
}

impl ModuleScan {
    /// The estimate is the one open on the Estimate screen, if any.
    fn new(app: App) -> ModuleScan {
        ModuleScan {
            app,
            result: RwSignal::new(None::<ModuleScanView>),
            estimate: RwSignal::new(
                app.estimate
                    .with_untracked(|e| e.as_ref().map(|e| e.id.to_string()))
                    .unwrap_or_default(),
            ),
            stage: RwSignal::new(String::from("pre")),
            saved: RwSignal::new(None::<(String, String)>),
        }
    }

    /// Scans every module.
    fn scan(self) {
        self.app.progress.set(Vec::new());
        self.saved.set(None);
        self.app.run(
            t("Scanning every module"),
            invoke(ScanModules {}),
            move |v| self.result.set(Some(v)),
        )
    }

    /// Saves the scan to the estimate typed, as its pre- or post-repair scan.
    fn save(self) {
        let app = self.app;
        let Ok(id) = self
            .estimate
            .get_untracked()
            .trim()
            .trim_start_matches("EST-")
            .parse::<i64>()
        else {
            app.error.set(Some(UiError {
                title: t("Check the form").into(),
                message: t("Estimate: type the estimate's number, e.g. 1 or EST-0001").into(),
            }));
            return;
        };
        let stage = self.stage.get_untracked();
        app.run(
            t("Saving the scan to the estimate"),
            invoke(ModuleScanToEstimate {
                id,
                stage: stage.clone(),
            }),
            move |v| {
                let text = if stage == "pre" {
                    tf("Saved to {} as its pre-repair scan.", &[&v.reference])
                } else {
                    tf("Saved to {} as its post-repair scan.", &[&v.reference])
                };
                self.saved.set(Some((stage, text)));
                app.estimate.set(Some(v));
            },
        )
    }
}

/// The scan's table, and the estimate and stage to save it to.
fn module_scan_result(s: ModuleScan, v: ModuleScanView) -> impl IntoView {
    view! {
        <div id="module-scan">{scan_table(v)}</div>
        <div class="row">
            <label>{t("Estimate ")}<input id="module-scan-estimate" size="8" placeholder="EST-0001" prop:value=move || s.estimate.get()
                on:input=move |ev| s.estimate.set(event_target_value(&ev)) /></label>
            <select id="module-scan-stage" prop:value=move || s.stage.get() on:change=move |ev| s.stage.set(event_target_value(&ev))>
                <option value="pre">{t("pre-repair")}</option>
                <option value="post">{t("post-repair")}</option>
            </select>
            <button class="primary" id="module-scan-save" on:click=move |_| s.save()>{t("Save to the estimate")}</button>
        </div>
    }
}

/// The Scan screen's all-module scan and its save to an estimate.
pub fn scan_modules_panel(app: App) -> impl IntoView {
    let s = ModuleScan::new(app);
    view! {
        <div class="card" id="module-scan-card">
            <h2>{t("Every module")}</h2>
            <p class="hint">{t("Engine, transmission, ABS, airbag, body, radar and the others over UDS — for collision work, scan before and after the repair and save each scan to the estimate.")}</p>
            <div class="row">
                <button class="secondary" id="scan-modules" disabled=move || app.connected.get().is_none() on:click=move |_| s.scan()>{t("Scan all modules")}</button>
            </div>
            {move || s.result.get().map(|v| module_scan_result(s, v))}
            {move || s.saved.get().map(|(stage, t)| view! {
                <div class="notice" role="status" id="module-scan-saved" data-stage=stage>{t}</div>
            })}
        </div>
    }
}

/// The Estimate screen's pre- and post-repair scans with their comparison (nothing when none
/// was saved).
pub fn repair_scans_card(e: &EstimateView) -> impl IntoView {
    let scans = e.scans.clone();
    (!scans.scans.is_empty()).then(|| {
        let list = |c: Vec<String>| if c.is_empty() { "—".to_string() } else { c.join(", ") };
        let comparison = match scans.comparison {
            Some(rows) => view! {
                <h3>{t("Before and after the repair")}</h3>
                <table id="est-scan-comparison"><tbody>
                    <tr><th>{t("Module")}</th><th>{t("New after the repair")}</th><th>{t("Cleared by the repair")}</th><th>{t("Still present")}</th></tr>
                    {rows.into_iter().map(|r| view! {
                        <tr class="module">
                            <td>{crate::tx(&r.module)}{r.caveat.map(|c| view! { <div class="hint">{crate::tx(&c)}</div> })}</td>
                            <td class="bad">{list(r.new)}</td>
                            <td class="good">{list(r.cleared)}</td>
                            <td>{list(r.still_present)}</td>
                        </tr>
                    }).collect::<Vec<_>>()}
                </tbody></table>
                {(!scans.clean.is_empty()).then(|| view! { <p class="hint">{t("No code in either scan: ")}{scans.clean.iter().map(|m| crate::tx(m)).collect::<Vec<_>>().join(", ")}</p> })}
            }
            .into_any(),
            None => view! { <p class="hint">{t("The comparison shows once both the pre- and the post-repair scan are saved.")}</p> }.into_any(),
        };
        view! {
            <div class="card" id="est-scans">
                <h2>{t("Diagnostic scans of every module")}</h2>
                {scans.scans.into_iter().map(scan_table).collect::<Vec<_>>()}
                {comparison}
            </div>
        }
    })
}
