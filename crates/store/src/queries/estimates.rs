//! `estimates`, `estimate_photos`, `estimate_areas`, `estimate_history`: plain SQL.

use rusqlite::{params, Connection, OptionalExtension};
use shopbench_estimate::{AreaSource, Overrides, ProposedArea, Rect, Vehicle, View};

use super::opt_text;
use crate::{
    AreaStatus, EstimateArea, EstimateId, EstimateListing, EstimatePhoto, EstimateProposal,
    NewEstimate, NewEstimatePhoto, StoreError,
};

/// The `estimates` row.
pub(crate) struct EstimateRow {
    pub vehicle: Vehicle,
    pub vin: Option<String>,
    pub state: String,
    pub metro: bool,
    pub part_preference: String,
    pub overrides: Overrides,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) fn insert(
    conn: &Connection,
    e: &NewEstimate,
    now: &str,
) -> Result<EstimateId, StoreError> {
    let equipment = e
        .vehicle
        .equipment
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    conn.execute(
        "INSERT INTO estimates (make, model, year, vin, vehicle_class, equipment_json, state, metro, \
         part_preference, overrides_json, created_at, updated_at, finish) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '{}', ?10, ?10, ?11)",
        params![
            e.vehicle.make.trim(),
            e.vehicle.model.trim(),
            e.vehicle.year,
            e.vin.as_ref().map(|v| v.as_str().to_string()),
            e.vehicle.class.map(|c| c.as_str()),
            equipment,
            e.state.trim().to_ascii_uppercase(),
            e.metro,
            serde_json::to_value(e.part_preference)?.as_str().unwrap_or("OEM"),
            now,
            e.vehicle.finish.map(|f| f.as_str())
        ],
    )?;
    Ok(EstimateId(conn.last_insert_rowid()))
}

pub(crate) fn exists(conn: &Connection, id: EstimateId) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM estimates WHERE id = ?1")?
        .query_row([id.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Nothing when estimate `id` is there, else [`StoreError::EstimateNotFound`].
pub(crate) fn existing(conn: &Connection, id: EstimateId) -> Result<(), StoreError> {
    match exists(conn, id)? {
        true => Ok(()),
        false => Err(StoreError::EstimateNotFound(id)),
    }
}

pub(crate) fn get(conn: &Connection, id: EstimateId) -> Result<EstimateRow, StoreError> {
    let raw = conn
        .prepare_cached(
            "SELECT make, model, year, vin, vehicle_class, equipment_json, state, metro, \
             part_preference, overrides_json, created_at, updated_at, finish FROM estimates \
             WHERE id = ?1",
        )?
        .query_row([id.0], |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u16>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ),
                (
                    r.get::<_, String>(6)?,
                    r.get::<_, bool>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ),
            ))
        })
        .optional()?
        .ok_or(StoreError::EstimateNotFound(id))?;
    let ((make, model, year, vin, class, equipment), (state, metro, pref, overrides, c, u, finish)) =
        raw;
    let finish = finish
        .map(|f| {
            f.parse()
                .map_err(|_| StoreError::Corrupt(format!("paint finish '{f}'")))
        })
        .transpose()?;
    let class = class
        .map(|c| {
            c.parse()
                .map_err(|_| StoreError::Corrupt(format!("vehicle class '{c}'")))
        })
        .transpose()?;
    let equipment = equipment.map(|e| serde_json::from_str(&e)).transpose()?;
    Ok(EstimateRow {
        vehicle: Vehicle {
            make,
            model,
            year,
            class,
            equipment,
            finish,
        },
        vin,
        state,
        metro,
        part_preference: pref,
        overrides: serde_json::from_str(&overrides)?,
        created_at: c,
        updated_at: u,
    })
}

pub(crate) fn set_overrides(
    conn: &Connection,
    id: EstimateId,
    overrides: &Overrides,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE estimates SET overrides_json = ?2 WHERE id = ?1",
        params![id.0, serde_json::to_string(overrides)?],
    )?;
    Ok(())
}

pub(crate) fn touch(conn: &Connection, id: EstimateId, now: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE estimates SET updated_at = ?2 WHERE id = ?1",
        params![id.0, now],
    )?;
    Ok(())
}

pub(crate) fn list(conn: &Connection, limit: u32) -> Result<Vec<EstimateListing>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.year || ' ' || e.make || ' ' || e.model, e.vin, e.state, \
         (SELECT count(*) FROM estimate_photos p WHERE p.estimate_id = e.id), \
         (SELECT count(*) FROM estimate_areas a WHERE a.estimate_id = e.id \
          AND a.status = 'confirmed'), \
         (SELECT count(*) FROM estimate_areas a WHERE a.estimate_id = e.id \
          AND a.status = 'proposed'), \
         e.created_at, e.updated_at \
         FROM estimates e ORDER BY e.id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit], |r| {
            Ok(EstimateListing {
                id: EstimateId(r.get(0)?),
                vehicle: r.get(1)?,
                vin: r.get(2)?,
                state: r.get(3)?,
                photos: r.get(4)?,
                areas: r.get(5)?,
                proposals: r.get(6)?,
                created_at: r.get(7)?,
                updated_at: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn insert_photo(
    conn: &Connection,
    id: EstimateId,
    p: &NewEstimatePhoto,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO estimate_photos (estimate_id, file_name, sha256, mime, width, height, \
         orientation, original, thumbnail, created_at, view) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id.0,
            p.file_name,
            p.sha256,
            p.mime,
            p.width,
            p.height,
            p.orientation,
            p.original,
            p.thumbnail,
            now,
            p.view.map(View::as_str)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Sets (or clears) the side of the car a photo shows; false when there is no such photo.
pub(crate) fn set_photo_view(
    conn: &Connection,
    id: EstimateId,
    file_name: &str,
    view: Option<View>,
) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "UPDATE estimate_photos SET view = ?3 WHERE estimate_id = ?1 AND file_name = ?2",
        params![id.0, file_name, view.map(View::as_str)],
    )? == 1)
}

pub(crate) fn photos(conn: &Connection, id: EstimateId) -> Result<Vec<EstimatePhoto>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, sha256, mime, width, height, orientation, length(original), \
         thumbnail, created_at, view FROM estimate_photos WHERE estimate_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id.0], |r| {
            Ok((
                r.get::<_, Option<String>>(10)?,
                EstimatePhoto {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    sha256: r.get(2)?,
                    mime: r.get(3)?,
                    width: r.get(4)?,
                    height: r.get(5)?,
                    orientation: r.get(6)?,
                    bytes: r.get(7)?,
                    thumbnail: r.get(8)?,
                    created_at: r.get(9)?,
                    view: None,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(view, mut p)| {
            p.view = view
                .map(|v| {
                    v.parse().map_err(|_| {
                        StoreError::Corrupt(format!("photo {}: view '{v}'", p.file_name))
                    })
                })
                .transpose()?;
            Ok(p)
        })
        .collect()
}

/// The photo with this file name or SHA-256 on the estimate: `(id, file_name)`.
pub(crate) fn find_photo(
    conn: &Connection,
    id: EstimateId,
    file_name: &str,
    sha256: &str,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, file_name FROM estimate_photos WHERE estimate_id = ?1 \
             AND (file_name = ?2 OR sha256 = ?3) ORDER BY id LIMIT 1",
        )?
        .query_row(params![id.0, file_name, sha256], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Deletes photo row `photo` of the estimate (its areas must be gone first).
pub(crate) fn delete_photo(
    conn: &Connection,
    id: EstimateId,
    photo: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM estimate_photos WHERE estimate_id = ?1 AND id = ?2",
        params![id.0, photo],
    )?;
    Ok(())
}

pub(crate) fn photo_count(conn: &Connection, id: EstimateId) -> Result<usize, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM estimate_photos WHERE estimate_id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

pub(crate) fn photo_original(
    conn: &Connection,
    id: EstimateId,
    file_name: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT original FROM estimate_photos WHERE estimate_id = ?1 AND file_name = ?2",
        )?
        .query_row(params![id.0, file_name], |r| r.get(0))
        .optional()?)
}

/// How a row of `estimate_areas` says who marked it: `estimator` or `detector:NAME`.
pub(crate) fn source_text(source: &AreaSource) -> String {
    match source {
        AreaSource::Manual => "estimator".into(),
        AreaSource::Detector(name) => format!("detector:{name}"),
    }
}

fn source_of(text: &str) -> Option<AreaSource> {
    match text.strip_prefix("detector:") {
        Some(name) if !name.is_empty() => Some(AreaSource::Detector(name.to_string())),
        Some(_) => None,
        None => (text == "estimator").then_some(AreaSource::Manual),
    }
}

/// One row of `estimate_areas` to insert, proposal or confirmed area alike.
pub(crate) struct AreaInsert<'a> {
    pub photo_id: Option<i64>,
    pub region: Option<Rect>,
    pub panel: Option<&'a str>,
    pub damage_type: Option<&'a str>,
    pub severity: &'a str,
    pub source: &'a AreaSource,
    pub confidence: Option<f32>,
    pub label: Option<&'a str>,
    pub status: AreaStatus,
    /// Hail: the dents counted (`35xquarter`), on the estimator's areas only.
    pub dents: Option<String>,
}

impl<'a> AreaInsert<'a> {
    /// A confirmed area.
    pub(crate) fn confirmed(a: &'a crate::NewArea, photo_id: Option<i64>) -> AreaInsert<'a> {
        AreaInsert {
            photo_id,
            region: a.region,
            panel: Some(a.panel.trim()),
            damage_type: Some(a.damage_type.as_str()),
            severity: a.severity.as_str(),
            source: &a.source,
            confidence: a.confidence,
            label: None,
            status: AreaStatus::Confirmed,
            dents: a.dents.map(|d| d.to_string()),
        }
    }

    /// A detector's proposal.
    pub(crate) fn proposed(p: &'a ProposedArea, photo_id: i64) -> AreaInsert<'a> {
        AreaInsert {
            photo_id: Some(photo_id),
            region: Some(p.region),
            panel: p.panel.as_deref(),
            damage_type: p.damage_type.map(|t| t.as_str()),
            severity: p.severity.as_str(),
            source: &p.source,
            confidence: Some(p.confidence),
            label: Some(&p.label),
            status: AreaStatus::Proposed,
            dents: None,
        }
    }
}

pub(crate) fn insert_area(
    conn: &Connection,
    id: EstimateId,
    a: &AreaInsert<'_>,
    now: &str,
) -> Result<i64, StoreError> {
    let b = a.region.map(|r| (r.x(), r.y(), r.w(), r.h()));
    conn.execute(
        "INSERT INTO estimate_areas (estimate_id, photo_id, panel, damage_type, severity, \
         x, y, w, h, created_at, source, confidence, label, status, dents) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            id.0,
            a.photo_id,
            a.panel,
            a.damage_type,
            a.severity,
            b.map(|b| b.0),
            b.map(|b| b.1),
            b.map(|b| b.2),
            b.map(|b| b.3),
            now,
            source_text(a.source),
            a.confidence,
            a.label,
            a.status.as_str(),
            a.dents
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Makes proposal `area` a confirmed area on `panel` with `damage_type` and `severity`;
/// false when the estimate has no such open proposal.
pub(crate) fn confirm_area(
    conn: &Connection,
    id: EstimateId,
    area: i64,
    panel: &str,
    damage_type: &str,
    severity: &str,
) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "UPDATE estimate_areas SET status = 'confirmed', panel = ?3, damage_type = ?4, \
         severity = ?5 WHERE estimate_id = ?1 AND id = ?2 AND status = 'proposed'",
        params![id.0, area, panel, damage_type, severity],
    )? == 1)
}

/// Moves area `area`'s box to `r` (the estimator corrected a detector's box).
pub(crate) fn move_area(
    conn: &Connection,
    id: EstimateId,
    area: i64,
    r: Rect,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE estimate_areas SET x = ?3, y = ?4, w = ?5, h = ?6 WHERE estimate_id = ?1 AND id = ?2",
        params![id.0, area, r.x(), r.y(), r.w(), r.h()],
    )?;
    Ok(())
}

pub(crate) fn delete_area(
    conn: &Connection,
    id: EstimateId,
    area: i64,
) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM estimate_areas WHERE estimate_id = ?1 AND id = ?2",
        params![id.0, area],
    )?)
}

/// A row of `estimate_areas` as read.
struct AreaRow {
    id: i64,
    photo: Option<String>,
    panel: Option<String>,
    damage_type: Option<String>,
    severity: String,
    region: Option<(f32, f32, f32, f32)>,
    created_at: String,
    source: String,
    confidence: Option<f32>,
    label: Option<String>,
    status: String,
    dents: Option<String>,
}

/// A stored damage area or proposal.
pub(crate) enum StoredArea {
    /// Priced.
    Confirmed(EstimateArea),
    /// Shown, not priced.
    Proposed(EstimateProposal),
}

/// Every damage area and proposal of the estimate, oldest first.
pub(crate) fn areas(conn: &Connection, id: EstimateId) -> Result<Vec<StoredArea>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, p.file_name, a.panel, a.damage_type, a.severity, a.x, a.y, a.w, a.h, \
         a.created_at, a.source, a.confidence, a.label, a.status, a.dents \
         FROM estimate_areas a LEFT JOIN estimate_photos p ON p.id = a.photo_id \
         WHERE a.estimate_id = ?1 ORDER BY a.id",
    )?;
    let raw: Vec<AreaRow> = stmt
        .query_map([id.0], |r| {
            let b = match (
                r.get::<_, Option<f32>>(5)?,
                r.get::<_, Option<f32>>(6)?,
                r.get::<_, Option<f32>>(7)?,
                r.get::<_, Option<f32>>(8)?,
            ) {
                (Some(x), Some(y), Some(w), Some(h)) => Some((x, y, w, h)),
                _ => None,
            };
            Ok(AreaRow {
                id: r.get(0)?,
                photo: r.get(1)?,
                panel: r.get(2)?,
                damage_type: r.get(3)?,
                severity: r.get(4)?,
                region: b,
                created_at: r.get(9)?,
                source: r.get(10)?,
                confidence: r.get(11)?,
                label: r.get(12)?,
                status: r.get(13)?,
                dents: r.get(14)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter().map(stored_area).collect()
}

/// Reads one row into an area or a proposal; a value the schema should have refused is
/// [`StoreError::Corrupt`].
fn stored_area(row: AreaRow) -> Result<StoredArea, StoreError> {
    let aid = row.id;
    let corrupt = |what: String| StoreError::Corrupt(format!("estimate area {aid}: {what}"));
    let region = row
        .region
        .map(|(x, y, w, h)| Rect::new(x, y, w, h))
        .transpose()
        .map_err(|e| corrupt(e.to_string()))?;
    let damage_type = row
        .damage_type
        .map(|t| t.parse().map_err(|_| corrupt(format!("damage type '{t}'"))))
        .transpose()?;
    let severity = row
        .severity
        .parse()
        .map_err(|_| corrupt(format!("severity '{}'", row.severity)))?;
    let source =
        source_of(&row.source).ok_or_else(|| corrupt(format!("source '{}'", row.source)))?;
    let photo = row.photo.and_then(opt_text);
    match row.status.as_str() {
        "confirmed" => Ok(StoredArea::Confirmed(EstimateArea {
            id: aid,
            photo,
            region,
            panel: row.panel.ok_or_else(|| corrupt("no panel".into()))?,
            damage_type: damage_type.ok_or_else(|| corrupt("no damage type".into()))?,
            severity,
            source,
            confidence: row.confidence,
            dents: row
                .dents
                .map(|d| d.parse().map_err(|_| corrupt(format!("dents '{d}'"))))
                .transpose()?,
            created_at: row.created_at,
        })),
        "proposed" => {
            let AreaSource::Detector(detector) = source else {
                return Err(corrupt("a proposal by the estimator".into()));
            };
            Ok(StoredArea::Proposed(EstimateProposal {
                id: aid,
                photo: photo.ok_or_else(|| corrupt("a proposal without a photo".into()))?,
                region: region.ok_or_else(|| corrupt("a proposal without a box".into()))?,
                panel: row.panel,
                damage_type,
                severity,
                label: row.label.unwrap_or_default(),
                confidence: row.confidence.unwrap_or_default(),
                detector,
                created_at: row.created_at,
            }))
        }
        other => Err(corrupt(format!("status '{other}'"))),
    }
}
