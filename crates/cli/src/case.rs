//! `shopbench case new|list|show|edit|test|close|history`: flags in, one
//! `shopbench-app` workflow or store call, text or JSON out.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use shopbench_app::fixes::{close_case, closed_summary, fix_in_words, parse_cost, parse_hours};
use shopbench_app::input::{parse_code, parse_mileage, parse_outcome, parse_reading};
use shopbench_app::{create_case, edit_case, new_case_from_input, parse_vehicle, record_test};
use shopbench_core::Cents;
use shopbench_store::{
    Case, CaseDtc, CaseEdit, CaseFix, CaseId, DistanceUnit, HistoryEntry, LiveSnapshot, NewCase,
    Reading, ReadingSource, TestOutcome, VehicleId,
};

use crate::output::{clip, emit, emit_json};
use crate::shop::DbArgs;

/// Arguments of `shopbench case`.
#[derive(clap::Args)]
pub struct CaseArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(clap::Subcommand)]
enum CaseCommand {
    /// Open a new case: vehicle, mileage, complaint, codes.
    New(NewArgs),
    /// List cases, newest first.
    List {
        /// Only cases whose customer, VIN, vehicle, year, complaint, findings or codes contain this text.
        #[arg(long)]
        search: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Show everything about a case: codes, freeze frame, readings, tests, runs, history.
    Show {
        /// Case number.
        id: String,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Change a case (every change is kept in its history).
    Edit(EditArgs),
    /// Record the result of a plan step, e.g. `case test 3 coil_swap pass --note "misfire stayed on cyl 2"`.
    Test {
        /// Case number.
        id: String,
        /// The step id shown in brackets in the diagnosis plan.
        step_id: String,
        /// pass = the expected (normal) result was seen; fail = a fault was found.
        #[arg(value_parser = parse_outcome_arg)]
        outcome: TestOutcome,
        /// What was measured or seen.
        #[arg(long)]
        note: Option<String>,
    },
    /// Close a case with what fixed the car, e.g. `case close 3 --fixed-by "replaced cyl 2 coil"
    /// --parts "coil" --hours 0.5 --cost 185`. Later diagnoses of similar cars (same make, a
    /// code in common) learn from it.
    Close {
        /// Case number.
        id: String,
        /// What fixed it, in your words (mapped to one of the diagnosis's causes when they name one).
        #[arg(long)]
        fixed_by: String,
        /// The cause id, when you want to pick it (as shown by `shopbench diagnose`).
        #[arg(long)]
        cause: Option<String>,
        /// Parts fitted.
        #[arg(long, default_value = "")]
        parts: String,
        /// Labor hours (`0.5`).
        #[arg(long)]
        hours: Option<String>,
        /// What the repair cost, in dollars (`185`, `412.50`).
        #[arg(long)]
        cost: Option<String>,
    },
    /// The append-only history of a case: who changed what, when.
    History {
        /// Case number.
        id: String,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct VehicleArgs {
    /// VIN (17 characters; a failing check digit is warned about and kept).
    #[arg(long)]
    vin: Option<String>,
    /// Vehicle in words, e.g. "Toyota Camry 2014 2.5L" (make model year engine, any order of year).
    #[arg(long)]
    vehicle: Option<String>,
    /// Odometer reading, e.g. 120000, 120k or 193000km.
    #[arg(long)]
    mileage: Option<String>,
    /// Unit of --mileage when it has none: mi or km.
    #[arg(long, value_parser = parse_unit)]
    unit: Option<DistanceUnit>,
    /// A measurement, NAME=VALUE[UNIT], e.g. fuel_pressure_psi=38, ltft_b1=18% or coolant_temp=198F (kept as typed, diagnosed in the rule's unit; repeatable).
    #[arg(long = "reading", value_name = "NAME=VALUE")]
    readings: Vec<String>,
}

#[derive(clap::Args)]
struct NewArgs {
    #[command(flatten)]
    vehicle: VehicleArgs,
    /// The customer's name.
    #[arg(long, default_value = "")]
    customer: String,
    /// The customer's complaint, in their words.
    #[arg(long, default_value = "")]
    complaint: String,
    /// What the technician found.
    #[arg(long, default_value = "")]
    findings: String,
    /// Trouble code, CODE[:STATUS[:ECU]], e.g. P0171 or P0174:pending or P0300:stored:7E8 (repeatable).
    #[arg(long = "code", value_name = "CODE")]
    codes: Vec<String>,
    /// Start from a case file (the JSON `shopbench diagnose --input` reads); the other options add to it or override it.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Print the new case as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct EditArgs {
    /// Case number.
    id: String,
    #[command(flatten)]
    vehicle: VehicleArgs,
    /// New customer name (replaces the old one; "" clears it).
    #[arg(long)]
    customer: Option<String>,
    /// New complaint (replaces the old one).
    #[arg(long)]
    complaint: Option<String>,
    /// New findings (replaces the old text).
    #[arg(long)]
    findings: Option<String>,
    /// Add a code, CODE[:STATUS[:ECU]] (repeatable).
    #[arg(long = "add-code", value_name = "CODE")]
    add_codes: Vec<String>,
    /// Remove a code, every status and ECU (repeatable).
    #[arg(long = "remove-code", value_name = "CODE")]
    remove_codes: Vec<String>,
    /// Print the case as JSON afterwards.
    #[arg(long)]
    json: bool,
}

fn parse_codes(raw: &[String]) -> Result<Vec<CaseDtc>> {
    raw.iter()
        .map(|c| parse_code(c).map_err(anyhow::Error::from))
        .collect::<Result<Vec<_>>>()
        .context("nothing was saved")
}

fn parse_outcome_arg(s: &str) -> Result<TestOutcome, String> {
    parse_outcome(s).map_err(|e| e.to_string())
}

fn parse_unit(s: &str) -> Result<DistanceUnit, String> {
    s.parse()
        .map_err(|e: shopbench_core::CoreError| e.to_string())
}

/// Parses `--vehicle`, warning (and keeping it) when it has no model year.
fn vehicle_text(text: &str) -> Result<VehicleId> {
    let v = parse_vehicle(text)?;
    if v.year.is_none() {
        eprintln!("warning: --vehicle \"{text}\" has no model year (4 digits, e.g. 2014); kept without one");
    }
    Ok(v)
}

fn parse_id(s: &str) -> Result<CaseId> {
    Ok(s.parse()?)
}

/// Builds the vehicle from --vin / --vehicle; `None` when neither was given.
fn vehicle_from(args: &VehicleArgs, base: &VehicleId) -> Result<Option<VehicleId>> {
    if args.vin.is_none() && args.vehicle.is_none() {
        return Ok(None);
    }
    let mut v = match &args.vehicle {
        Some(text) => vehicle_text(text)?,
        None => base.clone(),
    };
    if let Some(vin) = &args.vin {
        let vin: shopbench_core::Vin = vin.parse().context("nothing was saved")?;
        v.vin = Some(vin);
    } else {
        v.vin = base.vin.clone();
    }
    Ok(Some(v))
}

fn readings_from(args: &VehicleArgs) -> Result<Option<LiveSnapshot>> {
    if args.readings.is_empty() {
        return Ok(None);
    }
    let readings = args
        .readings
        .iter()
        .map(|r| parse_reading(r).map_err(anyhow::Error::from))
        .collect::<Result<Vec<_>>>()
        .context("nothing was saved")?;
    Ok(Some(LiveSnapshot {
        taken_at: None,
        source: ReadingSource::Manual,
        // The source already says "measured"; a label is for conditions ("idle, warm").
        label: String::new(),
        readings,
    }))
}

/// Runs `shopbench case …`: each subcommand has its own function.
pub fn run(args: CaseArgs) -> Result<()> {
    let db = &args.db;
    match args.command {
        CaseCommand::New(a) => new(db, a),
        CaseCommand::List {
            search,
            limit,
            json,
        } => list(db, search.as_deref(), limit, json),
        CaseCommand::Show { id, json } => show(db, &id, json),
        CaseCommand::Edit(a) => edit(db, a),
        CaseCommand::Test {
            id,
            step_id,
            outcome,
            note,
        } => test(db, &id, &step_id, outcome, note.as_deref()),
        CaseCommand::Close {
            id,
            fixed_by,
            cause,
            parts,
            hours,
            cost,
        } => {
            let fix = CloseArgs {
                fixed_by,
                cause,
                parts,
                hours,
                cost,
            };
            close(db, &id, fix)
        }
        CaseCommand::History { id, json } => history(db, &id, json),
    }
}

/// `case list`: the newest cases (matching `--search`), one row each, or JSON.
fn list(db: &DbArgs, search: Option<&str>, limit: u32, json: bool) -> Result<()> {
    let store = db.open()?;
    let list = store.list_cases(search, limit)?;
    if json {
        return emit_json(&list);
    }
    let mut s = String::new();
    if list.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            if search.is_some() {
                "No case matches."
            } else {
                "No cases yet — `shopbench case new --vehicle \"Toyota Camry 2014\" --complaint …` opens one."
            }
        );
    }
    for c in &list {
        let _ = writeln!(
            s,
            "{:>5}  {}  {:<36}  {:<20}  {:<24}  {}",
            c.id.0,
            c.created_at.get(..10).unwrap_or(&c.created_at),
            clip(&c.vehicle.to_string(), 36),
            clip(&c.customer, 20),
            clip(&c.codes.join(" "), 24),
            clip(&c.complaint, 60)
        );
    }
    emit(&s)
}

/// `case show`: the case with its fix and module scans, as text or (with its
/// history and module scans) JSON.
fn show(db: &DbArgs, id: &str, json: bool) -> Result<()> {
    let store = db.open()?;
    let id = parse_id(id)?;
    let case = store.case(id)?;
    let history = store.history(id)?;
    let module_scans = store.module_scans(id)?;
    if json {
        let mut v = serde_json::to_value(&case)?;
        v["history"] = serde_json::to_value(&history)?;
        v["module_scans"] = serde_json::to_value(&module_scans)?;
        return emit_json(&v);
    }
    emit(&format!(
        "{}{}{}",
        render_case(&case, &history),
        case.fix.as_ref().map(fix_text).unwrap_or_default(),
        module_scans_text(&module_scans)
    ))
}

/// `case test`: records a plan step's outcome and says to diagnose again.
fn test(
    db: &DbArgs,
    id: &str,
    step_id: &str,
    outcome: TestOutcome,
    note: Option<&str>,
) -> Result<()> {
    let id = parse_id(id)?;
    let mut store = db.open()?;
    let r = record_test(&mut store, id, step_id, outcome, note).context("nothing was recorded")?;
    crate::output::say!(
        "Recorded on case {id}: {} {} — re-run `shopbench diagnose {id}` to update the ranking",
        r.step_id,
        outcome_str(r.outcome)
    )?;
    Ok(())
}

/// The options of `case close`, as given.
struct CloseArgs {
    fixed_by: String,
    cause: Option<String>,
    parts: String,
    hours: Option<String>,
    cost: Option<String>,
}

/// `case close`: parses the fix (hours and cost before the database is
/// opened), closes the case and says what cause the words were taken as.
fn close(db: &DbArgs, id: &str, a: CloseArgs) -> Result<()> {
    let id = parse_id(id)?;
    let cost_cents = parse_cost(a.cost.as_deref().unwrap_or_default())?;
    let hours = parse_hours(a.hours.as_deref().unwrap_or_default())?;
    let close = CaseFix {
        cause_id: a.cause,
        parts: a.parts,
        labor_hours: hours,
        cost_cents,
        ..fix_in_words(&a.fixed_by)
    };
    let mut store = db.open()?;
    let fix = close_case(&mut store, id, &close).context("the case was not closed")?;
    crate::output::say!("{}", closed_line(id, &close, &fix))?;
    Ok(())
}

/// `case history`: the case's history, one change a line (or JSON).
fn history(db: &DbArgs, id: &str, json: bool) -> Result<()> {
    let store = db.open()?;
    let h = store.history(parse_id(id)?)?;
    if json {
        return emit_json(&h);
    }
    emit(&history_lines(&h))
}

fn new(db: &DbArgs, a: NewArgs) -> Result<()> {
    // Parse everything before opening the database: bad input saves nothing.
    let mut case = match &a.from {
        Some(file) => {
            let input = shopbench_app::input::read_case_file(file).context("nothing was saved")?;
            new_case_from_input(&input)
                .with_context(|| format!("in {}; nothing was saved", file.display()))?
        }
        None => NewCase::default(),
    };
    if let Some(v) = vehicle_from(&a.vehicle, &case.vehicle)? {
        case.vehicle = v;
    }
    if let Some(m) = &a.vehicle.mileage {
        case.mileage = Some(parse_mileage(m, a.vehicle.unit).context("nothing was saved")?);
    }
    if !a.customer.trim().is_empty() {
        case.customer = a.customer;
    }
    if !a.complaint.trim().is_empty() {
        case.complaint = a.complaint;
    }
    if !a.findings.trim().is_empty() {
        case.findings = a.findings;
    }
    case.dtcs.extend(parse_codes(&a.codes)?);
    case.snapshots.extend(readings_from(&a.vehicle)?);
    for w in case.warnings() {
        eprintln!("warning: {w}");
    }
    let mut store = db.open()?;
    let id = create_case(&mut store, &case).context("nothing was saved")?;
    let saved = store.case(id)?;
    if a.json {
        return emit_json(&saved);
    }
    crate::output::say!(
        "Created case {id}: {} — {} code{}",
        saved.vehicle,
        saved.dtcs.len(),
        if saved.dtcs.len() == 1 { "" } else { "s" }
    )?;
    crate::output::say!("Next: `shopbench diagnose {id}`")?;
    Ok(())
}

fn edit(db: &DbArgs, a: EditArgs) -> Result<()> {
    let id = parse_id(&a.id)?;
    let add_dtcs = parse_codes(&a.add_codes)?;
    let remove_codes = a
        .remove_codes
        .iter()
        .map(|c| c.parse::<shopbench_core::Dtc>())
        .collect::<Result<Vec<_>, _>>()
        .context("nothing was saved")?;
    let mileage = a
        .vehicle
        .mileage
        .as_deref()
        .map(|m| parse_mileage(m, a.vehicle.unit))
        .transpose()
        .context("nothing was saved")?;
    let add_snapshot = readings_from(&a.vehicle)?;
    let mut store = db.open()?;
    let current = store.case(id)?;
    let history_before = store.history(id)?.len();
    let vehicle = vehicle_from(&a.vehicle, &current.vehicle)?;
    if let Some(vin) = vehicle.as_ref().and_then(|v| v.vin.as_ref()) {
        for w in vin.warnings() {
            eprintln!("warning: VIN {vin}: {w} (kept as entered)");
        }
    }
    let edit = CaseEdit {
        complaint: a.complaint,
        findings: a.findings,
        vehicle,
        mileage,
        customer: a.customer,
        add_dtcs,
        remove_codes,
        add_snapshot,
        add_freeze_frame: None,
    };
    if edit.is_empty() {
        bail!("nothing to change — give --customer, --complaint, --findings, --add-code, --remove-code, --vin, --vehicle, --mileage or --reading");
    }
    let after = edit_case(&mut store, id, &edit).context("nothing was saved")?;
    if after.complaint.is_empty() && after.dtcs.is_empty() {
        eprintln!(
            "warning: case {id} now has no complaint and no codes; diagnosis has nothing to go on"
        );
    }
    if a.json {
        return emit_json(&after);
    }
    let changes = store.history(id)?.len() - history_before;
    crate::output::say!(
        "Updated case {id} ({changes} change{})",
        if changes == 1 { "" } else { "s" }
    )?;
    Ok(())
}

fn outcome_str(o: TestOutcome) -> &'static str {
    match o {
        TestOutcome::Pass => "pass",
        TestOutcome::Fail => "fail",
    }
}

fn reading_text(r: &Reading) -> String {
    match (&r.value, &r.text) {
        (Some(v), _) => format!("{v} {}", r.unit).trim_end().to_string(),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    }
}

/// A value of the history as a person reads it: a quoted text, a distance
/// (`121000 mi`), else the JSON, clipped.
fn compact(v: &Option<Value>) -> String {
    match v {
        None => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".into(),
        Some(Value::String(s)) => format!("\"{}\"", clip(s, 60)),
        Some(Value::Object(m))
            if m.len() == 2 && m["unit"].is_string() && m["value"].is_number() =>
        {
            let value = m["value"].as_f64().unwrap_or_default();
            format!("{value} {}", m["unit"].as_str().unwrap_or_default())
        }
        Some(other) => clip(&other.to_string(), 90),
    }
}

/// A `case.close` entry: the words, the cause learned (or that none was)
/// and what it cost.
fn closed_text(new: &Option<Value>) -> String {
    let Some(fix) = new else {
        return "closed".into();
    };
    let learned = match fix["cause_id"].as_str() {
        Some(c) => format!("cause {c} learned"),
        None => "no cause learned".into(),
    };
    let cost = fix["cost_cents"]
        .as_u64()
        .map(|c| format!(", {}", Cents::new(c as i64).usd_grouped()))
        .unwrap_or_default();
    format!(
        "closed: fixed by \"{}\" ({learned}{cost})",
        clip(fix["fixed_by"].as_str().unwrap_or_default(), 60)
    )
}

fn history_line(e: &HistoryEntry) -> String {
    let what = match e.action.as_str() {
        "case.create" => "created".to_string(),
        "dtc.add" => format!("added {}", compact(&e.new)),
        "dtc.remove" => format!("removed {}", compact(&e.old)),
        "test.record" => {
            let new = e.new.as_ref();
            let field = |k: &str| new.and_then(|n| n[k].as_str()).unwrap_or("").to_string();
            let mut s = format!("test {} {}", field("step_id"), field("outcome"));
            if let Some(old) = e.old.as_ref().and_then(|o| o["outcome"].as_str()) {
                let _ = write!(s, " (was {old})");
            }
            s
        }
        "diagnosis.run" => {
            let n = e.new.clone().unwrap_or_default();
            format!(
                "diagnosis run {}: top {} ({:.0} %), confidence {:.0} %",
                n["run"],
                n["top_cause"].as_str().unwrap_or("none"),
                n["top_probability"].as_f64().unwrap_or(0.0) * 100.0,
                n["confidence"].as_f64().unwrap_or(0.0) * 100.0
            )
        }
        "case.close" => closed_text(&e.new),
        other => format!("{other}: {} → {}", compact(&e.old), compact(&e.new)),
    };
    format!("  {}  {:<10} {what}", e.at, e.actor)
}

/// The all-module scans kept with a case, one line each (`scan --modules --case ID`).
fn module_scans_text(scans: &[shopbench_store::StoredModuleScan]) -> String {
    if scans.is_empty() {
        return String::new();
    }
    let mut s = String::from("\nModule scans\n");
    for m in scans {
        s.push_str(&format!(
            "  #{} {}  {} modules, {} code{} present{}  ({})\n",
            m.id,
            m.taken_at,
            m.scan.modules,
            m.scan.active_codes,
            if m.scan.active_codes == 1 { "" } else { "s" },
            if m.scan.complete {
                ""
            } else {
                ", SOME MODULES' CODES NOT READ"
            },
            m.scan.adapter
        ));
    }
    s
}

/// What `case close` says: the cause the words were taken as, or that they
/// name none (and how to pick one).
fn closed_line(id: CaseId, given: &CaseFix, fix: &CaseFix) -> String {
    format!(
        "Closed case {id}: {}. To pick the cause yourself, close again with --cause ID \
         (ids as `shopbench diagnose` shows them).",
        closed_summary(given, fix)
    )
}

/// The case's fix, as `case show` prints it.
fn fix_text(fix: &CaseFix) -> String {
    let mut s = format!(
        "\nClosed {} by {}\n  fixed by  {}",
        fix.closed_at, fix.closed_by, fix.fixed_by
    );
    if let Some(c) = &fix.cause_id {
        s += &format!(" (cause {c})");
    }
    if !fix.parts.is_empty() {
        s += &format!("\n  parts     {}", fix.parts);
    }
    if let Some(h) = fix.labor_hours {
        s += &format!("\n  labor     {h} h");
    }
    if let Some(c) = fix.cost_cents {
        s += &format!("\n  cost      {}", Cents::new(c as i64).usd_grouped());
    }
    s + "\n"
}

/// The human-readable case, as `case show` prints it: one function per section.
fn render_case(c: &Case, history: &[HistoryEntry]) -> String {
    [
        header_text(c),
        codes_text(c),
        freeze_frames_text(c),
        readiness_text(c),
        snapshots_text(c),
        test_results_text(c),
        runs_text(c),
        history_text(history),
    ]
    .concat()
}

/// The case's number and dates, vehicle (with VIN warnings), customer,
/// mileage, complaint and findings.
fn header_text(c: &Case) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Case {} ({}, created {}, updated {})",
        c.id, c.source, c.created_at, c.updated_at
    );
    let _ = writeln!(s, "Vehicle    {}", c.vehicle);
    if !c.customer.is_empty() {
        let _ = writeln!(s, "Customer   {}", c.customer);
    }
    if let Some(vin) = &c.vehicle.vin {
        for w in vin.warnings() {
            let _ = writeln!(s, "           warning: {w}");
        }
    }
    if let Some(m) = c.mileage {
        let _ = writeln!(s, "Mileage    {} {}", m.value, m.unit.as_str());
    }
    let _ = writeln!(
        s,
        "Complaint  {}",
        if c.complaint.is_empty() {
            "(none)"
        } else {
            &c.complaint
        }
    );
    if !c.findings.is_empty() {
        let _ = writeln!(
            s,
            "Findings   {}",
            c.findings.replace('\n', "\n           ")
        );
    }
    s
}

/// The codes with status, ECU and meaning; says so when the scan that made
/// the case could not read every code list (a line of the findings).
fn codes_text(c: &Case) -> String {
    let mut s = String::from("\nCodes\n");
    let not_read = c
        .findings
        .lines()
        .any(|l| l.trim().starts_with(shopbench_diagnosis::CODES_NOT_READ));
    if c.dtcs.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            if not_read {
                "none read — the scan could not read every code list (see Findings)"
            } else {
                "none"
            }
        );
    } else if not_read {
        let _ = writeln!(
            s,
            "  (the scan could not read every code list: there may be more — see Findings)"
        );
    }
    let catalog = shopbench_core::DtcCatalog::generic();
    for d in &c.dtcs {
        let _ = writeln!(
            s,
            "  {}  {:<9}  {:<6} {}",
            d.code,
            d.status.as_str(),
            d.ecu.as_deref().unwrap_or(""),
            catalog.describe(d.code).summary()
        );
    }
    s
}

/// Each freeze frame: which ECU stored it for which code, then its values.
fn freeze_frames_text(c: &Case) -> String {
    let mut s = String::new();
    for ff in &c.freeze_frames {
        let _ = writeln!(
            s,
            "\nFreeze frame {}{}{}",
            ff.frame,
            ff.ecu
                .as_deref()
                .map(|e| format!(" from ECU {e}"))
                .unwrap_or_default(),
            ff.dtc
                .map(|d| format!(" (stored by {d})"))
                .unwrap_or_default()
        );
        for v in &ff.values {
            let _ = writeln!(s, "  {:<28} {}", v.name, reading_text(v));
        }
    }
    s
}

/// The check-engine lamp and the complete and incomplete monitors, when read.
fn readiness_text(c: &Case) -> String {
    let mut s = String::new();
    let Some(r) = &c.readiness else {
        return s;
    };
    let _ = writeln!(s, "\nReadiness");
    if let Some(on) = r.mil_on {
        let _ = writeln!(s, "  MIL {}", if on { "ON" } else { "off" });
    }
    if !r.complete.is_empty() {
        let _ = writeln!(s, "  complete:     {}", r.complete.join(", "));
    }
    if !r.incomplete.is_empty() {
        let _ = writeln!(s, "  NOT complete: {}", r.incomplete.join(", "));
    }
    s
}

/// Each set of readings (OBD or measured), with when and what it was.
fn snapshots_text(c: &Case) -> String {
    let mut s = String::new();
    for snap in &c.snapshots {
        let _ = writeln!(
            s,
            "\nReadings {} ({}{})",
            snap.taken_at.as_deref().unwrap_or(""),
            snap.source_label(),
            // Cases saved before the fix carry the label "measured" too.
            if snap.label.is_empty() || snap.label == snap.source_label() {
                String::new()
            } else {
                format!(", {}", snap.label)
            }
        );
        for r in &snap.readings {
            let _ = writeln!(s, "  {:<28} {}", r.name, reading_text(r));
        }
    }
    s
}

/// The recorded plan-step outcomes with their notes, who and when.
fn test_results_text(c: &Case) -> String {
    crate::output::section("Test results", &c.test_results, |t| {
        format!(
            "  {:<24} {}  {}{}",
            t.step_id,
            outcome_str(t.outcome),
            t.note
                .as_deref()
                .map(|n| format!("\"{n}\"  "))
                .unwrap_or_default(),
            format_args!("({}, {})", t.recorded_by, t.recorded_at)
        )
    })
}

/// The saved diagnosis runs: top cause, confidence, time taken, engine.
fn runs_text(c: &Case) -> String {
    crate::output::section("Diagnosis runs", &c.runs, |r| {
        let top = &r.result["causes"][0];
        format!(
            "  #{} {}  top: {} ({:.0} %)  confidence {:.0} %  {:.2} ms  {}",
            r.id,
            r.created_at,
            top["name"].as_str().unwrap_or("none"),
            top["probability"].as_f64().unwrap_or(0.0) * 100.0,
            r.confidence.unwrap_or(0.0) * 100.0,
            r.duration_ms,
            r.engine_version
        )
    })
}

/// The history section of `case show`.
fn history_text(history: &[HistoryEntry]) -> String {
    format!("\nHistory\n{}", history_lines(history))
}

/// A case's history, one change a line (`case history`, `case show`).
fn history_lines(history: &[HistoryEntry]) -> String {
    let mut s = String::new();
    for e in history {
        let _ = writeln!(s, "{}", history_line(e));
    }
    s
}

trait SourceLabel {
    fn source_label(&self) -> &'static str;
}

impl SourceLabel for LiveSnapshot {
    fn source_label(&self) -> &'static str {
        match self.source {
            ReadingSource::Obd => "OBD",
            ReadingSource::Manual => "measured",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, old: Option<Value>, new: Option<Value>) -> HistoryEntry {
        HistoryEntry {
            id: 1,
            at: "2026-12-07T13:16:46Z".into(),
            actor: "dana".into(),
            action: action.into(),
            old,
            new,
        }
    }

    /// `case history` printed the store's JSON: `mileage: {"unit":"mi",
    /// "value":120000.0} → …` and `case.close: — → {"cause_id":null,…`.
    #[test]
    fn regression_the_history_printed_raw_json() {
        let miles = |v: f64| Some(serde_json::json!({"unit": "mi", "value": v}));
        let line = history_line(&entry("mileage", miles(120000.0), miles(121000.0)));
        assert!(line.ends_with("mileage: 120000 mi → 121000 mi"), "{line}");
        let fix = serde_json::json!({
            "fixed_by": "replaced cracked intake boot", "cause_id": "vacuum_leak",
            "cost_cents": 8500, "parts": "", "closed_at": "x", "closed_by": "dana"
        });
        let line = history_line(&entry("case.close", None, Some(fix)));
        assert!(
            line.ends_with(
                "closed: fixed by \"replaced cracked intake boot\" (cause vacuum_leak learned, $85.00)"
            ),
            "{line}"
        );
        let words = serde_json::json!({"fixed_by": "again", "cause_id": null});
        let line = history_line(&entry("case.close", None, Some(words)));
        assert!(
            line.ends_with("closed: fixed by \"again\" (no cause learned)"),
            "{line}"
        );
    }
}
