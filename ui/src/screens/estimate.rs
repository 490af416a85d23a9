//! Estimate: photos of the damage (added by path or dropped on the window), boxes drawn on
//! them, panel/type/severity per area, the priced line items (hours and part cost editable),
//! the insurance view and the PDF. Every change comes back priced, so the table follows.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::*;
use crate::App;

/// A box being drawn: the photo, where the pointer went down and where it is (fractions).
#[derive(Debug, Clone, PartialEq)]
struct Drag {
    photo: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Drag {
    fn rect(&self) -> [f32; 4] {
        let (x, y) = (self.x0.min(self.x1), self.y0.min(self.y1));
        [x, y, (self.x0 - self.x1).abs(), (self.y0 - self.y1).abs()]
    }
}

/// The pointer's position over the photo's overlay, as fractions of its size (clamped).
fn fraction(ev: &leptos::ev::PointerEvent) -> Option<(f32, f32)> {
    let el = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let fx = ((f64::from(ev.client_x()) - r.left()) / r.width()).clamp(0.0, 1.0);
    let fy = ((f64::from(ev.client_y()) - r.top()) / r.height()).clamp(0.0, 1.0);
    Some((fx as f32, fy as f32))
}

fn select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: impl Fn() -> Vec<String> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || options().into_iter().map(|o| {
                    let sel = { let o = o.clone(); move || value.get() == o };
                    let label = if o.is_empty() { "(from the data)".to_string() } else { o.replace('_', " ") };
                    view! { <option value=o.clone() selected=sel>{label}</option> }
                }).collect::<Vec<_>>()}
            </select>
        </div>
    }
}

/// Adds files dropped on the window to the open estimate, one after another (registered
/// once for the app's life, so it uses only the app's signals).
pub fn on_drop(app: App) {
    on_file_drop(move |paths| {
        let Some(id) = app.estimate.with_untracked(|e| e.as_ref().map(|e| e.id)) else {
            app.notice.set(Some(
                "Start an estimate on the Estimate screen, then drop its photos.".into(),
            ));
            return;
        };
        app.screen.set(crate::Screen::Estimate);
        app.run(
            "Checking the dropped photos",
            async move {
                let mut last = None;
                for path in paths {
                    last = Some(
                        invoke(EstimateAddPhoto { id, path })
                        .await?,
                    );
                }
                Ok(last)
            },
            move |v| {
                if v.is_some() {
                    app.estimate.set(v)
                }
            },
        )
    });
}

pub fn view(app: App) -> impl IntoView {
    let pickers = RwSignal::new(Pickers::default());
    let est = app.estimate;
    let vehicle = RwSignal::new(String::from("Toyota Camry 2022"));
    let state = RwSignal::new(String::from("CA"));
    let metro = RwSignal::new(false);
    let class = RwSignal::new(String::new());
    let photo_path = RwSignal::new(String::new());
    let area_photo = RwSignal::new(
        est.with_untracked(|e| {
            e.as_ref()
                .and_then(|e| e.photos.last().map(|p| p.file_name.clone()))
        })
        .unwrap_or_default(),
    );
    let panel = RwSignal::new(String::from("front_bumper"));
    let damage = RwSignal::new(String::from("dent"));
    let severity = RwSignal::new(String::from("moderate"));
    let drawn = RwSignal::new(None::<Drag>);
    let dragging = RwSignal::new(false);
    let insurance = RwSignal::new(false);
    let pdf = RwSignal::new(None::<SavedPdf>);

    app.run(
        "Loading panels and states",
        invoke(EstimatePickers {}),
        move |p| pickers.set(p),
    );
    let id = move || est.with_untracked(|e| e.as_ref().map(|e| e.id));
    let show = move |v: EstimateView| {
        pdf.set(None);
        if area_photo.get_untracked().is_empty() {
            if let Some(p) = v.photos.last() {
                area_photo.set(p.file_name.clone());
            }
        }
        est.set(Some(v));
    };

    let create = move || {
        let form = NewEstimateForm {
            vehicle: vehicle.get_untracked(),
            state: state.get_untracked(),
            metro: metro.get_untracked(),
            class: class.get_untracked(),
        };
        area_photo.set(String::new());
        app.run(
            "Starting the estimate",
            invoke(EstimateCreate { form }),
            show,
        )
    };
    let add_photo = move |path: String| {
        let Some(id) = id() else { return };
        app.run(
            "Checking the photo",
            invoke(EstimateAddPhoto { id, path }),
            move |v| {
                photo_path.set(String::new());
                area_photo.set(
                    v.photos
                        .last()
                        .map(|p| p.file_name.clone())
                        .unwrap_or_default(),
                );
                show(v)
            },
        )
    };
    let add_area = move || {
        let Some(id) = id() else { return };
        let photo = area_photo.get_untracked();
        let region = drawn
            .get_untracked()
            .filter(|d| d.photo == photo)
            .map(|d| d.rect())
            .filter(|r| r[2] > 0.005 && r[3] > 0.005);
        let area = AreaForm {
            photo,
            panel: panel.get_untracked(),
            damage_type: damage.get_untracked(),
            severity: severity.get_untracked(),
            region,
        };
        app.run(
            "Pricing",
            invoke(EstimateAddArea { id, area }),
            move |v| {
                drawn.set(None);
                show(v)
            },
        )
    };
    let remove_area = move |area: i64| {
        let Some(id) = id() else { return };
        app.run(
            "Pricing",
            invoke(EstimateRemoveArea { id, area }),
            show,
        )
    };
    let edit = move |line: LineForm| {
        let Some(id) = id() else { return };
        app.run(
            "Pricing",
            invoke(EstimateEditLine { id, line }),
            show,
        )
    };
    let save_pdf = move || {
        let Some(id) = id() else { return };
        app.run(
            "Writing the PDF",
            invoke(EstimateSavePdf { id }),
            move |p| pdf.set(Some(p)),
        )
    };
    let open_pdf = move || app.open_pdf(pdf.get_untracked());
    // A box drawn on a photo (not a mere click) moves a proposal confirmed on it.
    let drawn_on = move |photo: &str| {
        drawn.with(|d| {
            d.as_ref()
                .filter(|d| d.photo == photo)
                .map(|d| d.rect())
                .filter(|r| r[2] > 0.01 && r[3] > 0.01)
        })
    };
    let confirmed = move |v: EstimateView| {
        drawn.set(None);
        show(v)
    };

    let photo_card = move |p: PhotoView| {
        let name = p.file_name.clone();
        let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
        let proposed = move || {
            est.with(|e| {
                e.as_ref()
                    .map(|e| super::proposals::boxes(e, &name))
                    .unwrap_or_default()
            })
        };
        let boxes =
            move || {
                est.with(|e| {
                    e.as_ref()
                        .map(|e| {
                            e.areas
                            .iter()
                            .enumerate()
                            .filter(|(_, a)| a.photo.as_deref() == Some(n1.as_str()))
                            .filter_map(|(i, a)| a.region.map(|r| (i + 1, r)))
                            .map(|(n, r)| view! {
                                <rect class="area" x=r[0] y=r[1] width=r[2] height=r[3]></rect>
                                <text class="area-no" x=r[0] + 0.01 y=r[1] + 0.06>{n}</text>
                            })
                            .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
            };
        let pending = move || {
            drawn.get().filter(|d| d.photo == n2).map(|d| {
                let r = d.rect();
                view! { <rect class="drawing" x=r[0] y=r[1] width=r[2] height=r[3]></rect> }
            })
        };
        view! {
            <figure class="est-photo" class:selected=move || area_photo.get() == n4>
                <div class="photo-frame">
                    <img src=p.thumbnail.clone() alt=format!("photo {}", p.file_name) draggable="false" />
                    <svg class="overlay" viewBox="0 0 1 1" preserveAspectRatio="none"
                        on:pointerdown=move |ev| {
                            if let Some((x, y)) = fraction(&ev) {
                                ev.prevent_default();
                                area_photo.set(n3.clone());
                                dragging.set(true);
                                drawn.set(Some(Drag { photo: n3.clone(), x0: x, y0: y, x1: x, y1: y }));
                            }
                        }
                        on:pointermove=move |ev| {
                            if dragging.get_untracked() {
                                if let Some((x, y)) = fraction(&ev) {
                                    drawn.update(|d| if let Some(d) = d { d.x1 = x; d.y1 = y; });
                                }
                            }
                        }
                        on:pointerup=move |_| dragging.set(false)
                        on:pointerleave=move |_| dragging.set(false)>
                        {boxes}
                        {proposed}
                        {pending}
                    </svg>
                </div>
                <figcaption>{p.file_name.clone()}<span class="hint">{format!(" · {} × {}", p.width, p.height)}</span></figcaption>
            </figure>
        }
    };

    let lines_table = move |e: EstimateView| {
        view! {
            <table id="est-lines">
                <tr><th>"#"</th><th>"Op"</th><th>"Description"</th><th>"Part"</th><th>"Part $"</th><th>"Labor h"</th><th>"Paint h"</th><th>"Subtotal"</th><th></th></tr>
                {e.lines.into_iter().map(|l| {
                    let (id1, id2, id3, id4) = (l.id.clone(), l.id.clone(), l.id.clone(), l.id.clone());
                    view! {
                        <tr title=l.reason.clone() data-line=l.id.clone() class:edited=l.edited class:to-confirm=l.to_confirm>
                            <td>{l.line}</td>
                            <td class="mono">{l.operation.clone()}</td>
                            <td>{l.description.clone()}{l.edited.then(|| view! { <small class="hint">" (edited)"</small> })}</td>
                            <td>{l.part_type.clone()}</td>
                            <td><input class="num part-cost" type="number" min="0" step="0.01" aria-label=format!("part cost, line {}", l.line)
                                value=format!("{:.2}", l.part_cost)
                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                    edit(LineForm { line_id: id1.clone(), part_cost: Some(v), ..LineForm::default() })
                                } } /></td>
                            <td><input class="num hours" type="number" min="0" step="0.1" aria-label=format!("labor hours, line {}", l.line)
                                value=format!("{:.1}", l.labor_hours)
                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                    edit(LineForm { line_id: id2.clone(), hours: Some(v), ..LineForm::default() })
                                } } /></td>
                            <td class="mono">{format!("{:.1}", l.paint_hours)}</td>
                            <td class="mono">{l.subtotal.clone()}</td>
                            <td class="actions">
                                {l.to_confirm.then(|| view! {
                                    <button class="small" on:click=move |_| edit(LineForm { line_id: id3.clone(), confirm: true, ..LineForm::default() })>"Confirm"</button>
                                })}
                                <button class="small" aria-label=format!("remove line {}", l.line)
                                    on:click=move |_| edit(LineForm { line_id: id4.clone(), remove: true, ..LineForm::default() })>"Remove"</button>
                            </td>
                        </tr>
                    }
                }).collect::<Vec<_>>()}
            </table>
        }
    };

    let insurance_table = move |e: EstimateView| {
        view! {
            <table id="est-insurance">
                <tr><th>"Line"</th><th>"Op"</th><th>"Part"</th><th>"Description"</th><th>"Subtotal"</th></tr>
                {e.insurance.lines.iter().map(|l| view! {
                    <tr><td>{l.line}</td><td class="mono">{l.operation.clone()}</td><td>{l.part_type.clone()}</td><td>{l.description.clone()}</td><td class="mono">{l.subtotal.clone()}</td></tr>
                }).collect::<Vec<_>>()}
            </table>
            <table class="kv">
                {e.insurance.totals.iter().map(|(k, v)| view! { <tr><th>{k.clone()}</th><td class="mono">{v.clone()}</td></tr> }).collect::<Vec<_>>()}
            </table>
        }
    };

    view! {
        <section class="screen" id="screen-estimate">
            <h1>"Estimate"</h1>
            <div class="card">
                <h2>"New estimate"</h2>
                <div class="form">
                    <div class="field grow">
                        <label for="est-vehicle">"Vehicle (make model year)"</label>
                        <input id="est-vehicle" placeholder="Toyota Camry 2022" prop:value=move || vehicle.get()
                            on:input=move |ev| vehicle.set(event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { create() } />
                    </div>
                    {select("est-state", "State (labor rates)", state, move || pickers.with(|p| p.states.clone()))}
                    {select("est-class", "Class (vehicle not in the data)", class, move || pickers.with(|p| p.classes.clone()))}
                    <div class="field">
                        <label><input type="checkbox" class="check" prop:checked=move || metro.get() on:change=move |ev| metro.set(event_target_checked(&ev)) />" Metro area"</label>
                    </div>
                </div>
                <div class="row">
                    <button class="primary" id="est-create" on:click=move |_| create()>"Start estimate"</button>
                </div>
            </div>
            {move || est.get().map(|e| {
                let has_photos = !e.photos.is_empty();
                let photos = e.photos.clone().into_iter().map(photo_card).collect::<Vec<_>>();
                let photo_names = e.photos.iter().map(|p| p.file_name.clone()).collect::<Vec<_>>();
                let areas = e.areas.iter().enumerate().map(|(i, a)| {
                    let aid = a.id;
                    view! {
                        <li>
                            <strong>{i + 1}". "</strong>{format!("{} {} {}", a.severity, a.damage_type, a.panel.replace('_', " "))}
                            <span class="hint">{a.photo.clone().map(|p| format!(" · on {p}")).unwrap_or_default()}{a.region.map(|_| " (box)").unwrap_or_default()}</span>
                            " "<button class="small" on:click=move |_| remove_area(aid)>"Remove"</button>
                        </li>
                    }
                }).collect::<Vec<_>>();
                let table = e.clone();
                let ins = e.clone();
                view! {
                    <div class="card">
                        <h2 id="est-title">{e.reference.clone()}" — "{e.vehicle.clone()}<span class="hint">" · "{e.state.clone()}</span></h2>
                        <h3>"Photos"</h3>
                        <p class="hint">"Drop photos on the window, or give a file. Drag on a photo to box the damage."</p>
                        <div class="row">
                            <div class="field grow">
                                <label for="est-photo-path">"Photo file (JPEG, PNG, WebP; at most 5)"</label>
                                <input id="est-photo-path" placeholder="/home/me/Pictures/bumper.jpg" prop:value=move || photo_path.get()
                                    on:input=move |ev| photo_path.set(event_target_value(&ev))
                                    on:keydown=move |ev| if ev.key() == "Enter" { add_photo(photo_path.get_untracked()) } />
                            </div>
                            <button class="secondary" id="est-add-photo" on:click=move |_| add_photo(photo_path.get_untracked())>"Add photo"</button>
                        </div>
                        <div class="est-photos">{photos}</div>
                        <h3>"Damage area"</h3>
                        <div class="form">
                            <div class="field">
                                <label for="est-area-photo">"On photo"</label>
                                <select id="est-area-photo" prop:value=move || area_photo.get() on:change=move |ev| area_photo.set(event_target_value(&ev))>
                                    <option value="" selected=move || area_photo.get().is_empty()>"(no photo)"</option>
                                    {photo_names.into_iter().map(|n| {
                                        let sel = { let n = n.clone(); move || area_photo.get() == n };
                                        view! { <option value=n.clone() selected=sel>{n.clone()}</option> }
                                    }).collect::<Vec<_>>()}
                                </select>
                            </div>
                            {select("est-panel", "Panel", panel, move || pickers.with(|p| p.panels.clone()))}
                            {select("est-type", "Damage", damage, move || pickers.with(|p| p.damage_types.clone()))}
                            {select("est-severity", "Severity", severity, move || pickers.with(|p| p.severities.clone()))}
                        </div>
                        <div class="row">
                            <button class="primary" id="est-add-area" on:click=move |_| add_area()>"Add area"</button>
                            <span class="hint" id="est-box">{move || match drawn.get() {
                                Some(d) if has_photos => {
                                    let r = d.rect();
                                    format!("box on {}: {:.2}, {:.2}, {:.2} × {:.2}", d.photo, r[0], r[1], r[2], r[3])
                                }
                                _ => "no box drawn (the area is priced all the same)".to_string(),
                            }}</span>
                        </div>
                        <ul class="areas" id="est-areas">{areas}</ul>
                        {super::proposals::card(app, &e, area_photo, pickers, confirmed, drawn_on)}
                    </div>
                    <div class="card">
                        <div class="row">
                            <h2 class="grow">"Line items"</h2>
                            <label><input type="checkbox" class="check" id="est-insurance-toggle" prop:checked=move || insurance.get()
                                on:change=move |ev| insurance.set(event_target_checked(&ev)) />" Insurance view"</label>
                        </div>
                        {move || if insurance.get() { insurance_table(ins.clone()).into_any() } else { lines_table(table.clone()).into_any() }}
                        <div class="summary totals">
                            <div><span class="label">"Total"</span><span class="big" id="est-total">{e.total.clone()}</span></div>
                            <div><span class="label">"Likely range"</span><span class="big">{e.range.clone()}</span></div>
                            {(!e.pending.is_empty()).then(|| view! {
                                <div><span class="label">"Awaiting confirmation"</span><span class="big">{e.pending.clone()}</span></div>
                            })}
                        </div>
                        <ul class="hint" id="est-questions">{e.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect::<Vec<_>>()}</ul>
                        <div class="row">
                            <button class="secondary" id="est-save-pdf" on:click=move |_| save_pdf()>"Save PDF"</button>
                            <button class="secondary" id="est-open-pdf" disabled=move || pdf.get().is_none() on:click=move |_| open_pdf()>"Open PDF"</button>
                        </div>
                        {move || pdf.get().map(|p| view! {
                            <div class="notice" role="status">"PDF saved: "<span class="mono" id="est-pdf-path">{p.path}</span></div>
                        })}
                    </div>
                }
            })}
        </section>
    }
}
