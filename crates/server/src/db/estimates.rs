//! Estimates and their photos, always scoped to (partner, mode): another
//! tenant's id is simply not found.

use rusqlite::{params, Connection, OptionalExtension};

use crate::tables::Mode;

/// A checked photo as stored beside its estimate.
#[derive(Debug, Clone)]
pub(crate) struct PhotoRow<'a> {
    pub file_name: &'a str,
    pub format: &'a str,
    pub width: u32,
    pub height: u32,
    pub sha256: &'a str,
    pub original: &'a [u8],
    pub thumbnail: &'a [u8],
}

/// What a new estimate stores.
pub(crate) struct NewEstimate<'a> {
    pub id: &'a str,
    pub partner_id: &'a str,
    pub mode: Mode,
    pub request: &'a str,
    pub response: &'a str,
    pub insurance: &'a str,
    pub created_at: i64,
}

/// Inserts the estimate and its photos (the caller's transaction makes it all-or-nothing).
pub(crate) fn insert(
    conn: &Connection,
    e: &NewEstimate<'_>,
    photos: &[PhotoRow<'_>],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO estimates (id, partner_id, mode, request, response, insurance, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            e.id,
            e.partner_id,
            e.mode.as_str(),
            e.request,
            e.response,
            e.insurance,
            e.created_at
        ],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO estimate_photos (estimate_id, idx, file_name, format, width, height, sha256, original, thumbnail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, p) in photos.iter().enumerate() {
        stmt.execute(params![
            e.id,
            i as i64,
            p.file_name,
            p.format,
            p.width,
            p.height,
            p.sha256,
            p.original,
            p.thumbnail
        ])?;
    }
    Ok(())
}

/// A stored view of an estimate.
#[derive(Debug, Clone, Copy)]
pub(crate) enum View {
    /// The complete response (`GET /v1/estimates/{id}`).
    Response,
    /// The insurance format (`GET /v1/estimates/{id}/insurance`).
    Insurance,
}

/// The stored JSON of `view`, if the tenant owns the estimate.
pub(crate) fn view(
    conn: &Connection,
    view: View,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> rusqlite::Result<Option<String>> {
    let column = match view {
        View::Response => "response",
        View::Insurance => "insurance",
    };
    conn.prepare_cached(&format!(
        "SELECT {column} FROM estimates WHERE id = ?1 AND partner_id = ?2 AND mode = ?3"
    ))?
    .query_row(params![id, partner_id, mode.as_str()], |r| r.get(0))
    .optional()
}

/// How many estimates and photos a tenant has (tests: nothing half-saved).
#[cfg(test)]
pub(crate) fn counts(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    let e = conn.query_row("SELECT COUNT(*) FROM estimates", [], |r| r.get(0))?;
    let p = conn.query_row("SELECT COUNT(*) FROM estimate_photos", [], |r| r.get(0))?;
    Ok((e, p))
}
