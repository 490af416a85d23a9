//! The customer diagnosis report.

use shopbench_diagnosis::{
    test_name_in, CaseInput, Diagnosis, DistanceUnit, DtcStatus, Knowledge, NextAction, PlanStep,
    RankedCause, TestOutcome,
};

use crate::bulletins::BulletinRow;
use crate::format::{lower_first, number, percent, reading_label, thousands};
use crate::layout::{
    Align, Cell, Check, Col, Layout, Style, AMBER, BODY, BODY_BOLD, GREEN, GREY, SMALL,
};
use crate::scan_details::{scan_details_section, ScanDetails};
use crate::{PaperSize, Shop};
use shopbench_i18n::money_range_in;
use shopbench_i18n::{n, tr, tr_noted, tr_parts, tr_text, trf, Lang};

/// Causes shown in full; the rest are summed up in one line.
const MAX_CAUSES: usize = 8;

const DISCLAIMER: &str = n("This report ranks likely causes from the trouble codes, readings and symptoms recorded for this visit; the percentages are estimates, not a guarantee of the fault. The repair recommendation is confirmed by the tests in the plan before parts are replaced. Cost bands are typical ranges for parts and labor, not a quote. The likelihoods behind the ranking are editorial estimates by the software's authors, not measured frequencies.");

/// Renders the customer diagnosis report: shop header, vehicle, complaint,
/// codes with their meanings, freeze frame and readings, ranked causes with
/// probability bars, the test plan as a checklist (recorded results ticked
/// ✓ or crossed ✗, open steps as empty boxes), the overall confidence, a
/// short disclaimer and page numbers.
pub fn render_diagnosis(
    shop: &Shop,
    case: &CaseInput,
    diagnosis: &Diagnosis,
    paper: PaperSize,
) -> Vec<u8> {
    render_diagnosis_with_scan(shop, case, diagnosis, &ScanDetails::default(), paper)
}

/// [`render_diagnosis`] with the scan's details (monitor tests, control unit software,
/// counters since the codes were cleared) after the notes, for the technician.
pub fn render_diagnosis_with_scan(
    shop: &Shop,
    case: &CaseInput,
    diagnosis: &Diagnosis,
    scan: &ScanDetails,
    paper: PaperSize,
) -> Vec<u8> {
    render_diagnosis_full(shop, case, diagnosis, scan, &[], paper)
}

/// [`render_diagnosis_with_scan`] with the manufacturers' bulletins that
/// bear on the diagnosis, after the plan.
pub fn render_diagnosis_full(
    shop: &Shop,
    case: &CaseInput,
    diagnosis: &Diagnosis,
    scan: &ScanDetails,
    bulletins: &[BulletinRow],
    paper: PaperSize,
) -> Vec<u8> {
    let t = |s| tr(shop.lang, s);
    let vehicle = vehicle_line(case, t("Vehicle not given"));
    let mut l = Layout::new(
        paper,
        &shop.name,
        &format!("{} · {vehicle}", t("Diagnostic report")),
        &trf(
            shop.lang,
            "{} · likelihoods are editorial estimates, not measured frequencies",
            &[&diagnosis.engine_version],
        ),
    );
    let mut right = vec![vehicle.clone()];
    if let Some(vin) = case.vehicle.vin.as_ref().map(|v| v.as_str()) {
        right.push(format!("{} {vin}", t("VIN")));
    }
    l.shop_header(shop, t("Diagnostic report"), &right);

    summary_section(&mut l, diagnosis);
    vehicle_section(&mut l, case);
    complaint_section(&mut l, case);
    codes_section(&mut l, case, diagnosis);
    readings_section(&mut l, case);
    causes_section(&mut l, diagnosis);
    plan_section(&mut l, case, diagnosis);
    crate::bulletins::bulletins_section(&mut l, bulletins);
    notes_section(&mut l, diagnosis);
    scan_details_section(&mut l, scan);

    l.heading(t("About this report"), 30.0);
    l.paragraph(t(DISCLAIMER), SMALL, 0.0);

    l.finish(&format!("{} — {vehicle}", t("Diagnostic report")))
}

/// The first thing the customer reads, in plain words: what we found, what
/// we recommend, what it may cost and how sure we are. The technician's
/// detail (vehicle data, codes, readings, evidence, plan) follows it.
fn summary_section(l: &mut Layout, d: &Diagnosis) {
    l.heading(l.t("In short"), 80.0);
    for (label, text) in summary_lines(d, l.lang()) {
        l.paragraph(label, BODY_BOLD, 0.0);
        l.paragraph(&text, BODY, 12.0);
        l.gap(3.0);
    }
    l.paragraph(
        l.t("The technician's detail follows: the vehicle's data, the codes and readings, the evidence for each cause and the test plan."),
        SMALL,
        0.0,
    );
}

/// The summary's four answers, in `lang`.
pub(crate) fn summary_lines(d: &Diagnosis, lang: Lang) -> Vec<(&'static str, String)> {
    let t = |s| tr(lang, s);
    let tf = |s, args: &[&str]| trf(lang, s, args);
    let Some(top) = d.causes.first() else {
        return vec![
            (
                t("What we found"),
                t("We could not point to a cause yet from what was recorded.").to_string(),
            ),
            (
                t("What we recommend"),
                t("More checks: reading the codes again, describing when the problem happens, or measuring while it happens.").to_string(),
            ),
        ];
    };
    let mut found = tf(
        "The most likely cause is {} ({} likely).",
        &[
            &lower_first(&tr_text(lang, &top.name)),
            &likely(top.probability, lang),
        ],
    );
    if let Some(next) = d.causes.get(1).filter(|c| c.probability >= 0.15) {
        found.push_str(&tf(
            " Also possible: {} ({}).",
            &[
                &lower_first(&tr_text(lang, &next.name)),
                &percent(next.probability),
            ],
        ));
    }
    let recommend = match d.plan.first() {
        Some(step) => tf(
            "Before replacing parts, we confirm it: {}.",
            &[&lower_first(&step_summary(lang, step))],
        ),
        None => tf("Repair: {}.", &[&lower_first(&tr_text(lang, &top.name))]),
    };
    let cost = match cost_text(&top.cost, lang) {
        Some(c) => tf(
            "For the most likely cause, {} — a typical range, not a quote; we quote once the cause is confirmed.",
            &[&c],
        ),
        None => t("We quote once the cause is confirmed.").to_string(),
    };
    let meaning = match d.confidence_label.as_str() {
        "high" => t("the evidence points clearly to one cause"),
        "medium" => t("the tests in the plan will settle it"),
        _ => t("more checks are needed before any repair"),
    };
    vec![
        (t("What we found"), found),
        (t("What we recommend"), recommend),
        (t("What it may cost"), cost),
        (
            t("How sure we are"),
            format!(
                "{} ({}): {meaning}.",
                tr_text(lang, &d.confidence_label),
                percent(d.confidence)
            ),
        ),
    ]
}

/// A probability as the customer reads it: never "100 %" (nothing in a
/// ranking is certain), "over 99 %" instead.
fn likely(p: f64, lang: Lang) -> String {
    if p >= 0.995 {
        tr(lang, n("over 99 %")).to_string()
    } else {
        percent(p)
    }
}

fn vehicle_line(case: &CaseInput, not_given: &str) -> String {
    let v = &case.vehicle;
    let parts: Vec<String> = [
        v.year.map(|y| y.to_string()),
        v.make.clone(),
        v.model.clone(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect();
    if parts.is_empty() {
        not_given.to_string()
    } else {
        parts.join(" ")
    }
}

fn vehicle_section(l: &mut Layout, case: &CaseInput) {
    l.heading(l.t("Vehicle"), 30.0);
    let lang = l.lang();
    let v = &case.vehicle;
    let dash = || "—".to_string();
    let mileage = case
        .mileage
        .map(|m| {
            let unit = match m.unit {
                DistanceUnit::Mi => "mi",
                DistanceUnit::Km => "km",
            };
            format!(
                "{} {unit}",
                thousands(lang, m.value.max(0.0).round() as u64)
            )
        })
        .unwrap_or_else(dash);
    l.key_values(&[
        (l.t("Vehicle"), vehicle_line(case, l.t("Vehicle not given"))),
        (
            l.t("VIN"),
            v.vin.as_ref().map(|v| v.to_string()).unwrap_or_else(dash),
        ),
        (
            l.t("Engine"),
            v.engine
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(dash),
        ),
        (l.t("Odometer"), mileage),
    ]);
}

fn complaint_section(l: &mut Layout, case: &CaseInput) {
    l.heading(l.t("Customer's complaint"), 24.0);
    let complaint = case.complaint.trim();
    if complaint.is_empty() {
        l.paragraph(l.t("No complaint recorded."), SMALL, 0.0);
    } else {
        l.paragraph(&format!("“{complaint}”"), BODY, 0.0);
    }
    let findings = case.findings.trim();
    if !findings.is_empty() {
        l.gap(4.0);
        l.paragraph(l.t("Technician's findings"), BODY_BOLD, 0.0);
        l.paragraph(findings, BODY, 0.0);
    }
}

fn codes_section(l: &mut Layout, case: &CaseInput, d: &Diagnosis) {
    l.heading(l.t("Trouble codes"), 40.0);
    let not_read = case.codes_not_read();
    if d.codes.is_empty() {
        let msg = match not_read {
            Some(_) => l.t("The trouble codes could not all be read at this visit, so an empty list here does not mean the car has none:"),
            None if case.dtcs.is_empty() => l.t("No trouble codes were recorded for this visit."),
            None => l.t("None of the recorded codes could be read; see the notes at the end."),
        };
        l.paragraph(msg, SMALL, 0.0);
        if let Some(what) = not_read {
            l.paragraph(&l.tf("Not read: {}", &[what]), BODY_BOLD, 0.0);
        }
        return;
    }
    let cols = [
        Col::new(l.t("Code"), 0.12, Align::Left),
        Col::new(l.t("Status"), 0.13, Align::Left),
        Col::new(l.t("Module"), 0.11, Align::Left),
        Col::new(l.t("Meaning"), 0.64, Align::Left),
    ];
    let rows: Vec<Vec<Cell>> = d
        .codes
        .iter()
        .map(|c| {
            let status = match c.status {
                DtcStatus::Stored => l.t("stored"),
                DtcStatus::Pending => l.t("pending"),
                DtcStatus::Permanent => l.t("permanent"),
            };
            let ecu = case
                .dtcs
                .iter()
                .find(|e| e.code.trim().eq_ignore_ascii_case(&c.code))
                .and_then(|e| e.ecu.clone())
                .unwrap_or_else(|| "—".into());
            let meaning = c.title.clone().unwrap_or_else(|| {
                l.t("Manufacturer-specific or not in the generic catalogue")
                    .into()
            });
            vec![
                Cell::styled(c.code.clone(), BODY_BOLD),
                status.into(),
                ecu.into(),
                meaning.into(),
            ]
        })
        .collect();
    l.table(&cols, &rows);
    if let Some(what) = not_read {
        l.gap(4.0);
        l.paragraph(
            &l.tf("Not read, so there may be more codes: {}", &[what]),
            BODY_BOLD,
            0.0,
        );
    }
}

fn readings_section(l: &mut Layout, case: &CaseInput) {
    if case.freeze_frame.is_empty() && case.readings.is_empty() {
        return;
    }
    l.heading(l.t("Freeze frame and readings"), 40.0);
    let cols = [
        Col::new(l.t("Reading"), 0.52, Align::Left),
        Col::new(l.t("Freeze frame"), 0.24, Align::Right),
        Col::new(l.t("Measured"), 0.24, Align::Right),
    ];
    let mut names: Vec<&String> = case
        .freeze_frame
        .keys()
        .chain(case.readings.keys())
        .collect();
    names.sort();
    names.dedup();
    let lang = l.lang();
    let value = |v: Option<&f64>, unit: &str| match v {
        Some(v) if unit.is_empty() => number(lang, *v),
        Some(v) if unit == "°C" || unit == "°" || unit == "%" => {
            format!("{}{unit}", signed(lang, *v, unit))
        }
        Some(v) => format!("{} {unit}", number(lang, *v)),
        None => "—".into(),
    };
    let rows: Vec<Vec<Cell>> = names
        .into_iter()
        .map(|n| {
            let (label, unit) = reading_label(lang, n);
            vec![
                label.into(),
                value(case.freeze_frame.get(n), unit).into(),
                value(case.readings.get(n), unit).into(),
            ]
        })
        .collect();
    l.table(&cols, &rows);
}

/// Fuel trims read better with an explicit sign.
fn signed(lang: Lang, v: f64, unit: &str) -> String {
    if unit == "%" && v > 0.0 {
        format!("+{}", number(lang, v))
    } else {
        number(lang, v)
    }
}

fn level_color(p: f64) -> [f32; 3] {
    if p >= 0.5 {
        GREEN
    } else if p >= 0.2 {
        AMBER
    } else {
        GREY
    }
}

/// The ranked causes: the overall confidence, each shown cause with its
/// bar, system, cost and reasons, the rest summed, and what would raise the
/// confidence.
fn causes_section(l: &mut Layout, d: &Diagnosis) {
    l.heading(l.t("Probable causes"), 60.0);
    if d.causes.is_empty() {
        l.paragraph(
            l.t("No cause could be ranked from what was recorded. Read the codes, describe the symptoms, or record readings, then run the diagnosis again."),
            BODY,
            0.0,
        );
        return;
    }
    confidence_line(l, d);
    let shown = shown_causes(d);
    for (i, c) in shown.iter().enumerate() {
        // Keep the "n other candidates" line with the last cause.
        let keep_with_rest = i + 1 == shown.len() && d.causes.len() > shown.len();
        cause_block(l, i + 1, c, keep_with_rest);
    }
    other_candidates(l, &d.causes[shown.len()..]);
    l.gap(2.0);
    if !d.raise_confidence.is_empty() {
        l.paragraph(l.t("What would raise the confidence:"), SMALL, 0.0);
        for r in &d.raise_confidence {
            l.bullet(&tr_text(l.lang(), r), SMALL);
        }
    }
}

/// "Overall confidence: …" with its bar and percentage.
fn confidence_line(l: &mut Layout, d: &Diagnosis) {
    l.need(BODY_BOLD.line_height() + 6.0);
    let top = l.y;
    let label = l.tf(
        "Overall confidence: {}",
        &[&tr_text(l.lang(), &d.confidence_label)],
    );
    let x = l.left;
    l.text_at(x, top + BODY_BOLD.size, &label, BODY_BOLD);
    let bx = x + BODY_BOLD.width(&label) + 10.0;
    l.bar(
        bx,
        top + 1.5,
        110.0,
        8.0,
        d.confidence,
        level_color(d.confidence),
    );
    l.text_at(
        bx + 116.0,
        top + BODY_BOLD.size,
        &percent(d.confidence),
        BODY_BOLD,
    );
    l.y = top + BODY_BOLD.line_height() + 6.0;
}

/// The causes drawn one by one: the first [`MAX_CAUSES`] of at least 1 %,
/// or the first alone when none is.
fn shown_causes(d: &Diagnosis) -> Vec<&RankedCause> {
    let shown: Vec<_> = d
        .causes
        .iter()
        .take(MAX_CAUSES)
        .filter(|c| c.probability >= 0.01)
        .collect();
    if shown.is_empty() {
        vec![&d.causes[0]]
    } else {
        shown
    }
}

/// Cause number `n`: its name beside a probability bar, then its system
/// and cost, the evidence for it and the strongest against.
fn cause_block(l: &mut Layout, n: usize, c: &RankedCause, keep_with_rest: bool) {
    const BAR_W: f32 = 110.0;
    const PCT_W: f32 = 34.0;
    let name_w = l.content_width() - BAR_W - PCT_W - 28.0;
    let name_lines = Layout::wrap(&tr_text(l.lang(), &c.name), BODY_BOLD, name_w);
    let mut block = name_lines.len() as f32 * BODY_BOLD.line_height() + 2.0 * SMALL.line_height();
    if keep_with_rest {
        block += 3.0 * SMALL.line_height();
    }
    l.need(block);
    let top = l.y;
    let x = l.left;
    l.text_at(x, top + BODY_BOLD.size, &format!("{n}."), BODY_BOLD);
    for (j, line) in name_lines.iter().enumerate() {
        let y = top + BODY_BOLD.size + j as f32 * BODY_BOLD.line_height();
        l.text_at(x + 16.0, y, line, BODY_BOLD);
    }
    let bx = l.right - BAR_W - PCT_W;
    l.bar(
        bx,
        top + 1.5,
        BAR_W,
        8.0,
        c.probability,
        level_color(c.probability),
    );
    let pct = percent(c.probability);
    let pw = BODY_BOLD.width(&pct);
    l.text_at(l.right - pw, top + BODY_BOLD.size, &pct, BODY_BOLD);
    l.y = top + name_lines.len() as f32 * BODY_BOLD.line_height();
    cause_notes(l, c);
    l.gap(5.0);
}

/// Under a cause's name: its system and cost, up to three reasons for it
/// and the strongest against.
fn cause_notes(l: &mut Layout, c: &RankedCause) {
    let mut meta = vec![tr_text(l.lang(), &c.system.replace('_', " "))];
    if let Some(cost) = cost_text(&c.cost, l.lang()) {
        meta.push(cost);
    }
    l.paragraph(&meta.join(" · "), SMALL, 16.0);
    let reasons: Vec<String> = c
        .evidence_for
        .iter()
        .take(3)
        .map(|e| tr_noted(l.lang(), &e.detail))
        .collect();
    if !reasons.is_empty() {
        l.paragraph(&l.tf("Why: {}", &[&reasons.join("; ")]), SMALL, 16.0);
    }
    if let Some(against) = c.evidence_against.first() {
        let against = tr_noted(l.lang(), &against.detail);
        l.paragraph(&l.tf("Against: {}", &[&against]), SMALL, 16.0);
    }
}

/// "n other candidates together: p." for the causes not drawn.
fn other_candidates(l: &mut Layout, rest: &[RankedCause]) {
    if rest.is_empty() {
        return;
    }
    let p: f64 = rest.iter().map(|c| c.probability).sum();
    l.paragraph(
        &if rest.len() == 1 {
            l.tf("1 other candidate together: {}.", &[&percent(p)])
        } else {
            l.tf(
                "{} other candidates together: {}.",
                &[&rest.len().to_string(), &percent(p)],
            )
        },
        SMALL,
        16.0,
    );
}

fn cost_text(c: &shopbench_diagnosis::CostBand, lang: Lang) -> Option<String> {
    let tf = |s, args: &[&str]| trf(lang, s, args);
    let range = |r: [u64; 2]| money_range_in(lang, r[0] as i64, r[1] as i64, &c.currency);
    if let Some(t) = c.total_cents {
        return Some(tf("typical repair {}", &[&range(t)]));
    }
    let mut parts = Vec::new();
    if let Some(p) = c.parts_cents {
        parts.push(tf("parts {}", &[&range(p)]));
    }
    if let Some([a, b]) = c.labor_hours {
        if a == b {
            parts.push(tf("labor {} h", &[&number(lang, a)]));
        } else {
            parts.push(tf("labor {}–{} h", &[&number(lang, a), &number(lang, b)]));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn plan_section(l: &mut Layout, case: &CaseInput, d: &Diagnosis) {
    if d.plan.is_empty() && case.test_results.is_empty() {
        return;
    }
    l.heading(l.t("Test plan"), 50.0);
    let box_size = 9.0;
    let indent = 18.0;

    for r in &case.test_results {
        let name = test_label(l.lang(), case, &r.step_id);
        let (check, verdict) = match r.outcome {
            TestOutcome::Pass => (Check::Pass, l.t("passed (normal reading)")),
            TestOutcome::Fail => (Check::Fail, l.t("failed (fault found)")),
        };
        l.need(BODY.line_height() * 2.0);
        let text = format!("{name} — {verdict}");
        let lines = Layout::wrap(&text, BODY, l.content_width() - indent);
        beside_box(l, check, box_size, indent, &lines, BODY);
        if let Some(note) = r.note.as_deref().filter(|n| !n.trim().is_empty()) {
            l.paragraph(&l.tf("Recorded: {}", &[note]), SMALL, indent);
        }
        l.gap(4.0);
    }
    if !case.test_results.is_empty() && !d.plan.is_empty() {
        l.gap(2.0);
        l.paragraph(l.t("Next steps"), BODY_BOLD, 0.0);
        l.gap(2.0);
    }

    for step in &d.plan {
        plan_step(l, step, case, box_size, indent);
    }
}

/// Wrapped `lines` beside a check box at the left margin, the box level with the
/// first line, and the cursor moved below them: a recorded test result and a plan
/// step to tick off are laid out alike.
fn beside_box(
    l: &mut Layout,
    check: Check,
    box_size: f32,
    indent: f32,
    lines: &[String],
    st: Style,
) {
    let top = l.y;
    let x = l.left;
    l.check_box(x, top + 1.0, box_size, check);
    for (j, line) in lines.iter().enumerate() {
        l.text_at(
            x + indent,
            top + st.size + j as f32 * st.line_height(),
            line,
            st,
        );
    }
    l.y = top + lines.len() as f32 * st.line_height();
}

fn plan_step(l: &mut Layout, step: &PlanStep, case: &CaseInput, box_size: f32, indent: f32) {
    let title = format!("{}. {}", step.order, step_title(l.lang(), step));
    let width = l.content_width() - indent;
    let lines = Layout::wrap(&title, BODY_BOLD, width);
    l.need(lines.len() as f32 * BODY_BOLD.line_height() + 3.0 * SMALL.line_height());
    beside_box(l, Check::Empty, box_size, indent, &lines, BODY_BOLD);
    let mut meta = Vec::new();
    if !step.tool.trim().is_empty() {
        meta.push(l.tf("Tools: {}", &[&tr_text(l.lang(), step.tool.trim())]));
    }
    if step.minutes > 0.0 {
        meta.push(l.tf("about {} min", &[&number(l.lang(), step.minutes.round())]));
    }
    if !meta.is_empty() {
        l.paragraph(&meta.join(" · "), SMALL, indent);
    }
    if !step.expected.trim().is_empty() {
        l.paragraph(
            &l.tf(
                "Normal result: {}",
                &[&tr_text(l.lang(), step.expected.trim())],
            ),
            BODY,
            indent,
        );
    }
    let next = |a: &NextAction| match a {
        NextAction::Step { step_id } => l.tf("go to {}", &[&test_label(l.lang(), case, step_id)]),
        NextAction::Conclude { text, .. } => tr_text(l.lang(), text),
    };
    l.paragraph(
        &l.tf(
            "If normal: {}  ·  If not: {}",
            &[&next(&step.on_pass), &next(&step.on_fail)],
        ),
        SMALL,
        indent,
    );
    // A line to write the result on.
    l.need(14.0);
    let y = l.y + 11.0;
    let st = SMALL;
    let lx = l.left + indent;
    let result = l.t("Result:");
    l.text_at(lx, y, result, st);
    let start = lx + st.width(result) + st.width(" ") + 2.0;
    let end = l.right;
    l.line(start, y + 1.5, end, y + 1.5, crate::layout::RULE, 0.5);
    l.y += 18.0;
}

/// A test as this case's plan names it (naming the misfiring cylinder, "Swap cylinder 4's
/// coil …"), for a recorded result and for the step a plan step leads to; else by its id.
fn test_label(lang: Lang, case: &CaseInput, step_id: &str) -> String {
    let kb = Knowledge::embedded();
    kb.test(step_id)
        .map(|t| tr_text(lang, &test_name_in(kb, case, t)))
        .unwrap_or_else(|| step_id.replace('_', " "))
}

/// A plan step's title: the test's name and how to do it, each from the
/// catalogue.
fn step_title(lang: Lang, step: &PlanStep) -> String {
    tr_parts(lang, &step.instruction, " — ")
}

/// What the customer's page says the first test is.
fn step_summary(lang: Lang, step: &PlanStep) -> String {
    step_title(lang, step).trim_end_matches('.').to_string()
}

fn notes_section(l: &mut Layout, d: &Diagnosis) {
    if d.warnings.is_empty() {
        return;
    }
    l.heading(l.t("Notes on the recorded data"), 24.0);
    for w in &d.warnings {
        l.bullet(&l.text(&w.message), SMALL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a recorded test's evidence ("Against: Swap cylinder 4's coil with a
    /// neighbouring cylinder's passed") stayed in English on a French report.
    #[test]
    fn regression_a_recorded_tests_evidence_stayed_english_in_a_french_report() {
        for (detail, want) in [
            (
                "Swap cylinder 4's coil with a neighbouring cylinder's passed",
                "Permuter la bobine du cylindre 4 avec celle d'un cylindre voisin : réussi",
            ),
            (
                "Pull and inspect the spark plugs failed (fault found)",
                "Retirer et inspecter les bougies d'allumage : échoué (panne trouvée)",
            ),
        ] {
            assert_eq!(tr_noted(Lang::FrCa, detail), want);
        }
    }

    /// Regression: a cause priced by the generic catalogue (in euros) read
    /// `$20.00 – $120.00 EUR` — a dollar sign on euros.
    #[test]
    fn regression_euro_costs_were_printed_with_a_dollar_sign() {
        let band = shopbench_diagnosis::CostBand {
            currency: "EUR".into(),
            parts_cents: None,
            total_cents: Some([2_000, 12_000]),
            labor_hours: None,
        };
        let text = cost_text(&band, Lang::En).unwrap();
        assert_eq!(text, "typical repair 20.00 EUR – 120.00 EUR");
        let usd = shopbench_diagnosis::CostBand {
            currency: "USD".into(),
            ..band
        };
        assert_eq!(
            cost_text(&usd, Lang::En).unwrap(),
            "typical repair $20.00 – $120.00"
        );
    }
}
