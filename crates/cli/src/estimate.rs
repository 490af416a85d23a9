//! `shopbench estimate new|list|show|add-photo|remove-photo|area|edit|pdf|export|history`: thin adapters
//! over `shopbench-photos` (intake), `shopbench-store` (saving) and `shopbench-estimate`
//! (pricing). The priced lines are never stored: every command prices the stored inputs with
//! the current engine, so what is shown, exported and printed always agree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use shopbench_app::detection;
use shopbench_app::estimates as workflow;
use shopbench_app::parse_make_model_year;
use shopbench_estimate::{
    AreaSource, Cents, DamageType, DentCount, Estimate, Finish, Hours, InsuranceEstimate,
    LineChange, LineEdit, LineOverride, LineStatus, Operation, PartType, Payer, ProposedArea, Rect,
    Severity, Vehicle, VehicleClass,
};
use shopbench_report::PaperSize;
use shopbench_store::{EstimateId, NewArea, NewEstimate, Store, StoredEstimate};

use crate::output::{clip, emit, emit_json, PdfArgs};
use crate::shop::{estimate_data, paths, DbArgs};

/// Arguments of `shopbench estimate`.
#[derive(clap::Args)]
pub struct EstimateArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: EstimateCommand,
}

#[derive(clap::Subcommand)]
enum EstimateCommand {
    /// Start an estimate from photos and marked damage areas; prints its number and the priced estimate.
    New(NewArgs),
    /// List estimates, newest first.
    List {
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Show the priced estimate: photos, damage areas, line items with reasons, ADAS, totals.
    Show {
        /// Estimate number (7 or EST-0007).
        id: String,
        /// The insurance-format view (line, operation, part type, subtotal; totals).
        #[arg(long)]
        insurance: bool,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Attach photos (JPEG, PNG, WebP; ≤ 10 MB each; ≤ 5 per estimate): all of them, or none
    /// when one is refused.
    AddPhoto {
        /// Estimate number.
        id: String,
        /// Photo files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Take a photo off (one added by mistake): N as `estimate show` numbers it. Its bytes
    /// are deleted from the database and the detector's open proposals on it dropped; a
    /// photo with damage areas marked on it is refused, naming them (remove them first).
    RemovePhoto {
        /// Estimate number.
        id: String,
        /// The photo's number in `estimate show`.
        n: usize,
    },
    /// Mark a damage area (`--add`) or remove one (`--remove AREA`, its number in `estimate
    /// show`); confirm or drop a detector's proposal (`--confirm N [--panel P --type T
    /// --severity S]`, `--drop N`); run the shop's damage model on the photos (`--detect`).
    Area(crate::estimate_area::AreaArgs),
    /// Override a line (totals follow): new hours, costs, rates, part type, or remove/confirm
    /// it; `--reset` undoes every change to it. A line takes only the fields its kind has
    /// (e.g. a blend: paint hours and rate; the sales tax: its amount, --part-cost).
    Edit(EditArgs),
    /// Write the estimate as a PDF: photos with the marked areas, line items, ADAS, totals, signatures.
    Pdf {
        /// Estimate number.
        id: String,
        /// Output file.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Paper size: a4 or letter [default: the desktop's Settings, else letter].
        #[arg(long)]
        paper: Option<PaperSize>,
        /// Shop settings for the header: JSON with name, address (lines), phone, email, website,
        /// registration [default: the shop entered in the desktop's Settings].
        #[arg(long, env = "SHOPBENCH_SHOP", value_name = "FILE")]
        shop: Option<PathBuf>,
    },
    /// Export the estimate as JSON (everything) or CSV: one row per line item (its last column,
    /// payer, says insurer or customer), then the TOTAL (insurer), CUSTOMER_PAY and
    /// GRAND_TOTAL (their sum) rows.
    Export {
        /// Estimate number.
        id: String,
        /// json or csv.
        #[arg(long, value_parser = ["json", "csv"])]
        format: String,
        /// Output file (`-` for stdout).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Save an all-module scan (`shopbench scan --modules --json` output) to the estimate as
    /// its pre- or post-repair scan: the scan line is billed, and both scans and their
    /// comparison are shown and printed on the PDF.
    Scan(crate::estimate_scan::ScanArgs),
    /// The append-only history of an estimate.
    History {
        /// Estimate number.
        id: String,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub(crate) struct NewArgs {
    /// Make model year, e.g. "Toyota Camry 2022".
    #[arg(long)]
    pub(crate) vehicle: String,
    /// Two-letter state code of the shop (labor rates).
    #[arg(long)]
    pub(crate) state: String,
    /// The shop is in a metro area (applies the state's metro premium).
    #[arg(long)]
    pub(crate) metro: bool,
    /// VIN (17 characters): decoded offline (vPIC) for the class when --class is not given.
    #[arg(long)]
    pub(crate) vin: Option<String>,
    /// Vehicle class, for a vehicle not in the data (or to price one as another class):
    /// compact, midsize, full_size, suv, pickup, luxury.
    #[arg(long = "class", value_name = "CLASS")]
    pub(crate) class: Option<String>,
    /// The colour's paint system: two_stage (default) or three_stage (tri-coat).
    #[arg(long = "finish", value_name = "FINISH")]
    pub(crate) finish: Option<String>,
    /// Hail on a panel, "PANEL=COUNTxSIZE" (e.g. hood=35xquarter; sizes dime, nickel,
    /// quarter, half_dollar; repeatable): priced by the paintless dent repair matrix.
    #[arg(long = "hail", value_name = "PANEL=COUNTxSIZE")]
    pub(crate) hail: Vec<String>,
    /// Preferred part type for replaced parts: OEM, aftermarket or used.
    #[arg(long = "parts", default_value = "OEM")]
    pub(crate) parts: String,
    /// A photo of the damage (repeatable, at most 5).
    #[arg(long = "photo", value_name = "FILE")]
    pub(crate) photos: Vec<PathBuf>,
    /// A damage area "PHOTO:PANEL:TYPE:SEVERITY[:x,y,w,h]" (repeatable); PHOTO is a --photo's
    /// file name; the box is fractions (0..1) or pixels of the photo as displayed.
    #[arg(long = "area", value_name = "SPEC")]
    pub(crate) areas: Vec<String>,
    /// Print JSON for machines.
    #[arg(long)]
    pub(crate) json: bool,
    /// Run the shop's own damage detection model (ONNX; none ships with shopbench) on the
    /// photos; its proposals are saved as proposals (shown, never priced) to confirm or drop
    /// with `estimate area ID --confirm N` / `--drop N`.
    #[arg(long)]
    pub(crate) detect: bool,
    /// The model [default: $SHOPBENCH_DETECTOR_MODEL, else CONFIG/detector/model.onnx].
    #[arg(long, value_name = "FILE", requires = "detect")]
    pub(crate) model: Option<PathBuf>,
    /// The model's manifest [default: $SHOPBENCH_DETECTOR_MANIFEST, else manifest.json beside the model].
    #[arg(long, value_name = "FILE", requires = "detect")]
    pub(crate) manifest: Option<PathBuf>,
    /// Which side of the car a photo shows, "PHOTO=front|rear|left|right" (repeatable; kept
    /// with the photo): lets the detector name the panel under a box.
    #[arg(long = "view", value_name = "PHOTO=SIDE", requires = "detect")]
    pub(crate) views: Vec<String>,
    /// Save the proposals that name a panel and a priced damage type as damage areas (the
    /// others stay proposals, each printed with the `estimate area` command that confirms it).
    #[arg(long = "accept-proposals", requires = "detect")]
    pub(crate) accept_proposals: bool,
}

#[derive(clap::Args)]
struct EditArgs {
    /// Estimate number.
    id: String,
    /// The line's id as `estimate show` lists it, e.g. front_bumper:REPLACE.
    #[arg(long)]
    line: String,
    /// New labor hours.
    #[arg(long, allow_negative_numbers = true)]
    hours: Option<f64>,
    /// New paint hours.
    #[arg(long = "paint-hours", allow_negative_numbers = true)]
    paint_hours: Option<f64>,
    /// New part (or sublet) cost in dollars, e.g. 412.50.
    #[arg(long = "part-cost", allow_hyphen_values = true)]
    part_cost: Option<String>,
    /// New part type: OEM, aftermarket, used.
    #[arg(long = "part-type")]
    part_type: Option<String>,
    /// New labor rate in dollars per hour.
    #[arg(long = "labor-rate", allow_hyphen_values = true)]
    labor_rate: Option<String>,
    /// New paint rate in dollars per hour (refinish and blend lines).
    #[arg(long = "paint-rate", allow_hyphen_values = true)]
    paint_rate: Option<String>,
    /// New description.
    #[arg(long)]
    description: Option<String>,
    /// Drop the line.
    #[arg(long, conflicts_with_all = ["hours", "paint_hours", "part_cost", "part_type", "labor_rate", "paint_rate", "description", "confirm", "reset"])]
    remove: bool,
    /// Confirm a line awaiting confirmation (e.g. an ADAS calibration).
    #[arg(long, conflicts_with_all = ["hours", "paint_hours", "part_cost", "part_type", "labor_rate", "paint_rate", "description", "reset"])]
    confirm: bool,
    /// Undo every change to the line: a removed line comes back, an edited one returns to
    /// the engine's figures (the history keeps what it was).
    #[arg(long, conflicts_with_all = ["hours", "paint_hours", "part_cost", "part_type", "labor_rate", "paint_rate", "description"])]
    reset: bool,
}

/// Runs `shopbench estimate …`: each subcommand has its own function.
pub fn run(args: EstimateArgs) -> Result<()> {
    let db = &args.db;
    match args.command {
        EstimateCommand::New(a) => new(db, a),
        EstimateCommand::List { limit, json } => list(db, limit, json),
        EstimateCommand::Show {
            id,
            insurance,
            json,
        } => show(db, &id, insurance, json),
        EstimateCommand::AddPhoto { id, files } => add_photos(db, &id, &files),
        EstimateCommand::RemovePhoto { id, n } => remove_photo(db, &id, n),
        EstimateCommand::Area(a) => crate::estimate_area::run(db, a),
        EstimateCommand::Edit(a) => edit(db, a),
        EstimateCommand::Pdf {
            id,
            output,
            paper,
            shop,
        } => pdf(db, &id, PdfArgs::to(output, paper, shop)),
        EstimateCommand::Export { id, format, output } => export(db, &id, &format, &output),
        EstimateCommand::Scan(a) => crate::estimate_scan::run(a, db),
        EstimateCommand::History { id, json } => history(db, &id, json),
    }
}

/// `estimate list`: the newest estimates, one row each (or JSON).
fn list(db: &DbArgs, limit: u32, json: bool) -> Result<()> {
    let store = db.open()?;
    let list = store.list_estimates(limit)?;
    if json {
        return emit_json(&list);
    }
    if list.is_empty() {
        return emit(
            "no estimates yet — `shopbench estimate new --vehicle … --state …` starts one\n",
        );
    }
    let mut out = format!(
        "{:<10} {:<28} {:<5} {:>6} {:>5}  {}\n",
        "ESTIMATE", "VEHICLE", "STATE", "PHOTOS", "AREAS", "UPDATED"
    );
    for e in list {
        let _ = writeln!(
            out,
            "{:<10} {:<28} {:<5} {:>6} {:>5}  {}",
            e.id.reference(),
            e.vehicle,
            e.state,
            e.photos,
            e.areas,
            e.updated_at
        );
    }
    emit(&out)
}

/// `estimate show`: the priced estimate, in full or in the insurance format, as text or JSON.
fn show(db: &DbArgs, id: &str, insurance: bool, json: bool) -> Result<()> {
    let store = db.open()?;
    let (stored, est) = load(&store, id)?;
    let text = if insurance {
        let ins = InsuranceEstimate::from_estimate(&est, &stored.id.reference());
        if json {
            format!("{}\n", serde_json::to_string_pretty(&ins)?)
        } else {
            render_insurance(&ins)
        }
    } else if json {
        pretty_full_json(&stored, &est)?
    } else {
        render(&stored, &est)?
    };
    emit(&text)
}

/// The whole estimate as pretty JSON with a final newline (`show --json`, `export --format json`).
fn pretty_full_json(stored: &StoredEstimate, est: &Estimate) -> Result<String> {
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&full_json(stored, est)?)?
    ))
}

/// `estimate add-photo`: every file is read and checked, then all are saved
/// together — a bad file, a duplicate or one too many adds none, and the error
/// says so and how many photos the estimate keeps.
fn add_photos(db: &DbArgs, id: &str, files: &[PathBuf]) -> Result<()> {
    let id = parse_id(id)?;
    let mut store = db.open()?;
    let have = store.estimate(id)?.photos.len();
    let none_added = || {
        format!(
            "no photo was added; estimate {} keeps its {have} photo(s)",
            id.reference()
        )
    };
    let photos = files
        .iter()
        .map(|f| workflow::read_photo(f).with_context(|| format!("{}", f.display())))
        .collect::<Result<Vec<_>>>()
        .with_context(none_added)?;
    workflow::add_photos(&mut store, id, &photos).with_context(none_added)?;
    for p in &photos {
        eprintln!(
            "added {} ({} × {}, {}) to estimate {}",
            p.file_name,
            p.width,
            p.height,
            p.mime,
            id.reference()
        );
    }
    Ok(())
}

/// `estimate pdf`: writes the estimate's PDF, printing its warnings on stderr.
fn pdf(db: &DbArgs, id: &str, to: PdfArgs) -> Result<()> {
    let store = db.open()?;
    let (stored, est) = load(&store, id)?;
    to.write(|shop, paper| {
        let pdf = workflow::estimate_pdf(&stored, &est, shop, paper);
        for w in &pdf.warnings {
            eprintln!("warning: {w}");
        }
        pdf.bytes
    })
}

/// `estimate export`: the estimate as CSV or JSON, to a file or (`-`) stdout.
fn export(db: &DbArgs, id: &str, format: &str, output: &Path) -> Result<()> {
    let store = db.open()?;
    let (stored, est) = load(&store, id)?;
    let text = match format {
        "csv" => to_csv(&stored, &est),
        _ => pretty_full_json(&stored, &est)?,
    };
    if output.as_os_str() == "-" {
        return emit(&text);
    }
    std::fs::write(output, text).with_context(|| {
        format!(
            "cannot write {} — check the directory exists and is writable",
            output.display()
        )
    })?;
    eprintln!("wrote {}", output.display());
    Ok(())
}

/// `estimate history`: the estimate's history, one change a line (or JSON).
fn history(db: &DbArgs, id: &str, json: bool) -> Result<()> {
    let id = parse_id(id)?;
    let store = db.open()?;
    let h = store.estimate_history(id)?;
    if json {
        return emit_json(&h);
    }
    let mut out = String::new();
    for e in &h {
        let _ = writeln!(
            out,
            "{}  {:<10} {:<16} {}",
            e.at,
            e.actor,
            e.action,
            e.new
                .as_ref()
                .or(e.old.as_ref())
                .map(|v| v.to_string())
                .unwrap_or_default()
        );
    }
    emit(&out)
}

pub(crate) fn parse_id(s: &str) -> Result<EstimateId> {
    Ok(s.parse()?)
}

/// Reads the stored estimate and prices it with the shop's figures.
pub(crate) fn load(store: &Store, id: &str) -> Result<(StoredEstimate, Estimate)> {
    let id = parse_id(id)?;
    workflow::priced(store, estimate_data()?, id)
        .with_context(|| format!("pricing estimate {}", id.reference()))
}

/// `estimate remove-photo`: photo `n` off the estimate, through the shop's workflow.
fn remove_photo(db: &DbArgs, id: &str, n: usize) -> Result<()> {
    let id = parse_id(id)?;
    let mut store = db.open()?;
    let removed = workflow::remove_photo(&mut store, id, n)
        .with_context(|| format!("nothing was removed from estimate {}", id.reference()))?;
    eprintln!(
        "removed photo {n} ({}) from estimate {}{}",
        removed.file_name,
        id.reference(),
        match removed.proposals_dropped {
            0 => String::new(),
            k => format!(", with the detector's {k} open proposal(s) on it"),
        }
    );
    Ok(())
}

/// Reads all photo files, then checks them in parallel; the first failure (in order) wins.
pub(crate) fn read_photos(paths: &[PathBuf]) -> Result<Vec<shopbench_store::NewEstimatePhoto>> {
    Ok(workflow::read_photos(paths)?)
}

/// A box "x,y,w,h" on a photo of `size` (as displayed): pixels when any number
/// is above 1, else fractions of the photo.
pub(crate) fn parse_box(text: &str, (pw, ph): (u32, u32)) -> Result<Rect> {
    let nums: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow::anyhow!("the box must be four numbers x,y,w,h (got '{text}')"))?;
    let [x, y, w, h] = nums[..] else {
        bail!("the box must be four numbers x,y,w,h (got '{text}')");
    };
    let (x, y, w, h) = if [x, y, w, h].iter().any(|v| *v > 1.0) {
        let (pw, ph) = (f64::from(pw), f64::from(ph));
        if x + w > pw || y + h > ph {
            bail!(
                "the box {text} (pixels, as a number above 1 makes it) does not fit the {pw}×{ph} photo — \
                 give pixels inside it, or fractions of its width and height (0–1)"
            );
        }
        (x / pw, y / ph, w / pw, h / ph)
    } else {
        (x, y, w, h)
    };
    Ok(Rect::new(x as f32, y as f32, w as f32, h as f32)?)
}

/// "PHOTO:PANEL:TYPE:SEVERITY[:x,y,w,h]" against the photos (name → displayed size).
pub(crate) fn parse_area_with(spec: &str, photos: &[(String, u32, u32)]) -> Result<NewArea> {
    let parts: Vec<&str> = spec.split(':').collect();
    if !(4..=5).contains(&parts.len()) {
        bail!(
            "--area \"{spec}\": expected PHOTO:PANEL:TYPE:SEVERITY[:x,y,w,h], e.g. \
             \"front.jpg:front_bumper:dent:moderate:0.2,0.5,0.4,0.3\""
        );
    }
    let photo = parts[0].trim();
    let size = if photo.is_empty() {
        None
    } else {
        let found = photos.iter().find(|(n, _, _)| n == photo);
        let Some((_, w, h)) = found else {
            let names: Vec<&str> = photos.iter().map(|(n, _, _)| n.as_str()).collect();
            bail!(
                "--area \"{spec}\": no photo named {photo} on this estimate (photos: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            );
        };
        Some((*w, *h))
    };
    let damage_type: DamageType = parts[2].parse()?;
    let severity: Severity = parts[3].parse()?;
    let region = match parts.get(4) {
        None => None,
        Some(b) => {
            let Some(size) = size else {
                bail!("--area \"{spec}\": a box needs the photo it was drawn on");
            };
            Some(parse_box(b, size).with_context(|| format!("--area \"{spec}\""))?)
        }
    };
    Ok(NewArea::by_estimator(
        size.map(|_| photo),
        region,
        parts[1].trim(),
        damage_type,
        severity,
    ))
}

pub(crate) fn parse_area(spec: &str, stored: &StoredEstimate) -> Result<NewArea> {
    let photos: Vec<(String, u32, u32)> = stored
        .photos
        .iter()
        .map(|p| (p.file_name.clone(), p.width, p.height))
        .collect();
    parse_area_with(spec, &photos)
}

/// A new estimate as `estimate new`'s flags describe it: the estimate, its
/// checked photos and its areas (boxes read against the photos' sizes).
/// Shared by the embedded command and `--remote … estimate new` (which never detects here).
pub(crate) fn from_args(
    a: &NewArgs,
) -> Result<(
    NewEstimate,
    Vec<shopbench_store::NewEstimatePhoto>,
    Vec<NewArea>,
)> {
    let (new, photos, areas, _) = from_args_detecting(a, false)?;
    Ok((new, photos, areas))
}

/// A new estimate, its photos and areas, and the detector's proposals.
type WithProposals = (
    NewEstimate,
    Vec<shopbench_store::NewEstimatePhoto>,
    Vec<NewArea>,
    Vec<ProposedArea>,
);

/// [`from_args`], and when `detect` the shop's detector's proposals on the photos (found
/// while intake has each photo decoded).
fn from_args_detecting(a: &NewArgs, detect: bool) -> Result<WithProposals> {
    let (make, model, year) = parse_make_model_year(&a.vehicle)?;
    let vin = a
        .vin
        .as_deref()
        .map(|s| s.parse::<shopbench_core::Vin>())
        .transpose()?;
    let (photos, proposals) = if detect {
        self::detect(a)?
    } else {
        (read_photos(&a.photos)?, Vec::new())
    };
    let sizes: Vec<(String, u32, u32)> = photos
        .iter()
        .map(|p| (p.file_name.clone(), p.width, p.height))
        .collect();
    let mut areas = a
        .areas
        .iter()
        .map(|s| parse_area_with(s, &sizes))
        .collect::<Result<Vec<_>>>()?;
    for h in &a.hail {
        areas.push(parse_hail(h)?);
    }
    let mut vehicle = Vehicle::new(&make, &model, year);
    vehicle.class = a
        .class
        .as_deref()
        .map(str::parse::<VehicleClass>)
        .transpose()?;
    vehicle.finish = a.finish.as_deref().map(str::parse::<Finish>).transpose()?;
    if let Some(vin) = &vin {
        for note in vin_facts(&mut vehicle, vin) {
            eprintln!("{note}");
        }
    }
    let new = NewEstimate {
        vehicle,
        vin,
        state: a.state.trim().to_ascii_uppercase(),
        metro: a.metro,
        part_preference: part_preference(&a.parts)?,
    };
    Ok((new, photos, areas, proposals))
}

/// `--parts`: a part type a replaced part can be bought as (`none` is not one).
fn part_preference(text: &str) -> Result<PartType> {
    match text.parse::<PartType>()? {
        PartType::None => bail!("--parts '{text}': replaced parts are bought as OEM, aftermarket or used — give one of those"),
        p => Ok(p),
    }
}

/// Fills the class (when `--class` was not given) and the equipment from the VIN, decoded
/// with the offline vPIC file; without the file, or when the decode fails, says so and
/// leaves the vehicle as typed. Returns what to tell the estimator.
fn vin_facts(vehicle: &mut Vehicle, vin: &shopbench_core::Vin) -> Vec<String> {
    let db = match crate::shop::vpic(None) {
        Ok(db) if db.exists() => db,
        _ => {
            return vec![format!(
                "VIN {vin} not decoded: no vPIC database (install it with `shopbench data import vpic FILE`, or set SHOPBENCH_VPIC_DB)"
            )]
        }
    };
    match shopbench_app::vin_vehicle::decode_for_estimate(&db, vin) {
        Ok(facts) => shopbench_app::vin_vehicle::apply_vin_facts(vehicle, &facts),
        Err(e) => vec![format!("VIN {vin} not decoded: {e}")],
    }
}

/// "PANEL=COUNTxSIZE" (`hood=35xquarter`): a hail area without photo.
pub(crate) fn parse_hail(spec: &str) -> Result<NewArea> {
    let Some((panel, dents)) = spec.split_once('=') else {
        bail!("--hail \"{spec}\": expected PANEL=COUNTxSIZE, e.g. hood=35xquarter");
    };
    let dents: DentCount = dents
        .parse()
        .with_context(|| format!("--hail \"{spec}\""))?;
    Ok(NewArea {
        dents: Some(dents),
        ..NewArea::by_estimator(
            None,
            None,
            panel.trim(),
            DamageType::Dent,
            Severity::Moderate,
        )
    })
}

fn new(db: &DbArgs, a: NewArgs) -> Result<()> {
    let (new, photos, mut areas, proposals) = from_args_detecting(&a, a.detect)?;
    let sorted = detection::sort_proposals(&proposals, &[], a.accept_proposals);
    areas.extend(sorted.accepted.iter().cloned());
    let mut store = db.open()?;
    let (id, ids) = workflow::create_with_proposals(
        &mut store,
        estimate_data()?,
        &new,
        &photos,
        &areas,
        &sorted.open,
    )?;
    let found: Vec<(ProposedArea, detection::Fate)> =
        proposals.into_iter().zip(sorted.fates(&ids)).collect();
    let (stored, est) = load(&store, &id.to_string())?;
    if a.json {
        let mut v = full_json(&stored, &est)?;
        if a.detect {
            v["detected"] = crate::estimate_area::proposals_json(&stored, &found);
        }
        return emit_json(&v);
    }
    eprintln!("saved estimate {} ({})", id, id.reference());
    for w in &est.warnings {
        eprintln!(
            "warning: {w} — shopbench estimate area {id} --add \"PHOTO:PANEL:TYPE:SEVERITY\""
        );
    }
    crate::output::say!("estimate {id}")?;
    let mut text = render(&stored, &est)?;
    if a.detect {
        let model = found.iter().find_map(|(p, _)| match &p.source {
            AreaSource::Detector(name) => Some(name.clone()),
            AreaSource::Manual => None,
        });
        text.push_str(&crate::estimate_area::render_look(
            &stored,
            model.as_deref().unwrap_or("the shop's model"),
            photos.len(),
            &found,
        ));
    }
    emit(&text)
}

/// Reads the photos and runs the shop's detector on them (`--detect`).
fn detect(a: &NewArgs) -> Result<(Vec<shopbench_store::NewEstimatePhoto>, Vec<ProposedArea>)> {
    if a.photos.is_empty() {
        bail!("--detect looks for damage in the photos: give at least one --photo");
    }
    let detector =
        detection::load_detector(&paths()?.detector, a.model.clone(), a.manifest.clone())?;
    eprintln!(
        "looking for damage on {} photo(s) with {} …",
        a.photos.len(),
        detector.name()
    );
    Ok(detection::read_photos_with_proposals(
        &a.photos, &a.views, &detector,
    )?)
}

/// `412.50`, `$1,200`: dollars and at most two decimals, not negative.
fn dollars(s: &str, what: &str) -> Result<Cents> {
    let c: Cents = s
        .trim()
        .trim_start_matches('$')
        .parse()
        .map_err(|_| anyhow::anyhow!("{what} '{s}': give dollars and cents, e.g. 412.50"))?;
    if c.is_negative() {
        bail!("{what} '{s}': an amount on an estimate cannot be negative");
    }
    Ok(c)
}

fn edit(db: &DbArgs, a: EditArgs) -> Result<()> {
    let id = parse_id(&a.id)?;
    let mut store = db.open()?;
    let line_id = a.line.trim();
    let edited = if a.reset {
        workflow::reset_line(&mut store, estimate_data()?, id, line_id)?
    } else {
        let line = LineOverride {
            line_id: line_id.to_string(),
            change: line_change(&a)?,
        };
        // An unknown line id, or a field the line does not take, is refused before anything is saved.
        workflow::edit_line(&mut store, estimate_data()?, id, line)?
    };
    let (before, after) = (&edited.before, &edited.after);
    let change = after.totals.total - before.totals.total;
    eprintln!(
        "estimate {}: line {} {}; total {} → {} ({}{})",
        id.reference(),
        line_id,
        if a.reset { "reset" } else { "changed" },
        before.totals.total.usd_grouped(),
        after.totals.total.usd_grouped(),
        if change.is_negative() { "" } else { "+" },
        change.usd_grouped()
    );
    let stored = store.estimate(id)?;
    emit(&render(&stored, after)?)
}

/// The engine's change for `estimate edit`'s flags (remove, confirm or an edit).
fn line_change(a: &EditArgs) -> Result<LineChange> {
    Ok(if a.remove {
        LineChange::Remove
    } else if a.confirm {
        LineChange::Confirm
    } else {
        let hours = |h: Option<f64>| h.map(Hours::try_from_hours).transpose();
        let e = LineEdit {
            labor_hours: hours(a.hours)?,
            paint_hours: hours(a.paint_hours)?,
            part_cost: a
                .part_cost
                .as_deref()
                .map(|s| dollars(s, "--part-cost"))
                .transpose()?,
            part_type: a.part_type.as_deref().map(str::parse).transpose()?,
            labor_rate: a
                .labor_rate
                .as_deref()
                .map(|s| dollars(s, "--labor-rate"))
                .transpose()?,
            paint_rate: a
                .paint_rate
                .as_deref()
                .map(|s| dollars(s, "--paint-rate"))
                .transpose()?,
            description: a.description.clone(),
            ..LineEdit::default()
        };
        if e == LineEdit::default() {
            bail!("nothing to change: give --hours, --paint-hours, --part-cost, --part-type, --labor-rate, --paint-rate, --description, --remove, --confirm or --reset");
        }
        LineChange::Edit(e)
    })
}

/// The number a person sees for damage area `area_id` (its stored id): its place in the
/// estimate's list, counted from 1. `estimate show` prints it (`[2]`), the PDF's damage table
/// and photo labels (`#`) and the desktop number the areas the same way, and `estimate area
/// --remove` takes it. The JSON keeps each area's stored `id` and adds this `number`; a line
/// item's `areas` are the same places counted from 0 (indices into the estimate's `damage`).
pub(crate) fn area_number(s: &StoredEstimate, area_id: i64) -> Option<usize> {
    s.areas.iter().position(|a| a.id == area_id).map(|i| i + 1)
}

/// The stored id of the damage area numbered `n` ([`area_number`]).
pub(crate) fn area_id(s: &StoredEstimate, n: usize) -> Result<i64> {
    n.checked_sub(1)
        .and_then(|i| s.areas.get(i))
        .map(|a| a.id)
        .with_context(|| {
            format!(
                "estimate {} has no damage area {n} — `shopbench estimate show {}` numbers its {} area(s) from 1",
                s.id.reference(),
                s.id,
                s.areas.len()
            )
        })
}

/// Everything about the estimate for machines: the stored inputs, the priced estimate and
/// the lines the estimator removed (as computed, out of the total).
pub(crate) fn full_json(s: &StoredEstimate, est: &Estimate) -> Result<Value> {
    Ok(json!({
        "id": s.id,
        "reference": s.id.reference(),
        "vin": s.vin,
        "state": s.state,
        "metro": s.metro,
        "part_preference": s.part_preference,
        "photos": s.photos,
        "areas": s
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut v = json!(a);
                v["number"] = json!(i + 1);
                v
            })
            .collect::<Vec<_>>(),
        "proposals": s.proposals,
        "scans": shopbench_app::repair_scans::repair_scans(s).ok(),
        "overrides": s.overrides,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "estimate": est,
        "removed_lines": workflow::removed_lines(s, estimate_data()?)?,
    }))
}

fn status_word(s: LineStatus) -> &'static str {
    match s {
        LineStatus::Included => "",
        other => other.label(),
    }
}

fn part_label(p: PartType) -> &'static str {
    match p {
        PartType::Oem => "OEM",
        PartType::Aftermarket => "A/M",
        PartType::Used => "used",
        PartType::None => "",
    }
}

/// The estimate for a person at a terminal.
pub(crate) fn render(s: &StoredEstimate, est: &Estimate) -> Result<String> {
    let mut o = String::new();
    let v = &est.vehicle;
    let _ = writeln!(
        o,
        "Estimate {} — {} {} {} ({}, data {})",
        s.id.reference(),
        v.year,
        v.make,
        v.model,
        v.class.as_str().replace('_', " "),
        v.data_quality
    );
    if let Some(vin) = &s.vin {
        let _ = writeln!(o, "VIN {vin}");
    }
    let r = &est.rates;
    let _ = writeln!(
        o,
        "State {}{} · body {}/h · paint {}/h · frame {}/h · mechanical {}/h · parts {}",
        r.state,
        if s.metro { " (metro)" } else { "" },
        r.body.usd_grouped(),
        r.paint.usd_grouped(),
        r.frame.usd_grouped(),
        r.mechanical.usd_grouped(),
        part_label(s.part_preference)
    );
    let _ = writeln!(o, "created {} · updated {}", s.created_at, s.updated_at);
    if !s.photos.is_empty() {
        let _ = writeln!(o, "\nPhotos");
        for (n, p) in (1..).zip(&s.photos) {
            let _ = writeln!(
                o,
                "  [{n}] {:<24} {} × {}  {}  {} bytes  sha256 {}",
                p.file_name,
                p.width,
                p.height,
                p.mime,
                p.bytes,
                &p.sha256[..12]
            );
        }
    }
    if !s.areas.is_empty() {
        let _ = writeln!(o, "\nDamage areas");
        for (n, a) in (1..).zip(&s.areas) {
            let on = match (&a.photo, a.region) {
                (Some(p), Some(r)) => format!(
                    "on {p} at {:.2},{:.2} {:.2}×{:.2}",
                    r.x(),
                    r.y(),
                    r.w(),
                    r.h()
                ),
                (Some(p), None) => format!("on {p}"),
                _ => "no photo".into(),
            };
            let by = match (&a.source, a.confidence) {
                (AreaSource::Detector(name), Some(c)) => format!(" — detector {name} {c:.2}"),
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "  [{n}] {} {} {} — {on}{by}",
                a.severity, a.damage_type, a.panel
            );
        }
    }
    o.push_str(&crate::estimate_area::render_open(s.id, &s.proposals));
    o.push_str(&crate::estimate_scan::render_scans(s));
    o.push_str(&render_lines(est));
    o.push_str(&render_removed(
        s.id,
        &workflow::removed_lines(s, estimate_data()?)?,
    ));
    o.push_str(&render_adas(est));
    o.push_str(&render_totals(est));
    o.push_str(&render_questions(est));
    Ok(o)
}

/// The line items, each with its id and reason.
fn render_lines(est: &Estimate) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "\nLine items");
    let _ = writeln!(
        o,
        "  {:>2} {:<8} {:<38} {:<4} {:>10} {:>16} {:>16} {:>10}",
        "#", "OP", "DESCRIPTION", "PART", "PART $", "LABOR", "PAINT", "TOTAL"
    );
    for l in &est.line_items {
        let hc = |h: Hours, c: Cents| {
            if h.is_zero() && c.get() == 0 {
                String::new()
            } else {
                format!("{h} {}", c.usd_grouped())
            }
        };
        let mut desc = l.description.clone();
        if l.overridden {
            desc.push_str(" (edited)");
        }
        if l.payer == Payer::Customer {
            desc.push_str(" (customer)");
        }
        let row = format!(
            "  {:>2} {:<8} {:<38} {:<4} {:>10} {:>16} {:>16} {:>10} {}",
            l.line,
            l.operation.to_string(),
            clip(&desc, 38),
            part_label(l.part_type),
            if l.part_cost.get() == 0 && l.operation != Operation::Sublet {
                String::new()
            } else {
                l.part_cost.usd_grouped().to_string()
            },
            hc(l.labor_hours, l.labor_cost),
            hc(l.paint_hours, l.paint_cost),
            l.subtotal.usd_grouped().to_string(),
            status_word(l.status)
        );
        let _ = writeln!(o, "{}", row.trim_end());
        let _ = writeln!(o, "     id {} — {}", l.id, l.reason);
    }
    o
}

/// The lines the estimator removed, each as computed (not in the totals), and how one
/// comes back; nothing when none was removed.
fn render_removed(id: EstimateId, removed: &[workflow::RemovedLine]) -> String {
    let mut o = String::new();
    if removed.is_empty() {
        return o;
    }
    let _ = writeln!(
        o,
        "\nRemoved lines (not in the total; `shopbench estimate edit {id} --line ID --reset` brings one back, and the paint materials and tax computed from it follow)"
    );
    for r in removed {
        let _ = writeln!(
            o,
            "  {:<8} {:<38} {:<24} {:>10}",
            r.operation.to_string(),
            clip(&r.description, 38),
            r.kind,
            r.amount.usd_grouped().to_string()
        );
        let _ = writeln!(o, "     id {}", r.id);
    }
    o
}

/// The ADAS calibrations.
fn render_adas(est: &Estimate) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "\nADAS calibrations");
    if est.adas.calibrations.is_empty() {
        let _ = writeln!(o, "  none triggered");
    }
    for c in &est.adas.calibrations {
        let _ = writeln!(
            o,
            "  {} ({}) {} {}",
            c.system,
            c.kind.label(),
            c.cost.usd_grouped(),
            match c.status {
                LineStatus::Included => "included",
                _ => "to confirm (not in total)",
            }
        );
    }
    o
}

/// The totals, the range and what is outside the total.
fn render_totals(est: &Estimate) -> String {
    let mut o = String::new();
    let t = &est.totals;
    let _ = writeln!(o, "\nTotals");
    for (k, v) in t.breakdown.labelled() {
        let _ = writeln!(o, "  {:<22} {:>12}", k.to_lowercase(), v.usd_grouped());
    }
    let _ = writeln!(o, "  {:<20} {:>12}", "TOTAL", t.total.usd_grouped());
    let _ = writeln!(
        o,
        "  {:<20} {} – {}",
        "likely range",
        t.total_min.usd_grouped(),
        t.total_max.usd_grouped()
    );
    if t.pending_confirmation.get() > 0 {
        let _ = writeln!(
            o,
            "  {:<20} {:>12}",
            "awaiting confirmation",
            t.pending_confirmation.usd_grouped()
        );
    }
    if t.awaiting_price > 0 {
        let _ = writeln!(
            o,
            "  {:<20} {:>12}",
            "awaiting a price",
            format!("{} line(s)", t.awaiting_price)
        );
    }
    if t.customer_pay.get() > 0 {
        let _ = writeln!(
            o,
            "  {:<20} {:>12}  (not in the insurer's total)",
            "customer pay",
            t.customer_pay.usd_grouped()
        );
    }
    o
}

/// Warnings, questions and notes.
fn render_questions(est: &Estimate) -> String {
    let mut o = String::new();
    if !est.questions.is_empty() || !est.notes.is_empty() || !est.warnings.is_empty() {
        let _ = writeln!(o, "\nQuestions and notes");
        for w in &est.warnings {
            let _ = writeln!(o, "  ! {w}");
        }
        for q in &est.questions {
            let _ = writeln!(o, "  ? {q}");
        }
        for n in &est.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    o
}

fn render_insurance(ins: &InsuranceEstimate) -> String {
    let mut o = format!("Insurance estimate {}\n", ins.estimate_id);
    let _ = writeln!(
        o,
        "{:>4} {:<8} {:<5} {:>12}  DESCRIPTION",
        "LINE", "OP", "PART", "SUBTOTAL"
    );
    let v = serde_json::to_value(ins).unwrap_or_default();
    for (l, line) in v["line_items"]
        .as_array()
        .into_iter()
        .flatten()
        .zip(&ins.line_items)
    {
        let status = line
            .status
            .map(|s| format!(" ({}, not in total)", s.label()))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "{:>4} {:<8} {:<5} {:>12}  {}{status}",
            l["line"].as_u64().unwrap_or(0),
            l["operation"].as_str().unwrap_or(""),
            l["part_type"].as_str().unwrap_or(""),
            Cents::new(l["subtotal"].as_i64().unwrap_or(0)).usd_grouped(),
            l["description"].as_str().unwrap_or("")
        );
    }
    let t = &ins.totals;
    let mut rows = vec![
        ("parts", t.parts),
        ("labor", t.labor),
        ("paint", t.paint),
        ("sublet", t.sublet),
    ];
    rows.extend(
        [("other", t.other), ("tax", t.tax)]
            .into_iter()
            .filter(|(_, c)| c.get() != 0),
    );
    rows.push(("gross total", t.gross_total));
    if t.to_confirm.get() != 0 {
        rows.push(("to confirm", t.to_confirm));
    }
    for (k, v) in rows {
        let _ = writeln!(o, "{k:>12} {:>12}", v.usd_grouped());
    }
    o
}

/// RFC 4180 field: quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_money(c: Cents) -> String {
    c.to_string()
}

/// The `payer` column: `insurer` or `customer`.
fn payer_word(p: Payer) -> &'static str {
    match p {
        Payer::Insurer => "insurer",
        Payer::Customer => "customer",
    }
}

/// Sums of the included lines `who` pays: subtotal, low end, high end.
fn included_sums(est: &Estimate, who: Payer) -> (Cents, Cents, Cents) {
    est.line_items
        .iter()
        .filter(|l| l.payer == who && l.status == LineStatus::Included)
        .fold((Cents::ZERO, Cents::ZERO, Cents::ZERO), |(t, lo, hi), l| {
            (t + l.subtotal, lo + l.min, hi + l.max)
        })
}

/// A totals row: `id` in the line_id column, the amount and its range, who pays it.
fn csv_total_row(
    reference: &str,
    id: &str,
    label: &str,
    sums: (Cents, Cents, Cents),
    payer: &str,
) -> String {
    let (t, lo, hi) = (csv_money(sums.0), csv_money(sums.1), csv_money(sums.2));
    format!("{reference},,{id},,,{label} (range {lo} to {hi}),,,,,,,,,{t},{lo},{hi},,,{payer}\n")
}

/// One row per line item (amounts in dollars, hours decimal), then three totals rows:
/// `TOTAL` (the insurer's total, as before the payer column), `CUSTOMER_PAY` (what the
/// customer pays apart from the insurer) and `GRAND_TOTAL` (their sum, what the included
/// lines' subtotals add to). The last column, `payer`, says who pays each row.
fn to_csv(s: &StoredEstimate, est: &Estimate) -> String {
    let mut o = String::from(
        "estimate,line,line_id,operation,panel,description,part_type,part_cost,labor_hours,\
         labor_rate,labor_cost,paint_hours,paint_rate,paint_cost,subtotal,min,max,status,reason,payer\n",
    );
    let reference = s.id.reference();
    for l in &est.line_items {
        let fields = [
            reference.clone(),
            l.line.to_string(),
            l.id.clone(),
            l.operation.to_string(),
            l.panel.clone().unwrap_or_default(),
            l.description.clone(),
            serde_json::to_value(l.part_type)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            csv_money(l.part_cost),
            format!("{:.1}", l.labor_hours.as_hours()),
            csv_money(l.labor_rate),
            csv_money(l.labor_cost),
            format!("{:.1}", l.paint_hours.as_hours()),
            csv_money(l.paint_rate),
            csv_money(l.paint_cost),
            csv_money(l.subtotal),
            csv_money(l.min),
            csv_money(l.max),
            serde_json::to_value(l.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            l.reason.clone(),
            payer_word(l.payer).to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        o.push_str(&row.join(","));
        o.push('\n');
    }
    let t = &est.totals;
    let insurer = (t.total, t.total_min, t.total_max);
    let (_, cp_min, cp_max) = included_sums(est, Payer::Customer);
    let customer = (t.customer_pay, cp_min, cp_max);
    let all = (
        insurer.0 + customer.0,
        insurer.1 + customer.1,
        insurer.2 + customer.2,
    );
    o.push_str(&csv_total_row(
        &reference,
        "TOTAL",
        "Insurer total",
        insurer,
        "insurer",
    ));
    o.push_str(&csv_total_row(
        &reference,
        "CUSTOMER_PAY",
        "Customer pay",
        customer,
        "customer",
    ));
    o.push_str(&csv_total_row(
        &reference,
        "GRAND_TOTAL",
        "Insurer and customer",
        all,
        "",
    ));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_with_fraction_or_pixel_boxes() {
        let photos = vec![("front.jpg".to_string(), 1000, 500)];
        let a = parse_area_with("front.jpg:front_bumper:dent:moderate", &photos).unwrap();
        assert_eq!(a.photo.as_deref(), Some("front.jpg"));
        assert_eq!(a.region, None);
        assert_eq!(
            (a.damage_type, a.severity),
            (DamageType::Dent, Severity::Moderate)
        );
        let a = parse_area_with(
            "front.jpg:front_bumper:dent:moderate:0.1,0.2,0.3,0.4",
            &photos,
        )
        .unwrap();
        assert_eq!(a.region, Some(Rect::new(0.1, 0.2, 0.3, 0.4).unwrap()));
        let a = parse_area_with("front.jpg:hood:scratch:minor:100,50,500,250", &photos).unwrap();
        assert_eq!(a.region, Some(Rect::new(0.1, 0.1, 0.5, 0.5).unwrap()));
        let a = parse_area_with(":hood:scratch:minor", &photos).unwrap();
        assert_eq!(a.photo, None);
        for bad in [
            "front.jpg:hood:dent",
            "rear.jpg:hood:dent:minor",
            "front.jpg:hood:smudge:minor",
            "front.jpg:hood:dent:awful",
            "front.jpg:hood:dent:minor:1,2,3",
            ":hood:dent:minor:0.1,0.1,0.2,0.2",
            "front.jpg:hood:dent:minor:0.9,0.1,0.5,0.2",
        ] {
            assert!(parse_area_with(bad, &photos).is_err(), "{bad}");
        }
        let err = parse_area_with("rear.jpg:hood:dent:minor", &photos).unwrap_err();
        assert!(err.to_string().contains("photos: front.jpg"), "{err}");
    }

    /// A box in pixels beyond the photo (2000,10,50,50 on a 640×480 photo)
    /// was refused as "x+w=3.203125 … x, y, w, h are fractions", though
    /// pixels are taken; and "--hail hood=0xquarter" was told to "write
    /// COUNTxSIZE", which it had.
    #[test]
    fn regression_a_box_in_pixels_and_a_zero_dent_count_got_the_wrong_advice() {
        let photos = vec![("side.png".to_string(), 640, 480)];
        let e = parse_area_with("side.png:hood:dent:minor:2000,10,50,50", &photos).unwrap_err();
        assert!(
            format!("{e:#}").contains("does not fit the 640×480 photo"),
            "{e:#}"
        );
        let e = parse_hail("hood=0xquarter").unwrap_err();
        assert!(
            format!("{e:#}").contains("the count must be at least 1"),
            "{e:#}"
        );
    }

    #[test]
    fn dollars_parse_exactly() {
        assert_eq!(dollars("412.50", "x").unwrap(), Cents::new(41_250));
        assert_eq!(dollars("$1,200", "x").unwrap(), Cents::new(120_000));
        assert_eq!(dollars("7.5", "x").unwrap(), Cents::new(750));
        for bad in ["", "-3", "1.234", "abc", "1.2.3"] {
            assert!(dollars(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
