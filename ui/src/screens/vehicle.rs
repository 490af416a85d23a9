//! Vehicle & costs: VIN lookup (offline vPIC) with recalls from the offline
//! cache, and the purchase-cost calculator with its itemized breakdown and PDF.

use leptos::prelude::*;

use crate::api::*;
use crate::t;
use crate::App;

fn vin_card(app: App) -> impl IntoView {
    // What was typed last (a scan clears it), else the scanned car's.
    let start_vin = Some(app.drafts.with_untracked(|d| d.vin.clone()))
        .filter(|v| !v.is_empty())
        .or_else(|| app.scan.get_untracked().and_then(|s| s.vin))
        .or_else(|| app.connected.get_untracked().and_then(|c| c.vin))
        .unwrap_or_else(|| app.form.with_untracked(|f| f.vin.clone()));
    let vin = RwSignal::new(start_vin);
    let vehicle = RwSignal::new(None::<VehicleView>);
    let file = RwSignal::new(String::new());

    let lookup = move || {
        let v = vin.get_untracked();
        app.run(
            t("Decoding the VIN"),
            invoke(LookupVin { vin: v }),
            move |r| vehicle.set(Some(r)),
        )
    };
    // Imports, then looks the VIN (if any) up again so its recalls show.
    let import = move || {
        let path = file.get_untracked();
        let v = vin.get_untracked();
        app.run(
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
                app.notice.set(Some(crate::tx(&said)));
                if looked.is_some() {
                    vehicle.set(looked);
                }
            },
        )
    };

    view! {
        <div class="card">
            <h2>{t("VIN lookup")}</h2>
            <div class="row">
                <div class="field grow">
                    <label for="vin-input">{t("VIN")}</label>
                    <input id="vin-input" class="mono" maxlength="17" placeholder=t("17 characters, e.g. 1FTFW1ET5DFC10312")
                        prop:value=move || vin.get()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            app.keep_drafts(|d| d.vin = v.clone());
                            vin.set(v);
                        }
                        on:keydown=move |ev| if ev.key() == "Enter" { lookup() } />
                </div>
                <button class="primary" id="lookup-vin" on:click=move |_| lookup()>{t("Look up")}</button>
            </div>
            {move || vehicle.get().map(|v| view! {
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
                        {v.recalls.iter().map(|r| view! {
                            <li>
                                <strong class="mono">{r.number.clone()}</strong>" "<span class="badge">{r.country.clone()}</span>" "
                                <span class="hint">{r.date.clone()}" · "{r.component.clone()}</span>
                                <p>{r.summary.clone()}</p>
                                {(!r.remedy.is_empty()).then(|| view! { <p class="hint">{t("Remedy: ")}{r.remedy.clone()}</p> })}
                            </li>
                        }).collect::<Vec<_>>()}
                    </ul>
                </div>
            })}
            <div class="row">
                <div class="field grow">
                    <label for="recalls-file">{t("Import an NHTSA file for offline lookups: recalls (FLAT_RCL.txt), complaints (FLAT_CMPL.txt) or manufacturers' bulletins (TSBS_RECEIVED_*.txt)")}</label>
                    <input id="recalls-file" placeholder="/home/me/Downloads/FLAT_RCL.txt"
                        prop:value=move || file.get()
                        on:input=move |ev| file.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { import() } />
                </div>
                <button class="secondary" id="import-recalls" on:click=move |_| import()>{t("Import")}</button>
            </div>
        </div>
    }
}

fn costs_card(app: App) -> impl IntoView {
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
    let country = RwSignal::new(draft.country);
    let region = RwSignal::new(draft.region);
    let price = RwSignal::new(draft.price);
    let sale = RwSignal::new(draft.sale);
    let trade_in = RwSignal::new(draft.trade_in);
    let family_gift = RwSignal::new(draft.family_gift);
    let plates = RwSignal::new(draft.buyer_has_plates);
    let costs = RwSignal::new(None::<CostsView>);
    let pdf = RwSignal::new(None::<SavedPdf>);

    app.run(
        t("Loading the states and provinces"),
        invoke(CostRegions {}),
        move |r| regions.set(r),
    );

    let form = move || CostsForm {
        country: country.get_untracked(),
        region: region.get_untracked(),
        price: price.get_untracked(),
        sale: sale.get_untracked(),
        trade_in: trade_in.get_untracked(),
        family_gift: family_gift.get_untracked(),
        buyer_has_plates: plates.get_untracked(),
    };
    // What is typed is kept as the draft.
    Effect::new(move |_| {
        country.track();
        region.track();
        price.track();
        sale.track();
        trade_in.track();
        family_gift.track();
        plates.track();
        app.keep_drafts(|d| d.costs = Some(form()));
    });
    let calculate = move || {
        pdf.set(None);
        app.run(
            t("Calculating"),
            invoke(PurchaseCosts { form: form() }),
            move |c| costs.set(Some(c)),
        )
    };
    let save = move || {
        app.run(
            t("Writing the PDF"),
            invoke(SaveCostsPdf { form: form() }),
            move |p| pdf.set(Some(p)),
        )
    };
    let open = move || app.open_pdf(pdf.get_untracked());
    let codes = move || {
        regions.with(|r| {
            if country.get() == "ca" {
                r.ca.clone()
            } else {
                r.us.clone()
            }
        })
    };
    let enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            calculate()
        }
    };

    view! {
        <div class="card">
            <h2>{t("Purchase costs")}</h2>
            <div class="form">
                <div class="field">
                    <label for="costs-country">{t("Country")}</label>
                    <select id="costs-country" prop:value=move || country.get()
                        on:change=move |ev| {
                            let c = event_target_value(&ev);
                            region.set(if c == "ca" { "ON".into() } else { "CA".into() });
                            country.set(c);
                        }>
                        <option value="us">{t("United States")}</option>
                        <option value="ca">{t("Canada")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="costs-region">{move || if country.get() == "ca" { t("Province / territory") } else { t("State") }}</label>
                    <select id="costs-region" prop:value=move || region.get() on:change=move |ev| region.set(event_target_value(&ev))>
                        {move || codes().into_iter().map(|c| view! { <option value=c.clone() selected={let c = c.clone(); move || region.get() == c}>{c.clone()}</option> }).collect::<Vec<_>>()}
                    </select>
                </div>
                <div class="field">
                    <label for="costs-sale">{t("Sale")}</label>
                    <select id="costs-sale" prop:value=move || sale.get() on:change=move |ev| sale.set(event_target_value(&ev))>
                        <option value="private">{t("Private seller")}</option>
                        <option value="dealer">{t("Dealer")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="costs-price">{t("Price")}</label>
                    <input id="costs-price" inputmode="decimal" placeholder="25000" prop:value=move || price.get()
                        on:input=move |ev| price.set(event_target_value(&ev)) on:keydown=enter />
                </div>
                {move || if country.get() == "ca" {
                    view! {
                        <div class="field">
                            <label><input type="checkbox" class="check" prop:checked=move || family_gift.get() on:change=move |ev| family_gift.set(event_target_checked(&ev)) />{t(" Family gift (sworn, private sale)")}</label>
                            <label><input type="checkbox" class="check" prop:checked=move || plates.get() on:change=move |ev| plates.set(event_target_checked(&ev)) />{t(" Buyer moves their own plates")}</label>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="costs-trade-in">{t("Trade-in (dealer sales)")}</label>
                            <input id="costs-trade-in" inputmode="decimal" placeholder="0" prop:value=move || trade_in.get()
                                on:input=move |ev| trade_in.set(event_target_value(&ev)) on:keydown=enter />
                        </div>
                    }.into_any()
                }}
            </div>
            <div class="row">
                <button class="primary" id="calc-costs" on:click=move |_| calculate()>{t("Calculate")}</button>
                <button class="secondary" id="save-costs-pdf" disabled=move || costs.get().is_none() on:click=move |_| save()>{t("Save PDF")}</button>
                <button class="secondary" id="open-costs-pdf" disabled=move || pdf.get().is_none() on:click=move |_| open()>{t("Open PDF")}</button>
            </div>
            {move || pdf.get().map(|p| view! {
                <div class="notice" role="status">{t("PDF saved: ")}<span class="mono" id="costs-pdf-path">{p.path}</span></div>
            })}
            {inspection_row(app, form)}
            {move || costs.get().map(|c| view! {
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
            })}
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

/// The used-car inspection of the car scanned on the Scan screen, with the costs `form` gives.
fn inspection_row(
    app: App,
    form: impl Fn() -> CostsForm + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let inspection = RwSignal::new(None::<SavedPdf>);
    let inspect = move || {
        app.run(
            t("Writing the inspection report"),
            invoke(SaveInspectionPdf { form: form() }),
            move |p| inspection.set(Some(p)),
        )
    };
    view! {
        <div class="row">
            <button class="secondary" id="save-inspection-pdf" disabled=move || app.scan.get().is_none()
                title=t("The car scanned on the Scan screen (and its modules), its recalls and known issues, and these purchase costs")
                on:click=move |_| inspect()>{t("Used-car inspection PDF")}</button>
            <button class="secondary" id="open-inspection-pdf" disabled=move || inspection.get().is_none()
                on:click=move |_| app.open_pdf(inspection.get_untracked())>{t("Open inspection")}</button>
        </div>
        {move || inspection.get().map(|p| view! {
            <div class="notice" role="status">{t("Inspection saved: ")}<span class="mono" id="inspection-pdf-path">{p.path}</span></div>
        })}
    }
}
