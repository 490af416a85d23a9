//! Saving and reading estimates: every save one transaction, like the cases.

use rusqlite::Connection;
use serde_json::json;
use shopbench_estimate::Overrides;

use crate::queries::estimates as q;
use crate::queries::history::{append_to, list_of, Owner};
use crate::{
    EstimateId, EstimateListing, HistoryEntry, NewArea, NewEstimate, NewEstimatePhoto, Store,
    StoreError, StoredEstimate, MAX_ESTIMATE_PHOTOS, MAX_ESTIMATE_PHOTO_BYTES,
};

impl Store {
    /// Saves a new estimate with its photos and damage areas in one transaction: it is there
    /// whole or not at all. Areas name their photo by file name.
    pub fn create_estimate(
        &mut self,
        new: &NewEstimate,
        photos: &[NewEstimatePhoto],
        areas: &[NewArea],
    ) -> Result<EstimateId, StoreError> {
        if photos.len() > MAX_ESTIMATE_PHOTOS {
            return Err(StoreError::TooManyPhotos {
                estimate: None,
                count: photos.len(),
                max: MAX_ESTIMATE_PHOTOS,
            });
        }
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let id = q::insert(&tx, new, &now)?;
        append_to(
            &tx,
            Owner::Estimate(id),
            &now,
            &actor,
            "estimate.create",
            None,
            Some(&serde_json::to_value(new)?),
        )?;
        for p in photos {
            insert_photo(&tx, id, p, &now, &actor)?;
        }
        for a in areas {
            insert_area(&tx, id, a, &now, &actor)?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Adds a photo to an estimate. Refused (and nothing changed) when the estimate already
    /// holds [`MAX_ESTIMATE_PHOTOS`], or a photo with the same name or content. Returns its id.
    pub fn add_estimate_photo(
        &mut self,
        id: EstimateId,
        photo: &NewEstimatePhoto,
    ) -> Result<i64, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !q::exists(&tx, id)? {
            return Err(StoreError::EstimateNotFound(id));
        }
        let pid = insert_photo(&tx, id, photo, &now, &actor)?;
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(pid)
    }

    /// Adds a damage area (on a photo of the estimate, named by file name, or on none).
    pub fn add_estimate_area(&mut self, id: EstimateId, area: &NewArea) -> Result<i64, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !q::exists(&tx, id)? {
            return Err(StoreError::EstimateNotFound(id));
        }
        let aid = insert_area(&tx, id, area, &now, &actor)?;
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(aid)
    }

    /// Removes a damage area; the history keeps what it was. `overrides_after`
    /// replaces the estimator's overrides in the same transaction, because an
    /// edit of a line only that area produced must go with it (see
    /// `shopbench_estimate::overrides_that_still_apply`); pass the current
    /// overrides when none are affected.
    pub fn remove_estimate_area(
        &mut self,
        id: EstimateId,
        area: i64,
        overrides_after: &Overrides,
    ) -> Result<(), StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let before = q::areas(&tx, id)?.into_iter().find(|a| a.id == area);
        let Some(before) = before else {
            if !q::exists(&tx, id)? {
                return Err(StoreError::EstimateNotFound(id));
            }
            return Err(StoreError::AreaNotOnEstimate { estimate: id, area });
        };
        q::delete_area(&tx, id, area)?;
        append_to(
            &tx,
            Owner::Estimate(id),
            &now,
            &actor,
            "area.remove",
            Some(&serde_json::to_value(before)?),
            None,
        )?;
        replace_overrides(&tx, id, &now, &actor, overrides_after)?;
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the estimator's overrides (the history keeps old and new).
    pub fn set_estimate_overrides(
        &mut self,
        id: EstimateId,
        overrides: &Overrides,
    ) -> Result<(), StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !replace_overrides(&tx, id, &now, &actor, overrides)? {
            return Ok(());
        }
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(())
    }

    /// The whole estimate (photos with thumbnails, without originals), in one snapshot.
    pub fn estimate(&self, id: EstimateId) -> Result<StoredEstimate, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let row = q::get(&tx, id)?;
        let est = StoredEstimate {
            id,
            vehicle: row.vehicle,
            vin: row
                .vin
                .map(|v| {
                    v.parse()
                        .map_err(|_| StoreError::Corrupt(format!("estimate {id}: VIN '{v}'")))
                })
                .transpose()?,
            state: row.state,
            metro: row.metro,
            part_preference: serde_json::from_value(json!(row.part_preference)).map_err(|_| {
                StoreError::Corrupt(format!(
                    "estimate {id}: part preference '{}'",
                    row.part_preference
                ))
            })?,
            overrides: row.overrides,
            photos: q::photos(&tx, id)?,
            areas: q::areas(&tx, id)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        };
        tx.finish()?;
        Ok(est)
    }

    /// The original bytes of a photo on the estimate, exactly as they were added.
    pub fn estimate_photo_original(
        &self,
        id: EstimateId,
        file_name: &str,
    ) -> Result<Vec<u8>, StoreError> {
        match q::photo_original(&self.conn, id, file_name)? {
            Some(bytes) => Ok(bytes),
            None if !q::exists(&self.conn, id)? => Err(StoreError::EstimateNotFound(id)),
            None => Err(StoreError::PhotoNotOnEstimate {
                estimate: id,
                file_name: file_name.to_string(),
            }),
        }
    }

    /// Estimates, newest first, at most `limit`.
    pub fn list_estimates(&self, limit: u32) -> Result<Vec<EstimateListing>, StoreError> {
        q::list(&self.conn, limit)
    }

    /// Every change to an estimate, oldest first.
    pub fn estimate_history(&self, id: EstimateId) -> Result<Vec<HistoryEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        if !q::exists(&tx, id)? {
            return Err(StoreError::EstimateNotFound(id));
        }
        let h = list_of(&tx, Owner::Estimate(id))?;
        tx.finish()?;
        Ok(h)
    }
}

/// Writes new overrides with a history entry holding old and new; says
/// whether anything changed (equal overrides write nothing).
fn replace_overrides(
    conn: &Connection,
    id: EstimateId,
    now: &str,
    actor: &str,
    overrides: &Overrides,
) -> Result<bool, StoreError> {
    let old = q::get(conn, id)?.overrides;
    if old == *overrides {
        return Ok(false);
    }
    q::set_overrides(conn, id, overrides)?;
    append_to(
        conn,
        Owner::Estimate(id),
        now,
        actor,
        "overrides",
        Some(&serde_json::to_value(old)?),
        Some(&serde_json::to_value(overrides)?),
    )?;
    Ok(true)
}

/// Checks and inserts one photo inside the caller's transaction.
fn insert_photo(
    conn: &Connection,
    id: EstimateId,
    p: &NewEstimatePhoto,
    now: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let name = p.file_name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("a photo needs a file name".into()));
    }
    if p.sha256.len() != 64 || !p.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(format!(
            "photo {name}: '{}' is not a SHA-256 (64 hex digits)",
            p.sha256
        )));
    }
    if p.original.is_empty() || p.original.len() > MAX_ESTIMATE_PHOTO_BYTES {
        return Err(StoreError::Invalid(format!(
            "photo {name}: {} bytes — a photo must be 1 byte to {MAX_ESTIMATE_PHOTO_BYTES} bytes",
            p.original.len()
        )));
    }
    let count = q::photo_count(conn, id)?;
    if count >= MAX_ESTIMATE_PHOTOS {
        return Err(StoreError::TooManyPhotos {
            estimate: Some(id),
            count: count + 1,
            max: MAX_ESTIMATE_PHOTOS,
        });
    }
    if let Some((_, existing)) = q::find_photo(conn, id, name, &p.sha256)? {
        return Err(StoreError::DuplicatePhoto {
            estimate: id,
            file_name: name.to_string(),
            existing,
        });
    }
    let stored = NewEstimatePhoto {
        file_name: name.to_string(),
        ..p.clone()
    };
    let pid = q::insert_photo(conn, id, &stored, now)?;
    append_to(
        conn,
        Owner::Estimate(id),
        now,
        actor,
        "photo.add",
        None,
        Some(&json!({
            "photo": pid, "file_name": name, "sha256": p.sha256, "mime": p.mime,
            "width": p.width, "height": p.height, "bytes": p.original.len(),
        })),
    )?;
    Ok(pid)
}

/// Resolves the area's photo and inserts it inside the caller's transaction.
fn insert_area(
    conn: &Connection,
    id: EstimateId,
    a: &NewArea,
    now: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    if a.panel.trim().is_empty() {
        return Err(StoreError::Invalid("a damage area needs a panel".into()));
    }
    let photo_id = match a.photo.as_deref().map(str::trim) {
        Some(name) => {
            let found = q::find_photo(conn, id, name, "")?.filter(|(_, n)| n == name);
            match found {
                Some((pid, _)) => Some(pid),
                None => {
                    return Err(StoreError::PhotoNotOnEstimate {
                        estimate: id,
                        file_name: name.to_string(),
                    })
                }
            }
        }
        None if a.region.is_some() => {
            return Err(StoreError::Invalid(format!(
                "damage area on {}: a box needs the photo it was drawn on",
                a.panel
            )))
        }
        None => None,
    };
    let aid = q::insert_area(conn, id, photo_id, a, now)?;
    let mut logged = serde_json::to_value(a)?;
    logged["area"] = json!(aid);
    append_to(
        conn,
        Owner::Estimate(id),
        now,
        actor,
        "area.add",
        None,
        Some(&logged),
    )?;
    Ok(aid)
}
