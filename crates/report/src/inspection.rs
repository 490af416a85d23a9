//! The used-car inspection a buyer reads: the findings first, then the car,
//! the codes-cleared signals, the codes per module, readiness, recalls,
//! known issues, identification, the purchase costs, and what could not be
//! checked.

use shopbench_wire::{recall_counts, Finding, Inspection, Level, ModuleCodes, Section, DISCLAIMER};

use crate::costs::costs_section;
use crate::fonts::Face;
use crate::layout::{Align, Cell, Col, Layout, Style, AMBER, BODY, BODY_BOLD, GREEN, GREY, SMALL};
use crate::{PaperSize, PurchaseCosts, Shop};

const TITLE: &str = "Used-car inspection";

/// The vehicle in one line: `2013 FORD F-150 XLT`, or the VIN when it did not decode.
fn vehicle_line(i: &Inspection) -> String {
    let Some(d) = &i.vehicle.data else {
        return "Vehicle not decoded".into();
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
    let vehicle = vehicle_line(i);
    let mut l = Layout::new(
        paper,
        &shop.name,
        &format!("{TITLE} · {vehicle}"),
        "Informational: not a vehicle-history report",
    );
    l.shop_header(
        shop,
        TITLE,
        &[
            vehicle.clone(),
            format!(
                "VIN {}",
                i.vin.as_deref().unwrap_or("not reported by the car")
            ),
        ],
    );
    summary_section(&mut l, &i.summary);
    l.gap(3.0);
    l.paragraph(&format!("Scanned with {}", i.scanned_with), SMALL, 0.0);
    vehicle_section(&mut l, i);
    cleared_section(&mut l, i);
    codes_section(&mut l, i);
    readiness_section(&mut l, i);
    recalls_section(&mut l, i);
    known_issues_section(&mut l, i);
    identification_section(&mut l, i);
    l.heading("Costs of buying it", 60.0);
    costs_section(&mut l, PurchaseCosts::from(&i.costs));
    l.heading("What this inspection could not check", 30.0);
    for g in &i.gaps {
        l.bullet(g, BODY);
    }
    l.heading("About this report", 30.0);
    l.paragraph(DISCLAIMER, SMALL, 0.0);
    l.finish(&format!("{TITLE} — {vehicle}"))
}

fn level_cell(level: Level) -> Cell {
    let (mark, color) = match level {
        Level::Attention => ("CHECK", AMBER),
        Level::Ok => ("OK", GREEN),
        Level::Unknown => ("NOT KNOWN", GREY),
    };
    Cell::styled(mark, Style::new(8.5, Face::Bold).color(color))
}

fn summary_section(l: &mut Layout, summary: &[Finding]) {
    l.heading("At a glance", 60.0);
    let cols = [
        Col::new("", 0.13, Align::Left),
        Col::new("Finding", 0.87, Align::Left),
    ];
    let rows: Vec<Vec<Cell>> = summary
        .iter()
        .map(|f| vec![level_cell(f.level), f.text.as_str().into()])
        .collect();
    l.table(&cols, &rows);
}

/// The reason a section is missing, said where the section would be.
fn missing<T>(l: &mut Layout, s: &Section<T>) -> bool {
    match &s.missing {
        Some(why) if s.data.is_none() => {
            l.paragraph(&format!("NOT CHECKED — {why}"), BODY_BOLD, 0.0);
            true
        }
        _ => s.data.is_none(),
    }
}

fn vehicle_section(l: &mut Layout, i: &Inspection) {
    l.heading("The vehicle (decoded from its VIN)", 40.0);
    if missing(l, &i.vehicle) {
        return;
    }
    let Some(d) = &i.vehicle.data else { return };
    let v = &d.vehicle;
    let text = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    let engine = [
        v.engine.displacement_l.map(|d| format!("{d:.1} L")),
        v.engine.cylinders.map(|c| format!("{c} cylinders")),
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
            "Year",
            v.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
        ),
        ("Make", text(&v.make)),
        ("Model", text(&v.model)),
        ("Trim", text(&v.trim)),
        ("Body", text(&v.body_class)),
        ("Drive", text(&v.drive_type)),
        (
            "Engine",
            if engine.is_empty() {
                "—".into()
            } else {
                engine
            },
        ),
        (
            "Built in",
            if plant.is_empty() {
                "—".into()
            } else {
                plant
            },
        ),
    ]);
    for w in &d.warnings {
        l.paragraph(&format!("VIN warning: {w}"), BODY_BOLD, 0.0);
    }
}

fn cleared_section(l: &mut Layout, i: &Inspection) {
    let c = &i.recently_cleared;
    l.heading("Were the codes just cleared?", 40.0);
    l.paragraph(&c.statement, BODY_BOLD, 0.0);
    for s in &c.signals {
        l.bullet(s, BODY);
    }
    let note = match c.recent {
        Some(true) => {
            "Clearing codes turns the check-engine light off until the car has re-tested itself, \
             which takes several drives. Ask the seller why they were cleared, or come back after \
             a week of driving and scan again."
        }
        Some(false) => "Nothing suggests a recent clear: the car has had time to re-test itself.",
        None => "NOT KNOWN — the car reports neither the counters nor its readiness monitors.",
    };
    l.paragraph(note, SMALL, 0.0);
}

fn codes_section(l: &mut Layout, i: &Inspection) {
    let c = &i.codes;
    l.heading("Trouble codes", 50.0);
    for list in &c.lists {
        l.paragraph(&format!("Engine and emissions — {list}"), SMALL, 0.0);
    }
    if !c.complete {
        l.paragraph(
            "Some codes could not be read: the car may have codes this report does not show.",
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
        l.paragraph(&line, BODY, 0.0);
    }
}

fn code_table(l: &mut Layout, modules: &[&ModuleCodes]) {
    let cols = [
        Col::new("Module", 0.26, Align::Left),
        Col::new("Code", 0.12, Align::Left),
        Col::new("Status", 0.22, Align::Left),
        Col::new("Meaning", 0.40, Align::Left),
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
    l.heading("Readiness monitors (the car's self-tests)", 30.0);
    if missing(l, &i.readiness) {
        return;
    }
    let Some(r) = &i.readiness.data else { return };
    let list = |v: &[String]| match v.is_empty() {
        true => "none".to_string(),
        false => v.join(", "),
    };
    l.key_values(&[
        ("Not complete", list(&r.incomplete)),
        ("Complete", list(&r.complete)),
    ]);
}

fn recalls_section(l: &mut Layout, i: &Inspection) {
    l.heading("Recalls (US and Canada)", 40.0);
    if missing(l, &i.recalls) {
        return;
    }
    let Some(r) = &i.recalls.data else { return };
    let (us, canada) = recall_counts(r);
    l.paragraph(
        &format!(
            "{}: US recalls (NHTSA) {us}, Canadian recalls (Transport Canada) {canada}. These are \
             the recalls for the make, model and year; whether this car's were done is on the \
             carmaker's VIN lookup or a dealer's records.",
            r.vehicle
        ),
        BODY,
        0.0,
    );
    let cols = [
        Col::new("Campaign", 0.16, Align::Left),
        Col::new("Date", 0.14, Align::Left),
        Col::new("Component / summary", 0.70, Align::Left),
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
            Cell::styled(format!("TC {}", c.recall_number), small),
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
    l.heading("Known issues (owner complaints to NHTSA)", 40.0);
    if missing(l, &i.known_issues) {
        return;
    }
    let Some(k) = &i.known_issues.data else {
        return;
    };
    let issues = k.issues.issues.as_deref().unwrap_or_default();
    if issues.is_empty() {
        let why = match k.issues.status.as_str() {
            "ok" => "no failure mode stands out".to_string(),
            _ => format!(
                "too few complaints to name failure modes ({} found)",
                k.issues.complaint_count
            ),
        };
        l.paragraph(&format!("{}: {why}.", k.vehicle), BODY, 0.0);
        return;
    }
    l.paragraph(
        &format!(
            "{} complaints about the {} grouped into failure modes:",
            k.issues.complaint_count, k.vehicle
        ),
        BODY,
        0.0,
    );
    for issue in issues {
        l.bullet(
            &format!(
                "{} — {} complaints ({}, trend {})",
                issue.title,
                issue.count,
                issue.component_tags.join(", "),
                issue.trend
            ),
            BODY,
        );
    }
}

fn identification_section(l: &mut Layout, i: &Inspection) {
    l.heading("Identification", 40.0);
    if i.identification.is_empty() {
        l.paragraph(
            "NOT KNOWN — the car reported no identification.",
            BODY_BOLD,
            0.0,
        );
        return;
    }
    let cols = [
        Col::new("Reported by", 0.30, Align::Left),
        Col::new("Item", 0.25, Align::Left),
        Col::new("Value", 0.45, Align::Left),
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
