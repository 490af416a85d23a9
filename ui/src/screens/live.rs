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

/// The Live data screen's state: every signal its parts share (all `Copy`, so
/// each part and action takes it by value).
#[derive(Clone, Copy)]
struct Live {
    app: App,
    /// The PIDs the car can be asked for.
    choices: RwSignal<Vec<PidChoice>>,
    /// The PIDs picked to watch.
    picked: RwSignal<Vec<String>>,
    /// Polling the car (Start pressed, not paused).
    running: RwSignal<bool>,
    /// The last round's values.
    latest: RwSignal<Vec<LiveValue>>,
    /// Each PID's last minute of numbers, for its sparkline and range.
    history: RwSignal<BTreeMap<String, Vec<f64>>>,
    /// The CSV recording, while one runs.
    recording: RwSignal<Option<RecordingStatus>>,
    /// The requests that failed in the last round.
    problems: RwSignal<Vec<String>>,
    /// The PIDs no longer asked: the car gave no value for them several rounds in a row.
    not_polled: RwSignal<Vec<String>>,
}

impl Live {
    fn new(app: App) -> Live {
        Live {
            app,
            choices: RwSignal::new(Vec::<PidChoice>::new()),
            picked: RwSignal::new(DEFAULT_PIDS.map(String::from).to_vec()),
            running: RwSignal::new(false),
            latest: RwSignal::new(Vec::<LiveValue>::new()),
            history: RwSignal::new(BTreeMap::<String, Vec<f64>>::new()),
            recording: RwSignal::new(None::<RecordingStatus>),
            problems: RwSignal::new(Vec::<String>::new()),
            not_polled: RwSignal::new(Vec::<String>::new()),
        }
    }

    /// Polls the picked PIDs twice a second until paused, the screen is left or a
    /// read fails.
    fn start(self) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        self.app.error.set(None);
        spawn_local(async move {
            while self.running.try_get_untracked() == Some(true) {
                let pids = self.picked.get_untracked();
                match invoke(LiveRead { pids }).await {
                    Ok(frame) => self.take_round(frame),
                    Err(e) => {
                        self.running.try_set(false);
                        self.app.error.set(Some(e));
                        break;
                    }
                }
                sleep(500).await;
            }
        });
    }

    /// One round's answer: its numbers go into the history, its values, failed
    /// requests and recording are shown.
    fn take_round(self, frame: LiveFrame) {
        self.history.try_update(|h| {
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
            self.latest.try_set(frame.values);
        }
        self.problems.try_set(frame.problems);
        self.not_polled.try_set(frame.not_polled);
        self.recording.try_set(frame.recording);
    }

    fn stop(self) {
        self.running.set(false)
    }

    /// Finishes the recording (saying where it went), or starts one and the polling.
    fn record(self) {
        if self.recording.get_untracked().is_some() {
            self.app.run(
                t("Finishing the recording"),
                invoke(LiveRecordStop {}),
                move |done| {
                    self.recording.set(None);
                    if let Some(d) = done {
                        self.app.notice.set(Some(tf(
                            "Recorded {} values to {}",
                            &[&d.rows.to_string(), &d.path],
                        )));
                    }
                },
            )
        } else {
            self.app.run(
                t("Starting the recording"),
                invoke(LiveRecordStart {}),
                move |r| {
                    self.recording.set(Some(r));
                    self.start();
                },
            )
        }
    }

    /// Picks PID `name` to watch, or drops it.
    fn toggle(self, name: String) {
        self.picked.update(|p| {
            if let Some(i) = p.iter().position(|n| *n == name) {
                p.remove(i);
            } else {
                p.push(name);
            }
        })
    }
}

/// Start/Pause, Record/Stop recording, and the recording's file and rows.
fn controls(s: Live) -> impl IntoView {
    view! {
        <div class="row">
            <button id="live-start" class="primary" on:click=move |_| if s.running.get() { s.stop() } else { s.start() }>
                {move || if s.running.get() { t("Pause") } else { t("Start") }}
            </button>
            <button id="live-record" class:danger=move || s.recording.get().is_some() on:click=move |_| s.record()>
                {move || if s.recording.get().is_some() { t("■ Stop recording") } else { t("● Record to CSV") }}
            </button>
            <span class="hint" id="live-recording">{move || s.recording.get().map(|r| tf("Recording {} values to {}", &[&r.rows.to_string(), &r.path]))}</span>
        </div>
    }
}

/// The requests that failed in the last round (the next round tries them again).
fn problems_line(problems: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <p class="warn" id="live-problems">{problems.get().iter().map(|p| crate::tc(p)).collect::<Vec<_>>().join("; ")}{t(" — trying again.")}</p>
    }
}

/// The PIDs no longer asked, the car having given no value for them several rounds in a row.
fn not_polled_line(not_polled: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <p class="hint" id="live-not-polled">{tf("No longer asked — the car gave no value for them: {}", &[&not_polled.get().join(", ")])}</p>
    }
}

/// The lowest and highest of a PID's last minute, once it has two numbers.
fn range(series: &[f64], unit: &str) -> Option<String> {
    (series.len() > 1).then(|| {
        let lo = series.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = series.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        format!("{} – {} {}", fmt_num(lo), fmt_num(hi), unit)
    })
}

/// One value's tile: what it is, the number and unit, the last minute's sparkline,
/// its range and the ECU that answered.
fn tile(v: LiveValue, label: String, series: Vec<f64>) -> impl IntoView {
    let range = range(&series, &v.unit);
    let value = v.number.map(fmt_num).unwrap_or_else(|| v.text.clone());
    view! {
        <div class="tile card" data-pid=v.name.clone()>
            <div class="tile-label">{label}</div>
            <div class="tile-value"><span class="live-number">{value}</span>" "<span class="unit">{v.unit.clone()}</span></div>
            <svg class="spark" viewBox=format!("0 0 {SPARK_W} {SPARK_H}") width=SPARK_W height=SPARK_H role="img">
                <polyline points=spark_points(&series) fill="none" stroke="currentColor" stroke-width="2" />
            </svg>
            <div class="hint small-text">{range.unwrap_or_default()}{t(" · ECU ")}{v.ecu.clone()}</div>
        </div>
    }
}

/// A tile per value of the last round (read where the caller tracks them).
fn tiles(s: Live) -> Vec<impl IntoView> {
    let hist = s.history.get();
    let descriptions: BTreeMap<String, String> = s.choices.with(|c| {
        c.iter()
            .map(|p| (p.name.clone(), crate::tx(&p.description)))
            .collect()
    });
    s.latest
        .get()
        .into_iter()
        .map(|v| {
            let series = hist.get(&v.name).cloned().unwrap_or_default();
            let label = descriptions
                .get(&v.name)
                .cloned()
                .unwrap_or_else(|| v.name.clone());
            tile(v, label, series)
        })
        .collect::<Vec<_>>()
}

/// The tiles, or what to do (or wait for) before the car's first answer.
fn tiles_panel(s: Live) -> impl IntoView {
    view! {
        <div class="tiles" id="live-tiles">
            {move || if s.latest.with(Vec::is_empty) {
                view! { <p class="hint">{move || if s.running.get() { t("Waiting for the car's first answer…") } else { t("Pick the values to watch below, then press Start (connect first on the Connect screen).") }}</p> }.into_any()
            } else {
                tiles(s).into_any()
            }}
        </div>
    }
}

/// A PID to pick or drop, selected while picked.
fn pid_chip(s: Live, c: PidChoice) -> impl IntoView {
    let name = c.name.clone();
    let on = {
        let n = name.clone();
        move || s.picked.with(|p| p.contains(&n))
    };
    view! {
        <button class="chip" class:selected=on data-pid=name.clone() title=c.name.clone()
            on:click={ let n = name.clone(); move |_| s.toggle(n.clone()) }>
            {crate::tx(&c.description)}" "<small>{c.unit.clone()}</small>
        </button>
    }
}

/// The values to watch: every PID the car can be asked for.
fn pid_picker(s: Live) -> impl IntoView {
    view! {
        <h2>{t("Values to watch")}</h2>
        <div class="ports pid-picker" id="pid-picker">
            {move || s.choices.get().into_iter().map(|c| pid_chip(s, c)).collect::<Vec<_>>()}
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    let s = Live::new(app);

    app.run(t("Loading the PID list"), invoke(LivePids {}), move |c| {
        s.choices.set(c)
    });

    on_cleanup(move || {
        spawn_local(async move {
            let _ = invoke(LiveRecordStop {}).await;
        })
    });

    view! {
        <section class="screen" id="screen-live">
            <h1>{t("Live data")}</h1>
            {controls(s)}
            {move || (!s.problems.with(Vec::is_empty)).then(|| problems_line(s.problems))}
            {move || (!s.not_polled.with(Vec::is_empty)).then(|| not_polled_line(s.not_polled))}
            {tiles_panel(s)}
            {pid_picker(s)}
        </section>
    }
}
