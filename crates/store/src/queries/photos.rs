//! `photos`: records of pictures kept on disk.

use rusqlite::{params, Connection};

use crate::{CaseId, Photo, StoreError};

pub(crate) fn insert(
    conn: &Connection,
    case: CaseId,
    p: &Photo,
    now: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO photos (case_id, path, sha256, mime, width, height, thumbnail, caption, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![case.0, p.path, p.sha256, p.mime, p.width, p.height, p.thumbnail, p.caption, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Photos of a case, oldest first, with their thumbnails.
pub(crate) fn list(conn: &Connection, case: CaseId) -> Result<Vec<Photo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path, sha256, mime, width, height, thumbnail, caption, created_at \
         FROM photos WHERE case_id = ?1 ORDER BY id",
    )?;
    let photos = stmt
        .query_map([case.0], |r| {
            Ok(Photo {
                id: r.get(0)?,
                path: r.get(1)?,
                sha256: r.get(2)?,
                mime: r.get(3)?,
                width: r.get(4)?,
                height: r.get(5)?,
                thumbnail: r.get(6)?,
                caption: r.get(7)?,
                created_at: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(photos)
}
