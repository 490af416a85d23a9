//! Estimate: photos of the damage, areas marked on them, the priced line items, line edits,
//! the insurance view and the PDF — over `shopbench-photos` (intake), `shopbench-store`
//! (the same SQLite file and API as `shopbench estimate`) and `shopbench-estimate` (pricing).
//!
//! As in the CLI, the priced lines are never stored: every view prices the stored inputs,
//! and every change is priced before it is saved, so a change the engine refuses (an
//! unknown panel or line) leaves the estimate as it was.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use shopbench_estimate::{
    estimate as price, Cents, DamageArea, DamageType, Estimate, EstimateData, EstimateRequest,
    Hours, InsuranceEstimate, LineChange, LineEdit, LineOverride, LineStatus, PartType, Rect,
    Severity, Vehicle,
};
use shopbench_photos::{check_count, intake};
use shopbench_store::{EstimateId, NewArea, NewEstimate, NewEstimatePhoto, Store, StoredEstimate};

use crate::error::DesktopError;
use crate::handlers::report::{write_pdf, SavedPdf, Settings};

/// Where estimates are kept: the CLI's database (`$SHOPBENCH_DB`, else
/// `$XDG_DATA_HOME/shopbench/shopbench.db` or `~/.local/share/shopbench/shopbench.db`),
/// so an estimate started in the app shows in `shopbench estimate list` and vice versa.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateDb {
    /// The SQLite file.
    pub path: PathBuf,
}

impl EstimateDb {
    /// The database the CLI uses.
    pub fn from_env() -> EstimateDb {
        let path = std::env::var_os("SHOPBENCH_DB")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                std::env::var_os("XDG_DATA_HOME")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .or_else(|| {
                        std::env::var_os("HOME")
                            .map(|h| PathBuf::from(h).join(".local").join("share"))
                    })
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("shopbench")
                    .join("shopbench.db")
            });
        EstimateDb { path }
    }

    fn open(&self) -> Result<Store, DesktopError> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| DesktopError::io("creating the data folder", dir, e))?;
        }
        let user = std::env::var("USER").unwrap_or_else(|_| "desktop".into());
        Ok(Store::open(&self.path)?.with_actor(&user))
    }
}

/// The lists the Estimate screen's pickers offer, from the shipped estimate data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pickers {
    /// Panel ids (`front_bumper`, `hood`, …).
    pub panels: Vec<String>,
    /// Damage types (`dent`, `scratch`, …).
    pub damage_types: Vec<String>,
    /// Severities, mildest first.
    pub severities: Vec<String>,
    /// Two-letter state codes with labor rates.
    pub states: Vec<String>,
}

/// The figures estimates are priced with: the shipped data with the shop's
/// override file merged over it — the same file `shopbench estimate` reads
/// (`$SHOPBENCH_ESTIMATE_DATA`, else `~/.config/shopbench/estimate-data.json`).
/// Read on every pricing, so an edited file applies without a restart.
fn shop_data() -> Result<EstimateData, DesktopError> {
    Ok(shopbench_store::shop_estimate_data()?)
}

/// The pickers' lists.
pub fn pickers() -> Pickers {
    let data = EstimateData::shipped();
    Pickers {
        panels: data.panel_ids(),
        damage_types: DamageType::ALL
            .iter()
            .map(|d| d.as_str().to_string())
            .collect(),
        severities: Severity::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        states: data.state_codes(),
    }
}

/// The form that starts an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEstimateForm {
    /// "Make Model Year", e.g. "Toyota Camry 2022" (the model may be several words).
    pub vehicle: String,
    /// Two-letter state code of the shop (labor rates).
    pub state: String,
    /// The shop is in a metro area.
    pub metro: bool,
}

/// A damage area as the screen adds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaForm {
    /// The photo's file name, or empty for an area without photo.
    pub photo: String,
    /// Panel id.
    pub panel: String,
    /// Damage type.
    pub damage_type: String,
    /// Severity.
    pub severity: String,
    /// The box drawn on the photo, `[x, y, w, h]` as fractions (0..1) of the displayed photo.
    pub region: Option<[f32; 4]>,
}

/// A change to one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineForm {
    /// The line's id, e.g. `front_bumper:REPLACE`.
    pub line_id: String,
    /// New labor hours.
    pub hours: Option<f64>,
    /// New part (or sublet) cost in dollars.
    pub part_cost: Option<f64>,
    /// Drop the line.
    pub remove: bool,
    /// Confirm a line awaiting confirmation (an ADAS calibration).
    pub confirm: bool,
}

/// A photo of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoView {
    /// File name (areas name their photo by it).
    pub file_name: String,
    /// Width as displayed.
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// The thumbnail as a `data:image/jpeg;base64,…` URL for an `<img>`.
    pub thumbnail: String,
}

/// A marked damage area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaView {
    /// Its id (to remove it).
    pub id: i64,
    /// The photo's file name, if on one.
    pub photo: Option<String>,
    /// Panel id.
    pub panel: String,
    /// Damage type.
    pub damage_type: String,
    /// Severity.
    pub severity: String,
    /// `[x, y, w, h]` fractions of the photo.
    pub region: Option<[f32; 4]>,
}

/// One priced line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    /// Stable id for edits.
    pub id: String,
    /// 1-based number.
    pub line: u32,
    /// `REPLACE`, `REPAIR`, `BLEND`, …
    pub operation: String,
    /// Description.
    pub description: String,
    /// `OEM`, `A/M`, `used` or empty.
    pub part_type: String,
    /// Part cost in dollars (editable).
    pub part_cost: f64,
    /// Labor hours (editable).
    pub labor_hours: f64,
    /// Paint hours.
    pub paint_hours: f64,
    /// Subtotal, formatted.
    pub subtotal: String,
    /// Awaiting the estimator's confirmation (not in the total).
    pub to_confirm: bool,
    /// The estimator changed it.
    pub edited: bool,
    /// Why the line is there.
    pub reason: String,
}

/// One insurance line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsuranceLineView {
    /// Line number (included lines, from 1).
    pub line: u32,
    /// Operation code.
    pub operation: String,
    /// Part type, empty on sublet lines.
    pub part_type: String,
    /// Description.
    pub description: String,
    /// Subtotal, formatted.
    pub subtotal: String,
}

/// The insurance-format view: included lines and the parts/labor/paint/sublet totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsuranceView {
    /// Lines.
    pub lines: Vec<InsuranceLineView>,
    /// `(label, amount)` rows, gross total last.
    pub totals: Vec<(String, String)>,
}

/// The whole estimate as the screen shows it, priced now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateView {
    /// Its number.
    pub id: i64,
    /// `EST-0007`.
    pub reference: String,
    /// "2022 Toyota Camry (sedan)".
    pub vehicle: String,
    /// State code and "(metro)".
    pub state: String,
    /// Photos.
    pub photos: Vec<PhotoView>,
    /// Marked areas.
    pub areas: Vec<AreaView>,
    /// Priced lines.
    pub lines: Vec<LineView>,
    /// Total, formatted.
    pub total: String,
    /// "low – high".
    pub range: String,
    /// Amount awaiting confirmation (not in the total), formatted; empty when none.
    pub pending: String,
    /// Questions to the estimator (ADAS and others) and notes.
    pub questions: Vec<String>,
    /// The insurance view.
    pub insurance: InsuranceView,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> DesktopError {
    DesktopError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// "Toyota Camry 2022" (or "2022 Toyota Camry") → the engine's vehicle.
fn parse_vehicle(s: &str) -> Result<Vehicle, DesktopError> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let is_year = |w: &str| w.len() == 4 && w.parse::<u16>().is_ok();
    let year = words
        .iter()
        .find(|w| is_year(w))
        .and_then(|w| w.parse::<u16>().ok());
    let rest: Vec<&str> = words.iter().copied().filter(|w| !is_year(w)).collect();
    match (year, rest.split_first()) {
        (Some(year), Some((make, model))) if !model.is_empty() => {
            Ok(Vehicle::new(make, &model.join(" "), year))
        }
        _ => Err(invalid(
            "Vehicle",
            format!("'{s}' — give make, model and year, e.g. Toyota Camry 2022"),
        )),
    }
}

fn id_of(id: i64) -> EstimateId {
    EstimateId(id)
}

fn money(c: Cents) -> String {
    c.to_string()
}

fn dollars(c: Cents) -> f64 {
    c.get() as f64 / 100.0
}

fn part_label(p: PartType) -> &'static str {
    match p {
        PartType::Oem => "OEM",
        PartType::Aftermarket => "A/M",
        PartType::Used => "used",
        PartType::None => "",
    }
}

/// The insurance view of `est`, labelled `reference`.
fn insurance_view(est: &Estimate, reference: &str) -> InsuranceView {
    let ins = InsuranceEstimate::from_estimate(est, reference);
    let t = &ins.totals;
    InsuranceView {
        lines: ins
            .line_items
            .iter()
            .map(|l| InsuranceLineView {
                line: l.line,
                operation: l.operation.to_string(),
                part_type: l.part_type.map(part_label).unwrap_or_default().to_string(),
                description: l.description.clone(),
                subtotal: money(l.subtotal),
            })
            .collect(),
        totals: [
            ("Parts", t.parts),
            ("Labor", t.labor),
            ("Paint", t.paint),
            ("Sublet", t.sublet),
            ("Gross total", t.gross_total),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), money(v)))
        .collect(),
    }
}

fn view(s: &StoredEstimate, est: &Estimate) -> EstimateView {
    let b64 = base64::engine::general_purpose::STANDARD;
    let v = &est.vehicle;
    let t = &est.totals;
    let reference = s.id.reference();
    EstimateView {
        id: s.id.0,
        reference: reference.clone(),
        vehicle: format!(
            "{} {} {} ({})",
            v.year,
            v.make,
            v.model,
            v.class.as_str().replace('_', " ")
        ),
        state: format!("{}{}", s.state, if s.metro { " (metro)" } else { "" }),
        photos: s
            .photos
            .iter()
            .map(|p| PhotoView {
                file_name: p.file_name.clone(),
                width: p.width,
                height: p.height,
                thumbnail: format!("data:image/jpeg;base64,{}", b64.encode(&p.thumbnail)),
            })
            .collect(),
        areas: s
            .areas
            .iter()
            .map(|a| AreaView {
                id: a.id,
                photo: a.photo.clone(),
                panel: a.panel.clone(),
                damage_type: a.damage_type.to_string(),
                severity: a.severity.to_string(),
                region: a.region.map(|r| [r.x(), r.y(), r.w(), r.h()]),
            })
            .collect(),
        lines: est
            .line_items
            .iter()
            .map(|l| LineView {
                id: l.id.clone(),
                line: l.line,
                operation: l.operation.to_string(),
                description: l.description.clone(),
                part_type: part_label(l.part_type).to_string(),
                part_cost: dollars(l.part_cost),
                labor_hours: l.labor_hours.as_hours(),
                paint_hours: l.paint_hours.as_hours(),
                subtotal: money(l.subtotal),
                to_confirm: l.status == LineStatus::NeedsConfirmation,
                edited: l.overridden,
                reason: l.reason.clone(),
            })
            .collect(),
        total: money(t.total),
        range: format!("{} – {}", t.total_min, t.total_max),
        pending: if t.pending_confirmation.get() > 0 {
            money(t.pending_confirmation)
        } else {
            String::new()
        },
        questions: est.questions.iter().chain(&est.notes).cloned().collect(),
        insurance: insurance_view(est, &reference),
    }
}

fn priced(store: &Store, id: EstimateId) -> Result<(StoredEstimate, Estimate), DesktopError> {
    let stored = store.estimate(id)?;
    let est = price(&stored.request(), &shop_data()?)?;
    Ok((stored, est))
}

/// Starts an estimate (no photos or areas yet); the state is checked by pricing it first.
pub fn create(db: &EstimateDb, form: &NewEstimateForm) -> Result<EstimateView, DesktopError> {
    let new = NewEstimate {
        vehicle: parse_vehicle(&form.vehicle)?,
        vin: None,
        state: form.state.trim().to_ascii_uppercase(),
        metro: form.metro,
        part_preference: PartType::Oem,
    };
    let req = EstimateRequest {
        vehicle: new.vehicle.clone(),
        state: new.state.clone(),
        metro: new.metro,
        areas: Vec::new(),
        part_preference: new.part_preference,
        overrides: Default::default(),
    };
    price(&req, &shop_data()?)?;
    let mut store = db.open()?;
    let id = store.create_estimate(&new, &[], &[])?;
    let (s, e) = priced(&store, id)?;
    Ok(view(&s, &e))
}

/// The estimate, priced now.
pub fn show(db: &EstimateDb, id: i64) -> Result<EstimateView, DesktopError> {
    let (s, e) = priced(&db.open()?, id_of(id))?;
    Ok(view(&s, &e))
}

/// Adds a photo from its bytes (a file dropped on the window): checked by intake first,
/// so a photo that is not one (or too big, or the sixth) is refused and nothing changes.
pub fn add_photo_bytes(
    db: &EstimateDb,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<EstimateView, DesktopError> {
    let mut store = db.open()?;
    let id = id_of(id);
    check_count(store.estimate(id)?.photos.len() + 1)?;
    let photo = NewEstimatePhoto::from_intake(intake(file_name, &bytes)?, bytes);
    store.add_estimate_photo(id, &photo)?;
    let (s, e) = priced(&store, id)?;
    Ok(view(&s, &e))
}

/// Adds a photo file by its path (refused before reading when it is over the size limit).
pub fn add_photo_path(db: &EstimateDb, id: i64, path: &str) -> Result<EstimateView, DesktopError> {
    let (name, bytes) = shopbench_photos::read_file(Path::new(path.trim()))?;
    add_photo_bytes(db, id, &name, bytes)
}

/// Marks a damage area; priced with it before saving, so an unknown panel changes nothing.
pub fn add_area(db: &EstimateDb, id: i64, form: &AreaForm) -> Result<EstimateView, DesktopError> {
    let mut store = db.open()?;
    let id = id_of(id);
    let stored = store.estimate(id)?;
    let photo = Some(form.photo.trim().to_string()).filter(|p| !p.is_empty());
    if let Some(name) = &photo {
        if !stored.photos.iter().any(|p| &p.file_name == name) {
            return Err(invalid(
                "Photo",
                format!("no photo named {name} on this estimate"),
            ));
        }
    }
    let region = match form.region {
        None => None,
        Some(_) if photo.is_none() => {
            return Err(invalid("Box", "a box needs the photo it was drawn on"))
        }
        Some([x, y, w, h]) => Some(Rect::new(x, y, w, h)?),
    };
    let area = NewArea {
        photo,
        region,
        panel: form.panel.trim().to_string(),
        damage_type: form.damage_type.parse()?,
        severity: form.severity.parse()?,
    };
    let mut engine_area = DamageArea::manual(&area.panel, area.damage_type, area.severity);
    engine_area.photo_id = area.photo.clone();
    engine_area.region = area.region;
    let mut req = stored.request();
    req.areas.push(engine_area);
    price(&req, &shop_data()?)?;
    store.add_estimate_area(id, &area)?;
    let (s, e) = priced(&store, id)?;
    Ok(view(&s, &e))
}

/// Removes a damage area (the history keeps it). Edits of lines that only that area
/// produced go with it, in the same save (they would name lines that no longer exist).
pub fn remove_area(db: &EstimateDb, id: i64, area: i64) -> Result<EstimateView, DesktopError> {
    let mut store = db.open()?;
    let stored = store.estimate(id_of(id))?;
    let data = shop_data()?;
    let req = stored.request_without_area(area, &data)?;
    price(&req, &data)?;
    store.remove_estimate_area(id_of(id), area, &req.overrides)?;
    let (s, e) = priced(&store, id_of(id))?;
    Ok(view(&s, &e))
}

/// Changes one line (hours, part cost, remove or confirm); priced before saving, so an
/// unknown line or a bad number changes nothing.
pub fn edit_line(db: &EstimateDb, id: i64, form: &LineForm) -> Result<EstimateView, DesktopError> {
    let change = if form.remove {
        LineChange::Remove
    } else if form.confirm {
        LineChange::Confirm
    } else {
        let hours = form
            .hours
            .map(Hours::try_from_hours)
            .transpose()
            .map_err(|e| invalid("Hours", e.to_string()))?;
        let part_cost = match form.part_cost {
            None => None,
            Some(d) if (0.0..10_000_000.0).contains(&d) => {
                Some(Cents::new((d * 100.0).round() as u64))
            }
            Some(d) => {
                return Err(invalid(
                    "Part cost",
                    format!("{d} — give dollars and cents, e.g. 412.50"),
                ))
            }
        };
        let e = LineEdit {
            labor_hours: hours,
            part_cost,
            ..LineEdit::default()
        };
        if e == LineEdit::default() {
            return Err(invalid("Line", "nothing to change"));
        }
        LineChange::Edit(e)
    };
    let mut store = db.open()?;
    let stored = store.estimate(id_of(id))?;
    let mut overrides = stored.overrides.clone();
    overrides.lines.push(LineOverride {
        line_id: form.line_id.trim().to_string(),
        change,
    });
    let mut req = stored.request();
    req.overrides = overrides.clone();
    price(&req, &shop_data()?)?;
    store.set_estimate_overrides(id_of(id), &overrides)?;
    let (s, e) = priced(&store, id_of(id))?;
    Ok(view(&s, &e))
}

/// Writes the estimate PDF (photos with the areas outlined, lines, ADAS, totals) to `dir`,
/// the folder the diagnosis PDF goes to, as `estimate-EST-NNNN.pdf`.
pub fn save_pdf(
    db: &EstimateDb,
    id: i64,
    settings: &Settings,
    dir: &Path,
) -> Result<SavedPdf, DesktopError> {
    let (stored, est) = priced(&db.open()?, id_of(id))?;
    let photos = stored
        .photos
        .iter()
        .map(|p| {
            shopbench_photos::decode_rgb(&p.file_name, &p.thumbnail).map(|(width, height, rgb)| {
                shopbench_report::EstimatePhoto {
                    id: p.file_name.clone(),
                    width,
                    height,
                    rgb,
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let reference = stored.id.reference();
    let pdf = shopbench_report::render_estimate_with_photos(
        &settings.shop(),
        &est,
        &photos,
        &reference,
        settings.paper_size()?,
    );
    write_pdf(dir, &format!("estimate-{reference}"), &pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/data/photos")
            .join(name)
    }

    fn camry(db: &EstimateDb) -> EstimateView {
        create(
            db,
            &NewEstimateForm {
                vehicle: "Toyota Camry 2022".into(),
                state: "ca".into(),
                metro: true,
            },
        )
        .unwrap()
    }

    fn bumper_dent(region: Option<[f32; 4]>) -> AreaForm {
        AreaForm {
            photo: "bumper.jpg".into(),
            panel: "front_bumper".into(),
            damage_type: "dent".into(),
            severity: "moderate".into(),
            region,
        }
    }

    #[test]
    fn pickers_come_from_the_shipped_data() {
        let p = pickers();
        assert!(p.panels.iter().any(|x| x == "front_bumper"), "{p:?}");
        assert!(p.damage_types.iter().any(|x| x == "dent"));
        assert_eq!(p.severities.first().map(String::as_str), Some("minor"));
        assert!(p.states.iter().any(|x| x == "CA"));
    }

    #[test]
    fn an_estimate_is_built_priced_edited_and_printed() {
        let dir = tempfile::tempdir().unwrap();
        let db = EstimateDb {
            path: dir.path().join("shopbench.db"),
        };
        let v = camry(&db);
        assert_eq!(v.reference, "EST-0001");
        assert!(v.vehicle.contains("2022 Toyota Camry"), "{}", v.vehicle);
        assert_eq!(v.state, "CA (metro)");
        assert!(v.lines.is_empty());

        let v = add_photo_path(&db, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        assert_eq!(v.photos.len(), 1);
        assert!(v.photos[0]
            .thumbnail
            .starts_with("data:image/jpeg;base64,/9j/"));
        let webp = std::fs::read(photo("fender.webp")).unwrap();
        let v = add_photo_bytes(&db, v.id, "fender.webp", webp).unwrap();
        assert_eq!(v.photos.len(), 2);

        // A bad photo: a readable error, and the estimate keeps what it had.
        let err = add_photo_bytes(&db, v.id, "notes.jpg", b"not a photo".to_vec()).unwrap_err();
        assert!(err.to_string().contains("notes.jpg"), "{err}");
        assert_eq!(
            serde_json::to_value(&err).unwrap()["title"],
            "Check the photo"
        );
        let err = add_photo_path(&db, v.id, "/no/such/photo.jpg").unwrap_err();
        assert!(err.to_string().contains("/no/such/photo.jpg"), "{err}");
        assert_eq!(show(&db, v.id).unwrap(), v);

        // The area with a drawn box gives a REPLACE line and a total.
        let v = add_area(&db, v.id, &bumper_dent(Some([0.2, 0.4, 0.5, 0.3]))).unwrap();
        assert_eq!(v.areas.len(), 1);
        assert_eq!(v.areas[0].region, Some([0.2, 0.4, 0.5, 0.3]));
        let replace = v
            .lines
            .iter()
            .find(|l| l.id == "front_bumper:REPLACE")
            .expect("a REPLACE line for the bumper");
        assert_eq!(replace.operation, "REPLACE");
        assert!(replace.part_cost > 0.0);
        assert!(v.total.starts_with('$'), "{}", v.total);
        assert!(!v.insurance.lines.is_empty());
        assert_eq!(v.insurance.totals.last().unwrap().0, "Gross total");

        // Refused areas change nothing.
        for bad in [
            AreaForm {
                panel: "roof_rack".into(),
                ..bumper_dent(None)
            },
            AreaForm {
                photo: "rear.jpg".into(),
                ..bumper_dent(None)
            },
            AreaForm {
                severity: "awful".into(),
                ..bumper_dent(None)
            },
            bumper_dent(Some([0.9, 0.1, 0.5, 0.2])),
            AreaForm {
                photo: String::new(),
                ..bumper_dent(Some([0.1, 0.1, 0.2, 0.2]))
            },
        ] {
            assert!(add_area(&db, v.id, &bad).is_err(), "{bad:?}");
        }
        assert_eq!(show(&db, v.id).unwrap(), v);

        // Editing the part cost changes the line and the total.
        let edited = edit_line(
            &db,
            v.id,
            &LineForm {
                line_id: "front_bumper:REPLACE".into(),
                hours: Some(3.5),
                part_cost: Some(100.0),
                remove: false,
                confirm: false,
            },
        )
        .unwrap();
        let line = edited
            .lines
            .iter()
            .find(|l| l.id == "front_bumper:REPLACE")
            .unwrap();
        assert_eq!((line.part_cost, line.labor_hours), (100.0, 3.5));
        assert!(line.edited);
        assert_ne!(edited.total, v.total);
        let bad = LineForm {
            line_id: "no_such:LINE".into(),
            hours: Some(1.0),
            part_cost: None,
            remove: false,
            confirm: false,
        };
        assert!(edit_line(&db, v.id, &bad).is_err());
        let bad = LineForm {
            line_id: "front_bumper:REPLACE".into(),
            part_cost: Some(-5.0),
            ..bad
        };
        assert!(edit_line(&db, v.id, &bad).is_err());
        assert_eq!(show(&db, v.id).unwrap(), edited);

        // Removing the line drops it.
        let removed = edit_line(
            &db,
            v.id,
            &LineForm {
                line_id: "front_bumper:REPLACE".into(),
                hours: None,
                part_cost: None,
                remove: true,
                confirm: false,
            },
        )
        .unwrap();
        assert!(removed.lines.iter().all(|l| l.id != "front_bumper:REPLACE"));

        // The PDF goes to the reports folder, with the photos drawn.
        let reports = dir.path().join("reports");
        let settings = Settings {
            shop_name: "Main Street Auto".into(),
            ..Settings::default()
        };
        let saved = save_pdf(&db, v.id, &settings, &reports).unwrap();
        assert!(saved.path.ends_with("estimate-EST-0001.pdf"), "{saved:?}");
        let out = std::process::Command::new("pdftotext")
            .args([saved.path.as_str(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) — run scripts/setup");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Main Street Auto"), "{text}");
        assert!(text.contains("EST-0001"), "{text}");
        assert!(text.contains("Toyota Camry"), "{text}");

        // Removing the area leaves no lines; the CLI's store sees the same estimate.
        let area = removed.areas[0].id;
        let v = remove_area(&db, v.id, area).unwrap();
        assert!(v.areas.is_empty());
        let store = Store::open(&db.path).unwrap();
        assert_eq!(store.list_estimates(10).unwrap().len(), 1);
    }

    #[test]
    fn bad_forms_are_refused_with_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let db = EstimateDb {
            path: dir.path().join("shopbench.db"),
        };
        let err = create(
            &db,
            &NewEstimateForm {
                vehicle: "Camry".into(),
                state: "CA".into(),
                metro: false,
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("Vehicle:"), "{err}");
        let err = create(
            &db,
            &NewEstimateForm {
                vehicle: "Toyota Camry 2022".into(),
                state: "ZZ".into(),
                metro: false,
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("ZZ"), "{err}");
        assert!(show(&db, 1).is_err());
    }
}
