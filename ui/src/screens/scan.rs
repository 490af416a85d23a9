//! Scan: VIN, MIL, codes per ECU, freeze frame, readiness; clear behind a confirmation;
//! every module's codes (saved to an estimate as its pre- or post-repair scan).

use leptos::prelude::*;

use crate::api::*;
use crate::{t, tf, tx};
use crate::{App, Screen};

/// Scans the car; the scanned car's VIN replaces a VIN typed on the Vehicle screen.
fn scan_car(app: App) {
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
}

/// Erases the codes (once confirmed), says what was erased and drops the scan.
fn clear_codes(app: App, confirm: RwSignal<bool>) {
    confirm.set(false);
    app.run(
        t("Clearing codes"),
        invoke(ClearCodes { confirmed: true }),
        move |c| {
            app.notice.set(Some(cleared_notice(&c)));
            app.scan.set(None);
        },
    )
}

/// What the clear erased, the code lists not read before it (so what was erased
/// from them is not known), and the permanent codes it left.
fn cleared_notice(c: &Cleared) -> String {
    let unknown = (!c.not_read.is_empty()).then(|| {
        tf(
            " Not read before the clear, so what was erased from them is not known: {}.",
            &[&c.not_read
                .iter()
                .map(|r| tx(r))
                .collect::<Vec<_>>()
                .join("; ")],
        )
    });
    let kept = (!c.not_acknowledged.is_empty()).then(|| {
        tf(
            " NOT cleared — their ECU did not acknowledge the clear (refused it, e.g. with the engine running, or did not answer): {}.",
            &[&c.not_acknowledged.join(", ")],
        )
    });
    let permanent = (!c.permanent.is_empty()).then(|| {
        tf(
            " Permanent codes stay after a clear: {} — each goes only once its monitor runs again and passes.",
            &[&c.permanent.join(", ")],
        )
    });
    (if c.codes.is_empty() && (unknown.is_some() || kept.is_some()) {
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
    }) + &kept.unwrap_or_default()
        + &unknown.unwrap_or_default()
        + &permanent.unwrap_or_default()
}

/// Fills the case form from the scan and opens the Case screen.
fn case_from_scan(app: App) {
    super::case::fill_from_scan(app, move || app.screen.set(Screen::Case));
}

/// Scan, Create case from this scan, Clear codes (which asks first).
fn scan_buttons(app: App, confirm: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="row">
            <button class="primary" id="scan" on:click=move |_| scan_car(app)>{t("Scan the car")}</button>
            <button class="secondary" id="to-case" disabled=move || app.scan.get().is_none() on:click=move |_| case_from_scan(app)>{t("Create case from this scan →")}</button>
            <button class="danger" id="clear" disabled=move || app.connected.get().is_none() on:click=move |_| confirm.set(true)>{t("Clear codes…")}</button>
        </div>
    }
}

/// Not connected and nothing scanned yet: the way to the Connect screen.
fn not_connected_hint(app: App) -> impl IntoView {
    view! {
        <p class="hint">{t("Not connected. ")}<a href="#" on:click=move |ev| { ev.prevent_default(); app.screen.set(Screen::Connect) }>{t("Connect to the car")}</a>{t(" first.")}</p>
    }
}

/// The question before the codes are erased: what else a clear erases.
fn clear_confirmation(app: App, confirm: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="confirm" role="alertdialog" id="confirm-clear">
            <strong>{t("Erase the fault codes?")}</strong>
            <p>{t("This also erases the freeze frame and resets every readiness monitor: the car will need a drive cycle before an emissions test. Save the scan in a case first.")}</p>
            <button class="danger" id="confirm-clear-yes" on:click=move |_| clear_codes(app, confirm)>{t("Yes, erase codes")}</button>
            <button class="secondary" on:click=move |_| confirm.set(false)>{t("Cancel")}</button>
        </div>
    }
}

/// What the scan is reading now, while it runs.
fn progress_line(app: App) -> impl IntoView {
    move || {
        app.busy
            .get()
            .and_then(|_| app.progress.get().last().map(|p| tx(&p.label)))
            .map(|l| view! { <p class="hint" id="scan-progress">{l}</p> })
    }
}

/// The check-engine lamp: on, off, or not known (the monitor status, 01 01, was not read:
/// "Could not read" says why).
fn mil_badge(mil_on: Option<bool>) -> AnyView {
    match mil_on {
        Some(true) => view! { <span class="badge bad" id="mil">{t("MIL ON")}</span> }.into_any(),
        Some(false) => view! { <span class="badge good" id="mil">{t("MIL off")}</span> }.into_any(),
        None => view! { <span class="badge bad" id="mil">{t("MIL NOT KNOWN")}</span> }.into_any(),
    }
}

/// VIN, check engine, code count and battery at a glance.
fn summary_card(s: &ScanView) -> impl IntoView {
    view! {
        <div class="card summary">
            <div><span class="label">{t("VIN")}</span><span class="big mono" id="scan-vin">{s.vin.clone().unwrap_or_else(|| t("not reported").into())}</span></div>
            <div><span class="label">{t("Check engine")}</span>{mil_badge(s.mil_on)}</div>
            <div><span class="label">{t("Codes")}</span><span class="big">{s.dtc_count.map(|n| n.to_string()).unwrap_or_else(|| "?".into())}</span></div>
            <div><span class="label">{t("Battery")}</span><span class="big">{s.battery.clone().unwrap_or_else(|| "?".into())}</span></div>
        </div>
    }
}

/// A code list was not read: the car may have codes this scan does not show.
fn code_lists_warning(lists: &[CodeListView]) -> impl IntoView {
    let rows = lists
        .iter()
        .map(|l| {
            view! {
                <li class=if l.state == "not_read" { "bad" } else { "" } data-state=l.state.clone()>
                    <strong>{tx(&l.label)}</strong>": "{tx(&l.text)}
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="warn" role="alert" id="codes-not-read">
            <p><strong>{t("Not every code list could be read: the car may have codes this scan does not show. Scan again before clearing codes or passing the car.")}</strong></p>
            <ul id="code-lists">{rows}</ul>
        </div>
    }
}

/// One ECU's codes with their status and meaning, or that it has none (in the lists
/// it answered, when a list was not read).
fn ecu_codes(e: &EcuView, complete: bool) -> impl IntoView {
    let rows = e
        .dtcs
        .iter()
        .map(|d| {
            view! {
                <tr class="dtc">
                    <td class="mono code">{d.code.clone()}</td>
                    <td><span class=format!("badge {}", d.status)>{tx(&d.status)}</span></td>
                    <td>{d.meaning.clone()}</td>
                </tr>
            }
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
}

/// The fault codes: the lists not read, "no codes" only when every list was read,
/// then each ECU's codes.
fn fault_codes_card(s: &ScanView) -> impl IntoView {
    let any_codes = s.ecus.iter().any(|e| !e.dtcs.is_empty());
    let complete = s.codes_complete;
    let lists = (!complete).then(|| code_lists_warning(&s.code_lists));
    let ecus = s
        .ecus
        .iter()
        .map(|e| ecu_codes(e, complete))
        .collect::<Vec<_>>();
    view! {
        <div class="card">
            <h2>{t("Fault codes")}</h2>
            {lists}
            {(!any_codes && complete).then(|| view! { <p id="no-codes">{t("No codes stored, pending or permanent.")}</p> })}
            {ecus}
        </div>
    }
}

/// The freeze frame: what stored it, and the values then.
fn freeze_frame_card(ff: FreezeView) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{t("Freeze frame")}</h2>
            <p class="hint">{tx(&ff.title)}</p>
            <table class="kv"><tbody>
                {ff.rows.into_iter().map(|(k, v)| view! { <tr><th>{tx(&k)}</th><td>{tx(&v)}</td></tr> }).collect::<Vec<_>>()}
            </tbody></table>
        </div>
    }
}

/// The readiness monitors, complete or not, and how long since the codes were cleared.
fn readiness_card(s: &ScanView) -> impl IntoView {
    view! {
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
    }
}

/// The on-board monitor tests (service 06): each value against its limits, pass or fail.
fn monitor_tests_card(s: &ScanView) -> impl IntoView {
    view! {
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
    }
}

/// The parts of the scan that could not be read, folded.
fn problems_details(problems: &[String]) -> impl IntoView {
    view! {
        <details class="card"><summary>{tf("Could not read {} item(s)", &[&problems.len().to_string()])}</summary>
            <ul>{problems.iter().map(|p| view! { <li>{crate::tc(p)}</li> }).collect::<Vec<_>>()}</ul>
        </details>
    }
}

/// The scan's report: the adapter lost mid-scan, the summary and its warnings, the fault
/// codes, freeze frame, readiness, monitor tests and what could not be read.
fn scan_report(s: ScanView) -> impl IntoView {
    let freeze = s.freeze_frame.clone().map(freeze_frame_card);
    let readiness = (!s.readiness.is_empty()).then(|| readiness_card(&s));
    let tests = (!s.monitor_tests.is_empty()).then(|| monitor_tests_card(&s));
    view! {
        <div class="report" id="scan-report">
            {s.lost_link.clone().map(|l| view! { <div class="error" role="alert"><strong>{t("The adapter was lost during the scan")}</strong><p>{crate::tc(&l)}</p><p>{t("What was read before is shown below. Reconnect to scan again.")}</p></div> })}
            {summary_card(&s)}
            {s.vin_warnings.iter().map(|w| view! { <p class="warn">{tf("VIN: {}", &[&tx(w)])}</p> }).collect::<Vec<_>>()}
            {s.battery_note.clone().map(|n| view! { <p class="warn">{tx(&n)}</p> })}
            {s.notes.iter().map(|n| view! { <p class="hint scan-note">{crate::tc(n)}</p> }).collect::<Vec<_>>()}
            <p class="hint">{format!("{} · {}", s.adapter, tx(&s.protocol))}</p>
            {fault_codes_card(&s)}
            {freeze}
            {readiness}
            {tests}
            {(!s.problems.is_empty()).then(|| problems_details(&s.problems))}
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    let confirm = RwSignal::new(false);

    view! {
        <section class="screen" id="screen-scan">
            <h1>{t("Scan")}</h1>
            {scan_buttons(app, confirm)}
            {move || (app.connected.get().is_none() && app.scan.get().is_none()).then(|| not_connected_hint(app))}
            {move || confirm.get().then(|| clear_confirmation(app, confirm))}
            {progress_line(app)}
            {move || app.scan.get().map(scan_report)}
            {super::module_scans::scan_modules_panel(app)}
        </section>
    }
}
