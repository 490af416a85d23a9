//! `cases`: the vehicle, mileage, complaint, findings and readiness.

use rusqlite::{params, Connection, OptionalExtension, Row};
use shopbench_diagnosis::Mileage;

use super::{unit, unit_str};
use crate::{CaseId, ReadinessSummary, StoreError, VehicleId};

/// The `cases` row.
pub(crate) struct CaseRow {
    pub id: CaseId,
    pub vehicle: VehicleId,
    pub customer: String,
    pub mileage: Option<Mileage>,
    pub complaint: String,
    pub findings: String,
    pub source: String,
    pub readiness: Option<ReadinessSummary>,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, vin, make, model, year, engine, mileage, mileage_unit, complaint, \
                       findings, source, readiness_json, created_at, updated_at, customer";

fn from_row(r: &Row<'_>) -> Result<CaseRow, StoreError> {
    let vin: Option<String> = r.get(1)?;
    let vin = match vin {
        Some(v) => Some(
            v.parse()
                .map_err(|_| StoreError::Corrupt(format!("VIN '{v}'")))?,
        ),
        None => None,
    };
    let mileage = match (r.get::<_, Option<f64>>(6)?, r.get::<_, Option<String>>(7)?) {
        (Some(value), Some(u)) => Some(Mileage {
            value,
            unit: unit(&u)?,
        }),
        _ => None,
    };
    let readiness: Option<String> = r.get(11)?;
    Ok(CaseRow {
        id: CaseId(r.get(0)?),
        vehicle: VehicleId {
            vin,
            make: r.get(2)?,
            model: r.get(3)?,
            year: r.get(4)?,
            engine: r.get(5)?,
        },
        customer: r.get(14)?,
        mileage,
        complaint: r.get(8)?,
        findings: r.get(9)?,
        source: r.get(10)?,
        readiness: readiness.map(|j| serde_json::from_str(&j)).transpose()?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

pub(crate) fn insert(conn: &Connection, row: &CaseRow) -> Result<CaseId, StoreError> {
    let readiness = row
        .readiness
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    conn.execute(
        "INSERT INTO cases (vin, make, model, year, engine, mileage, mileage_unit, complaint, \
         findings, source, readiness_json, created_at, updated_at, customer) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            row.vehicle.vin.as_ref().map(|v| v.as_str()),
            row.vehicle.make,
            row.vehicle.model,
            row.vehicle.year,
            row.vehicle.engine,
            row.mileage.map(|m| m.value),
            row.mileage.map(|m| unit_str(m.unit)),
            row.complaint,
            row.findings,
            row.source,
            readiness,
            row.created_at,
            row.updated_at,
            row.customer,
        ],
    )?;
    Ok(CaseId(conn.last_insert_rowid()))
}

pub(crate) fn get(conn: &Connection, id: CaseId) -> Result<CaseRow, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM cases WHERE id = ?1"))?;
    let mut rows = stmt.query([id.0])?;
    match rows.next()? {
        Some(r) => from_row(r),
        None => Err(StoreError::CaseNotFound(id)),
    }
}

pub(crate) fn exists(conn: &Connection, id: CaseId) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT 1 FROM cases WHERE id = ?1", [id.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Writes the editable columns and bumps `updated_at`.
pub(crate) fn update(conn: &Connection, row: &CaseRow) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE cases SET vin = ?2, make = ?3, model = ?4, year = ?5, engine = ?6, mileage = ?7, \
         mileage_unit = ?8, complaint = ?9, findings = ?10, updated_at = ?11, customer = ?12 \
         WHERE id = ?1",
        params![
            row.id.0,
            row.vehicle.vin.as_ref().map(|v| v.as_str()),
            row.vehicle.make,
            row.vehicle.model,
            row.vehicle.year,
            row.vehicle.engine,
            row.mileage.map(|m| m.value),
            row.mileage.map(|m| unit_str(m.unit)),
            row.complaint,
            row.findings,
            row.updated_at,
            row.customer,
        ],
    )?;
    Ok(())
}

pub(crate) fn touch(conn: &Connection, id: CaseId, now: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE cases SET updated_at = ?2 WHERE id = ?1",
        params![id.0, now],
    )?;
    Ok(())
}

/// Case ids, newest first; `search` matches (case-insensitively) the
/// customer, VIN, make, model, engine, complaint, findings and codes.
pub(crate) fn list_ids(
    conn: &Connection,
    search: Option<&str>,
    limit: u32,
) -> Result<Vec<CaseId>, StoreError> {
    let pattern = search.map(|s| {
        let escaped = s
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let mut stmt = conn.prepare_cached(
        "SELECT c.id FROM cases c WHERE ?1 IS NULL \
           OR c.vin LIKE ?1 ESCAPE '\\' OR c.make LIKE ?1 ESCAPE '\\' \
           OR c.model LIKE ?1 ESCAPE '\\' OR c.engine LIKE ?1 ESCAPE '\\' \
           OR c.complaint LIKE ?1 ESCAPE '\\' OR c.findings LIKE ?1 ESCAPE '\\' \
           OR c.customer LIKE ?1 ESCAPE '\\' \
           OR CAST(c.year AS TEXT) = trim(?2) \
           OR EXISTS (SELECT 1 FROM case_dtcs d WHERE d.case_id = c.id AND d.code LIKE ?1 ESCAPE '\\') \
         ORDER BY c.id DESC LIMIT ?3",
    )?;
    let ids = stmt
        .query_map(params![pattern, search, limit], |r| r.get(0).map(CaseId))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids)
}
