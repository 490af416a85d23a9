//! Saving and reading estimates: every save one transaction, like the cases.

use rusqlite::Connection;
use serde_json::json;
use shopbench_estimate::{DamageType, Overrides, ProposedArea, Rect, ScanStage, Severity, View};

use crate::queries::estimates::{self as q, AreaInsert, StoredArea};
use crate::queries::history::{append_to, list_of, History, Owner};
use crate::{
    EstimateArea, EstimateId, EstimateListing, EstimateProposal, HistoryEntry, NewArea,
    NewEstimate, NewEstimatePhoto, NewModuleScan, NewRemotePricing, RemotePricing, Store,
    StoreError, StoredEstimate, StoredEstimateScan, MAX_ESTIMATE_PHOTOS, MAX_ESTIMATE_PHOTO_BYTES,
};

/// The ids a save of proposals gave: the proposals kept as proposals, and the areas saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalIds {
    /// Ids of the open proposals, in the order given.
    pub proposals: Vec<i64>,
    /// Ids of the confirmed areas, in the order given.
    pub areas: Vec<i64>,
}

impl Store {
    /// One change to estimate `id` in one write transaction: what `change`
    /// does is kept, the estimate marked changed (`updated_at`) and all
    /// committed — or, on an error, nothing at all.
    fn change_estimate<T>(
        &mut self,
        id: EstimateId,
        change: impl FnOnce(&History<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let c = History {
            conn: &tx,
            owner: Owner::Estimate(id),
            at: &now,
            actor: &actor,
        };
        let out = change(&c)?;
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(out)
    }

    /// Adds `items` (photos or damage areas) to existing estimate `id` with `insert`, in one
    /// change: all of them, or none when one is refused. Returns their ids, in order.
    fn add_each<T>(
        &mut self,
        id: EstimateId,
        items: &[T],
        insert: fn(&Connection, EstimateId, &T, &str, &str) -> Result<i64, StoreError>,
    ) -> Result<Vec<i64>, StoreError> {
        self.change_estimate(id, |c| {
            q::existing(c.conn, id)?;
            items
                .iter()
                .map(|item| insert(c.conn, id, item, c.at, c.actor))
                .collect()
        })
    }

    /// Saves a new estimate with its photos and damage areas in one transaction: it is there
    /// whole or not at all. Areas name their photo by file name.
    pub fn create_estimate(
        &mut self,
        new: &NewEstimate,
        photos: &[NewEstimatePhoto],
        areas: &[NewArea],
    ) -> Result<EstimateId, StoreError> {
        Ok(self
            .create_estimate_with_proposals(new, photos, areas, &[])?
            .0)
    }

    /// [`Store::create_estimate`], with a detector's proposals kept as proposals (shown,
    /// never priced until confirmed) in the same transaction. A proposal names its photo by
    /// file name (`photo_id`). Returns the estimate and the ids given.
    pub fn create_estimate_with_proposals(
        &mut self,
        new: &NewEstimate,
        photos: &[NewEstimatePhoto],
        areas: &[NewArea],
        proposals: &[ProposedArea],
    ) -> Result<(EstimateId, ProposalIds), StoreError> {
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
        let mut ids = ProposalIds::default();
        for p in proposals {
            ids.proposals
                .push(insert_proposal(&tx, id, p, &now, &actor)?);
        }
        for a in areas {
            ids.areas.push(insert_area(&tx, id, a, &now, &actor)?);
        }
        tx.commit()?;
        Ok((id, ids))
    }

    /// A detector's new look at some photos of the estimate, in one transaction: the open
    /// proposals on `photos` (file names) are dropped (the history keeps them), `proposals`
    /// are kept as proposals and `accepted` saved as confirmed areas.
    pub fn replace_estimate_proposals(
        &mut self,
        id: EstimateId,
        photos: &[&str],
        proposals: &[ProposedArea],
        accepted: &[NewArea],
    ) -> Result<ProposalIds, StoreError> {
        self.change_estimate(id, |c| {
            q::existing(c.conn, id)?;
            for old in open_proposals(c.conn, id)? {
                if photos.contains(&old.photo.as_str()) {
                    q::delete_area(c.conn, id, old.id)?;
                    c.log("proposal.drop", Some(&serde_json::to_value(old)?), None)?;
                }
            }
            let mut ids = ProposalIds::default();
            for p in proposals {
                ids.proposals
                    .push(insert_proposal(c.conn, id, p, c.at, c.actor)?);
            }
            for a in accepted {
                ids.areas.push(insert_area(c.conn, id, a, c.at, c.actor)?);
            }
            Ok(ids)
        })
    }

    /// Confirms proposal `area` as a damage area on `panel` with `damage_type` and
    /// `severity` (the estimator's choice; the detector and confidence stay, and the box
    /// too unless `region` moves it). It is priced from then on. Anything but an open proposal is [`StoreError::NotAProposal`].
    pub fn confirm_estimate_proposal(
        &mut self,
        id: EstimateId,
        area: i64,
        panel: &str,
        damage_type: DamageType,
        severity: Severity,
        region: Option<Rect>,
    ) -> Result<(), StoreError> {
        let panel = panel.trim();
        self.change_estimate(id, |c| {
            let before = proposal(c.conn, id, area)?;
            if panel.is_empty() {
                return Err(StoreError::Invalid("a damage area needs a panel".into()));
            }
            let (damage, how_bad) = (damage_type.as_str(), severity.as_str());
            q::confirm_area(c.conn, id, area, panel, damage, how_bad)?;
            if let Some(r) = region {
                q::move_area(c.conn, id, area, r)?;
            }
            let after = json!({
                "area": area, "panel": panel, "damage_type": damage_type, "severity": severity,
                "region": region.unwrap_or(before.region),
            });
            let before = serde_json::to_value(before)?;
            c.log("proposal.confirm", Some(&before), Some(&after))
        })
    }

    /// Drops proposal `area` (the history keeps it). Anything but an open proposal is
    /// [`StoreError::NotAProposal`]; a confirmed area is removed with
    /// [`Store::remove_estimate_area`].
    pub fn drop_estimate_proposal(&mut self, id: EstimateId, area: i64) -> Result<(), StoreError> {
        self.change_estimate(id, |c| {
            let before = serde_json::to_value(proposal(c.conn, id, area)?)?;
            q::delete_area(c.conn, id, area)?;
            c.log("proposal.drop", Some(&before), None)
        })
    }

    /// Says (or, with `None`, forgets) which side of the car a photo of the estimate shows.
    pub fn set_estimate_photo_view(
        &mut self,
        id: EstimateId,
        file_name: &str,
        view: Option<View>,
    ) -> Result<(), StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let Some(old) = q::photos(&tx, id)?
            .into_iter()
            .find(|p| p.file_name == file_name)
        else {
            q::existing(&tx, id)?;
            return Err(StoreError::PhotoNotOnEstimate {
                estimate: id,
                file_name: file_name.to_string(),
            });
        };
        if old.view == view {
            return Ok(());
        }
        q::set_photo_view(&tx, id, file_name, view)?;
        append_to(
            &tx,
            Owner::Estimate(id),
            &now,
            &actor,
            "photo.view",
            Some(&json!({"photo": file_name, "view": old.view})),
            Some(&json!({"photo": file_name, "view": view})),
        )?;
        q::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a photo to an estimate. Refused (and nothing changed) when the estimate already
    /// holds [`MAX_ESTIMATE_PHOTOS`], or a photo with the same name or content. Returns its id.
    pub fn add_estimate_photo(
        &mut self,
        id: EstimateId,
        photo: &NewEstimatePhoto,
    ) -> Result<i64, StoreError> {
        Ok(self.add_estimate_photos(id, std::slice::from_ref(photo))?[0])
    }

    /// Adds photos in one transaction: all of them or, when one is refused (the
    /// sixth, a name or content already there or given twice), none. Returns their ids.
    pub fn add_estimate_photos(
        &mut self,
        id: EstimateId,
        photos: &[NewEstimatePhoto],
    ) -> Result<Vec<i64>, StoreError> {
        self.add_each(id, photos, insert_photo)
    }

    /// Removes photo `file_name` from the estimate, with the detector's open proposals on
    /// it (never priced; the history keeps them). A damage area marked on it keeps it
    /// (the database's foreign key refuses; remove the area first). The history keeps the
    /// photo's name, size and SHA-256, never its bytes, and the bytes do not stay in the
    /// file: deleted content is overwritten (`secure_delete`) and the write-ahead log,
    /// which still holds the pages as they were, is checkpointed and emptied after.
    pub fn remove_estimate_photo(
        &mut self,
        id: EstimateId,
        file_name: &str,
    ) -> Result<(), StoreError> {
        self.change_estimate(id, |c| {
            let Some(photo) = q::photos(c.conn, id)?
                .into_iter()
                .find(|p| p.file_name == file_name)
            else {
                q::existing(c.conn, id)?;
                return Err(StoreError::PhotoNotOnEstimate {
                    estimate: id,
                    file_name: file_name.to_string(),
                });
            };
            for old in open_proposals(c.conn, id)? {
                if old.photo == file_name {
                    q::delete_area(c.conn, id, old.id)?;
                    c.log("proposal.drop", Some(&serde_json::to_value(old)?), None)?;
                }
            }
            q::delete_photo(c.conn, id, photo.id)?;
            // As `photo.add` wrote it (the thumbnail and bytes are not history).
            let before = json!({
                "photo": photo.id,
                "file_name": photo.file_name,
                "sha256": photo.sha256,
                "mime": photo.mime,
                "width": photo.width,
                "height": photo.height,
                "bytes": photo.bytes,
            });
            c.log("photo.remove", Some(&before), None)
        })?;
        self.forget_deleted_pages()
    }

    /// Adds a damage area (on a photo of the estimate, named by file name, or on none).
    pub fn add_estimate_area(&mut self, id: EstimateId, area: &NewArea) -> Result<i64, StoreError> {
        Ok(self.add_estimate_areas(id, std::slice::from_ref(area))?[0])
    }

    /// Adds damage areas in one transaction: all of them or, on an error, none.
    pub fn add_estimate_areas(
        &mut self,
        id: EstimateId,
        areas: &[NewArea],
    ) -> Result<Vec<i64>, StoreError> {
        self.add_each(id, areas, insert_area)
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
        self.change_estimate(id, |c| {
            let before = priced_area(c.conn, id, area)?;
            q::delete_area(c.conn, id, area)?;
            c.log("area.remove", Some(&serde_json::to_value(before)?), None)?;
            replace_overrides(c.conn, id, c.at, c.actor, overrides_after)?;
            Ok(())
        })
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

    /// Saves an all-module scan as the estimate's pre- or post-repair scan (a new row: an
    /// earlier scan of the same stage stays, superseded), with a `scan.save` history entry.
    pub fn save_estimate_scan(
        &mut self,
        id: EstimateId,
        stage: ScanStage,
        scan: &NewModuleScan,
    ) -> Result<StoredEstimateScan, StoreError> {
        crate::store::check_module_scan(scan)?;
        self.change_estimate(id, |c| {
            q::existing(c.conn, id)?;
            let scan_id =
                crate::queries::module_scans::insert_for_estimate(c.conn, id, stage, scan, c.at)?;
            let summary = json!({
                "scan": scan_id,
                "stage": stage,
                "adapter": scan.adapter,
                "modules": scan.modules,
                "active_codes": scan.active_codes,
                "complete": scan.complete,
            });
            c.log("scan.save", None, Some(&summary))?;
            Ok(StoredEstimateScan {
                id: scan_id,
                stage,
                taken_at: c.at.to_string(),
                scan: scan.clone(),
            })
        })
    }

    /// Saves a server's pricing of the estimate (a new row: an earlier one stays), with a
    /// `remote.price` history entry. `sent` and `answer` must be JSON objects.
    pub fn save_estimate_remote_pricing(
        &mut self,
        id: EstimateId,
        pricing: &NewRemotePricing,
    ) -> Result<RemotePricing, StoreError> {
        for (what, v) in [("sent", &pricing.sent), ("answer", &pricing.answer)] {
            if !v.is_object() {
                return Err(StoreError::Invalid(format!(
                    "a remote pricing's {what} must be a JSON object"
                )));
            }
        }
        if pricing.credits_charged < 0 {
            return Err(StoreError::Invalid(
                "a remote pricing's credits_charged cannot be negative".into(),
            ));
        }
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        q::existing(&tx, id)?;
        let row = crate::queries::remote_pricings::insert(&tx, id, pricing, &now)?;
        let summary = json!({
            "server": pricing.server,
            "remote_id": pricing.remote_id,
            "credits_charged": pricing.credits_charged,
        });
        append_to(
            &tx,
            Owner::Estimate(id),
            &now,
            &actor,
            "remote.price",
            None,
            Some(&summary),
        )?;
        tx.commit()?;
        Ok(RemotePricing {
            id: row,
            priced_at: now,
            pricing: pricing.clone(),
        })
    }

    /// The whole estimate (photos with thumbnails, without originals), in one snapshot.
    pub fn estimate(&self, id: EstimateId) -> Result<StoredEstimate, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let row = q::get(&tx, id)?;
        let mut est = StoredEstimate {
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
            areas: Vec::new(),
            proposals: Vec::new(),
            scans: crate::queries::module_scans::of_estimate(&tx, id)?,
            remote_pricings: crate::queries::remote_pricings::of_estimate(&tx, id)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        };
        for a in q::areas(&tx, id)? {
            match a {
                StoredArea::Confirmed(a) => est.areas.push(a),
                StoredArea::Proposed(p) => est.proposals.push(p),
            }
        }
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
            None => q::existing(&self.conn, id).and(Err(StoreError::PhotoNotOnEstimate {
                estimate: id,
                file_name: file_name.to_string(),
            })),
        }
    }

    /// Estimates, newest first, at most `limit`.
    pub fn list_estimates(&self, limit: u32) -> Result<Vec<EstimateListing>, StoreError> {
        q::list(&self.conn, limit)
    }

    /// Every change to an estimate, oldest first.
    pub fn estimate_history(&self, id: EstimateId) -> Result<Vec<HistoryEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        q::existing(&tx, id)?;
        let h = list_of(&tx, Owner::Estimate(id))?;
        tx.finish()?;
        Ok(h)
    }
}

/// The priced damage area `area` of estimate `id`; a detector's open
/// proposal, another estimate's area or no estimate is refused, saying which.
fn priced_area(conn: &Connection, id: EstimateId, area: i64) -> Result<EstimateArea, StoreError> {
    let found = q::areas(conn, id)?.into_iter().find_map(|a| match a {
        StoredArea::Confirmed(a) if a.id == area => Some(Ok(a)),
        StoredArea::Proposed(p) if p.id == area => Some(Err(p)),
        _ => None,
    });
    match found {
        Some(Ok(a)) => Ok(a),
        Some(Err(p)) => Err(StoreError::Invalid(format!(
            "damage area {area} of estimate {id} is a detector's proposal, not priced — drop it with --drop {}",
            p.id
        ))),
        None => q::existing(conn, id).and(Err(StoreError::AreaNotOnEstimate { estimate: id, area })),
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
    if let Some((_, existing)) = q::find_photo(conn, id, "", &p.sha256)? {
        return Err(StoreError::DuplicatePhoto {
            estimate: id,
            file_name: name.to_string(),
            existing,
        });
    }
    if q::find_photo(conn, id, name, "")?.is_some() {
        return Err(StoreError::PhotoNameTaken {
            estimate: id,
            file_name: name.to_string(),
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

/// The estimate's open proposals.
fn open_proposals(conn: &Connection, id: EstimateId) -> Result<Vec<EstimateProposal>, StoreError> {
    Ok(q::areas(conn, id)?
        .into_iter()
        .filter_map(|a| match a {
            StoredArea::Proposed(p) => Some(p),
            StoredArea::Confirmed(_) => None,
        })
        .collect())
}

/// Open proposal `area` of the estimate, or why there is none.
fn proposal(conn: &Connection, id: EstimateId, area: i64) -> Result<EstimateProposal, StoreError> {
    q::existing(conn, id)?;
    open_proposals(conn, id)?
        .into_iter()
        .find(|p| p.id == area)
        .ok_or(StoreError::NotAProposal { estimate: id, area })
}

/// The id of photo `name` on the estimate.
fn photo_id(conn: &Connection, id: EstimateId, name: &str) -> Result<i64, StoreError> {
    q::find_photo(conn, id, name, "")?
        .filter(|(_, n)| n == name)
        .map(|(pid, _)| pid)
        .ok_or_else(|| StoreError::PhotoNotOnEstimate {
            estimate: id,
            file_name: name.to_string(),
        })
}

/// Checks and inserts one detector proposal inside the caller's transaction.
fn insert_proposal(
    conn: &Connection,
    id: EstimateId,
    p: &ProposedArea,
    now: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let Some(name) = p.photo_id.as_deref().map(str::trim) else {
        return Err(StoreError::Invalid(format!(
            "the detector's '{}' proposal names no photo",
            p.label
        )));
    };
    if !matches!(p.source, shopbench_estimate::AreaSource::Detector(_)) {
        return Err(StoreError::Invalid(format!(
            "the '{}' proposal is not a detector's — the estimator's areas are saved as areas",
            p.label
        )));
    }
    if !(0.0..=1.0).contains(&p.confidence) {
        return Err(StoreError::Invalid(format!(
            "the detector's '{}' proposal has confidence {} (must be 0..1)",
            p.label, p.confidence
        )));
    }
    let pid = photo_id(conn, id, name)?;
    let aid = q::insert_area(conn, id, &AreaInsert::proposed(p, pid), now)?;
    let mut logged = serde_json::to_value(p)?;
    logged["area"] = json!(aid);
    append_to(
        conn,
        Owner::Estimate(id),
        now,
        actor,
        "proposal.add",
        None,
        Some(&logged),
    )?;
    Ok(aid)
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
    let by_detector = matches!(a.source, shopbench_estimate::AreaSource::Detector(_));
    if by_detector != a.confidence.is_some()
        || a.confidence.is_some_and(|c| !(0.0..=1.0).contains(&c))
    {
        return Err(StoreError::Invalid(format!(
            "damage area on {}: a detector's area carries its confidence (0..1), the estimator's none",
            a.panel
        )));
    }
    let on_photo = match a.photo.as_deref().map(str::trim) {
        Some(name) => Some(photo_id(conn, id, name)?),
        None if a.region.is_some() => {
            return Err(StoreError::Invalid(format!(
                "damage area on {}: a box needs the photo it was drawn on",
                a.panel
            )))
        }
        None => None,
    };
    let aid = q::insert_area(conn, id, &AreaInsert::confirmed(a, on_photo), now)?;
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
