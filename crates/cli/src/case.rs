//! `shopbench case new|list|show|edit|test|history`, `shopbench diagnose CASE_ID`
//! and the case `shopbench scan --save-case` creates: thin adapters over
//! `shopbench-store` and `shopbench-diagnosis`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use shopbench_diagnosis::{diagnose as run_engine, Knowledge};
use shopbench_store::{
    Case, CaseDtc, CaseEdit, CaseId, DistanceUnit, DtcStatus, FreezeFrame, HistoryEntry,
    LiveSnapshot, Mileage, NewCase, ReadinessSummary, Reading, ReadingSource, Store, TestOutcome,
    VehicleInfo,
};

/// Where the case database is and who is writing; shared by every command that touches cases.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// Case database file [default: $XDG_DATA_HOME/shopbench/shopbench.db, else ~/.local/share/shopbench/shopbench.db].
    #[arg(long = "db", env = "SHOPBENCH_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Name recorded in the case history [default: $USER].
    #[arg(long = "user", env = "SHOPBENCH_USER", global = true)]
    user: Option<String>,
}

impl DbArgs {
    fn path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share"))
            })
            .context(
                "cannot tell where to keep cases: set HOME or XDG_DATA_HOME, or pass --db PATH",
            )?;
        Ok(base.join("shopbench").join("shopbench.db"))
    }

    /// Opens (creating the folder and file if needed) the case database.
    pub(crate) fn open(&self) -> Result<Store> {
        let path = self.path()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        }
        let store = Store::open(&path)?;
        Ok(match &self.user {
            Some(u) => store.with_actor(u),
            None => store,
        })
    }
}

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
        #[arg(value_parser = parse_outcome)]
        outcome: TestOutcome,
        /// What was measured or seen.
        #[arg(long)]
        note: Option<String>,
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
    /// Odometer reading, e.g. 120000 or 193000km.
    #[arg(long)]
    mileage: Option<String>,
    /// Unit of --mileage when it has none: mi or km.
    #[arg(long, value_parser = parse_unit)]
    unit: Option<DistanceUnit>,
    /// A measurement, NAME=VALUE[UNIT], e.g. fuel_pressure_psi=38 or ltft_b1=18% (repeatable).
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

fn parse_outcome(s: &str) -> Result<TestOutcome, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "pass" | "passed" | "ok" => Ok(TestOutcome::Pass),
        "fail" | "failed" => Ok(TestOutcome::Fail),
        _ => Err(format!(
            "'{s}' is not a test outcome: use pass (the expected reading was seen) or fail (a fault was found)"
        )),
    }
}

fn parse_unit(s: &str) -> Result<DistanceUnit, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "mi" | "mile" | "miles" => Ok(DistanceUnit::Mi),
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => Ok(DistanceUnit::Km),
        _ => Err(format!("'{s}' is not a distance unit: use mi or km")),
    }
}

fn parse_mileage(s: &str, unit: Option<DistanceUnit>) -> Result<Mileage> {
    let t = s.trim().to_ascii_lowercase().replace([',', '_', ' '], "");
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let value: f64 = num.parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0).with_context(|| {
        format!("--mileage '{s}' is not an odometer reading: give a number, e.g. 120000 or 193000km")
    })?;
    let unit = match (suffix, unit) {
        ("", Some(u)) => u,
        ("", None) => DistanceUnit::Mi,
        (sfx, given) => {
            let u = parse_unit(sfx).map_err(anyhow::Error::msg)?;
            if given.is_some_and(|g| g != u) {
                bail!("--mileage '{s}' and --unit disagree on the unit");
            }
            u
        }
    };
    Ok(Mileage { value, unit })
}

/// Two-word makes, so "Land Rover Defender" is make "Land Rover".
const TWO_WORD_MAKES: &[&str] = &["land rover", "alfa romeo", "aston martin", "mercedes benz"];

/// "Toyota Camry 2014 2.5L", "2011 Ford F-150 5.0L V8" → make, model, year, engine.
pub(crate) fn parse_vehicle(s: &str) -> Result<VehicleInfo> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() {
        bail!("--vehicle is empty: give make, model and year, e.g. \"Toyota Camry 2014 2.5L\"");
    }
    let is_year =
        |w: &str| w.len() == 4 && w.parse::<u16>().is_ok_and(|y| (1950..=2100).contains(&y));
    let is_displacement = |w: &str| {
        let l = w.to_ascii_lowercase();
        l.strip_suffix('l')
            .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_ok())
    };
    let year = words
        .iter()
        .find(|w| is_year(w))
        .map(|w| w.parse::<u16>().unwrap());
    let engine_at = words.iter().position(|w| is_displacement(w));
    let engine = engine_at.map(|i| words[i..].join(" "));
    let rest: Vec<&str> = words[..engine_at.unwrap_or(words.len())]
        .iter()
        .copied()
        .filter(|w| !is_year(w))
        .collect();
    let (make, model) = match rest.as_slice() {
        [] => (None, None),
        [one] => (Some(one.to_string()), None),
        [a, b, tail @ ..]
            if TWO_WORD_MAKES.contains(&format!("{a} {b}").to_lowercase().as_str()) =>
        {
            (
                Some(format!("{a} {b}")),
                (!tail.is_empty()).then(|| tail.join(" ")),
            )
        }
        [a, tail @ ..] => (Some(a.to_string()), Some(tail.join(" "))),
    };
    if year.is_none() {
        eprintln!(
            "warning: --vehicle \"{s}\" has no model year (4 digits, e.g. 2014); kept without one"
        );
    }
    Ok(VehicleInfo {
        vin: None,
        make,
        model,
        year,
        engine,
    })
}

/// `NAME=VALUE[UNIT]` → a manual reading.
fn parse_reading(s: &str) -> Result<Reading> {
    let (name, value) = s
        .split_once('=')
        .with_context(|| format!("--reading '{s}' is not NAME=VALUE, e.g. fuel_pressure_psi=38"))?;
    let name = name.trim();
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(value.len());
    let (num, unit) = value.split_at(split);
    let v: f64 = num
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .with_context(|| format!("--reading '{s}': '{value}' is not a number"))?;
    if name.is_empty() {
        bail!("--reading '{s}' has no name");
    }
    Ok(Reading::number(name, v, unit.trim()))
}

fn parse_codes(raw: &[String]) -> Result<Vec<CaseDtc>> {
    raw.iter()
        .map(|c| c.parse::<CaseDtc>().map_err(anyhow::Error::from))
        .collect::<Result<Vec<_>>>()
        .context("nothing was saved")
}

fn parse_id(s: &str) -> Result<CaseId> {
    Ok(s.parse()?)
}

/// Builds the vehicle from --vin / --vehicle; `None` when neither was given.
fn vehicle_from(args: &VehicleArgs, base: &VehicleInfo) -> Result<Option<VehicleInfo>> {
    if args.vin.is_none() && args.vehicle.is_none() {
        return Ok(None);
    }
    let mut v = match &args.vehicle {
        Some(text) => parse_vehicle(text)?,
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
        .map(|r| parse_reading(r))
        .collect::<Result<Vec<_>>>()
        .context("nothing was saved")?;
    Ok(Some(LiveSnapshot {
        taken_at: None,
        source: ReadingSource::Manual,
        label: "measured".to_string(),
        readings,
    }))
}

/// Runs `shopbench case …`.
pub fn run(args: CaseArgs) -> Result<()> {
    match args.command {
        CaseCommand::New(a) => new(&args.db, a),
        CaseCommand::List {
            search,
            limit,
            json,
        } => {
            let store = args.db.open()?;
            let list = store.list_cases(search.as_deref(), limit)?;
            if json {
                return emit(&format!("{}\n", serde_json::to_string_pretty(&list)?));
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
        CaseCommand::Show { id, json } => {
            let store = args.db.open()?;
            let id = parse_id(&id)?;
            let case = store.case(id)?;
            let history = store.history(id)?;
            if json {
                let mut v = serde_json::to_value(&case)?;
                v["history"] = serde_json::to_value(&history)?;
                return emit(&format!("{}\n", serde_json::to_string_pretty(&v)?));
            }
            emit(&render_case(&case, &history))
        }
        CaseCommand::Edit(a) => edit(&args.db, a),
        CaseCommand::Test {
            id,
            step_id,
            outcome,
            note,
        } => {
            let mut store = args.db.open()?;
            let id = parse_id(&id)?;
            let known = Knowledge::embedded().test(step_id.trim()).is_some();
            if !known {
                eprintln!(
                    "warning: '{step_id}' is not a step the engine knows; recorded, but it will not change the ranking \
                     (the step ids are in brackets in `shopbench diagnose {id}`)"
                );
            }
            let r = store.record_test(id, &step_id, outcome, note.as_deref())?;
            println!(
                "Recorded on case {id}: {} {} — re-run `shopbench diagnose {id}` to update the ranking",
                r.step_id,
                outcome_str(r.outcome)
            );
            Ok(())
        }
        CaseCommand::History { id, json } => {
            let store = args.db.open()?;
            let h = store.history(parse_id(&id)?)?;
            if json {
                return emit(&format!("{}\n", serde_json::to_string_pretty(&h)?));
            }
            let mut s = String::new();
            for e in &h {
                let _ = writeln!(s, "{}", history_line(e));
            }
            emit(&s)
        }
    }
}

fn new(db: &DbArgs, a: NewArgs) -> Result<()> {
    // Parse everything before opening the database: bad input saves nothing.
    let mut case = match &a.from {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read case file {}", file.display()))?;
            let input: shopbench_diagnosis::CaseInput = serde_json::from_str(&text)
                .with_context(|| {
                    format!(
                        "{} is not a valid case file (the fields `shopbench diagnose --input` reads); nothing was saved",
                        file.display()
                    )
                })?;
            NewCase::from_input(&input)
                .with_context(|| format!("in {}; nothing was saved", file.display()))?
        }
        None => NewCase::default(),
    };
    if let Some(v) = vehicle_from(&a.vehicle, &case.vehicle)? {
        case.vehicle = v;
    }
    if let Some(m) = &a.vehicle.mileage {
        case.mileage = Some(parse_mileage(m, a.vehicle.unit)?);
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
    let id = store.create_case(&case)?;
    let saved = store.case(id)?;
    if a.json {
        return emit(&format!("{}\n", serde_json::to_string_pretty(&saved)?));
    }
    println!(
        "Created case {id}: {} — {} code{}",
        saved.vehicle,
        saved.dtcs.len(),
        if saved.dtcs.len() == 1 { "" } else { "s" }
    );
    println!("Next: `shopbench diagnose {id}`");
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
        .transpose()?;
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
    let after = store.edit_case(id, &edit)?;
    if after.complaint.is_empty() && after.dtcs.is_empty() {
        eprintln!(
            "warning: case {id} now has no complaint and no codes; diagnosis has nothing to go on"
        );
    }
    if a.json {
        return emit(&format!("{}\n", serde_json::to_string_pretty(&after)?));
    }
    let changes = store.history(id)?.len() - history_before;
    println!(
        "Updated case {id} ({changes} change{})",
        if changes == 1 { "" } else { "s" }
    );
    Ok(())
}

/// `shopbench diagnose CASE_ID`: loads the case, runs the engine, stores the
/// run, and writes the PDF report too when `--pdf` was given.
pub fn diagnose(
    id: &str,
    db: &DbArgs,
    json: bool,
    top: usize,
    pdf: &crate::costs::PdfArgs,
) -> Result<()> {
    let id = parse_id(id)?;
    let mut store = db.open()?;
    let case = store.case(id)?;
    let (input, result) = diagnose_and_save(&mut store, &case)?;
    pdf.write(|shop, paper| shopbench_report::render_diagnosis(shop, &input, &result, paper))?;
    if json {
        emit(&format!("{}\n", serde_json::to_string_pretty(&result)?))
    } else {
        emit(&crate::diagnose::render(&result, top))
    }
}

/// Runs the engine on the case as it stands and saves the run with it.
fn diagnose_and_save(
    store: &mut Store,
    case: &Case,
) -> Result<(
    shopbench_diagnosis::CaseInput,
    shopbench_diagnosis::Diagnosis,
)> {
    let input = case.to_input();
    let started = Instant::now();
    let result = run_engine(Knowledge::embedded(), &input);
    let took = started.elapsed();
    let run = store.save_run(case.id, &input, &result, took)?;
    eprintln!(
        "… case {}: saved as run {} ({:.2} ms, {})",
        case.id, run.id, run.duration_ms, run.engine_version
    );
    Ok((input, result))
}

/// `shopbench report CASE_ID -o FILE`: the customer's PDF for a saved case.
///
/// The report shows the latest saved diagnosis when it was run on the case as
/// it stands now (same input, same engine version), so the PDF matches what the
/// technician saw on screen; if the case changed since, or was never
/// diagnosed, it is diagnosed now and that run is saved first.
pub fn report(id: &str, db: &DbArgs, pdf: &crate::costs::PdfArgs) -> Result<()> {
    let id = parse_id(id)?;
    let mut store = db.open()?;
    let case = store.case(id)?;
    let input = case.to_input();
    let input_json = serde_json::to_value(&input)?;
    // Runs are kept oldest first; only the newest one can describe the case as it is.
    let current = case.runs.last().and_then(|run| {
        if run.input != input_json || run.engine_version != shopbench_diagnosis::ENGINE_VERSION {
            return None;
        }
        let d = serde_json::from_value::<shopbench_diagnosis::Diagnosis>(run.result.clone());
        d.ok().map(|d| (run.id, d))
    });
    let result = match current {
        Some((run, d)) => {
            eprintln!("… case {id}: reporting saved run {run}");
            d
        }
        None => {
            if case.runs.is_empty() {
                eprintln!("… case {id} has not been diagnosed yet: diagnosing now");
            } else {
                eprintln!("… case {id} changed since its last diagnosis: diagnosing again");
            }
            diagnose_and_save(&mut store, &case)?.1
        }
    };
    pdf.write(|shop, paper| shopbench_report::render_diagnosis(shop, &input, &result, paper))
}

/// `shopbench scan --save-case`: the scan becomes a new case.
pub fn save_scan(report: &shopbench_obd::ScanReport, db: &DbArgs) -> Result<CaseId> {
    let case = case_from_scan(report);
    for w in case.warnings() {
        if !w.contains("no complaint and no codes") {
            eprintln!("warning: {w}");
        }
    }
    let mut store = db.open()?;
    let id = store.create_case(&case)?;
    eprintln!(
        "… saved as case {id} ({} code{}) — add the complaint with `shopbench case edit {id} --complaint \"…\"`, then `shopbench diagnose {id}`",
        case.dtcs.len(),
        if case.dtcs.len() == 1 { "" } else { "s" }
    );
    Ok(id)
}

fn case_from_scan(r: &shopbench_obd::ScanReport) -> NewCase {
    use shopbench_obd::PidValue;
    let mut findings = Vec::new();
    let vin = r
        .vin
        .as_deref()
        .and_then(|v| match v.parse::<shopbench_core::Vin>() {
            Ok(vin) => Some(vin),
            Err(e) => {
                eprintln!("warning: the car reported a VIN that cannot be kept: {e}");
                findings.push(format!("VIN as reported by the car: {v} ({e})"));
                None
            }
        });
    let dtcs = r
        .ecus
        .iter()
        .flat_map(|e| {
            e.dtcs.iter().map(move |d| CaseDtc {
                code: d.code,
                status: match d.status {
                    shopbench_obd::DtcStatus::Stored => DtcStatus::Stored,
                    shopbench_obd::DtcStatus::Pending => DtcStatus::Pending,
                    shopbench_obd::DtcStatus::Permanent => DtcStatus::Permanent,
                },
                ecu: Some(e.ecu.to_string()),
            })
        })
        .collect();
    let flatten = |values: &[shopbench_obd::Reading]| -> Vec<Reading> {
        let mut out = Vec::new();
        for v in values {
            match &v.value {
                PidValue::Number(n) => out.push(Reading::number(&v.name, *n, &v.unit)),
                PidValue::Fields(fields) => {
                    for f in fields {
                        out.push(Reading::number(
                            &format!("{}_{}", v.name, f.name),
                            f.value,
                            &f.unit,
                        ));
                    }
                }
                PidValue::Text(t) => out.push(Reading::text(&v.name, t)),
                PidValue::Flags(flags) => out.push(Reading::text(&v.name, &flags.join(", "))),
                PidValue::Dtc(d) => out.push(Reading::text(
                    &v.name,
                    &d.map(|d| d.to_string()).unwrap_or_else(|| "none".into()),
                )),
            }
        }
        out
    };
    let freeze_frames = r
        .freeze_frame
        .iter()
        .map(|ff| FreezeFrame {
            ecu: Some(ff.ecu.to_string()),
            frame: ff.frame,
            dtc: Some(ff.dtc),
            values: flatten(&ff.values),
        })
        .collect();
    let readiness = match &r.readiness {
        Some(rd) => Some(ReadinessSummary {
            mil_on: Some(rd.mil_on),
            dtc_count: Some(rd.dtc_count as u32),
            ignition: serde_json::to_value(rd.ignition)
                .ok()
                .and_then(|v| v.as_str().map(String::from)),
            complete: rd
                .monitors
                .iter()
                .filter(|m| m.supported && m.complete)
                .map(|m| m.name.clone())
                .collect(),
            incomplete: rd.incomplete().map(|m| m.name.clone()).collect(),
        }),
        None if r.mil_on.is_some() => Some(ReadinessSummary {
            mil_on: r.mil_on,
            dtc_count: r.dtc_count,
            ..ReadinessSummary::default()
        }),
        None => None,
    };
    let snapshots = r
        .battery_voltage
        .map(|v| LiveSnapshot {
            taken_at: None,
            source: ReadingSource::Obd,
            label: format!("scan via {} on {}", r.adapter, r.port),
            readings: vec![Reading::number(
                "adapter_voltage",
                // f32 from the adapter: keep the digits it actually reports.
                (f64::from(v) * 100.0).round() / 100.0,
                "V",
            )],
        })
        .into_iter()
        .collect();
    if !r.problems.is_empty() {
        findings.push(format!("Scan could not read: {}", r.problems.join("; ")));
    }
    NewCase {
        vehicle: VehicleInfo {
            vin,
            ..VehicleInfo::default()
        },
        findings: findings.join("\n"),
        dtcs,
        freeze_frames,
        snapshots,
        readiness,
        from_scan: true,
        ..NewCase::default()
    }
}

fn outcome_str(o: TestOutcome) -> &'static str {
    match o {
        TestOutcome::Pass => "pass",
        TestOutcome::Fail => "fail",
    }
}

fn status_str(s: DtcStatus) -> &'static str {
    match s {
        DtcStatus::Stored => "stored",
        DtcStatus::Pending => "pending",
        DtcStatus::Permanent => "permanent",
    }
}

fn clip(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn unit_str(u: DistanceUnit) -> &'static str {
    match u {
        DistanceUnit::Mi => "mi",
        DistanceUnit::Km => "km",
    }
}

fn reading_text(r: &Reading) -> String {
    match (&r.value, &r.text) {
        (Some(v), _) => format!("{v} {}", r.unit).trim_end().to_string(),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    }
}

/// A JSON value in one short line for the history listing.
fn compact(v: &Option<Value>) -> String {
    match v {
        None => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".into(),
        Some(Value::String(s)) => format!("\"{}\"", clip(s, 60)),
        Some(other) => clip(&other.to_string(), 90),
    }
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
        other => format!("{other}: {} → {}", compact(&e.old), compact(&e.new)),
    };
    format!("  {}  {:<10} {what}", e.at, e.actor)
}

/// The human-readable case.
fn render_case(c: &Case, history: &[HistoryEntry]) -> String {
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
        let _ = writeln!(s, "Mileage    {} {}", m.value, unit_str(m.unit));
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
    let _ = writeln!(s, "\nCodes");
    if c.dtcs.is_empty() {
        let _ = writeln!(s, "  none");
    }
    let catalog = shopbench_core::DtcCatalog::generic();
    for d in &c.dtcs {
        let _ = writeln!(
            s,
            "  {}  {:<9}  {:<6} {}",
            d.code,
            status_str(d.status),
            d.ecu.as_deref().unwrap_or(""),
            catalog.describe(d.code).summary()
        );
    }
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
    if let Some(r) = &c.readiness {
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
    }
    for snap in &c.snapshots {
        let _ = writeln!(
            s,
            "\nReadings {} ({}{})",
            snap.taken_at.as_deref().unwrap_or(""),
            snap.source_label(),
            if snap.label.is_empty() {
                String::new()
            } else {
                format!(", {}", snap.label)
            }
        );
        for r in &snap.readings {
            let _ = writeln!(s, "  {:<28} {}", r.name, reading_text(r));
        }
    }
    if !c.test_results.is_empty() {
        let _ = writeln!(s, "\nTest results");
        for t in &c.test_results {
            let _ = writeln!(
                s,
                "  {:<24} {}  {}{}",
                t.step_id,
                outcome_str(t.outcome),
                t.note
                    .as_deref()
                    .map(|n| format!("\"{n}\"  "))
                    .unwrap_or_default(),
                format_args!("({}, {})", t.recorded_by, t.recorded_at)
            );
        }
    }
    if !c.runs.is_empty() {
        let _ = writeln!(s, "\nDiagnosis runs");
        for r in &c.runs {
            let top = &r.result["causes"][0];
            let _ = writeln!(
                s,
                "  #{} {}  top: {} ({:.0} %)  confidence {:.0} %  {:.2} ms  {}",
                r.id,
                r.created_at,
                top["name"].as_str().unwrap_or("none"),
                top["probability"].as_f64().unwrap_or(0.0) * 100.0,
                r.confidence.unwrap_or(0.0) * 100.0,
                r.duration_ms,
                r.engine_version
            );
        }
    }
    let _ = writeln!(s, "\nHistory");
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

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) -> Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vehicle_words_split_into_make_model_year_engine() {
        let v = parse_vehicle("Toyota Camry 2014 2.5L").unwrap();
        assert_eq!(v.make.as_deref(), Some("Toyota"));
        assert_eq!(v.model.as_deref(), Some("Camry"));
        assert_eq!(v.year, Some(2014));
        assert_eq!(v.engine.as_deref(), Some("2.5L"));
        let v = parse_vehicle("2011 Ford F-150 5.0L V8").unwrap();
        assert_eq!(
            (v.make.as_deref(), v.model.as_deref()),
            (Some("Ford"), Some("F-150"))
        );
        assert_eq!(v.engine.as_deref(), Some("5.0L V8"));
        let v = parse_vehicle("Land Rover Discovery Sport 2017").unwrap();
        assert_eq!(v.make.as_deref(), Some("Land Rover"));
        assert_eq!(v.model.as_deref(), Some("Discovery Sport"));
        assert!(parse_vehicle("  ").is_err());
    }

    #[test]
    fn mileage_and_readings_parse_with_units() {
        let m = parse_mileage("120,000", None).unwrap();
        assert_eq!((m.value, m.unit), (120_000.0, DistanceUnit::Mi));
        let m = parse_mileage("193000 km", None).unwrap();
        assert_eq!((m.value, m.unit), (193_000.0, DistanceUnit::Km));
        assert_eq!(
            parse_mileage("5", Some(DistanceUnit::Km)).unwrap().unit,
            DistanceUnit::Km
        );
        assert!(parse_mileage("lots", None).is_err());
        assert!(parse_mileage("10km", Some(DistanceUnit::Mi)).is_err());
        let r = parse_reading("ltft_b1=18.5%").unwrap();
        assert_eq!(
            (r.name.as_str(), r.value, r.unit.as_str()),
            ("ltft_b1", Some(18.5), "%")
        );
        assert_eq!(parse_reading("stft_b1=-4").unwrap().value, Some(-4.0));
        assert!(parse_reading("ltft_b1").is_err());
        assert!(parse_reading("ltft_b1=high").is_err());
    }
}
