//! Estimates and their photos, always scoped to (partner, mode): another
//! tenant's id is simply not found.

use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::Error;

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
    db: &mut dyn Sql,
    e: &NewEstimate<'_>,
    photos: &[PhotoRow<'_>],
) -> Result<(), Error> {
    db.exec(
        "INSERT INTO estimates (id, partner_id, mode, request, response, insurance, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![
            e.id,
            e.partner_id,
            e.mode,
            e.request,
            e.response,
            e.insurance,
            e.created_at
        ],
    )?;
    for (i, p) in photos.iter().enumerate() {
        db.exec(
            "INSERT INTO estimate_photos (estimate_id, idx, file_name, format, width, height, sha256, original, thumbnail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            args![e.id, i, p.file_name, p.format, p.width, p.height, p.sha256, p.original, p.thumbnail],
        )?;
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
    db: &mut dyn Sql,
    view: View,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<String>, Error> {
    let column = match view {
        View::Response => "response",
        View::Insurance => "insurance",
    };
    db.row(
        &format!("SELECT {column} FROM estimates WHERE id = $1 AND partner_id = $2 AND mode = $3"),
        args![id, partner_id, mode],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// How many estimates and photos there are (tests: nothing half-saved).
#[cfg(test)]
pub(crate) fn counts(db: &mut dyn Sql) -> Result<(i64, i64), Error> {
    let count = |db: &mut dyn Sql, table: &str| -> Result<i64, Error> {
        db.row(&format!("SELECT COUNT(*) FROM {table}"), &[])?
            .map_or(Ok(0), |r| r.get(0))
    };
    Ok((count(db, "estimates")?, count(db, "estimate_photos")?))
}
