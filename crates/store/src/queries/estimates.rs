//! `estimates`, `estimate_photos`, `estimate_areas`, `estimate_history`: plain SQL.

use rusqlite::{params, Connection, OptionalExtension};
use shopbench_estimate::{Overrides, Rect, Vehicle};

use super::opt_text;
use crate::{
    EstimateArea, EstimateId, EstimateListing, EstimatePhoto, NewEstimate, NewEstimatePhoto,
    StoreError,
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
         (SELECT count(*) FROM estimate_areas a WHERE a.estimate_id = e.id), \
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
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
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
         orientation, original, thumbnail, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn photos(conn: &Connection, id: EstimateId) -> Result<Vec<EstimatePhoto>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, sha256, mime, width, height, orientation, length(original), \
         thumbnail, created_at FROM estimate_photos WHERE estimate_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id.0], |r| {
            Ok(EstimatePhoto {
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
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
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

pub(crate) fn insert_area(
    conn: &Connection,
    id: EstimateId,
    photo_id: Option<i64>,
    a: &crate::NewArea,
    now: &str,
) -> Result<i64, StoreError> {
    let b = a.region.map(|r| (r.x(), r.y(), r.w(), r.h()));
    conn.execute(
        "INSERT INTO estimate_areas (estimate_id, photo_id, panel, damage_type, severity, \
         x, y, w, h, created_at, dents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id.0,
            photo_id,
            a.panel.trim(),
            a.damage_type.as_str(),
            a.severity.as_str(),
            b.map(|b| b.0),
            b.map(|b| b.1),
            b.map(|b| b.2),
            b.map(|b| b.3),
            now,
            a.dents.map(|d| d.to_string())
        ],
    )?;
    Ok(conn.last_insert_rowid())
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

type AreaRaw = (
    i64,
    Option<String>,
    String,
    String,
    String,
    Option<(f32, f32, f32, f32)>,
    String,
    Option<String>,
);

pub(crate) fn areas(conn: &Connection, id: EstimateId) -> Result<Vec<EstimateArea>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, p.file_name, a.panel, a.damage_type, a.severity, a.x, a.y, a.w, a.h, \
         a.created_at, a.dents FROM estimate_areas a \
         LEFT JOIN estimate_photos p ON p.id = a.photo_id WHERE a.estimate_id = ?1 ORDER BY a.id",
    )?;
    let raw: Vec<AreaRaw> = stmt
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
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                b,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(aid, photo, panel, dt, sev, b, created_at, dents)| {
            let corrupt = |what: &str| StoreError::Corrupt(format!("estimate area {aid}: {what}"));
            Ok(EstimateArea {
                id: aid,
                photo: photo.and_then(opt_text),
                region: b
                    .map(|(x, y, w, h)| Rect::new(x, y, w, h))
                    .transpose()
                    .map_err(|e| corrupt(&e.to_string()))?,
                panel,
                damage_type: dt
                    .parse()
                    .map_err(|_| corrupt(&format!("damage type '{dt}'")))?,
                severity: sev
                    .parse()
                    .map_err(|_| corrupt(&format!("severity '{sev}'")))?,
                dents: dents
                    .map(|d| d.parse().map_err(|_| corrupt(&format!("dents '{d}'"))))
                    .transpose()?,
                created_at,
            })
        })
        .collect()
}
