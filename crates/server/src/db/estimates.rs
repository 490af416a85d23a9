//! Estimates and their photos, always scoped to (partner, mode): another
//! tenant's id is simply not found. An estimate priced from marked areas is
//! stored complete; one the detector works out is stored `processing` and
//! completed (or failed) by its job.

use super::sql::{args, Sql};
use crate::tables::Mode;
use crate::util::now_ms;
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
    /// The side of the car it shows, when the partner said.
    pub view: Option<&'a str>,
}

/// What a new estimate stores.
pub(crate) struct NewEstimate<'a> {
    pub id: &'a str,
    pub partner_id: &'a str,
    pub mode: Mode,
    pub request: &'a str,
    /// The two views when it is complete now; `None` for one the detector works out.
    pub views: Option<(&'a str, &'a str)>,
    pub created_at: i64,
    /// Where the partner wants this estimate's events, besides its endpoint.
    pub callback_url: Option<&'a str>,
}

/// Inserts the estimate and its photos (the caller's transaction makes it all-or-nothing).
pub(crate) fn insert(
    db: &mut dyn Sql,
    e: &NewEstimate<'_>,
    photos: &[PhotoRow<'_>],
) -> Result<(), Error> {
    let (status, stage, progress, done) = match e.views {
        Some(_) => ("complete", "complete", 1.0, Some(e.created_at)),
        None => ("processing", "queued", 0.0, None),
    };
    db.exec(
        "INSERT INTO estimates (id, partner_id, mode, request, response, insurance, created_at, \
         status, stage, progress, completed_at, callback_url) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        args![
            e.id,
            e.partner_id,
            e.mode,
            e.request,
            e.views.map(|v| v.0),
            e.views.map(|v| v.1),
            e.created_at,
            status,
            stage,
            progress,
            done,
            e.callback_url
        ],
    )?;
    for (i, p) in photos.iter().enumerate() {
        db.exec(
            "INSERT INTO estimate_photos (estimate_id, idx, file_name, format, width, height, sha256, original, thumbnail, view) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            args![e.id, i, p.file_name, p.format, p.width, p.height, p.sha256, p.original, p.thumbnail, p.view],
        )?;
    }
    Ok(())
}

/// An estimate as `GET /v1/estimates/{id}` reads it.
#[derive(Debug, Clone)]
pub(crate) struct EstimateRow {
    pub status: String,
    pub stage: String,
    pub progress: f64,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub created_at: i64,
    pub completed_at: Option<i64>,
    /// The complete response, once complete.
    pub response: Option<String>,
}

/// The tenant's estimate `id`, if it owns one.
pub(crate) fn state(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<EstimateRow>, Error> {
    db.row(
        "SELECT status, stage, progress, error_code, error, created_at, completed_at, response \
         FROM estimates WHERE id = $1 AND partner_id = $2 AND mode = $3",
        args![id, partner_id, mode],
    )?
    .map(|r| {
        Ok(EstimateRow {
            status: r.get(0)?,
            stage: r.get(1)?,
            progress: r.get(2)?,
            error_code: r.get(3)?,
            error: r.get(4)?,
            created_at: r.get(5)?,
            completed_at: r.get(6)?,
            response: r.get(7)?,
        })
    })
    .transpose()
}

/// A `processing` estimate as its job reads it.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub partner_id: String,
    pub mode: Mode,
    pub status: String,
    /// The engine's request without areas (vehicle, state, part preference).
    pub request: String,
    pub callback_url: Option<String>,
    pub created_at: i64,
}

/// Estimate `id` by id alone (for workers).
pub(crate) fn for_worker(db: &mut dyn Sql, id: &str) -> Result<Option<Pending>, Error> {
    db.row(
        "SELECT partner_id, mode, status, request, callback_url, created_at FROM estimates WHERE id = $1",
        args![id],
    )?
    .map(|r| {
        Ok(Pending {
            partner_id: r.get(0)?,
            mode: r.get(1)?,
            status: r.get(2)?,
            request: r.get(3)?,
            callback_url: r.get(4)?,
            created_at: r.get(5)?,
        })
    })
    .transpose()
}

/// A stored photo with its original bytes.
#[derive(Debug, Clone)]
pub(crate) struct StoredPhoto {
    pub file_name: String,
    pub format: String,
    pub width: u32,
    pub height: u32,
    pub sha256: String,
    pub view: Option<String>,
    pub original: Vec<u8>,
}

/// The estimate's photos, in the order sent.
pub(crate) fn photos(db: &mut dyn Sql, id: &str) -> Result<Vec<StoredPhoto>, Error> {
    db.rows(
        "SELECT file_name, format, width, height, sha256, view, original FROM estimate_photos \
         WHERE estimate_id = $1 ORDER BY idx",
        args![id],
    )?
    .into_iter()
    .map(|r| {
        Ok(StoredPhoto {
            file_name: r.get(0)?,
            format: r.get(1)?,
            width: r.get::<i64>(2)? as u32,
            height: r.get::<i64>(3)? as u32,
            sha256: r.get(4)?,
            view: r.get(5)?,
            original: r.get(6)?,
        })
    })
    .collect()
}

/// An estimate as deleting one of its photos reads it, locked until commit.
#[derive(Debug, Clone)]
pub(crate) struct PhotoHolder {
    /// `processing`, `complete` or `failed`.
    pub status: String,
    /// The engine's request (its areas name the photo each was marked or found on).
    pub request: String,
    /// The complete response (its `photos` and `proposals`), once complete.
    pub response: Option<String>,
    /// The numbers (`idx`) of the photos it still has, in order.
    pub photos: Vec<i64>,
}

/// The tenant's estimate `id` with its photos' numbers, if it owns one; the
/// estimate's row is locked against other writers until the transaction ends.
pub(crate) fn photo_holder(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<PhotoHolder>, Error> {
    let sql = format!(
        "SELECT status, request, response FROM estimates \
         WHERE id = $1 AND partner_id = $2 AND mode = $3 {}",
        db.lock_rows()
    );
    let Some(r) = db.row(&sql, args![id, partner_id, mode])? else {
        return Ok(None);
    };
    let photos = db
        .rows(
            "SELECT idx FROM estimate_photos WHERE estimate_id = $1 ORDER BY idx",
            args![id],
        )?
        .into_iter()
        .map(|p| p.get(0))
        .collect::<Result<_, _>>()?;
    Ok(Some(PhotoHolder {
        status: r.get(0)?,
        request: r.get(1)?,
        response: r.get(2)?,
        photos,
    }))
}

/// Deletes photo `idx` of estimate `id`: the row with its original and thumbnail.
pub(crate) fn delete_photo(db: &mut dyn Sql, id: &str, idx: i64) -> Result<(), Error> {
    db.exec(
        "DELETE FROM estimate_photos WHERE estimate_id = $1 AND idx = $2",
        args![id, idx],
    )?;
    Ok(())
}

/// Replaces the stored complete response (its photos changed).
pub(crate) fn set_response(db: &mut dyn Sql, id: &str, response: &str) -> Result<(), Error> {
    db.exec(
        "UPDATE estimates SET response = $2 WHERE id = $1",
        args![id, response],
    )?;
    Ok(())
}

/// What a finished job writes.
pub(crate) struct Finished<'a> {
    /// The engine's request as priced (with the confirmed areas).
    pub request: &'a str,
    pub response: &'a str,
    pub insurance: &'a str,
}

/// Completes a `processing` estimate; `None` when it was already finished
/// (by another process that held the job before).
pub(crate) fn complete(
    db: &mut dyn Sql,
    id: &str,
    done: &Finished<'_>,
    at: i64,
) -> Result<Option<i64>, Error> {
    let changed = db.exec(
        "UPDATE estimates SET status = 'complete', stage = 'complete', progress = 1.0, request = $2, \
         response = $3, insurance = $4, completed_at = $5 WHERE id = $1 AND status = 'processing'",
        args![id, done.request, done.response, done.insurance, at],
    )?;
    Ok((changed == 1).then_some(at))
}

/// Fails a `processing` estimate with seed 001's `code`; `None` when it was
/// already finished.
pub(crate) fn fail(
    db: &mut dyn Sql,
    id: &str,
    code: &str,
    message: &str,
) -> Result<Option<i64>, Error> {
    let now = now_ms();
    let changed = db.exec(
        "UPDATE estimates SET status = 'failed', stage = 'failed', error_code = $2, error = $3, \
         completed_at = $4 WHERE id = $1 AND status = 'processing'",
        args![id, code, message, now],
    )?;
    Ok((changed == 1).then_some(now))
}

/// The estimate's status and its stored insurance view (none until it is
/// complete), if the tenant owns the estimate.
pub(crate) fn insurance(
    db: &mut dyn Sql,
    id: &str,
    partner_id: &str,
    mode: Mode,
) -> Result<Option<(String, Option<String>)>, Error> {
    db.row(
        "SELECT status, insurance FROM estimates WHERE id = $1 AND partner_id = $2 AND mode = $3",
        args![id, partner_id, mode],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
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
