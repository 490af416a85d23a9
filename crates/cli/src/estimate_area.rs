//! `shopbench estimate area ID …`: mark and remove damage areas, confirm or drop a
//! detector's proposals, run the shop's detector on the estimate's photos; and the text that
//! shows proposals (shared with `estimate new --detect`).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::json;
use shopbench_app::detection::{self, Fate};
use shopbench_app::estimates::{self as workflow, ProposalChoice};
use shopbench_estimate::{EstimateData, ProposedArea, Rect};
use shopbench_store::{EstimateId, EstimateProposal, Store, StoredEstimate};

use crate::estimate::{
    area_id, area_number, full_json, load, parse_area, parse_hail, parse_id, render,
};
use crate::output::{emit, emit_json};
use crate::shop::{estimate_data, paths, DbArgs};

/// Arguments of `shopbench estimate area`.
#[derive(clap::Args)]
pub(crate) struct AreaArgs {
    /// Estimate number.
    id: String,
    /// Mark an area: "PHOTO:PANEL:TYPE:SEVERITY[:x,y,w,h]" (PHOTO may be empty for an area
    /// without photo).
    #[arg(long = "add", value_name = "SPEC")]
    add: Vec<String>,
    /// Remove a damage area (its number as `estimate show` and the PDF list it).
    #[arg(long = "remove", value_name = "AREA")]
    remove: Vec<usize>,
    /// Hail on a panel, "PANEL=COUNTxSIZE" (e.g. hood=35xquarter; sizes dime, nickel,
    /// quarter, half_dollar): priced by the paintless dent repair matrix.
    #[arg(long = "hail", value_name = "PANEL=COUNTxSIZE")]
    hail: Vec<String>,
    /// Confirm a detector's proposal (its id as `estimate show` lists it): priced from then on.
    #[arg(long = "confirm", value_name = "PROPOSAL_ID")]
    confirm: Vec<i64>,
    /// With one --confirm: the panel (required when the proposal names none).
    #[arg(long, requires = "confirm")]
    panel: Option<String>,
    /// With one --confirm: the damage type (required for a class with none, e.g. a flat tyre).
    #[arg(long = "type", value_name = "TYPE", requires = "confirm")]
    damage_type: Option<String>,
    /// With one --confirm: the severity (minor, moderate, severe).
    #[arg(long, requires = "confirm")]
    severity: Option<String>,
    /// With one --confirm: move its box to "x,y,w,h" on the proposal's photo (pixels, or
    /// fractions when every number is at most 1) — where the damage really is.
    #[arg(long = "box", value_name = "x,y,w,h", requires = "confirm")]
    moved: Option<String>,
    /// Drop a detector's proposal (the history keeps it).
    #[arg(long = "drop", value_name = "PROPOSAL_ID")]
    drop: Vec<i64>,
    /// Run the shop's damage model on the estimate's photos; its proposals replace the
    /// open ones it made before (damage already marked is not proposed again).
    #[arg(long)]
    detect: bool,
    /// The model [default: $SHOPBENCH_DETECTOR_MODEL, else CONFIG/detector/model.onnx].
    #[arg(long, value_name = "FILE", requires = "detect")]
    model: Option<PathBuf>,
    /// The model's manifest [default: $SHOPBENCH_DETECTOR_MANIFEST, else manifest.json beside the model].
    #[arg(long, value_name = "FILE", requires = "detect")]
    manifest: Option<PathBuf>,
    /// Which side of the car a photo shows, "PHOTO=front|rear|left|right" (repeatable; kept
    /// with the photo): lets the detector name the panel under a box.
    #[arg(long = "view", value_name = "PHOTO=SIDE", requires = "detect")]
    views: Vec<String>,
    /// Save the proposals that name a panel and a priced damage type as damage areas.
    #[arg(long = "accept-proposals", requires = "detect")]
    accept_proposals: bool,
    /// Print JSON for machines.
    #[arg(long)]
    json: bool,
}

impl AreaArgs {
    fn nothing_asked(&self) -> bool {
        self.add.is_empty()
            && self.hail.is_empty()
            && self.remove.is_empty()
            && self.confirm.is_empty()
            && self.drop.is_empty()
            && !self.detect
    }

    /// The estimator's changes for a confirmation (only with exactly one --confirm).
    fn choice(&self) -> Result<ProposalChoice> {
        let changes = self.panel.is_some()
            || self.damage_type.is_some()
            || self.severity.is_some()
            || self.moved.is_some();
        if changes && self.confirm.len() != 1 {
            bail!("--panel, --type, --severity and --box go with exactly one --confirm");
        }
        Ok(ProposalChoice {
            panel: self.panel.as_ref().map(|p| p.trim().to_string()),
            damage_type: self.damage_type.as_deref().map(str::parse).transpose()?,
            severity: self.severity.as_deref().map(str::parse).transpose()?,
            region: None,
        })
    }
}

/// `--box` for proposal `n`: read against the size of the photo it is on.
fn moved_box(
    e: &shopbench_store::StoredEstimate,
    n: i64,
    text: &str,
) -> Result<shopbench_estimate::Rect> {
    let photo = e
        .proposals
        .iter()
        .find(|p| p.id == n)
        .map(|p| p.photo.as_str())
        .with_context(|| format!("estimate {} has no open proposal {n}", e.id.reference()))?;
    let size = e
        .photos
        .iter()
        .find(|p| p.file_name == photo)
        .map(|p| (p.width, p.height))
        .with_context(|| format!("proposal {n}'s photo {photo} is not on the estimate"))?;
    crate::estimate::parse_box(text, size).with_context(|| format!("--box \"{text}\""))
}

/// Runs `shopbench estimate area`: marks, confirmations, drops and removals in that order,
/// then `--detect` (so the ids and numbers given are the ones `estimate show` printed).
pub(crate) fn run(db: &DbArgs, a: AreaArgs) -> Result<()> {
    let id = parse_id(&a.id)?;
    if a.nothing_asked() {
        bail!(
            "give --add \"PHOTO:PANEL:TYPE:SEVERITY[:x,y,w,h]\", --hail PANEL=COUNTxSIZE, --remove AREA, --confirm PROPOSAL_ID, --drop PROPOSAL_ID or --detect"
        );
    }
    let choice = a.choice()?;
    let mut store = db.open()?;
    let data = estimate_data()?;
    // The numbers as listed before this command changes the list.
    let listed = store.estimate(id)?;
    let removed = (a.remove.iter())
        .map(|&n| Ok((n, area_id(&listed, n)?)))
        .collect::<Result<Vec<_>>>()?;
    add_areas(&mut store, data, id, &a)?;
    settle_proposals(&mut store, data, id, &a, &choice)?;
    for (n, aid) in removed {
        workflow::remove_area(&mut store, data, id, aid)?;
        eprintln!("removed damage area {n} from estimate {}", id.reference());
    }
    let looked = match a.detect {
        true => Some(detect(&mut store, data, id, &a)?),
        false => None,
    };
    let (stored, est) = load(&store, &id.to_string())?;
    if a.json {
        let mut v = full_json(&stored, &est)?;
        if let Some(l) = &looked {
            v["detected"] = proposals_json(&stored, &l.proposals);
        }
        return emit_json(&v);
    }
    let mut text = render(&stored, &est)?;
    if let Some(l) = &looked {
        text.push_str(&render_look(&stored, &l.detector, l.photos, &l.proposals));
    }
    emit(&text)
}

/// `--hail` and `--add`: the areas marked, all read and priced before any
/// is saved — one bad area saves none.
fn add_areas(store: &mut Store, data: &EstimateData, id: EstimateId, a: &AreaArgs) -> Result<()> {
    let stored = store.estimate(id)?;
    let mut areas = Vec::new();
    for h in &a.hail {
        areas.push(("hail area", parse_hail(h)?));
    }
    for spec in &a.add {
        areas.push(("damage area", parse_area(spec, &stored)?));
    }
    let (whats, new): (Vec<_>, Vec<_>) = areas.into_iter().unzip();
    let ids = workflow::add_areas(store, data, id, &new)?;
    let after = store.estimate(id)?;
    for (what, aid) in whats.into_iter().zip(ids) {
        let n = area_number(&after, aid).unwrap_or_default();
        eprintln!("added {what} {n} to estimate {}", id.reference());
    }
    Ok(())
}

/// `--confirm` (with the panel, type, severity and `--box` chosen) and
/// `--drop`: the detector's proposals priced or let go.
fn settle_proposals(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    a: &AreaArgs,
    choice: &ProposalChoice,
) -> Result<()> {
    for &n in &a.confirm {
        let choice = match &a.moved {
            Some(b) => ProposalChoice {
                region: Some(moved_box(&store.estimate(id)?, n, b)?),
                ..choice.clone()
            },
            None => choice.clone(),
        };
        workflow::confirm_proposal(store, data, id, n, &choice)?;
        eprintln!(
            "confirmed proposal {n} of estimate {}: priced from now on",
            id.reference()
        );
    }
    for &n in &a.drop {
        workflow::drop_proposal(store, id, n)?;
        eprintln!("dropped proposal {n} of estimate {}", id.reference());
    }
    Ok(())
}

/// `--detect`: the shop's detector run on the estimate's photos.
fn detect(
    store: &mut Store,
    data: &EstimateData,
    id: EstimateId,
    a: &AreaArgs,
) -> Result<detection::Looked> {
    let detector =
        detection::load_detector(&paths()?.detector, a.model.clone(), a.manifest.clone())?;
    eprintln!(
        "looking for damage on the photos of estimate {} with {} …",
        id.reference(),
        detector.name()
    );
    let views = &a.views;
    Ok(detection::detect_on_estimate(
        store,
        data,
        &detector,
        id,
        views,
        a.accept_proposals,
    )?)
}

/// The command that confirms proposal `n` (with `--panel PANEL` / `--type TYPE` when the
/// detector could not tell them).
fn confirm_command(id: EstimateId, n: i64, p: &ProposedArea) -> String {
    let mut c = format!("shopbench estimate area {id} --confirm {n}");
    if p.panel.is_none() {
        c.push_str(" --panel PANEL");
    }
    if p.damage_type.is_none() {
        c.push_str(" --type TYPE");
    }
    c
}

/// Every proposal of a look with its source, confidence and what became of it: a damage
/// area by the number `estimate show` gives it (and `--remove` takes), a proposal by its id
/// (as `show` lists it and `--confirm`/`--drop` take it). `s` is the estimate after the look.
pub(crate) fn proposals_json(
    s: &StoredEstimate,
    found: &[(ProposedArea, Fate)],
) -> serde_json::Value {
    let number = |aid| area_number(s, aid);
    json!(found
        .iter()
        .map(|(p, fate)| {
            let mut o = json!(p);
            match fate {
                Fate::Proposal(n) => {
                    o["saved_as"] = json!({ "proposal": n });
                    o["confirm"] = json!(confirm_command(s.id, *n, p));
                }
                Fate::Area(aid) => o["saved_as"] = json!({ "area": number(*aid) }),
                Fate::AlreadyMarked(aid) => {
                    o["saved_as"] = json!({ "already_marked_by_area": number(*aid) })
                }
            }
            o
        })
        .collect::<Vec<_>>())
}

fn at(r: Rect) -> String {
    format!("{:.2},{:.2} {:.2}×{:.2}", r.x(), r.y(), r.w(), r.h())
}

/// What a proposal would be priced as: "moderate dent on hood", with `panel?` when the
/// detector could not tell.
fn priced_as(p: &ProposedArea) -> String {
    match p.damage_type {
        Some(t) => format!(
            "{} {t} on {}",
            p.severity,
            p.panel.as_deref().unwrap_or("panel?")
        ),
        None => "not priced — the manifest gives its class no damage type".into(),
    }
}

/// The detector's look for a person at a terminal: each proposal with its confidence, what
/// it would be priced as and what became of it, with the command that confirms it.
pub(crate) fn render_look(
    s: &StoredEstimate,
    model: &str,
    photos: usize,
    found: &[(ProposedArea, Fate)],
) -> String {
    let (id, mut o) = (s.id, String::new());
    let number = |aid| area_number(s, aid).unwrap_or_default();
    if found.is_empty() {
        let _ = writeln!(
            o,
            "\nDetector proposals — {model}\n  none: the model found no damage above its score threshold on {photos} photo(s)"
        );
        return o;
    }
    let _ = writeln!(
        o,
        "\nDetector proposals — {model}; a proposal is not priced until confirmed"
    );
    for (i, (p, fate)) in found.iter().enumerate() {
        let photo = p.photo_id.as_deref().unwrap_or("");
        let _ = writeln!(
            o,
            "  {:>2}. {photo} {} {:.2} at {} → {}",
            i + 1,
            p.label,
            p.confidence,
            at(p.region),
            priced_as(p)
        );
        let _ = match fate {
            Fate::Area(aid) => writeln!(o, "      saved as damage area {}", number(*aid)),
            Fate::AlreadyMarked(aid) => writeln!(
                o,
                "      already marked as damage area {}: not proposed again",
                number(*aid)
            ),
            Fate::Proposal(n) => writeln!(
                o,
                "      proposal {n} — confirm: {}",
                confirm_command(id, *n, p)
            ),
        };
        if matches!(fate, Fate::Proposal(_)) && p.panel.is_none() {
            if let Some(t) = p.damage_type {
                let _ = writeln!(
                    o,
                    "      PANEL is one of {}",
                    detection::panel_choices(t).join(", ")
                );
            }
        }
    }
    let unplaced = found.iter().any(|(p, f)| {
        matches!(f, Fate::Proposal(_)) && p.panel.is_none() && p.damage_type.is_some()
    });
    if unplaced {
        let _ = writeln!(
            o,
            "  (a panel is proposed only on a photo whose side is given, --view PHOTO=front|rear|left|right, and where the box falls on a panel's zone)"
        );
    }
    o
}

/// The estimate's open proposals, for `estimate show`.
pub(crate) fn render_open(id: EstimateId, proposals: &[EstimateProposal]) -> String {
    let mut o = String::new();
    if proposals.is_empty() {
        return o;
    }
    let _ = writeln!(
        o,
        "\nProposals (not priced) — confirm: shopbench estimate area {id} --confirm ID [--panel P --type T --severity S]; drop: --drop ID"
    );
    for p in proposals {
        let _ = writeln!(
            o,
            "  [{}] {} {} {:.2} at {} → {} (detector {})",
            p.id,
            p.photo,
            p.label,
            p.confidence,
            at(p.region),
            priced_as(&p.proposed_area()),
            p.detector
        );
    }
    o
}
