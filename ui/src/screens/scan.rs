//! Scan: VIN, MIL, codes per ECU, freeze frame, readiness; clear behind a confirmation;
//! every module's codes (saved to an estimate as its pre- or post-repair scan).

use leptos::prelude::*;

use crate::api::*;
use crate::{t, tf, tx};
use crate::{App, Screen};

pub fn view(app: App) -> impl IntoView {
    let confirm = RwSignal::new(false);

    let scan = move || {
        app.progress.set(Vec::new());
        app.run(t("Scanning the car"), invoke(Scan {}), move |v| {
            if v.lost_link.is_some() {
                app.connected.set(None);
            }
            // The scanned car's VIN replaces a VIN typed on the Vehicle screen.
            if v.vin.is_some() {
                app.keep_drafts(|d| d.vin.clear());
            }
            app.scan.set(Some(v))
        })
    };
    let clear = move || {
        confirm.set(false);
        app.run(
            t("Clearing codes"),
            invoke(ClearCodes { confirmed: true }),
            move |c| {
                let unknown = (!c.not_read.is_empty()).then(|| {
                    tf(
                        " Not read before the clear, so what was erased from them is not known: {}.",
                        &[&c.not_read.iter().map(|r| tx(r)).collect::<Vec<_>>().join("; ")],
                    )
                });
                app.notice.set(Some(if c.codes.is_empty() && unknown.is_some() {
                    tf(
                        "The clear was sent; {} ECU(s) acknowledged it.",
                        &[&c.acknowledged.to_string()],
                    )
                } else if c.codes.is_empty() {
                    tf(
                        "No codes were stored; {} ECU(s) acknowledged the clear.",
                        &[&c.acknowledged.to_string()],
                    )
                } else {
                    tf(
                        "Cleared {} — scan again to check what comes back.",
                        &[&c.codes.join(", ")],
                    )
                } + &unknown.unwrap_or_default()));
                app.scan.set(None);
            },
        )
    };
    let to_case = move || {
        let form = app.form.get_untracked();
        app.run(
            t("Filling the case from the scan"),
            invoke(CaseFromScan { form }),
            move |f| {
                app.form.set(f);
                app.save_draft();
                app.screen.set(Screen::Case);
            },
        )
    };

    let progress_line = move || {
        app.busy
            .get()
            .and_then(|_| app.progress.get().last().map(|p| tx(&p.label)))
            .map(|l| view! { <p class="hint" id="scan-progress">{l}</p> })
    };

    let report = move || {
        app.scan.get().map(|s| {
            let mil = match s.mil_on {
                Some(true) => view! { <span class="badge bad" id="mil">{t("MIL ON")}</span> }.into_any(),
                Some(false) => view! { <span class="badge good" id="mil">{t("MIL off")}</span> }.into_any(),
                None => view! { <span class="badge" id="mil">{t("MIL not reported")}</span> }.into_any(),
            };
            let any_codes = s.ecus.iter().any(|e| !e.dtcs.is_empty());
            let complete = s.codes_complete;
            let lists = (!complete).then(|| {
                let rows = s
                    .code_lists
                    .iter()
                    .map(|l| view! {
                        <li class=if l.state == "not_read" { "bad" } else { "" } data-state=l.state.clone()>
                            <strong>{tx(&l.label)}</strong>": "{tx(&l.text)}
                        </li>
                    })
                    .collect::<Vec<_>>();
                view! {
                    <div class="warn" role="alert" id="codes-not-read">
                        <p><strong>{t("Not every code list could be read: the car may have codes this scan does not show. Scan again before clearing codes or passing the car.")}</strong></p>
                        <ul id="code-lists">{rows}</ul>
                    </div>
                }
            });
            let ecus = s
                .ecus
                .iter()
                .map(|e| {
                    let rows = e
                        .dtcs
                        .iter()
                        .map(|d| view! {
                            <tr class="dtc">
                                <td class="mono code">{d.code.clone()}</td>
                                <td><span class=format!("badge {}", d.status)>{tx(&d.status)}</span></td>
                                <td>{d.meaning.clone()}</td>
                            </tr>
                        })
                        .collect::<Vec<_>>();
                    view! {
                        <div class="ecu">
                            <h3>{tx(&e.title)}</h3>
                            {if e.dtcs.is_empty() {
                                view! { <p class="hint">{if complete { t("No codes.") } else { t("No codes in the lists it answered.") }}</p> }.into_any()
                            } else {
                                view! { <table><tbody>{rows}</tbody></table> }.into_any()
                            }}
                        </div>
                    }
                })
                .collect::<Vec<_>>();
            let freeze = s.freeze_frame.clone().map(|ff| view! {
                <div class="card">
                    <h2>{t("Freeze frame")}</h2>
                    <p class="hint">{tx(&ff.title)}</p>
                    <table class="kv"><tbody>
                        {ff.rows.into_iter().map(|(k, v)| view! { <tr><th>{tx(&k)}</th><td>{tx(&v)}</td></tr> }).collect::<Vec<_>>()}
                    </tbody></table>
                </div>
            });
            let readiness = (!s.readiness.is_empty()).then(|| view! {
                <div class="card">
                    <h2>{t("Readiness monitors")}</h2>
                    {s.since_cleared.clone().map(|t| view! { <p id="since-cleared">{tx(&t)}</p> })}
                    <ul class="monitors">
                        {s.readiness.iter().map(|m| view! {
                            <li class=if m.complete { "good" } else { "bad" }>
                                {if m.complete { "✔ " } else { "✖ " }}{tx(&m.name)}
                                {if m.complete { "" } else { t(" — not complete") }}
                            </li>
                        }).collect::<Vec<_>>()}
                    </ul>
                </div>
            });
            let tests = (!s.monitor_tests.is_empty()).then(|| view! {
                <div class="card">
                    <h2>{t("On-board monitor tests (06)")}</h2>
                    <table id="monitor-tests"><tbody>
                        <tr><th>{t("Monitor")}</th><th>{t("Test")}</th><th>{t("Value")}</th><th>{t("Limits")}</th><th></th></tr>
                        {s.monitor_tests.iter().map(|m| view! {
                            <tr class=if m.passed { "good" } else { "bad" }>
                                <td>{tx(&m.monitor)}</td><td class="mono">{m.test.clone()}</td>
                                <td class="mono">{m.value.clone()}</td><td class="mono">{m.limits.clone()}</td>
                                <td>{if m.passed { t("pass") } else { t("FAIL") }}</td>
                            </tr>
                        }).collect::<Vec<_>>()}
                    </tbody></table>
                </div>
            });
            view! {
                <div class="report" id="scan-report">
                    {s.lost_link.clone().map(|l| view! { <div class="error" role="alert"><strong>{t("The adapter was lost during the scan")}</strong><p>{crate::tc(&l)}</p><p>{t("What was read before is shown below. Reconnect to scan again.")}</p></div> })}
                    <div class="card summary">
                        <div><span class="label">{t("VIN")}</span><span class="big mono" id="scan-vin">{s.vin.clone().unwrap_or_else(|| t("not reported").into())}</span></div>
                        <div><span class="label">{t("Check engine")}</span>{mil}</div>
                        <div><span class="label">{t("Codes")}</span><span class="big">{s.dtc_count.map(|n| n.to_string()).unwrap_or_else(|| "?".into())}</span></div>
                        <div><span class="label">{t("Battery")}</span><span class="big">{s.battery.clone().unwrap_or_else(|| "?".into())}</span></div>
                    </div>
                    {s.vin_warnings.iter().map(|w| view! { <p class="warn">{tf("VIN: {}", &[&tx(w)])}</p> }).collect::<Vec<_>>()}
                    {s.battery_note.clone().map(|n| view! { <p class="warn">{tx(&n)}</p> })}
                    <p class="hint">{format!("{} · {}", s.adapter, tx(&s.protocol))}</p>
                    <div class="card">
                        <h2>{t("Fault codes")}</h2>
                        {lists}
                        {(!any_codes && complete).then(|| view! { <p id="no-codes">{t("No codes stored, pending or permanent.")}</p> })}
                        {ecus}
                    </div>
                    {freeze}
                    {readiness}
                    {tests}
                    {(!s.problems.is_empty()).then(|| view! {
                        <details class="card"><summary>{tf("Could not read {} item(s)", &[&s.problems.len().to_string()])}</summary>
                            <ul>{s.problems.iter().map(|p| view! { <li>{crate::tc(p)}</li> }).collect::<Vec<_>>()}</ul>
                        </details>
                    })}
                </div>
            }
        })
    };

    view! {
        <section class="screen" id="screen-scan">
            <h1>{t("Scan")}</h1>
            <div class="row">
                <button class="primary" id="scan" on:click=move |_| scan()>{t("Scan the car")}</button>
                <button class="secondary" id="to-case" disabled=move || app.scan.get().is_none() on:click=move |_| to_case()>{t("Create case from this scan →")}</button>
                <button class="danger" id="clear" disabled=move || app.connected.get().is_none() on:click=move |_| confirm.set(true)>{t("Clear codes…")}</button>
            </div>
            {move || (app.connected.get().is_none() && app.scan.get().is_none()).then(|| view! {
                <p class="hint">{t("Not connected. ")}<a href="#" on:click=move |ev| { ev.prevent_default(); app.screen.set(Screen::Connect) }>{t("Connect to the car")}</a>{t(" first.")}</p>
            })}
            {move || confirm.get().then(|| view! {
                <div class="confirm" role="alertdialog" id="confirm-clear">
                    <strong>{t("Erase the fault codes?")}</strong>
                    <p>{t("This also erases the freeze frame and resets every readiness monitor: the car will need a drive cycle before an emissions test. Save the scan in a case first.")}</p>
                    <button class="danger" id="confirm-clear-yes" on:click=move |_| clear()>{t("Yes, erase codes")}</button>
                    <button class="secondary" on:click=move |_| confirm.set(false)>{t("Cancel")}</button>
                </div>
            })}
            {progress_line}
            {report}
            {super::module_scans::scan_modules_panel(app)}
        </section>
    }
}
