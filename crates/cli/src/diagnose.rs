//! `shopbench diagnose CASE_ID | --input case.json`, `shopbench report
//! CASE_ID` and `shopbench eval diagnosis FILE.jsonl`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use shopbench_app::bulletins::Bulletins;
use shopbench_app::{diagnose_and_save, diagnosis_for_report, Diagnosed, RunSource};
use shopbench_diagnosis::{
    evaluate, evaluate_learning, parse_cases_jsonl, CaseInput, CostBand, Diagnosis, Knowledge,
    LabelledCase, NextAction,
};
use shopbench_store::CaseId;

use crate::output::{emit, emit_json, PdfArgs};
use crate::shop::DbArgs;

/// Arguments of `shopbench diagnose`.
#[derive(clap::Args)]
pub struct DiagnoseArgs {
    /// Case number from `shopbench case list`; the run is saved with the case.
    #[arg(required_unless_present = "input", conflicts_with = "input")]
    case: Option<String>,
    #[command(flatten)]
    db: DbArgs,
    /// Case file: JSON with vehicle, mileage, complaint, dtcs, readings, test_results.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Print the full result as JSON for machines.
    #[arg(long)]
    json: bool,
    /// How many causes to show.
    #[arg(long, default_value_t = 5)]
    top: usize,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// Arguments of `shopbench report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Case number from `shopbench case list`.
    case: String,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    pdf: crate::output::PdfOutput,
}

/// Runs `shopbench report CASE_ID -o FILE`: the customer's PDF for a saved
/// case — the latest saved run when it matches the case as it is now, else a
/// new run, saved first (`shopbench_app::diagnosis_for_report`).
pub fn report(args: ReportArgs) -> Result<()> {
    let id: CaseId = args.case.parse()?;
    let mut store = args.db.open()?;
    let d = diagnosis_for_report(&mut store, id, &crate::shop::lookups())?;
    if let RunSource::Saved { first, .. } = d.source {
        eprintln!(
            "… case {id} {}: diagnosing now",
            if first {
                "has not been diagnosed yet"
            } else {
                "changed since its last diagnosis"
            }
        );
    }
    say_where(id, &d);
    let scan = shopbench_app::case_scan_details(&store, id)?;
    let mut input = d.input.clone();
    if let Ok(vpic) = crate::shop::vpic(None) {
        input.vehicle = shopbench_app::vehicle_for_report(&input.vehicle, &vpic);
    }
    let bulletins = d.bulletins.report_rows();
    args.pdf.write(|shop, paper| {
        shopbench_report::render_diagnosis_full(shop, &input, &d.result, &scan, &bulletins, paper)
    })
}

/// The bulletins as `shopbench diagnose CASE` prints them.
fn bulletins_text(b: &Bulletins) -> String {
    shopbench_app::bulletins::text(&b.to_wire())
}

/// Says on stderr which run the result is.
fn say_where(id: CaseId, d: &Diagnosed) {
    match &d.source {
        RunSource::Reused { run } => eprintln!("… case {id}: reporting saved run {run}"),
        RunSource::Saved { run, .. } => {
            eprintln!(
                "… case {id}: saved as run {} ({:.2} ms, {})",
                run.id, run.duration_ms, run.engine_version
            );
        }
    }
}

/// `shopbench diagnose CASE_ID`: diagnoses the case as stored, saves the
/// run, and writes the PDF report too when `--pdf` was given.
fn diagnose_case(id: &str, args: &DiagnoseArgs) -> Result<()> {
    let id: CaseId = id.parse()?;
    let mut store = args.db.open()?;
    let d = diagnose_and_save(&mut store, id, &crate::shop::lookups())?;
    say_where(id, &d);
    show(&d.input, &d.result, &d.bulletins, args)
}

/// Writes the PDF (with `--pdf`) and prints the result, with the
/// manufacturers' bulletins that bear on it.
fn show(
    input: &CaseInput,
    d: &Diagnosis,
    bulletins: &Bulletins,
    args: &DiagnoseArgs,
) -> Result<()> {
    let rows = bulletins.report_rows();
    let scan = shopbench_report::ScanDetails::default();
    args.pdf.write(|shop, paper| {
        shopbench_report::render_diagnosis_full(shop, input, d, &scan, &rows, paper)
    })?;
    if args.json {
        emit_json(d)
    } else {
        emit(&format!(
            "{}{}",
            render(d, args.top),
            bulletins_text(bulletins)
        ))
    }
}

/// Arguments of `shopbench eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: EvalWhat,
}

#[derive(clap::Subcommand)]
enum EvalWhat {
    /// Evaluate the diagnosis engine on labelled cases (one JSON object per line).
    Diagnosis {
        /// JSONL file, e.g. tests/data/diagnosis-cases.jsonl.
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Replay the cases in file order as a shop closing them one after
        /// another: each diagnosed without history and with the confirmed
        /// fixes of the cases before it; prints the lift.
        #[arg(long)]
        learn: bool,
    },
}

/// Runs `shopbench diagnose`.
pub fn run(args: DiagnoseArgs) -> Result<()> {
    let input = match (&args.case, &args.input) {
        (Some(id), _) => return diagnose_case(id, &args),
        (None, Some(input)) => input,
        (None, None) => {
            anyhow::bail!("give a case number (`shopbench diagnose 42`) or --input case.json")
        }
    };
    let case = shopbench_app::input::read_case_file(input)?;
    let d = shopbench_app::diagnose_unsaved(&case, &crate::shop::lookups());
    show(&case, &d.diagnosis, &d.bulletins, &args)
}

/// Runs `shopbench eval ...`.
pub fn eval(args: EvalArgs) -> Result<()> {
    match args.what {
        EvalWhat::Diagnosis { file, json, learn } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let cases = labelled_cases(&file, &text)?;
            let kb = Knowledge::embedded();
            match (learn, json) {
                (true, true) => emit_json(&evaluate_learning(kb, &cases)),
                (true, false) => emit(&evaluate_learning(kb, &cases).to_string()),
                (false, true) => emit_json(&evaluate(kb, &cases)),
                (false, false) => emit(&evaluate(kb, &cases).to_string()),
            }
        }
    }
}

/// The labelled cases of an evaluation file; a file with none is refused
/// (an evaluation of nothing printed 0 % everywhere and exited 0).
fn labelled_cases(file: &std::path::Path, text: &str) -> Result<Vec<LabelledCase>> {
    let cases = parse_cases_jsonl(text).with_context(|| format!("in {}", file.display()))?;
    if cases.is_empty() {
        anyhow::bail!(
            "{} holds no labelled cases: one JSON object a line, with id, case and confirmed_cause",
            file.display()
        );
    }
    Ok(cases)
}

fn bar(p: f64, width: usize) -> String {
    let filled = ((p.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn money(cents: u64) -> String {
    format!("{}", cents / 100)
}

/// The human-readable report: codes and symptoms, the `top` causes, the
/// confidence, the test plan, how to raise confidence, warnings, the engine.
pub(crate) fn render(d: &Diagnosis, top: usize) -> String {
    let mut s = codes_text(d);
    s.push_str(&causes_text(d, top));
    let _ = writeln!(
        s,
        "\nConfidence: {:.0} % ({})",
        d.confidence * 100.0,
        d.confidence_label
    );
    s.push_str(&plan_text(d));
    s.push_str(&raise_confidence_text(d));
    for w in &d.warnings {
        let _ = writeln!(s, "warning: {}", w.message);
    }
    let _ = writeln!(s, "\n{}", d.engine_version);
    s
}

/// The codes with title, status and how well they are known; the symptoms found in the complaint.
fn codes_text(d: &Diagnosis) -> String {
    let mut s = String::new();
    for c in &d.codes {
        let _ = writeln!(
            s,
            "{}  {}  [{:?}, {:?}]",
            c.code,
            c.title.as_deref().unwrap_or("(no title)"),
            c.status,
            c.knowledge
        );
    }
    if !d.symptoms.is_empty() {
        let tags: Vec<&str> = d.symptoms.iter().map(|t| t.as_str()).collect();
        let _ = writeln!(s, "symptoms: {}", tags.join(", "));
    }
    s
}

/// The `top` causes, each with its probability bar, cost and strongest evidence for and against.
fn causes_text(d: &Diagnosis, top: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s);
    if d.causes.is_empty() {
        let _ = writeln!(s, "No candidate causes.");
    } else {
        let _ = writeln!(s, "Probable causes");
    }
    for (i, c) in d.causes.iter().take(top).enumerate() {
        let _ = writeln!(
            s,
            "{:>2}. {:<58} {:>5.1} % {}  {}",
            i + 1,
            c.name,
            c.probability * 100.0,
            bar(c.probability, 20),
            cost_text(&c.cost)
        );
        for e in c.evidence_for.iter().take(4) {
            let _ = writeln!(s, "      + ×{:<5.2} {}", e.likelihood_ratio, e.detail);
        }
        for e in c.evidence_against.iter().take(2) {
            let _ = writeln!(s, "      − ×{:<5.2} {}", e.likelihood_ratio, e.detail);
        }
    }
    s
}

/// A cause's repair cost: parts and hours when both are known, else the total, else nothing.
fn cost_text(cost: &CostBand) -> String {
    match (cost.parts_cents, cost.total_cents, cost.labor_hours) {
        (Some([lo, hi]), _, Some([hl, hh])) => format!(
            "parts {}–{} {}, {hl}–{hh} h",
            money(lo),
            money(hi),
            cost.currency
        ),
        (_, Some([lo, hi]), _) => {
            format!("total {}–{} {}", money(lo), money(hi), cost.currency)
        }
        _ => String::new(),
    }
}

/// The test plan: each step with what to expect and where a pass or a fail leads.
fn plan_text(d: &Diagnosis) -> String {
    let mut s = String::new();
    if !d.plan.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Plan");
    }
    for p in &d.plan {
        let _ = writeln!(
            s,
            "{:>2}. [{}] {} ({} min; {})",
            p.order, p.id, p.instruction, p.minutes, p.tool
        );
        let _ = writeln!(s, "      expect: {}", p.expected);
        let _ = writeln!(
            s,
            "      pass → {}   fail → {}",
            next(&p.on_pass),
            next(&p.on_fail)
        );
    }
    s
}

/// What would raise the confidence, when the engine says anything.
fn raise_confidence_text(d: &Diagnosis) -> String {
    crate::output::section("To raise confidence", &d.raise_confidence, |r| {
        format!("  - {r}")
    })
}

fn next(a: &NextAction) -> String {
    match a {
        NextAction::Step { step_id } => format!("step {step_id}"),
        NextAction::Conclude { text, .. } => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `eval diagnosis` on an empty file printed "0 labelled cases", 0 %
    /// everywhere and "MRR -0.000", and exited 0.
    #[test]
    fn regression_an_empty_evaluation_file_was_evaluated() {
        let file = std::path::Path::new("empty.jsonl");
        let e = labelled_cases(file, "\n  \n").unwrap_err().to_string();
        assert!(e.starts_with("empty.jsonl holds no labelled cases"), "{e}");
        let one = r#"{"id":"a","case":{"dtcs":["P0171"]},"confirmed_cause":"vacuum_leak"}"#;
        assert_eq!(labelled_cases(file, one).unwrap().len(), 1);
    }
    use shopbench_diagnosis::DtcEntry;

    #[test]
    fn render_shows_causes_plan_and_confidence() {
        let case = CaseInput {
            dtcs: vec![DtcEntry::stored("P0300"), DtcEntry::stored("P0302")],
            ..Default::default()
        };
        let text = render(
            &shopbench_diagnosis::diagnose(Knowledge::embedded(), &case),
            3,
        );
        assert!(text.contains("Ignition coil"), "{text}");
        assert!(
            text.contains("Plan") && text.contains("coil_swap"),
            "{text}"
        );
        assert!(text.contains("Confidence:"));
        assert!(text.contains('█'));
    }

    #[test]
    fn bar_is_proportional() {
        assert_eq!(bar(0.5, 10), "█████░░░░░");
        assert_eq!(bar(2.0, 4), "████");
    }
}
