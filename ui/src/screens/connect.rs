//! Connect: pick a port, connect with visible steps, battery and VIN.

use leptos::prelude::*;

use crate::api::*;
use crate::{n, t, tf};
use crate::{App, Screen};

const STEPS: [(&str, &str); 5] = [
    ("opening", n("Open the port")),
    ("adapter", n("Adapter answers")),
    ("searching", n("Find the car's protocol")),
    ("connected", n("Connected")),
    ("vin", n("Read the VIN")),
];

fn step_index(step: &str) -> Option<usize> {
    STEPS.iter().position(|(id, _)| *id == step)
}

/// The Connect screen's state: the ports found, the one picked and whether a
/// connection is under way or failed (all `Copy`, so each part and action takes
/// it by value).
#[derive(Clone, Copy)]
struct Link {
    app: App,
    /// The serial ports found.
    ports: RwSignal<Vec<PortInfo>>,
    /// The port to connect to (picked or typed).
    port: RwSignal<String>,
    /// A connection attempt is under way (the Connect button is disabled).
    running: RwSignal<bool>,
    /// The last attempt failed (its steps show where).
    failed: RwSignal<bool>,
}

impl Link {
    fn new(app: App) -> Link {
        Link {
            app,
            ports: RwSignal::new(Vec::<PortInfo>::new()),
            port: RwSignal::new(String::new()),
            running: RwSignal::new(false),
            failed: RwSignal::new(false),
        }
    }

    /// Lists the serial ports again (picking the first if none is picked yet).
    fn refresh(self) {
        self.app.run(
            t("Listing serial ports"),
            invoke(ListPorts {}),
            move |list| {
                if self.port.get_untracked().is_empty() {
                    if let Some(first) = list.first() {
                        self.port.set(first.port.clone());
                    }
                }
                self.ports.set(list)
            },
        )
    }

    /// Connects to the port picked, its steps shown as they come.
    fn connect(self) {
        let app = self.app;
        let p = self.port.get_untracked();
        app.progress.set(Vec::new());
        self.running.set(true);
        self.failed.set(false);
        app.connected.set(None);
        app.busy.set(Some(tf("Connecting to {}", &[&p])));
        app.error.set(None);
        leptos::task::spawn_local(async move {
            let r = invoke(Connect { port: p }).await;
            app.busy.set(None);
            self.running.set(false);
            match r {
                Ok(c) => app.connected.set(Some(c)),
                Err(e) => {
                    self.failed.set(true);
                    app.error.set(Some(e));
                }
            }
        });
    }
}

/// Step `i`'s state and mark, given the furthest step reached (`failed` is read
/// only for the step the connection stopped at).
fn step_state(
    i: usize,
    reached: Option<usize>,
    done_all: bool,
    failed: RwSignal<bool>,
) -> (&'static str, &'static str) {
    let state = match reached {
        _ if done_all => "done",
        Some(r) if i < r => "done",
        Some(r) if i == r && failed.get() => "failed",
        Some(r) if i == r => "active",
        None if i == 0 && failed.get() => "failed",
        _ => "pending",
    };
    let mark = match state {
        "done" => "✔",
        "failed" => "✖",
        "active" => "…",
        _ => "○",
    };
    (state, mark)
}

/// The connection's steps, each done, active, failed or pending, with what the
/// shell said of it (read where the caller tracks them).
fn steps(s: Link) -> Vec<impl IntoView> {
    let progress = s.app.progress.get();
    let reached = progress.iter().filter_map(|p| step_index(&p.step)).max();
    let done_all = s.app.connected.get().is_some();
    STEPS
        .iter()
        .enumerate()
        .map(|(i, (id, title))| {
            let label = progress
                .iter()
                .rev()
                .find(|p| step_index(&p.step) == Some(i))
                .map(|p| crate::tx(&p.label))
                .unwrap_or_default();
            let (state, mark) = step_state(i, reached, done_all, s.failed);
            view! {
                <li class=format!("step {state}") data-step=*id>
                    <span class="mark">{mark}</span>
                    <span class="step-title">{t(title)}</span>
                    <span class="step-label">{label}</span>
                </li>
            }
        })
        .collect::<Vec<_>>()
}

/// The port field (Enter connects) with the ports found to pick from, Refresh
/// ports and Connect.
fn port_row(s: Link) -> impl IntoView {
    view! {
        <div class="row">
            <div class="field grow">
                <label for="port">{t("Adapter port")}</label>
                <input
                    id="port"
                    list="port-list"
                    placeholder="/dev/ttyUSB0, /dev/rfcomm0 or tcp://192.168.0.10:35000"
                    prop:value=move || s.port.get()
                    on:input=move |ev| s.port.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { s.connect() }
                />
                <datalist id="port-list">
                    {move || s.ports.get().into_iter().map(|p| view! { <option value=p.port.clone()>{format!("{} {}", crate::tx(&p.kind), crate::tx(&p.detail))}</option> }).collect::<Vec<_>>()}
                </datalist>
            </div>
            <button class="secondary" on:click=move |_| s.refresh()>{t("Refresh ports")}</button>
            <button id="connect" class="primary" disabled=move || s.running.get() on:click=move |_| s.connect()>{t("Connect")}</button>
        </div>
    }
}

/// A port found, to pick (selected while picked).
fn port_chip(s: Link, p: PortInfo) -> impl IntoView {
    let name = p.port.clone();
    let what = if p.kind == "extra" {
        crate::tx(&p.detail)
    } else {
        format!("{} {}", crate::tx(&p.kind), crate::tx(&p.detail))
    };
    view! {
        <button class="chip" class:selected={let n = name.clone(); move || s.port.get() == n} on:click={let n = name.clone(); move |_| s.port.set(n.clone())}>
            {format!("{} ", p.port)}<small>{what}</small>
        </button>
    }
}

/// The ports found, or where to look when there are none.
fn port_chips(s: Link) -> impl IntoView {
    view! {
        <div class="ports">
            {move || {
                let list = s.ports.get();
                if list.is_empty() {
                    view! { <p class="hint">{t("No serial ports found. Plug the adapter in (USB), pair it (Bluetooth), or type its address (Wi-Fi: tcp://HOST:PORT).")}</p> }.into_any()
                } else {
                    list.into_iter().map(|p| port_chip(s, p)).collect::<Vec<_>>().into_any()
                }
            }}
        </div>
    }
}

/// The adapter connected: its port, the car's protocol, the battery and the VIN,
/// and the way on to the scan.
fn connected_card(app: App, c: Connected) -> impl IntoView {
    view! {
        <div class="card" id="connected">
            <h2>{t("Connected")}</h2>
            <dl>
                <dt>{t("Adapter")}</dt><dd>{tf("{} on {}", &[&c.adapter, &c.port])}</dd>
                <dt>{t("Protocol")}</dt><dd>{crate::tx(&c.protocol)}</dd>
                <dt>{t("Battery")}</dt><dd id="battery">{c.battery_voltage.map(|v| format!("{v:.1} V")).unwrap_or_else(|| t("not measured").into())}</dd>
                <dt>{t("VIN")}</dt><dd id="vin" class="mono">{c.vin.clone().unwrap_or_else(|| t("not reported").into())}</dd>
            </dl>
            {c.battery_note.clone().map(|n| view! { <p class="warn">{crate::tx(&n)}</p> })}
            <button class="primary" id="go-scan" on:click=move |_| app.screen.set(Screen::Scan)>{t("Scan the car →")}</button>
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    let s = Link::new(app);
    s.refresh();

    view! {
        <section class="screen" id="screen-connect">
            <h1>{t("Connect to the car")}</h1>
            <p class="hint">{t("Plug the adapter into the OBD socket under the dashboard and turn the ignition on.")}</p>
            {port_row(s)}
            {port_chips(s)}
            <p class="hint" id="port-hint">{t("Not in the list? Type the port above: a pseudo-terminal such as the emulator's /dev/pts/N, a Bluetooth /dev/rfcomm0, or a Wi-Fi adapter's tcp://HOST:PORT. J2534 PassThru devices are listed as j2534:NAME (or type j2534:/path/to/the/driver.so).")}</p>
            <ol class="steps" id="connect-steps">{move || steps(s)}</ol>
            {move || app.connected.get().map(|c| connected_card(app, c))}
        </section>
    }
}
