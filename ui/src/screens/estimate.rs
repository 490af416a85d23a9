//! Estimate: photos of the damage (added by path or dropped on the window), boxes drawn on
//! them, panel/type/severity per area, the priced line items (hours and part cost editable),
//! the insurance view and the PDF. Every change comes back priced, so the table follows.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::*;
use crate::App;
use crate::{t, tf};

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

/// A picker's value as the screen shows it: its label (a panel's name),
/// in the shop's language.
pub(crate) fn shown(p: &Pickers, value: &str) -> String {
    crate::tx(&p.label(value))
}

fn select(
    id: &'static str,
    label: &'static str,
    (value, pickers): (RwSignal<String>, RwSignal<Pickers>),
    options: impl Fn() -> Vec<String> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || options().into_iter().map(|o| {
                    let sel = { let o = o.clone(); move || value.get() == o };
                    let label = if o.is_empty() { t("(from the data)").to_string() } else { pickers.with(|p| shown(p, &o)) };
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
                t("Start an estimate on the Estimate screen, then drop its photos.").into(),
            ));
            return;
        };
        app.screen.set(crate::Screen::Estimate);
        app.run(
            t("Checking the dropped photos"),
            async move {
                let mut last = None;
                for path in paths {
                    last = Some(invoke(EstimateAddPhoto { id, path }).await?);
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

/// The Estimate screen's state: every signal its parts share (all `Copy`,
/// so each part and action takes it by value).
#[derive(Clone, Copy)]
struct Est {
    app: App,
    pickers: RwSignal<Pickers>,
    est: RwSignal<Option<EstimateView>>,
    vehicle: RwSignal<String>,
    state: RwSignal<String>,
    metro: RwSignal<bool>,
    class: RwSignal<String>,
    photo_path: RwSignal<String>,
    area_photo: RwSignal<String>,
    panel: RwSignal<String>,
    damage: RwSignal<String>,
    severity: RwSignal<String>,
    drawn: RwSignal<Option<Drag>>,
    dragging: RwSignal<bool>,
    insurance: RwSignal<bool>,
    pdf: RwSignal<Option<SavedPdf>>,
    /// Settings say the engine is a shopbench server (the "Price on the server" button).
    remote_mode: RwSignal<bool>,
}

impl Est {
    fn new(app: App) -> Est {
        let est = app.estimate;
        let last_photo = est
            .with_untracked(|e| {
                e.as_ref()
                    .and_then(|e| e.photos.last().map(|p| p.file_name.clone()))
            })
            .unwrap_or_default();
        let (new, area) = app
            .drafts
            .with_untracked(|d| (d.new_estimate.clone(), d.area.clone()));
        let new = new.unwrap_or(NewEstimateForm {
            vehicle: "Toyota Camry 2022".into(), // i18n: an example vehicle
            state: "CA".into(),
            metro: false,
            class: String::new(),
        });
        let area = area.unwrap_or(AreaChoice {
            panel: "front_bumper".into(),
            damage: "dent".into(),
            severity: "moderate".into(),
        });
        Est {
            app,
            pickers: RwSignal::new(Pickers::default()),
            est,
            vehicle: RwSignal::new(new.vehicle),
            state: RwSignal::new(new.state),
            metro: RwSignal::new(new.metro),
            class: RwSignal::new(new.class),
            photo_path: RwSignal::new(String::new()),
            area_photo: RwSignal::new(last_photo),
            panel: RwSignal::new(area.panel),
            damage: RwSignal::new(area.damage),
            severity: RwSignal::new(area.severity),
            drawn: RwSignal::new(None),
            dragging: RwSignal::new(false),
            insurance: RwSignal::new(false),
            pdf: RwSignal::new(None),
            remote_mode: RwSignal::new(false),
        }
    }

    fn id(self) -> Option<i64> {
        self.est.with_untracked(|e| e.as_ref().map(|e| e.id))
    }

    /// Shows an estimate as priced now (the picked photo defaults to its last).
    fn show(self, v: EstimateView) {
        self.pdf.set(None);
        if self.area_photo.get_untracked().is_empty() {
            if let Some(p) = v.photos.last() {
                self.area_photo.set(p.file_name.clone());
            }
        }
        self.est.set(Some(v));
    }

    /// Shows it after a change the drawn box went into.
    fn show_undrawn(self, v: EstimateView) {
        self.drawn.set(None);
        self.show(v)
    }

    /// The new-estimate form as typed.
    fn new_form(self) -> NewEstimateForm {
        NewEstimateForm {
            vehicle: self.vehicle.get_untracked(),
            state: self.state.get_untracked(),
            metro: self.metro.get_untracked(),
            class: self.class.get_untracked(),
        }
    }

    /// Keeps the new-estimate form and the area pickers as drafts while they change.
    fn keep_drafts(self) {
        Effect::new(move |_| {
            self.vehicle.track();
            self.state.track();
            self.metro.track();
            self.class.track();
            self.app
                .keep_drafts(|d| d.new_estimate = Some(self.new_form()));
        });
        Effect::new(move |_| {
            let area = AreaChoice {
                panel: self.panel.get(),
                damage: self.damage.get(),
                severity: self.severity.get(),
            };
            self.app.keep_drafts(|d| d.area = Some(area));
        });
    }

    fn create(self) {
        let form = self.new_form();
        self.area_photo.set(String::new());
        self.app.run(
            t("Starting the estimate"),
            invoke(EstimateCreate { form }),
            move |v| self.show(v),
        )
    }

    /// Reopens a saved estimate where it was left.
    fn open(self, id: i64) {
        self.area_photo.set(String::new());
        self.drawn.set(None);
        self.app.run(
            t("Opening the estimate"),
            invoke(EstimateShow { id }),
            move |v| self.show(v),
        )
    }

    fn add_photo(self, path: String) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Checking the photo"),
            invoke(EstimateAddPhoto { id, path }),
            move |v| {
                self.photo_path.set(String::new());
                self.area_photo.set(
                    v.photos
                        .last()
                        .map(|p| p.file_name.clone())
                        .unwrap_or_default(),
                );
                self.show(v)
            },
        )
    }

    /// The box drawn on `photo` (not a mere click), if any.
    fn drawn_on(self, photo: &str) -> Option<[f32; 4]> {
        self.drawn.with(|d| {
            d.as_ref()
                .filter(|d| d.photo == photo)
                .map(|d| d.rect())
                .filter(|r| r[2] > 0.005 && r[3] > 0.005)
        })
    }

    fn add_area(self) {
        let Some(id) = self.id() else { return };
        let photo = self.area_photo.get_untracked();
        let region = self.drawn_on(&photo);
        let area = AreaForm {
            photo,
            panel: self.panel.get_untracked(),
            damage_type: self.damage.get_untracked(),
            severity: self.severity.get_untracked(),
            region,
        };
        self.app.run(
            t("Pricing"),
            invoke(EstimateAddArea { id, area }),
            move |v| self.show_undrawn(v),
        )
    }

    /// Takes photo `photo` (its number from 1) off: one added by mistake.
    fn remove_photo(self, photo: usize) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Removing the photo"),
            invoke(EstimateRemovePhoto { id, photo }),
            move |v| {
                self.area_photo.set(String::new());
                self.show(v)
            },
        )
    }

    fn remove_area(self, area: i64) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Pricing"),
            invoke(EstimateRemoveArea { id, area }),
            move |v| self.show(v),
        )
    }

    fn edit(self, line: LineForm) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Pricing"),
            invoke(EstimateEditLine { id, line }),
            move |v| self.show(v),
        )
    }

    /// Undoes every change to a line: back to the engine's figures (a removed line comes back).
    fn reset_line(self, line: String) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Pricing"),
            invoke(EstimateResetLine { id, line }),
            move |v| self.show(v),
        )
    }

    /// Remote mode: one charged request to the server; its answer is kept with the estimate.
    fn price_remote(self) {
        let Some(id) = self.id() else { return };
        self.app.run(
            t("Pricing on the server"),
            invoke(EstimatePriceRemote { id }),
            move |v| self.show(v),
        )
    }

    fn save_pdf(self) {
        let Some(id) = self.id() else { return };
        let pdf = self.pdf;
        self.app.run(
            t("Writing the PDF"),
            invoke(EstimateSavePdf { id }),
            move |p| pdf.set(Some(p)),
        )
    }

    /// Starts, moves and ends a box drawn on photo `name`'s overlay.
    fn draw(self, name: String, ev: &leptos::ev::PointerEvent, phase: Pointer) {
        match phase {
            Pointer::Down => {
                if let Some((x, y)) = fraction(ev) {
                    ev.prevent_default();
                    self.area_photo.set(name.clone());
                    self.dragging.set(true);
                    self.drawn.set(Some(Drag {
                        photo: name,
                        x0: x,
                        y0: y,
                        x1: x,
                        y1: y,
                    }));
                }
            }
            Pointer::Move if self.dragging.get_untracked() => {
                if let Some((x, y)) = fraction(ev) {
                    self.drawn.update(|d| {
                        if let Some(d) = d {
                            d.x1 = x;
                            d.y1 = y;
                        }
                    });
                }
            }
            Pointer::Move => {}
            Pointer::Up => self.dragging.set(false),
        }
    }
}

/// What the pointer did on a photo's overlay.
#[derive(Clone, Copy)]
enum Pointer {
    Down,
    Move,
    Up,
}

/// The marked areas' boxes (numbered as in the list) on photo `name`.
fn area_boxes(e: &EstimateView, name: &str) -> Vec<AnyView> {
    e.areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.photo.as_deref() == Some(name))
        .filter_map(|(i, a)| a.region.map(|r| (i + 1, r)))
        .map(|(n, r)| {
            view! {
                <rect class="area" x=r[0] y=r[1] width=r[2] height=r[3]></rect>
                <text class="area-no" x=r[0] + 0.01 y=r[1] + 0.06>{n}</text>
            }
            .into_any()
        })
        .collect()
}

/// Photo `number` with its areas' boxes, the detector's dashed proposals and the box being
/// drawn, and a button that takes it off.
fn photo_card(s: Est, number: usize, p: PhotoView) -> impl IntoView {
    let name = p.file_name.clone();
    let (n1, n2, n3, n4, n5) = (name.clone(), name.clone(), name.clone(), name.clone(), name);
    let boxes = move || {
        s.est.with(|e| {
            e.as_ref()
                .map(|e| {
                    let mut b = area_boxes(e, &n1);
                    b.extend(super::proposals::boxes(e, &n1));
                    b
                })
                .unwrap_or_default()
        })
    };
    let pending = move || {
        s.drawn.get().filter(|d| d.photo == n2).map(|d| {
            let r = d.rect();
            view! { <rect class="drawing" x=r[0] y=r[1] width=r[2] height=r[3]></rect> }
        })
    };
    view! {
        <figure class="est-photo" class:selected=move || s.area_photo.get() == n4>
            <div class="photo-frame">
                <img src=p.thumbnail.clone() alt=tf("photo {}", &[&p.file_name]) draggable="false" />
                <svg class="overlay" viewBox="0 0 1 1" preserveAspectRatio="none"
                    on:pointerdown=move |ev| s.draw(n3.clone(), &ev, Pointer::Down)
                    on:pointermove=move |ev| s.draw(n5.clone(), &ev, Pointer::Move)
                    on:pointerup=move |ev| s.draw(String::new(), &ev, Pointer::Up)
                    on:pointerleave=move |ev| s.draw(String::new(), &ev, Pointer::Up)>
                    {boxes}
                    {pending}
                </svg>
            </div>
            <figcaption>{p.file_name.clone()}<span class="hint">{format!(" · {} × {}", p.width, p.height)}</span>
                " "<button class="small est-remove-photo" data-photo=number on:click=move |_| s.remove_photo(number)>{t("Remove")}</button>
            </figcaption>
        </figure>
    }
}

/// The priced lines, hours and part cost editable, to-confirm lines confirmable.
fn lines_table(s: Est, e: EstimateView) -> impl IntoView {
    view! {
        <table id="est-lines">
            <tr><th>"#"</th><th>{t("Op")}</th><th>{t("Description")}</th><th>{t("Part")}</th><th>{t("Part $")}</th><th>{t("Labor h")}</th><th>{t("Paint h")}</th><th>{t("Subtotal")}</th><th></th></tr>
            {e.lines.into_iter().map(|l| {
                let (id1, id2, id3, id4, id5) = (l.id.clone(), l.id.clone(), l.id.clone(), l.id.clone(), l.id.clone());
                view! {
                    <tr title=l.reason.clone() data-line=l.id.clone() class:edited=l.edited class:to-confirm=l.to_confirm>
                        <td>{l.line}</td>
                        <td class="mono">{l.operation.clone()}</td>
                        <td>{l.description.clone()}{l.edited.then(|| view! { <small class="hint">{t(" (edited)")}</small> })}</td>
                        <td>{l.part_type.clone()}</td>
                        <td><input class="num part-cost" type="number" min="0" step="0.01" aria-label=tf("part cost, line {}", &[&l.line.to_string()])
                            value=format!("{:.2}", l.part_cost)
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                s.edit(LineForm { line_id: id1.clone(), part_cost: Some(v), ..LineForm::default() })
                            } } /></td>
                        <td><input class="num hours" type="number" min="0" step="0.1" aria-label=tf("labor hours, line {}", &[&l.line.to_string()])
                            value=format!("{:.1}", l.labor_hours)
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                s.edit(LineForm { line_id: id2.clone(), hours: Some(v), ..LineForm::default() })
                            } } /></td>
                        <td class="mono">{format!("{:.1}", l.paint_hours)}</td>
                        <td class="mono">{l.subtotal.clone()}</td>
                        <td class="actions">
                            {l.to_confirm.then(|| view! {
                                <button class="small" on:click=move |_| s.edit(LineForm { line_id: id3.clone(), confirm: true, ..LineForm::default() })>{t("Confirm")}</button>
                            })}
                            {l.edited.then(|| view! {
                                <button class="small est-reset-line" aria-label=tf("undo the changes to line {}", &[&l.line.to_string()])
                                    on:click=move |_| s.reset_line(id5.clone())>{t("Reset")}</button>
                            })}
                            <button class="small" aria-label=tf("remove line {}", &[&l.line.to_string()])
                                on:click=move |_| s.edit(LineForm { line_id: id4.clone(), remove: true, ..LineForm::default() })>{t("Remove")}</button>
                        </td>
                    </tr>
                }
            }).collect::<Vec<_>>()}
        </table>
    }
}

/// The lines the estimator removed (not in the total), each as computed with a Restore
/// button: the same reset as an edited line's, which brings a removed one back.
fn removed_lines(s: Est, e: &EstimateView) -> impl IntoView {
    let removed = e.removed_lines.clone();
    (!removed.is_empty()).then(|| {
        let items = removed
            .into_iter()
            .map(|r| {
                let id = r.id.clone();
                view! {
                    <li data-line=r.id.clone()>
                        <span class="mono">{r.operation.clone()}</span>" "{r.description.clone()}
                        <span class="hint">" · "{r.kind.clone()}" · "</span><span class="mono">{r.amount.clone()}</span>
                        " "<button class="small est-restore-line" aria-label=tf("restore the removed line {}", &[&r.description])
                            on:click=move |_| s.reset_line(id.clone())>{t("Restore")}</button>
                    </li>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <div id="est-removed">
                <h3>{t("Removed lines")}</h3>
                <p class="hint">{t("Not in the total. Restore brings a line back as computed; the paint materials and tax computed from it follow.")}</p>
                <ul class="removed-lines">{items}</ul>
            </div>
        }
    })
}

/// Seed 001's insurance format: included lines and the category totals.
fn insurance_table(e: EstimateView) -> impl IntoView {
    view! {
        <table id="est-insurance">
            <tr><th>{t("Line")}</th><th>{t("Op")}</th><th>{t("Part")}</th><th>{t("Description")}</th><th>{t("Subtotal")}</th></tr>
            {e.insurance.lines.iter().map(|l| view! {
                <tr><td>{l.line}</td><td class="mono">{l.operation.clone()}</td><td>{l.part_type.clone()}</td><td>{l.description.clone()}</td><td class="mono">{l.subtotal.clone()}</td></tr>
            }).collect::<Vec<_>>()}
        </table>
        <table class="kv">
            {e.insurance.totals.iter().map(|(k, v)| view! { <tr><th>{k.clone()}</th><td class="mono">{v.clone()}</td></tr> }).collect::<Vec<_>>()}
        </table>
    }
}

/// The form that starts an estimate.
fn new_estimate_card(s: Est) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{t("New estimate")}</h2>
            <div class="form">
                <div class="field grow">
                    <label for="est-vehicle">{t("Vehicle (make model year)")}</label>
                    <input id="est-vehicle" placeholder="Toyota Camry 2022" prop:value=move || s.vehicle.get() // i18n: an example vehicle
                        on:input=move |ev| s.vehicle.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { s.create() } />
                </div>
                {select("est-state", t("State (labor rates)"), (s.state, s.pickers), move || s.pickers.with(|p| p.states.clone()))}
                {select("est-class", t("Class (vehicle not in the data)"), (s.class, s.pickers), move || s.pickers.with(|p| p.classes.clone()))}
                <div class="field">
                    <label><input type="checkbox" class="check" prop:checked=move || s.metro.get() on:change=move |ev| s.metro.set(event_target_checked(&ev)) />{t(" Metro area")}</label>
                </div>
            </div>
            <div class="row">
                <button class="primary" id="est-create" on:click=move |_| s.create()>{t("Start estimate")}</button>
            </div>
        </div>
    }
}

/// Marked area `i` (from 0): its damage, severity and panel, the photo it is
/// on (boxed or not), and Remove.
fn area_item(s: Est, i: usize, a: &AreaView) -> impl IntoView {
    let aid = a.id;
    view! {
        <li>
            // In a closure: only this text follows the pickers (read untracked by the
            // caller, they would redraw the whole estimate when they load).
            <strong>{i + 1}". "</strong>{
                let a = a.clone();
                move || s.pickers.with(|p| format!("{} ({}), {}", shown(p, &a.damage_type), shown(p, &a.severity), shown(p, &a.panel)))
            }
            <span class="hint">{a.photo.clone().map(|p| tf(" · on {}", &[&p])).unwrap_or_default()}{a.region.map(|_| t(" (box)")).unwrap_or_default()}</span>
            " "<button class="small" on:click=move |_| s.remove_area(aid)>{t("Remove")}</button>
        </li>
    }
}

/// A photo's file (Enter adds it) and Add photo.
fn photo_path_row(s: Est) -> impl IntoView {
    view! {
        <div class="row">
            <div class="field grow">
                <label for="est-photo-path">{t("Photo file (JPEG, PNG, WebP; at most 5)")}</label>
                <input id="est-photo-path" placeholder="/home/me/Pictures/bumper.jpg" prop:value=move || s.photo_path.get()
                    on:input=move |ev| s.photo_path.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { s.add_photo(s.photo_path.get_untracked()) } />
            </div>
            <button class="secondary" id="est-add-photo" on:click=move |_| s.add_photo(s.photo_path.get_untracked())>{t("Add photo")}</button>
        </div>
    }
}

/// The area being marked: the photo it is on (of `photo_names`), its panel,
/// damage and severity.
fn area_form(s: Est, photo_names: Vec<String>) -> impl IntoView {
    view! {
        <div class="form">
            <div class="field">
                <label for="est-area-photo">{t("On photo")}</label>
                <select id="est-area-photo" prop:value=move || s.area_photo.get() on:change=move |ev| s.area_photo.set(event_target_value(&ev))>
                    <option value="" selected=move || s.area_photo.get().is_empty()>{t("(no photo)")}</option>
                    {photo_names.into_iter().map(|n| {
                        let sel = { let n = n.clone(); move || s.area_photo.get() == n };
                        view! { <option value=n.clone() selected=sel>{n.clone()}</option> }
                    }).collect::<Vec<_>>()}
                </select>
            </div>
            {select("est-panel", t("Panel"), (s.panel, s.pickers), move || s.pickers.with(|p| p.panels.clone()))}
            {select("est-type", t("Damage"), (s.damage, s.pickers), move || s.pickers.with(|p| p.damage_types.clone()))}
            {select("est-severity", t("Severity"), (s.severity, s.pickers), move || s.pickers.with(|p| p.severities.clone()))}
        </div>
    }
}

/// Add area, and the box drawn for it (shown while there are photos).
fn add_area_row(s: Est, has_photos: bool) -> impl IntoView {
    view! {
        <div class="row">
            <button class="primary" id="est-add-area" on:click=move |_| s.add_area()>{t("Add area")}</button>
            <span class="hint" id="est-box">{move || match s.drawn.get() {
                Some(d) if has_photos => {
                    let r = d.rect();
                    tf("box on {}: {}", &[&d.photo, &format!("{:.2}, {:.2}, {:.2} × {:.2}", r[0], r[1], r[2], r[3])])
                }
                _ => t("no box drawn (the area is priced all the same)").to_string(),
            }}</span>
        </div>
    }
}

/// The photos, the area form and the marked areas, then the detector's proposals.
fn photos_and_areas_card(s: Est, e: &EstimateView) -> impl IntoView {
    let has_photos = !e.photos.is_empty();
    let photos = e
        .photos
        .iter()
        .cloned()
        .zip(1..)
        .map(|(p, number)| photo_card(s, number, p))
        .collect::<Vec<_>>();
    let photo_names = e
        .photos
        .iter()
        .map(|p| p.file_name.clone())
        .collect::<Vec<_>>();
    let areas = e
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| area_item(s, i, a))
        .collect::<Vec<_>>();
    let drawn_on = move |photo: &str| s.drawn_on(photo);
    view! {
        <div class="card">
            <h2 id="est-title">{e.reference.clone()}" — "{e.vehicle.clone()}<span class="hint">" · "{e.state.clone()}</span></h2>
            <h3>{t("Photos")}</h3>
            <p class="hint">{t("Drop photos on the window, or give a file. Drag on a photo to box the damage.")}</p>
            {photo_path_row(s)}
            <div class="est-photos">{photos}</div>
            <h3>{t("Damage area")}</h3>
            {area_form(s, photo_names)}
            {add_area_row(s, has_photos)}
            <ul class="areas" id="est-areas">{areas}</ul>
            {super::proposals::card(s.app, e, s.area_photo, s.pickers, move |v| s.show_undrawn(v), drawn_on)}
        </div>
    }
}

/// The line items (or the insurance view), the totals, the questions and the PDF.
fn lines_card(s: Est, e: &EstimateView) -> impl IntoView {
    let (table, ins) = (e.clone(), e.clone());
    view! {
        <div class="card">
            <div class="row">
                <h2 class="grow">{t("Line items")}</h2>
                <label><input type="checkbox" class="check" id="est-insurance-toggle" prop:checked=move || s.insurance.get()
                    on:change=move |ev| s.insurance.set(event_target_checked(&ev)) />{t(" Insurance view")}</label>
            </div>
            {move || if s.insurance.get() { insurance_table(ins.clone()).into_any() } else { lines_table(s, table.clone()).into_any() }}
            {removed_lines(s, e)}
            <div class="summary totals">
                <div><span class="label">{t("Total")}</span><span class="big" id="est-total">{e.total.clone()}</span></div>
                <div><span class="label">{t("Likely range")}</span><span class="big">{e.range.clone()}</span></div>
                {(!e.pending.is_empty()).then(|| view! {
                    <div><span class="label">{t("Awaiting confirmation")}</span><span class="big">{e.pending.clone()}</span></div>
                })}
            </div>
            <ul class="hint" id="est-questions">{e.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect::<Vec<_>>()}</ul>
            <div class="row">
                <button class="secondary" id="est-save-pdf" on:click=move |_| s.save_pdf()>{t("Save PDF")}</button>
                {super::open_pdf_button(s.app, s.pdf, "est-open-pdf", t("Open PDF"))}
            </div>
            {super::saved_pdf_notice(s.pdf, "est-pdf-path", t("PDF saved: "))}
        </div>
    }
}

/// The estimate's pricing by a shopbench server (remote mode): the button, and the
/// server's kept answer with what it did not see and whether the damage changed since.
fn remote_card(s: Est, e: &EstimateView) -> impl IntoView {
    let kept = e.remote.clone();
    let shown = kept.is_some();
    view! {
        <Show when=move || shown || s.remote_mode.get()>
            <div class="card" id="est-remote">
                <div class="row">
                    <h2 class="grow">{t("Server's pricing")}</h2>
                    <button class="secondary" id="est-price-remote" disabled=move || !s.remote_mode.get()
                        on:click=move |_| s.price_remote()>{t("Price on the server (charged)")}</button>
                </div>
                {match kept.clone() {
                    None => view! { <p class="hint">{t("Not priced on the server yet: the figures above are this computer's.")}</p> }.into_any(),
                    Some(r) => remote_pricing(r).into_any(),
                }}
            </div>
        </Show>
    }
}

fn remote_pricing(r: RemotePricingView) -> impl IntoView {
    let credits = r.credits.to_string();
    view! {
        <p class="hint">{tf("Estimate {} of {}, priced {} ({} credits).", &[&r.remote_id, &r.server, &r.priced_at, &credits])}</p>
        {(!r.current).then(|| view! {
            <div class="notice warn" role="status" id="est-remote-stale">{t("The vehicle or the damage changed since: price on the server again for its figures.")}</div>
        })}
        {(!r.not_sent.is_empty()).then(|| view! {
            <p class="hint" id="est-remote-not-sent">{tf("Not part of the server's figures: {}.", &[&r.not_sent.join(", ")])}</p>
        })}
        <table>
            <thead><tr><th>{t("Description")}</th><th>{t("Amount")}</th></tr></thead>
            <tbody>{r.lines.iter().map(|l| view! { <tr><td>{l.description.clone()}</td><td class="mono">{l.amount.clone()}</td></tr> }).collect::<Vec<_>>()}</tbody>
        </table>
        <div class="summary totals">
            <div><span class="label">{t("Total")}</span><span class="big" id="est-remote-total">{r.total.clone()}</span></div>
            <div><span class="label">{t("Likely range")}</span><span class="big">{r.range.clone()}</span></div>
        </div>
        <ul class="hint">{r.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect::<Vec<_>>()}</ul>
    }
}

pub fn view(app: App) -> impl IntoView {
    let s = Est::new(app);
    s.keep_drafts();
    let remote_mode = s.remote_mode;
    leptos::task::spawn_local(async move {
        if let Ok(settings) = invoke(LoadSettings {}).await {
            remote_mode.set(settings.engine == "remote");
        }
    });
    let pickers = s.pickers;
    app.run(
        t("Loading panels and states"),
        invoke(EstimatePickers {}),
        move |p| pickers.set(p),
    );
    view! {
        <section class="screen" id="screen-estimate">
            <h1>{t("Estimate")}</h1>
            {new_estimate_card(s)}
            {super::estimate_list::saved_estimates_card(s.app, move |id| s.open(id))}
            {move || s.est.get().map(|e| view! {
                {photos_and_areas_card(s, &e)}
                {lines_card(s, &e)}
                {remote_card(s, &e)}
                {super::module_scans::repair_scans_card(&e)}
            })}
        </section>
    }
}
