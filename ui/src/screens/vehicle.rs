//! Vehicle & costs: VIN lookup (offline vPIC) with recalls from the offline
//! cache, and the purchase-cost calculator with its itemized breakdown and PDF.

use leptos::prelude::*;

use crate::api::*;
use crate::t;
use crate::App;

/// The VIN being looked up, the vehicle it decoded to and the recalls file to
/// import (all `Copy`, so each part and action takes it by value).
#[derive(Clone, Copy)]
struct VinLookup {
    app: App,
    vin: RwSignal<String>,
    vehicle: RwSignal<Option<VehicleView>>,
    /// The NHTSA file's path.
    file: RwSignal<String>,
}

impl VinLookup {
    fn new(app: App) -> VinLookup {
        // What was typed last (a scan clears it), else the scanned car's.
        let start_vin = Some(app.drafts.with_untracked(|d| d.vin.clone()))
            .filter(|v| !v.is_empty())
            .or_else(|| app.scan.get_untracked().and_then(|s| s.vin))
            .or_else(|| app.connected.get_untracked().and_then(|c| c.vin))
            .unwrap_or_else(|| app.form.with_untracked(|f| f.vin.clone()));
        VinLookup {
            app,
            vin: RwSignal::new(start_vin),
            vehicle: RwSignal::new(None::<VehicleView>),
            file: RwSignal::new(String::new()),
        }
    }

    /// Decodes the VIN typed (with its recalls).
    fn lookup(self) {
        let v = self.vin.get_untracked();
        self.app.run(
            t("Decoding the VIN"),
            invoke(LookupVin { vin: v }),
            move |r| self.vehicle.set(Some(r)),
        )
    }

    /// Imports, then looks the VIN (if any) up again so its recalls show.
    fn import(self) {
        let path = self.file.get_untracked();
        let v = self.vin.get_untracked();
        self.app.run(
            t("Importing recalls (a full NHTSA file takes a minute)"),
            async move {
                let said = invoke(ImportRecalls { path }).await?;
                let looked = if v.trim().is_empty() {
                    None
                } else {
                    Some(invoke(LookupVin { vin: v }).await?)
                };
                Ok((said, looked))
            },
            move |(said, looked)| {
                self.app.notice.set(Some(crate::tx(&said)));
                if looked.is_some() {
                    self.vehicle.set(looked);
                }
            },
        )
    }
}

/// The VIN field (kept as a draft; Enter looks it up) and Look up.
fn vin_row(s: VinLookup) -> impl IntoView {
    view! {
        <div class="row">
            <div class="field grow">
                <label for="vin-input">{t("VIN")}</label>
                <input id="vin-input" class="mono" maxlength="17" placeholder=t("17 characters, e.g. 1FTFW1ET5DFC10312")
                    prop:value=move || s.vin.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        s.app.keep_drafts(|d| d.vin = v.clone());
                        s.vin.set(v);
                    }
                    on:keydown=move |ev| if ev.key() == "Enter" { s.lookup() } />
            </div>
            <button class="primary" id="lookup-vin" on:click=move |_| s.lookup()>{t("Look up")}</button>
        </div>
    }
}

/// One recall: its number, country, date, component, summary and remedy.
fn recall_item(r: &RecallRow) -> impl IntoView {
    view! {
        <li>
            <strong class="mono">{r.number.clone()}</strong>" "<span class="badge">{r.country.clone()}</span>" "
            <span class="hint">{r.date.clone()}" · "{r.component.clone()}</span>
            <p>{r.summary.clone()}</p>
            {(!r.remedy.is_empty()).then(|| view! { <p class="hint">{t("Remedy: ")}{r.remedy.clone()}</p> })}
        </li>
    }
}

/// The vehicle decoded: its title, where it came from, warnings, what was
/// decoded and its recalls.
fn vehicle_details(v: VehicleView) -> impl IntoView {
    view! {
        <div id="vehicle">
            <h3 id="vehicle-title">{v.title.clone()}<span class="hint mono">" · "{v.vin.clone()}</span></h3>
            <p class="hint" id="vehicle-source">{crate::tx(&v.source)}</p>
            {v.warnings.iter().map(|w| view! { <p class="warn">{crate::tx(w)}</p> }).collect::<Vec<_>>()}
            <table class="kv">
                {v.rows.iter().map(|(l, x)| view! { <tr><th>{crate::tx(l)}</th><td>{x.clone()}</td></tr> }).collect::<Vec<_>>()}
            </table>
            <h3>{t("Recalls")}</h3>
            <p class="hint" id="recalls-note">{crate::tx(&v.recalls_note)}</p>
            <ul class="recalls" id="recalls">
                {v.recalls.iter().map(recall_item).collect::<Vec<_>>()}
            </ul>
        </div>
    }
}

/// The NHTSA file's path (Enter imports it) and Import.
fn import_row(s: VinLookup) -> impl IntoView {
    view! {
        <div class="row">
            <div class="field grow">
                <label for="recalls-file">{t("Import an NHTSA file for offline lookups: recalls (FLAT_RCL.txt), complaints (FLAT_CMPL.txt) or manufacturers' bulletins (TSBS_RECEIVED_*.txt)")}</label>
                <input id="recalls-file" placeholder="/home/me/Downloads/FLAT_RCL.txt"
                    prop:value=move || s.file.get()
                    on:input=move |ev| s.file.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { s.import() } />
            </div>
            <button class="secondary" id="import-recalls" on:click=move |_| s.import()>{t("Import")}</button>
        </div>
    }
}

/// The VIN lookup: the vehicle decoded offline with its recalls, and the
/// import of NHTSA files for them.
fn vin_card(app: App) -> impl IntoView {
    let s = VinLookup::new(app);

    view! {
        <div class="card">
            <h2>{t("VIN lookup")}</h2>
            {vin_row(s)}
            {move || s.vehicle.get().map(vehicle_details)}
            {import_row(s)}
        </div>
    }
}

/// The purchase being costed: the form's fields (kept as a draft), the states and
/// provinces to pick from, the figures and their PDF (all `Copy`, so each part and
/// action takes it by value).
#[derive(Clone, Copy)]
struct Purchase {
    app: App,
    regions: RwSignal<Regions>,
    country: RwSignal<String>,
    region: RwSignal<String>,
    price: RwSignal<String>,
    sale: RwSignal<String>,
    trade_in: RwSignal<String>,
    local_rate: RwSignal<String>,
    family_gift: RwSignal<bool>,
    plates: RwSignal<bool>,
    costs: RwSignal<Option<CostsView>>,
    pdf: RwSignal<Option<SavedPdf>>,
}

impl Purchase {
    /// The form as last typed, else a private sale in California.
    fn new(app: App) -> Purchase {
        let regions = RwSignal::new(Regions::default());
        let draft = app
            .drafts
            .with_untracked(|d| d.costs.clone())
            .unwrap_or(CostsForm {
                country: "us".into(),
                region: "CA".into(),
                sale: "private".into(),
                ..CostsForm::default()
            });
        Purchase {
            app,
            regions,
            country: RwSignal::new(draft.country),
            region: RwSignal::new(draft.region),
            price: RwSignal::new(draft.price),
            sale: RwSignal::new(draft.sale),
            trade_in: RwSignal::new(draft.trade_in),
            local_rate: RwSignal::new(draft.local_rate),
            family_gift: RwSignal::new(draft.family_gift),
            plates: RwSignal::new(draft.buyer_has_plates),
            costs: RwSignal::new(None::<CostsView>),
            pdf: RwSignal::new(None::<SavedPdf>),
        }
    }

    /// The form as typed.
    fn form(self) -> CostsForm {
        CostsForm {
            country: self.country.get_untracked(),
            region: self.region.get_untracked(),
            price: self.price.get_untracked(),
            sale: self.sale.get_untracked(),
            trade_in: self.trade_in.get_untracked(),
            local_rate: self.local_rate.get_untracked(),
            family_gift: self.family_gift.get_untracked(),
            buyer_has_plates: self.plates.get_untracked(),
        }
    }

    /// Keeps what is typed as the draft.
    fn keep_draft(self) {
        Effect::new(move |_| {
            self.country.track();
            self.region.track();
            self.price.track();
            self.sale.track();
            self.trade_in.track();
            self.local_rate.track();
            self.family_gift.track();
            self.plates.track();
            self.app.keep_drafts(|d| d.costs = Some(self.form()));
        });
    }

    fn calculate(self) {
        self.pdf.set(None);
        self.app.run(
            t("Calculating"),
            invoke(PurchaseCosts { form: self.form() }),
            move |c| self.costs.set(Some(c)),
        )
    }

    fn save_pdf(self) {
        self.app.run(
            t("Writing the PDF"),
            invoke(SaveCostsPdf { form: self.form() }),
            move |p| self.pdf.set(Some(p)),
        )
    }

    /// Enter in an amount field calculates.
    fn calculate_on_enter(self, ev: leptos::ev::KeyboardEvent) {
        if ev.key() == "Enter" {
            self.calculate()
        }
    }

    /// The country's state or province codes.
    fn region_codes(self) -> Vec<String> {
        self.regions.with(|r| {
            if self.country.get() == "ca" {
                r.ca.clone()
            } else {
                r.us.clone()
            }
        })
    }
}

/// The country (a change picks Ontario or California as the region) and the
/// state or province.
fn where_fields(s: Purchase) -> impl IntoView {
    view! {
        <div class="field">
            <label for="costs-country">{t("Country")}</label>
            <select id="costs-country" prop:value=move || s.country.get()
                on:change=move |ev| {
                    let c = event_target_value(&ev);
                    s.region.set(if c == "ca" { "ON".into() } else { "CA".into() });
                    s.country.set(c);
                }>
                <option value="us">{t("United States")}</option>
                <option value="ca">{t("Canada")}</option>
            </select>
        </div>
        <div class="field">
            <label for="costs-region">{move || if s.country.get() == "ca" { t("Province / territory") } else { t("State") }}</label>
            <select id="costs-region" prop:value=move || s.region.get() on:change=move |ev| s.region.set(event_target_value(&ev))>
                {move || s.region_codes().into_iter().map(|c| view! { <option value=c.clone() selected={let c = c.clone(); move || s.region.get() == c}>{c.clone()}</option> }).collect::<Vec<_>>()}
            </select>
        </div>
    }
}

/// Private seller or dealer, and the price.
fn sale_fields(s: Purchase) -> impl IntoView {
    view! {
        <div class="field">
            <label for="costs-sale">{t("Sale")}</label>
            <select id="costs-sale" prop:value=move || s.sale.get() on:change=move |ev| s.sale.set(event_target_value(&ev))>
                <option value="private">{t("Private seller")}</option>
                <option value="dealer">{t("Dealer")}</option>
            </select>
        </div>
        {money_field(s, "costs-price", t("Price"), "25000", s.price)}
    }
}

/// An amount in dollars the form takes (Enter calculates).
fn money_field(
    s: Purchase,
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id inputmode="decimal" placeholder=placeholder prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) on:keydown=move |ev| s.calculate_on_enter(ev) />
        </div>
    }
}

/// Canada: the sworn family gift and the buyer's own plates.
fn canada_exemptions(s: Purchase) -> impl IntoView {
    view! {
        <div class="field">
            <label><input type="checkbox" class="check" prop:checked=move || s.family_gift.get() on:change=move |ev| s.family_gift.set(event_target_checked(&ev)) />{t(" Family gift (sworn, private sale)")}</label>
            <label><input type="checkbox" class="check" prop:checked=move || s.plates.get() on:change=move |ev| s.plates.set(event_target_checked(&ev)) />{t(" Buyer moves their own plates")}</label>
        </div>
    }
}

/// The United States: the trade-in a dealer takes off the price, and the
/// county/city surtax when the buyer knows it (else the costs show its range).
fn us_fields(s: Purchase) -> impl IntoView {
    view! {
        {money_field(
            s,
            "costs-trade-in",
            t("Trade-in (dealer sales)"),
            "0",
            s.trade_in,
        )}
        {money_field(
            s,
            "costs-local-rate",
            t("Local tax rate, % (county/city)"),
            "",
            s.local_rate,
        )}
    }
}

/// Calculate, Save PDF, Open PDF, and where the PDF was saved.
fn costs_buttons(s: Purchase) -> impl IntoView {
    view! {
        <div class="row">
            <button class="primary" id="calc-costs" on:click=move |_| s.calculate()>{t("Calculate")}</button>
            <button class="secondary" id="save-costs-pdf" disabled=move || s.costs.get().is_none() on:click=move |_| s.save_pdf()>{t("Save PDF")}</button>
            {super::open_pdf_button(s.app, s.pdf, "open-costs-pdf", t("Open PDF"))}
        </div>
        {super::saved_pdf_notice(s.pdf, "costs-pdf-path", t("PDF saved: "))}
    }
}

/// The itemized costs (who is paid, what is unconfirmed), the totals, what the
/// figures do not cover, and where the rules and figures come from.
fn costs_breakdown(c: CostsView) -> impl IntoView {
    view! {
        <div id="costs">
            <h3>{c.title.clone()}</h3>
            <table id="costs-lines">
                <tr><th>{t("Item")}</th><th>{c.currency.clone()}</th><th>{t("Kind")}</th><th>{t("Paid to")}</th></tr>
                {c.lines.iter().map(|l| view! {
                    <tr title=l.notes.clone()>
                        <td>{l.label.clone()}{(l.confidence != "high").then(|| view! { <small class="hint">{t(" (unconfirmed)")}</small> })}</td>
                        <td class="mono">{l.amount.clone()}</td>
                        <td>{crate::tx(&l.kind)}</td>
                        <td class="hint">{l.paid_to.clone()}</td>
                    </tr>
                }).collect::<Vec<_>>()}
            </table>
            <div class="summary totals">
                <div><span class="label">{t("Taxes + fixed fees")}</span><span class="big" id="costs-total">{format!("{} {}", c.currency, c.total_known)}</span></div>
                <div><span class="label">{t("Estimated total range")}</span><span class="big">{format!("{} {}", c.currency, c.total_range)}</span></div>
            </div>
            <ul class="hint">{c.caveats.iter().map(|x| view! { <li>{x.clone()}</li> }).collect::<Vec<_>>()}</ul>
            <p class="hint">{t("Rules as of ")}{c.rules_as_of.clone()}</p>
            <p class="hint" id="costs-source">{crate::tx(&c.source)}</p>
        </div>
    }
}

/// The purchase-cost calculator: the form, its figures and PDF, and the used-car
/// inspection report.
fn costs_card(app: App) -> impl IntoView {
    let s = Purchase::new(app);

    app.run(
        t("Loading the states and provinces"),
        invoke(CostRegions {}),
        move |r| s.regions.set(r),
    );
    s.keep_draft();

    view! {
        <div class="card">
            <h2>{t("Purchase costs")}</h2>
            <div class="form">
                {where_fields(s)}
                {sale_fields(s)}
                {move || if s.country.get() == "ca" {
                    canada_exemptions(s).into_any()
                } else {
                    us_fields(s).into_any()
                }}
            </div>
            {costs_buttons(s)}
            {inspection_row(s)}
            {move || s.costs.get().map(costs_breakdown)}
        </div>
    }
}

pub fn view(app: App) -> impl IntoView {
    view! {
        <section class="screen" id="screen-vehicle">
            <h1>{t("Vehicle & costs")}</h1>
            {vin_card(app)}
            {costs_card(app)}
        </section>
    }
}

/// The used-car inspection of the car scanned on the Scan screen, with the purchase costs `s` holds.
fn inspection_row(s: Purchase) -> impl IntoView {
    let app = s.app;
    let inspection = RwSignal::new(None::<SavedPdf>);
    let inspect = move || {
        app.run(
            t("Writing the inspection report"),
            invoke(SaveInspectionPdf { form: s.form() }),
            move |p| inspection.set(Some(p)),
        )
    };
    view! {
        <div class="row">
            <button class="secondary" id="save-inspection-pdf" disabled=move || app.scan.get().is_none()
                title=t("The car scanned on the Scan screen (and its modules), its recalls and known issues, and these purchase costs")
                on:click=move |_| inspect()>{t("Used-car inspection PDF")}</button>
            {super::open_pdf_button(app, inspection, "open-inspection-pdf", t("Open inspection"))}
        </div>
        {super::saved_pdf_notice(inspection, "inspection-pdf-path", t("Inspection saved: "))}
    }
}
