//! The used-car inspection a buyer reads: the findings first, then the car,
//! the codes-cleared signals, the codes per module, readiness, recalls,
//! known issues, identification, the purchase costs, and what could not be
//! checked.

use shopbench_wire::{recall_counts, Finding, Inspection, Level, ModuleCodes, Section, DISCLAIMER};

use crate::costs::costs_section;
use crate::fonts::Face;
use crate::layout::{Align, Cell, Col, Layout, Style, AMBER, BODY, BODY_BOLD, GREEN, GREY, SMALL};
use crate::{PaperSize, PurchaseCosts, Shop};
use shopbench_i18n::{n, tr, Lang};

/// The report's title, looked up where it is drawn.
const TITLE: &str = n("Used-car inspection");

/// The vehicle in one line: `2013 FORD F-150 XLT`, or the VIN when it did not decode.
fn vehicle_line(i: &Inspection, lang: Lang) -> String {
    let Some(d) = &i.vehicle.data else {
        return tr(lang, "Vehicle not decoded").into();
    };
    let v = &d.vehicle;
    [
        v.year.map(|y| y.to_string()),
        v.make.clone(),
        v.model.clone(),
        v.trim.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

/// Renders the inspection as a PDF.
pub fn render_inspection(shop: &Shop, inspection: &Inspection, paper: PaperSize) -> Vec<u8> {
    let i = inspection;
    let lang = shop.lang;
    let title = tr(lang, TITLE);
    let vehicle = vehicle_line(i, lang);
    let mut l = Layout::new(
        paper,
        &shop.name,
        &format!("{title} · {vehicle}"),
        tr(lang, "Informational: not a vehicle-history report"),
    );
    let vin = i
        .vin
        .as_deref()
        .unwrap_or(tr(lang, "not reported by the car"));
    l.shop_header(
        shop,
        title,
        &[vehicle.clone(), format!("{} {vin}", tr(lang, "VIN"))],
    );
    summary_section(&mut l, &i.summary);
    l.gap(3.0);
    l.paragraph(&l.tf("Scanned with {}", &[&i.scanned_with]), SMALL, 0.0);
    vehicle_section(&mut l, i);
    cleared_section(&mut l, i);
    codes_section(&mut l, i);
    readiness_section(&mut l, i);
    recalls_section(&mut l, i);
    known_issues_section(&mut l, i);
    identification_section(&mut l, i);
    l.heading(l.t("Costs of buying it"), 60.0);
    costs_section(&mut l, PurchaseCosts::from(&i.costs));
    l.heading(l.t("What this inspection could not check"), 30.0);
    for g in &i.gaps {
        l.bullet(&l.text(g), BODY);
    }
    l.heading(l.t("About this report"), 30.0);
    l.paragraph(tr(l.lang(), DISCLAIMER), SMALL, 0.0);
    l.finish(&format!("{title} — {vehicle}"))
}

fn level_cell(level: Level, lang: Lang) -> Cell {
    let (mark, color) = match level {
        Level::Attention => (tr(lang, "CHECK"), AMBER),
        Level::Ok => ("OK", GREEN),
        Level::Unknown => (tr(lang, "NOT KNOWN"), GREY),
    };
    Cell::styled(mark, Style::new(8.5, Face::Bold).color(color))
}

fn summary_section(l: &mut Layout, summary: &[Finding]) {
    l.heading(l.t("At a glance"), 60.0);
    let cols = [
        Col::new("", 0.13, Align::Left),
        Col::new(l.t("Finding"), 0.87, Align::Left),
    ];
    let rows: Vec<Vec<Cell>> = summary
        .iter()
        .map(|f| vec![level_cell(f.level, l.lang()), l.text(&f.text).into()])
        .collect();
    l.table(&cols, &rows);
}

/// The reason a section is missing, said where the section would be.
fn missing<T>(l: &mut Layout, s: &Section<T>) -> bool {
    match &s.missing {
        Some(why) if s.data.is_none() => {
            let why = shopbench_i18n::tr_composed(l.lang(), why);
            l.paragraph(&l.tf("NOT CHECKED — {}", &[&why]), BODY_BOLD, 0.0);
            true
        }
        _ => s.data.is_none(),
    }
}

fn vehicle_section(l: &mut Layout, i: &Inspection) {
    l.heading(l.t("The vehicle (decoded from its VIN)"), 40.0);
    if missing(l, &i.vehicle) {
        return;
    }
    let Some(d) = &i.vehicle.data else { return };
    let v = &d.vehicle;
    let text = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    let engine = [
        v.engine
            .displacement_l
            .map(|d| shopbench_i18n::decimal(l.lang(), &format!("{d:.1} L"))),
        v.engine
            .cylinders
            .map(|c| l.tf("{} cylinders", &[&c.to_string()])),
        v.engine.fuel_type.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let plant = [v.plant_city.clone(), v.plant_country.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    l.key_values(&[
        (
            l.t("Year"),
            v.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
        ),
        (l.t("Make"), text(&v.make)),
        (l.t("Model"), text(&v.model)),
        (l.t("Trim"), text(&v.trim)),
        (l.t("Body"), text(&v.body_class)),
        (l.t("Drive"), text(&v.drive_type)),
        (
            l.t("Engine"),
            if engine.is_empty() {
                "—".into()
            } else {
                engine
            },
        ),
        (
            l.t("Built in"),
            if plant.is_empty() {
                "—".into()
            } else {
                plant
            },
        ),
    ]);
    for w in &d.warnings {
        l.paragraph(&l.tf("VIN warning: {}", &[&w.to_string()]), BODY_BOLD, 0.0);
    }
}

fn cleared_section(l: &mut Layout, i: &Inspection) {
    let c = &i.recently_cleared;
    l.heading(l.t("Were the codes just cleared?"), 40.0);
    l.paragraph(&l.text(&c.statement), BODY_BOLD, 0.0);
    for s in &c.signals {
        l.bullet(&l.text(s), BODY);
    }
    let note = match c.recent {
        Some(true) => l.t("Clearing codes turns the check-engine light off until the car has re-tested itself, which takes several drives. Ask the seller why they were cleared, or come back after a week of driving and scan again."),
        Some(false) => l.t("Nothing suggests a recent clear: the car has had time to re-test itself."),
        None => l.t("NOT KNOWN — the car reports neither the counters nor its readiness monitors."),
    };
    l.paragraph(note, SMALL, 0.0);
}

fn codes_section(l: &mut Layout, i: &Inspection) {
    let c = &i.codes;
    l.heading(l.t("Trouble codes"), 50.0);
    for list in &c.lists {
        l.paragraph(
            &l.tf("Engine and emissions — {}", &[&l.text(list)]),
            SMALL,
            0.0,
        );
    }
    if !c.complete {
        l.paragraph(
            l.t("Some codes could not be read: the car may have codes this report does not show."),
            BODY_BOLD,
            0.0,
        );
    }
    l.gap(4.0);
    let with: Vec<&ModuleCodes> = c.modules.iter().filter(|m| !m.codes.is_empty()).collect();
    if !with.is_empty() {
        code_table(l, &with);
    }
    for (_, line) in c.without_codes() {
        l.paragraph(&l.text(&line), BODY, 0.0);
    }
}

fn code_table(l: &mut Layout, modules: &[&ModuleCodes]) {
    let cols = [
        Col::new(l.t("Module"), 0.26, Align::Left),
        Col::new(l.t("Code"), 0.12, Align::Left),
        Col::new(l.t("Status"), 0.22, Align::Left),
        Col::new(l.t("Meaning"), 0.40, Align::Left),
    ];
    let small = Style::new(8.5, Face::Regular);
    let rows: Vec<Vec<Cell>> = modules
        .iter()
        .flat_map(|m| {
            m.codes.iter().map(move |d| {
                vec![
                    Cell::styled(format!("{} ({})", m.module, m.via), small),
                    Cell::styled(d.code.as_str(), BODY_BOLD),
                    Cell::styled(d.status.as_str(), small),
                    Cell::styled(d.meaning.as_str(), small),
                ]
            })
        })
        .collect();
    l.table(&cols, &rows);
}

fn readiness_section(l: &mut Layout, i: &Inspection) {
    l.heading(l.t("Readiness monitors (the car's self-tests)"), 30.0);
    if missing(l, &i.readiness) {
        return;
    }
    let Some(r) = &i.readiness.data else { return };
    let none = l.t("none");
    let list = |v: &[String]| match v.is_empty() {
        true => none.to_string(),
        false => v.iter().map(|m| l.text(m)).collect::<Vec<_>>().join(", "),
    };
    l.key_values(&[
        (l.t("Not complete"), list(&r.incomplete)),
        (l.t("Complete"), list(&r.complete)),
    ]);
}

fn recalls_section(l: &mut Layout, i: &Inspection) {
    l.heading(l.t("Recalls (US and Canada)"), 40.0);
    if missing(l, &i.recalls) {
        return;
    }
    let Some(r) = &i.recalls.data else { return };
    let (us, canada) = recall_counts(r);
    l.paragraph(
        &l.tf(
            "{}: US recalls (NHTSA) {}, Canadian recalls (Transport Canada) {}. These are the recalls for the make, model and year; whether this car's were done is on the carmaker's VIN lookup or a dealer's records.",
            &[&r.vehicle.to_string(), &l.text(&us), &l.text(&canada)],
        ),
        BODY,
        0.0,
    );
    let cols = [
        Col::new(l.t("Campaign"), 0.16, Align::Left),
        Col::new(l.t("Date"), 0.14, Align::Left),
        Col::new(l.t("Component / summary"), 0.70, Align::Left),
    ];
    let small = Style::new(8.5, Face::Regular);
    let mut rows: Vec<Vec<Cell>> = r
        .recalls
        .us
        .iter()
        .map(|u| {
            vec![
                Cell::styled(u.campaign.as_str(), small),
                Cell::styled(u.reported_date.as_str(), small),
                Cell::styled(format!("{} — {}", u.component, u.summary), small),
            ]
        })
        .collect();
    rows.extend(r.recalls.canada.iter().map(|c| {
        vec![
            Cell::styled(format!("TC {}", c.recall_number), small), // i18n: Transport Canada's mark
            Cell::styled(c.recall_date.clone().unwrap_or_default(), small),
            Cell::styled(
                [c.system_type.clone(), c.summary.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" — "),
                small,
            ),
        ]
    }));
    if !rows.is_empty() {
        l.gap(4.0);
        l.table(&cols, &rows);
    }
}

fn known_issues_section(l: &mut Layout, i: &Inspection) {
    l.heading(l.t("Known issues (owner complaints to NHTSA)"), 40.0);
    if missing(l, &i.known_issues) {
        return;
    }
    let Some(k) = &i.known_issues.data else {
        return;
    };
    let issues = k.issues.issues.as_deref().unwrap_or_default();
    if issues.is_empty() {
        let why = match k.issues.status.as_str() {
            "ok" => l.t("no failure mode stands out").to_string(),
            _ => l.tf(
                "too few complaints to name failure modes ({} found)",
                &[&k.issues.complaint_count.to_string()],
            ),
        };
        l.paragraph(&format!("{}: {why}.", k.vehicle), BODY, 0.0);
        return;
    }
    l.paragraph(
        &l.tf(
            "{} complaints about the {} grouped into failure modes:",
            &[
                &k.issues.complaint_count.to_string(),
                &k.vehicle.to_string(),
            ],
        ),
        BODY,
        0.0,
    );
    for issue in issues {
        l.bullet(
            &l.tf(
                "{} — {} complaints ({}, trend {})",
                &[
                    &issue.title,
                    &issue.count.to_string(),
                    &issue.component_tags.join(", "),
                    &issue.trend.to_string(),
                ],
            ),
            BODY,
        );
    }
}

fn identification_section(l: &mut Layout, i: &Inspection) {
    l.heading(l.t("Identification"), 40.0);
    if i.identification.is_empty() {
        l.paragraph(
            l.t("NOT KNOWN — the car reported no identification."),
            BODY_BOLD,
            0.0,
        );
        return;
    }
    let cols = [
        Col::new(l.t("Reported by"), 0.30, Align::Left),
        Col::new(l.t("Item"), 0.25, Align::Left),
        Col::new(l.t("Value"), 0.45, Align::Left),
    ];
    let small = Style::new(8.5, Face::Regular);
    let rows: Vec<Vec<Cell>> = i
        .identification
        .iter()
        .map(|id| {
            vec![
                Cell::styled(id.source.as_str(), small),
                Cell::styled(id.label.as_str(), small),
                Cell::styled(id.value.as_str(), small),
            ]
        })
        .collect();
    l.table(&cols, &rows);
}
