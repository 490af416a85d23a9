//! `DELETE /v1/estimates/{id}/photos/{photo_id}`: a partner takes back a photo
//! it sent by mistake (a customer's face, a licence plate).
//!
//! A photo is named by the id the estimate shows for it (`photos[].photo_id`:
//! `photo_0`, `photo_1`, …), never by its place in the list: ids are not
//! renumbered when one is deleted, so a retried or repeated DELETE can only
//! ever reach the photo it named (the second answers `404`), never the one
//! that moved into its place.
//!
//! A photo the estimate's damage areas were marked or found on is refused
//! (`409`), as `shopbench estimate remove-photo` refuses it: those areas
//! would point at a photo that is gone, and the price stands on them. The
//! detector's unpriced `proposals` on the photo go with it. While the
//! detector is still reading the photos, every deletion is refused (`409`).
//! The row goes with its bytes and thumbnail; on SQLite `secure_delete`
//! zeroes the freed pages and the write-ahead log is emptied after — at once,
//! or, while another reader holds an older snapshot, as soon as it lets go
//! (tried every 2 s, in the background: the answer does not wait for it).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Extension;
use serde_json::Value;
use shopbench_estimate::EstimateRequest;

use crate::api::St;
use crate::db::estimates::{self as store, PhotoHolder};
use crate::db::tenants::Tenant;
use crate::estimates::{not_found, to_json};
use crate::problem::{ApiError, ProblemDoc};

/// The stored number of photo `photo_id` as the estimate shows it
/// (`photo_2` → 2); `None` for anything else (`photo_02`, `photo_-1`, `2`).
fn photo_number(photo_id: &str) -> Option<i64> {
    let n: i64 = photo_id.strip_prefix("photo_")?.parse().ok()?;
    (n >= 0 && format!("photo_{n}") == photo_id).then_some(n)
}

/// The priced areas marked or found on `photo_id`, as the estimate's
/// `damage.areas[i]` shows them (`damage.areas[0] (front_bumper, dent)`).
fn areas_on(request: &str, photo_id: &str) -> Result<Vec<String>, ApiError> {
    let req: EstimateRequest = serde_json::from_str(request)
        .map_err(|e| ApiError::Internal(format!("stored estimate request: {e}")))?;
    Ok(req
        .areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.photo_id.as_deref() == Some(photo_id))
        .map(|(i, a)| format!("damage.areas[{i}] ({}, {})", a.panel, a.damage_type))
        .collect())
}

/// The stored number of the photo to delete, or why it cannot be: `404`
/// when the estimate has no such photo (never sent, or already deleted),
/// `409` while the detector reads the photos or when priced areas stand on it.
fn photo_to_delete(id: &str, photo_id: &str, holder: &PhotoHolder) -> Result<i64, ApiError> {
    if holder.status == "processing" {
        return Err(ApiError::Conflict(format!(
            "estimate '{id}' is still processing: the damage detector is reading its photos — delete the photo once the estimate is complete or failed (poll /v1/estimates/{id})"
        )));
    }
    let Some(n) = photo_number(photo_id).filter(|n| holder.photos.contains(n)) else {
        let left: Vec<String> = holder.photos.iter().map(|n| format!("photo_{n}")).collect();
        return Err(ApiError::NotFound(format!(
            "estimate '{id}' has no photo '{photo_id}' (never sent, or already deleted); its photos now: {}",
            if left.is_empty() { "none".into() } else { left.join(", ") }
        )));
    };
    let areas = areas_on(&holder.request, photo_id)?;
    if !areas.is_empty() {
        return Err(ApiError::Conflict(format!(
            "photo '{photo_id}' of estimate '{id}' cannot be deleted: the estimate's price stands on damage marked or found on it ({}), which would point at a photo that is gone; nothing was deleted — to be rid of the photo, create the estimate again without it (or without marking areas on it)",
            areas.join(", ")
        )));
    }
    Ok(n)
}

/// The stored response without photo `photo_id` in `photos`, nor the
/// detector's `proposals` found on it.
fn without_photo(response: &str, photo_id: &str) -> Result<String, ApiError> {
    let mut v: Value = serde_json::from_str(response)
        .map_err(|e| ApiError::Internal(format!("stored estimate response: {e}")))?;
    for list in ["photos", "proposals"] {
        if let Some(items) = v.get_mut(list).and_then(Value::as_array_mut) {
            items.retain(|item| item["photo_id"] != photo_id);
        }
    }
    to_json(&v)
}

#[utoipa::path(
    delete,
    path = "/v1/estimates/{id}/photos/{photo_id}",
    tag = "estimates",
    params(
        ("id" = String, Path, description = "Estimate id"),
        ("photo_id" = String, Path, description = "The photo's id as the estimate shows it in `photos[].photo_id` (`photo_0` = `photo`, `photo_1`.. = `additional_photos`); ids are not renumbered after a deletion"),
    ),
    responses(
        (status = 204, description = "Deleted (free): the photo's row (its bytes and thumbnail) is deleted, `GET /v1/estimates/{id}` no longer lists it, and the detector's unpriced `proposals` on it went with it"),
        (status = 404, description = "No such estimate for this key, or it has no such photo (never sent, or already deleted: a repeated DELETE is a 404 and changes nothing)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "Refused, nothing deleted: damage areas the price stands on were marked or found on the photo (named), or the damage detector is still reading the estimate's photos", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `DELETE /v1/estimates/{id}/photos/{photo_id}` (free) → `204`.
pub(crate) async fn delete_estimate_photo(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path((id, photo_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    st.db.tx(|tx| {
        let holder =
            store::photo_holder(tx, &id, &t.partner_id, t.mode)?.ok_or_else(|| not_found(&id))?;
        let n = photo_to_delete(&id, &photo_id, &holder)?;
        store::delete_photo(tx, &id, n)?;
        if let Some(response) = &holder.response {
            store::set_response(tx, &id, &without_photo(response, &photo_id)?)?;
        }
        Ok::<_, ApiError>(())
    })?;
    if !st.db.forget_deleted_pages()? {
        tokio::spawn(forget_when_readers_leave(st.clone()));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// How often, and how many times, the write-ahead log is tried again after a
/// deletion a reader kept in it: every 2 s for 10 min.
const FORGET_RETRY: std::time::Duration = std::time::Duration::from_secs(2);
const FORGET_TRIES: u32 = 300;

/// Empties the write-ahead log once the readers that kept it have gone; said
/// on stderr when they never do (the bytes then stay in the log until a later
/// deletion or checkpoint empties it).
async fn forget_when_readers_leave(st: std::sync::Arc<crate::AppState>) {
    for _ in 0..FORGET_TRIES {
        tokio::time::sleep(FORGET_RETRY).await;
        match st.db.forget_deleted_pages() {
            Ok(true) => return,
            Ok(false) => continue,
            Err(e) => {
                eprintln!(
                    "shopbench-server: emptying the write-ahead log after a photo deletion: {e}"
                );
                return;
            }
        }
    }
    eprintln!(
        "shopbench-server: a reader kept the write-ahead log for 10 min after a photo deletion: the deleted photo's pages stay in {}-wal until a later deletion empties it",
        st.db.target()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use shopbench_estimate::{DamageArea, DamageType, Severity, Vehicle};

    fn request(on: &[Option<&str>]) -> String {
        let areas = on
            .iter()
            .map(|p| DamageArea {
                photo_id: p.map(String::from),
                ..DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate)
            })
            .collect();
        let req = EstimateRequest::new(Vehicle::new("Toyota", "Camry", 2022), "CA", areas);
        serde_json::to_string(&req).unwrap()
    }

    fn holder(status: &str, request: String, photos: &[i64]) -> PhotoHolder {
        PhotoHolder {
            status: status.into(),
            request,
            response: None,
            photos: photos.to_vec(),
        }
    }

    #[test]
    fn only_the_ids_the_estimate_shows_name_a_photo() {
        assert_eq!(photo_number("photo_0"), Some(0));
        assert_eq!(photo_number("photo_12"), Some(12));
        for not in [
            "photo_01", "photo_-1", "photo_+1", "2", "photo_", "PHOTO_1", "photo_1 ",
        ] {
            assert_eq!(photo_number(not), None, "{not}");
        }
    }

    #[test]
    fn a_photo_priced_areas_stand_on_is_refused_naming_them() {
        let h = holder(
            "complete",
            request(&[Some("photo_0"), None, Some("photo_0")]),
            &[0, 1],
        );
        let e = photo_to_delete("est_1", "photo_0", &h).unwrap_err();
        let p = e.problem();
        assert_eq!(
            (p.status, p.type_.as_str()),
            (409, "urn:shopbench:problem:conflict")
        );
        assert!(
            p.detail
                .contains("damage.areas[0] (front_bumper, dent), damage.areas[2]"),
            "{}",
            p.detail
        );
        assert_eq!(photo_to_delete("est_1", "photo_1", &h).unwrap(), 1);
    }

    #[test]
    fn an_unknown_or_deleted_photo_is_a_404_listing_what_is_left() {
        let h = holder("failed", request(&[None]), &[0, 2]);
        for gone in ["photo_1", "photo_3", "bumper.jpg"] {
            let p = photo_to_delete("est_1", gone, &h).unwrap_err().problem();
            assert_eq!(p.status, 404, "{gone}");
            assert!(
                p.detail.ends_with("its photos now: photo_0, photo_2"),
                "{}",
                p.detail
            );
        }
        assert_eq!(photo_to_delete("est_1", "photo_2", &h).unwrap(), 2);
    }

    #[test]
    fn nothing_is_deleted_while_the_detector_reads_the_photos() {
        let h = holder("processing", request(&[]), &[0]);
        assert_eq!(
            photo_to_delete("est_1", "photo_0", &h)
                .unwrap_err()
                .problem()
                .status,
            409
        );
    }

    #[test]
    fn the_response_loses_the_photo_and_the_proposals_on_it_only() {
        let stored = json!({
            "id": "est_1",
            "photos": [{"photo_id": "photo_0", "sha256": "a"}, {"photo_id": "photo_1", "sha256": "b"}],
            "proposals": [{"photo_id": "photo_1", "label": "lamp broken"}, {"photo_id": "photo_0", "label": "flat tyre"}],
        });
        let after: Value =
            serde_json::from_str(&without_photo(&stored.to_string(), "photo_1").unwrap()).unwrap();
        assert_eq!(
            after["photos"],
            json!([{"photo_id": "photo_0", "sha256": "a"}])
        );
        assert_eq!(
            after["proposals"],
            json!([{"photo_id": "photo_0", "label": "flat tyre"}])
        );
        assert_eq!(after["id"], "est_1");
    }
}
