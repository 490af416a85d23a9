//! The damage estimate.
//!
//! The photos are drawn (from their thumbnails) with each marked damage area
//! outlined and labelled with its number in the damage table below them.

use shopbench_estimate::{Estimate, EstimateData, LineStatus, Operation, PartType, Payer};

use crate::fonts::Face;
use crate::format::{lower_first, money, money_range};
use crate::layout::{
    Align, Cell, Col, Layout, Style, BODY, BODY_BOLD, GREY, INK, RED, RULE, SMALL,
};
use crate::scans::{scans_section, RepairScans};
use crate::{PaperSize, Shop};
use shopbench_i18n::{decimal, tr, tr_text, trf, Lang};

/// A photo to draw on the estimate: decoded pixels (a thumbnail is enough) and the id the
/// damage areas use for it (`DamageArea::photo_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimatePhoto {
    /// The id damage areas refer to (the CLI uses the file name).
    pub id: String,
    /// Width of `rgb` in pixels, as displayed (EXIF orientation applied).
    pub width: u32,
    /// Height of `rgb` in pixels.
    pub height: u32,
    /// RGB8 pixels, row by row, `width * height * 3` bytes.
    pub rgb: Vec<u8>,
}

fn cents(lang: Lang, c: shopbench_estimate::Cents) -> String {
    money(lang, c.get())
}

/// A panel's or ADAS system's name as the data writes it, in `lang` (the
/// id, capitalised, for one the shipped data lacks).
fn panel_name(lang: Lang, id: &str) -> String {
    let data = EstimateData::shipped();
    let name = match data.panel_name(id).or_else(|| data.adas_system_name(id)) {
        Some(name) => name.to_string(),
        None => {
            let s = id.replace('_', " ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or(s)
        }
    };
    tr_text(lang, &name)
}

/// An engine word (`dent`, `moderate`, `full_size`) in `lang`.
fn word(lang: Lang, value: &str) -> String {
    tr_text(lang, &value.replace('_', " "))
}

/// Renders a damage estimate: shop header, vehicle and rates, the damage
/// areas, the line items (operation, part type, part, labor and paint,
/// line total), the ADAS calibrations, totals with their breakdown and range,
/// questions and notes for the estimator, and signature lines for the
/// customer and the estimator. `reference` is the estimate number shown in
/// the header (e.g. `EST-0042`).
pub fn render_estimate(
    shop: &Shop,
    estimate: &Estimate,
    reference: &str,
    paper: PaperSize,
) -> Vec<u8> {
    let none = RepairScans::default();
    render_estimate_with_photos(shop, estimate, &[], &none, reference, paper)
}

/// [`render_estimate`] with the photos drawn above the damage table, each marked area
/// outlined in red and labelled with its number in that table, and the pre- and post-repair
/// scans of every module with their comparison after the notes.
pub fn render_estimate_with_photos(
    shop: &Shop,
    estimate: &Estimate,
    photos: &[EstimatePhoto],
    scans: &RepairScans,
    reference: &str,
    paper: PaperSize,
) -> Vec<u8> {
    let v = &estimate.vehicle;
    let vehicle = format!("{} {} {}", v.year, v.make, v.model);
    let t = |s| tr(shop.lang, s);
    let title = t("Repair estimate");
    let mut l = Layout::new(
        paper,
        &shop.name,
        &format!("{title} {reference} · {vehicle}"),
        t("Estimate — prices are valid for 30 days and may change once the vehicle is taken apart"),
    );
    let mut right = vec![vehicle.clone()];
    if !reference.is_empty() {
        right.insert(0, format!("{} {reference}", t("Estimate")));
    }
    l.shop_header(shop, title, &right);
    rates_section(&mut l, estimate, &vehicle);
    if !photos.is_empty() {
        l.heading(l.t("Photos"), 120.0);
        draw_photos(&mut l, estimate, photos);
    }
    damage_section(&mut l, estimate);
    lines_section(&mut l, estimate);
    adas_section(&mut l, estimate);
    totals_section(&mut l, estimate);
    notes_section(&mut l, estimate);
    scans_section(&mut l, scans);
    sources_section(&mut l, estimate);
    signatures_section(&mut l);
    l.finish(&format!("{title} {reference} — {vehicle}"))
}

/// The vehicle, its class and data quality, the state and the labor rates.
fn rates_section(l: &mut Layout, estimate: &Estimate, vehicle: &str) {
    let lang = l.lang();
    let v = &estimate.vehicle;
    l.heading(l.t("Vehicle and rates"), 30.0);
    let r = &estimate.rates;
    let mut rates = l.tf(
        "body {}/h · paint {}/h · frame {}/h · mechanical {}/h",
        &[
            &cents(lang, r.body),
            &cents(lang, r.paint),
            &cents(lang, r.frame),
            &cents(lang, r.mechanical),
        ],
    );
    if (r.metro_premium - 1.0).abs() > 1e-9 {
        rates.push_str(&l.tf(
            " (metro premium ×{})",
            &[&decimal(lang, &format!("{:.2}", r.metro_premium))],
        ));
    }
    l.key_values(&[
        (l.t("Vehicle"), vehicle.to_string()),
        (l.t("Class"), word(lang, v.class.as_str())),
        (l.t("State"), r.state.clone()),
        (l.t("Data quality"), word(lang, &v.data_quality)),
    ]);
    l.key_values(&[(l.t("Labor rates"), rates)]);
}

/// The damage areas, numbered as on the photos.
fn damage_section(l: &mut Layout, estimate: &Estimate) {
    let lang = l.lang();
    if !estimate.damage.is_empty() {
        l.heading(l.t("Damage"), 40.0);
        let cols = [
            Col::new("#", 0.06, Align::Right),
            Col::new(l.t("Panel"), 0.34, Align::Left),
            Col::new(l.t("Damage"), 0.22, Align::Left),
            Col::new(l.t("Severity"), 0.16, Align::Left),
            Col::new(l.t("Photo"), 0.22, Align::Left),
        ];
        let rows: Vec<Vec<Cell>> = estimate
            .damage
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    Cell::styled((i + 1).to_string(), SMALL),
                    panel_name(lang, &d.panel).into(),
                    word(lang, d.damage_type.as_str()).into(),
                    word(lang, d.severity.as_str()).into(),
                    d.photo_id.clone().unwrap_or_else(|| "—".into()).into(),
                ]
            })
            .collect();
        l.table(&cols, &rows);
    }
}

/// The line items: operation, part type, part, labor and paint, line total.
fn lines_section(l: &mut Layout, estimate: &Estimate) {
    let lang = l.lang();
    l.heading(l.t("Line items"), 60.0);
    let cols = [
        Col::new("#", 0.04, Align::Right),
        Col::new(l.t("Op"), 0.11, Align::Left),
        Col::new(l.t("Description"), 0.30, Align::Left),
        Col::new(l.t("Part"), 0.08, Align::Left),
        Col::new(l.t("Part cost"), 0.11, Align::Right),
        Col::new(l.t("Labor"), 0.12, Align::Right),
        Col::new(l.t("Paint"), 0.12, Align::Right),
        Col::new(l.t("Total"), 0.12, Align::Right),
    ];
    let hours_cost = |h: shopbench_estimate::Hours, c: shopbench_estimate::Cents| {
        if h.is_zero() && c.get() == 0 {
            String::new()
        } else {
            format!("{}\n{}", decimal(lang, &h.to_string()), cents(lang, c))
        }
    };
    let rows: Vec<Vec<Cell>> = estimate
        .line_items
        .iter()
        .map(|li| {
            let mut desc = tr_text(lang, &li.description);
            match li.status {
                LineStatus::NeedsConfirmation => desc.push_str(l.t(" (to confirm; not in total)")),
                LineStatus::NeedsPrice => desc.push_str(l.t(" (needs a price; not in total)")),
                LineStatus::Included => {}
            }
            if li.payer == Payer::Customer {
                desc.push_str(l.t(" (customer pay)"));
            }
            if li.overridden {
                desc.push_str(l.t(" (edited)"));
            }
            let part = if li.part_cost.get() == 0 && li.operation != Operation::Sublet {
                String::new()
            } else {
                cents(lang, li.part_cost)
            };
            let total_style = if li.status == LineStatus::Included {
                BODY_BOLD
            } else {
                BODY.color(GREY)
            };
            vec![
                Cell::styled(li.line.to_string(), SMALL),
                Cell::styled(tr_text(lang, li.operation.as_str()), SMALL.color(INK)),
                desc.into(),
                Cell::styled(part_type_label(li.part_type, l.lang()), SMALL.color(INK)),
                part.into(),
                hours_cost(li.labor_hours, li.labor_cost).into(),
                hours_cost(li.paint_hours, li.paint_cost).into(),
                Cell::styled(cents(lang, li.subtotal), total_style),
            ]
        })
        .collect();
    l.table(&cols, &rows);
}

/// The ADAS calibrations the work triggers.
fn adas_section(l: &mut Layout, estimate: &Estimate) {
    let lang = l.lang();
    l.heading(l.t("ADAS calibrations"), 30.0);
    if estimate.adas.calibrations.is_empty() {
        l.paragraph(
            l.t(
                "No driver-assistance calibration is triggered by the operations on this estimate.",
            ),
            SMALL,
            0.0,
        );
    } else {
        let cols = [
            Col::new(l.t("System"), 0.40, Align::Left),
            Col::new(l.t("Type"), 0.24, Align::Left),
            Col::new(l.t("Status"), 0.20, Align::Left),
            Col::new(l.t("Cost"), 0.16, Align::Right),
        ];
        let rows: Vec<Vec<Cell>> = estimate
            .adas
            .calibrations
            .iter()
            .map(|c| {
                vec![
                    panel_name(lang, &c.system).into(),
                    tr_text(lang, c.kind.label()).into(),
                    tr_text(lang, c.status.label()).into(),
                    cents(lang, c.cost).into(),
                ]
            })
            .collect();
        l.table(&cols, &rows);
    }
}

/// The totals with their breakdown, range and what is outside them.
fn totals_section(l: &mut Layout, estimate: &Estimate) {
    let lang = l.lang();
    // Totals.
    l.heading(l.t("Totals"), 120.0);
    let t = &estimate.totals;
    let b = &t.breakdown;
    let mut lines: Vec<(String, String, bool)> = b
        .labelled()
        .into_iter()
        .map(|(label, c)| (tr(lang, label).to_string(), cents(lang, c), false))
        .collect();
    lines.push((l.t("Total").into(), cents(lang, t.total), true));
    lines.push((
        l.t("Likely range").into(),
        money_range(lang, t.total_min.get(), t.total_max.get()),
        false,
    ));
    if t.pending_confirmation.get() > 0 {
        lines.push((
            l.t("Awaiting confirmation (not in total)").into(),
            cents(lang, t.pending_confirmation),
            false,
        ));
    }
    if t.awaiting_price > 0 {
        lines.push((
            l.t("Lines awaiting a price").into(),
            t.awaiting_price.to_string(),
            false,
        ));
    }
    if t.customer_pay.get() > 0 {
        lines.push((
            l.t("Customer pay (not in total)").into(),
            cents(lang, t.customer_pay),
            false,
        ));
    }
    for (label, value, strong) in lines {
        let st = if strong { BODY_BOLD } else { BODY };
        l.need(st.line_height() + 2.0);
        let base = l.y + st.size;
        let r = l.right;
        let w = st.width(&value);
        l.text_at(r - 4.0 - w, base, &value, st);
        let lw = st.width(&label);
        l.text_at(r - 4.0 - 130.0 - lw, base, &label, st);
        l.y += st.line_height() + 2.0;
        if strong {
            let x = r - 300.0;
            l.line(
                x,
                l.y - st.line_height() - 3.0,
                r,
                l.y - st.line_height() - 3.0,
                INK,
                0.6,
            );
        }
    }
}

/// Warnings, questions for the estimator and notes.
fn notes_section(l: &mut Layout, estimate: &Estimate) {
    let lang = l.lang();
    if !estimate.questions.is_empty() || !estimate.notes.is_empty() || !estimate.warnings.is_empty()
    {
        l.heading(l.t("Questions and notes"), 30.0);
        for w in &estimate.warnings {
            l.bullet(&l.tf("Warning: {}", &[&tr_text(lang, w)]), BODY_BOLD);
        }
        for q in &estimate.questions {
            l.bullet(&tr_text(lang, q), BODY);
        }
        for n in &estimate.notes {
            l.bullet(&tr_text(lang, n), SMALL);
        }
    }
}

/// Where the figures come from.
fn sources_section(l: &mut Layout, estimate: &Estimate) {
    if !estimate.data_sources.is_empty() {
        l.heading(l.t("Data sources"), 30.0);
        let list: Vec<String> = estimate
            .data_sources
            .iter()
            .map(|s| data_source_text(s, l.lang()))
            .collect();
        l.paragraph(
            &l.tf(
                "{}. Prices and hours are estimates from shopbench's shipped data unless edited by the estimator; the full basis and sources of each table are in the estimate's JSON export.",
                &[&list.join("; ")],
            ),
            SMALL,
            0.0,
        );
    }
}

/// The customer's authorization and the two signature lines.
fn signatures_section(l: &mut Layout) {
    // Signatures.
    l.heading(l.t("Authorization"), 90.0);
    l.paragraph(
        l.t("I authorize the repairs above and understand that hidden damage found once the vehicle is taken apart is estimated separately and not done without my approval."),
        BODY,
        0.0,
    );
    l.need(70.0);
    l.gap(34.0);
    let half = l.content_width() / 2.0;
    for (i, who) in [
        l.t("Customer signature and date"),
        l.t("Estimator signature and date"),
    ]
    .iter()
    .enumerate()
    {
        let x = l.left + half * i as f32;
        let y = l.y;
        l.line(x, y, x + half - 24.0, y, INK, 0.6);
        l.text_at(x, y + 10.0, who, SMALL);
    }
    l.gap(16.0);
}

/// Caption lines and the damage areas (1-based numbers) of one photo.
fn photo_caption(estimate: &Estimate, photo: &EstimatePhoto, lang: Lang) -> String {
    let marks: Vec<String> = estimate
        .damage
        .iter()
        .enumerate()
        .filter(|(_, d)| d.photo_id.as_deref() == Some(photo.id.as_str()))
        .map(|(i, d)| {
            trf(
                lang,
                "{} {} ({}) on {}",
                &[
                    &(i + 1).to_string(),
                    &word(lang, d.damage_type.as_str()),
                    &word(lang, d.severity.as_str()),
                    &lower_first(&panel_name(lang, &d.panel)),
                ],
            )
        })
        .collect();
    if marks.is_empty() {
        photo.id.clone()
    } else {
        format!("{} — {}", photo.id, marks.join("; "))
    }
}

/// Two photos per row, each scaled to the column (at most 200 pt tall), areas outlined.
fn draw_photos(l: &mut Layout, estimate: &Estimate, photos: &[EstimatePhoto]) {
    const GAP: f32 = 14.0;
    const MAX_H: f32 = 200.0;
    let label = Style::new(8.0, Face::Bold).color([1.0, 1.0, 1.0]);
    let col_w = (l.content_width() - GAP) / 2.0;
    let lang = l.lang();
    for row in photos.chunks(2) {
        // Size each photo to its column, keeping its aspect ratio.
        let boxes: Vec<(f32, f32)> = row
            .iter()
            .map(|p| {
                let aspect = p.height.max(1) as f32 / p.width.max(1) as f32;
                let (w, h) = (col_w, col_w * aspect);
                if h > MAX_H {
                    (MAX_H / aspect, MAX_H)
                } else {
                    (w, h)
                }
            })
            .collect();
        let captions: Vec<Vec<String>> = row
            .iter()
            .map(|p| Layout::wrap(&photo_caption(estimate, p, lang), SMALL, col_w))
            .collect();
        let img_h = boxes.iter().map(|b| b.1).fold(0.0, f32::max);
        let cap_h = captions.iter().map(Vec::len).max().unwrap_or(0) as f32 * SMALL.line_height();
        l.need(img_h + cap_h + 10.0);
        let top = l.y;
        for (c, (p, (w, h))) in row.iter().zip(&boxes).enumerate() {
            let x = l.left + c as f32 * (col_w + GAP);
            l.image_rgb(x, top, *w, *h, p.width, p.height, &p.rgb);
            l.stroke_rect(x, top, *w, *h, RULE, 0.5);
            for (i, d) in estimate.damage.iter().enumerate() {
                let (Some(pid), Some(r)) = (&d.photo_id, d.region) else {
                    continue;
                };
                if pid != &p.id {
                    continue;
                }
                let (rx, ry) = (x + r.x() * w, top + r.y() * h);
                l.stroke_rect(rx, ry, r.w() * w, r.h() * h, RED, 1.6);
                let n = (i + 1).to_string();
                let tw = label.width(&n) + 6.0;
                l.fill_rect(rx, ry, tw, 11.0, RED);
                l.text_at(rx + 3.0, ry + 8.5, &n, label);
            }
            let mut base = top + h + 3.0 + SMALL.size;
            for line in &captions[c] {
                l.text_at(x, base, line, SMALL.color(INK));
                base += SMALL.line_height();
            }
        }
        l.y = top + img_h + 3.0 + cap_h + 10.0;
    }
}

fn part_type_label(p: PartType, lang: Lang) -> &'static str {
    match p {
        PartType::Oem => "OEM",
        PartType::Aftermarket => "A/M",
        PartType::Used => tr(lang, "Used"),
        PartType::None => "",
    }
}

fn data_source_text(s: &shopbench_estimate::DataSource, lang: Lang) -> String {
    trf(lang, "{} (as of {})", &[&tr_text(lang, &s.name), &s.as_of])
}
