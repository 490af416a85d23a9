//! Live data: pick PIDs, watch their numbers with units and a sparkline of the
//! last minute, record every round to CSV. Polls the shell twice a second
//! while running; leaving the screen stops the polling and the recording.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::*;
use crate::App;
use crate::{t, tf};

/// Values kept per PID for the sparkline (2 per second: the last minute).
const HISTORY: usize = 120;
const SPARK_W: f64 = 220.0;
const SPARK_H: f64 = 44.0;

/// The PIDs picked when the screen opens.
const DEFAULT_PIDS: [&str; 4] = ["rpm", "speed", "coolant_temp", "engine_load"];

/// SVG polyline points for `values`, scaled to fill the sparkline box.
fn spark_points(values: &[f64]) -> String {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    // The whole width from the first value on; the window slides once full.
    let step = SPARK_W / values.len().saturating_sub(1).max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = step * i as f64;
            let y = SPARK_H - 2.0 - (v - lo) / span * (SPARK_H - 4.0);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fmt_num(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub fn view(app: App) -> impl IntoView {
    let choices = RwSignal::new(Vec::<PidChoice>::new());
    let picked = RwSignal::new(DEFAULT_PIDS.map(String::from).to_vec());
    let running = RwSignal::new(false);
    let latest = RwSignal::new(Vec::<LiveValue>::new());
    let history = RwSignal::new(BTreeMap::<String, Vec<f64>>::new());
    let recording = RwSignal::new(None::<RecordingStatus>);
    let problems = RwSignal::new(Vec::<String>::new());

    app.run(t("Loading the PID list"), invoke(LivePids {}), move |c| {
        choices.set(c)
    });

    on_cleanup(move || {
        spawn_local(async move {
            let _ = invoke(LiveRecordStop {}).await;
        })
    });

    let start = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        app.error.set(None);
        spawn_local(async move {
            while running.try_get_untracked() == Some(true) {
                let pids = picked.get_untracked();
                match invoke(LiveRead { pids }).await {
                    Ok(frame) => {
                        history.try_update(|h| {
                            for v in &frame.values {
                                if let Some(n) = v.number {
                                    let series = h.entry(v.name.clone()).or_default();
                                    series.push(n);
                                    if series.len() > HISTORY {
                                        series.remove(0);
                                    }
                                }
                            }
                        });
                        // a failed request is shown, and the next round tried
                        if !frame.values.is_empty() || frame.problems.is_empty() {
                            latest.try_set(frame.values);
                        }
                        problems.try_set(frame.problems);
                        recording.try_set(frame.recording);
                    }
                    Err(e) => {
                        running.try_set(false);
                        app.error.set(Some(e));
                        break;
                    }
                }
                sleep(500).await;
            }
        });
    };
    let stop = move || running.set(false);

    let record = move || {
        if recording.get_untracked().is_some() {
            app.run(
                t("Finishing the recording"),
                invoke(LiveRecordStop {}),
                move |done| {
                    recording.set(None);
                    if let Some(d) = done {
                        app.notice.set(Some(tf(
                            "Recorded {} values to {}",
                            &[&d.rows.to_string(), &d.path],
                        )));
                    }
                },
            )
        } else {
            app.run(
                t("Starting the recording"),
                invoke(LiveRecordStart {}),
                move |r| {
                    recording.set(Some(r));
                    start();
                },
            )
        }
    };

    let toggle = move |name: String| {
        picked.update(|p| {
            if let Some(i) = p.iter().position(|n| *n == name) {
                p.remove(i);
            } else {
                p.push(name);
            }
        })
    };

    let tiles = move || {
        let hist = history.get();
        let descriptions: BTreeMap<String, String> = choices.with(|c| {
            c.iter()
                .map(|p| (p.name.clone(), crate::tx(&p.description)))
                .collect()
        });
        latest
            .get()
            .into_iter()
            .map(|v| {
                let series = hist.get(&v.name).cloned().unwrap_or_default();
                let range = (series.len() > 1).then(|| {
                    let lo = series.iter().cloned().fold(f64::INFINITY, f64::min);
                    let hi = series.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    format!("{} – {} {}", fmt_num(lo), fmt_num(hi), v.unit)
                });
                let value = v.number.map(fmt_num).unwrap_or_else(|| v.text.clone());
                view! {
                    <div class="tile card" data-pid=v.name.clone()>
                        <div class="tile-label">{descriptions.get(&v.name).cloned().unwrap_or_else(|| v.name.clone())}</div>
                        <div class="tile-value"><span class="live-number">{value}</span>" "<span class="unit">{v.unit.clone()}</span></div>
                        <svg class="spark" viewBox=format!("0 0 {SPARK_W} {SPARK_H}") width=SPARK_W height=SPARK_H role="img">
                            <polyline points=spark_points(&series) fill="none" stroke="currentColor" stroke-width="2" />
                        </svg>
                        <div class="hint small-text">{range.unwrap_or_default()}{t(" · ECU ")}{v.ecu.clone()}</div>
                    </div>
                }
            })
            .collect::<Vec<_>>()
    };

    view! {
        <section class="screen" id="screen-live">
            <h1>{t("Live data")}</h1>
            <div class="row">
                <button id="live-start" class="primary" on:click=move |_| if running.get() { stop() } else { start() }>
                    {move || if running.get() { t("Pause") } else { t("Start") }}
                </button>
                <button id="live-record" class:danger=move || recording.get().is_some() on:click=move |_| record()>
                    {move || if recording.get().is_some() { t("■ Stop recording") } else { t("● Record to CSV") }}
                </button>
                <span class="hint" id="live-recording">{move || recording.get().map(|r| tf("Recording {} values to {}", &[&r.rows.to_string(), &r.path]))}</span>
            </div>
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <p class="warn" id="live-problems">{problems.get().iter().map(|p| crate::tc(p)).collect::<Vec<_>>().join("; ")}{t(" — trying again.")}</p>
            })}
            <div class="tiles" id="live-tiles">
                {move || if latest.with(Vec::is_empty) {
                    view! { <p class="hint">{move || if running.get() { t("Waiting for the car's first answer…") } else { t("Pick the values to watch below, then press Start (connect first on the Connect screen).") }}</p> }.into_any()
                } else {
                    tiles().into_any()
                }}
            </div>
            <h2>{t("Values to watch")}</h2>
            <div class="ports pid-picker" id="pid-picker">
                {move || choices.get().into_iter().map(|c| {
                    let name = c.name.clone();
                    let on = { let n = name.clone(); move || picked.with(|p| p.contains(&n)) };
                    view! {
                        <button class="chip" class:selected=on data-pid=name.clone() title=c.name.clone()
                            on:click={ let n = name.clone(); move |_| toggle(n.clone()) }>
                            {crate::tx(&c.description)}" "<small>{c.unit.clone()}</small>
                        </button>
                    }
                }).collect::<Vec<_>>()}
            </div>
        </section>
    }
}
