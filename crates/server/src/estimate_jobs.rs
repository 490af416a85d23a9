//! Estimates the server's damage detector works out — seed 001's asynchronous
//! flow. A request without `areas` is checked, stored `processing`, charged
//! and queued in one transaction ([`accept`] → `202`). A job ([`run`]) reads
//! the stored photos, runs the detector (loaded once per process,
//! [`crate::Config::detector`]) photo by photo with `stage` and `progress`
//! recorded, confirms by policy the proposals that name a panel and a priced
//! damage type (`shopbench_app::detection::sort_proposals`), prices them and
//! completes the estimate; the proposals it could not price are listed in
//! the response. Nothing found is `failed` with `no_damage_detected`, damage
//! found but none priceable `no_priceable_damage`; a job that keeps failing
//! ends `processing_error`. A failed estimate is refunded, exactly as a
//! failed diagnosis is, and `estimate.failed` is sent (to the request's
//! `callback_url` too).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use shopbench_app::detection::{propose_areas, sort_proposals, PhotoToScan};
use shopbench_app::estimates::engine_area;
use shopbench_detect::OnnxDetector;
use shopbench_estimate::{EstimateRequest, ProposedArea, View};
use shopbench_wire::{Billed, EstimateAccepted, EstimateCreated, PhotoMeta};

use crate::billing::RequestId;
use crate::db::estimates::{self as store, Finished, NewEstimate, Pending, StoredPhoto};
use crate::db::jobs::{self, Job};
use crate::db::ledger;
use crate::db::sql::Sql;
use crate::db::tenants::Tenant;
use crate::estimates::{charge_and_store, price_request, to_json, Accepted, Photos};
use crate::problem::ApiError;
use crate::tables::price;
use crate::util::{now_ms, rfc3339};
use crate::worker::{event, stage, JobFailure};
use crate::AppState;

/// What `estimated_seconds` assumes per photo until the process has measured its detector.
pub(crate) const FIRST_GUESS_MS_PER_PHOTO: i64 = 1000;

/// The stages a job records (and pauses after, with `--stage-delay`).
const STAGES: u32 = 3;

/// Stores the estimate `processing`, charges it and queues its job, in one transaction → `202`.
pub(crate) fn accept(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    id: &str,
    request: Accepted,
    photos: &Photos,
) -> Result<Response, ApiError> {
    let created = now_ms();
    let request_json = to_json(&request.engine)?;
    let callback = request.callback_url.as_deref();
    st.db.tx(|tx| {
        let e = NewEstimate {
            id,
            partner_id: &t.partner_id,
            mode: t.mode,
            request: &request_json,
            views: None,
            created_at: created,
            callback_url: callback,
        };
        charge_and_store(tx, t, rid, &e, photos)?;
        jobs::enqueue(tx, "estimate", id)?;
        Ok::<_, ApiError>(())
    })?;
    st.jobs.notify_one();
    let body = EstimateAccepted {
        id: id.to_string(),
        object: "estimate".into(),
        status: "processing".into(),
        estimated_seconds: estimated_seconds(st, photos.len()),
        poll_url: format!("/v1/estimates/{id}"),
        mode: t.mode,
        created_at: rfc3339(created),
        photos: photos.meta(),
    };
    let billed = Billed {
        body,
        charged: true,
        credits_charged: price("estimate.create"),
    };
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/v1/estimates/{id}"))],
        Json(billed),
    )
        .into_response())
}

/// A guess at the job's length: the detector's recent time per photo, and the stage pauses.
fn estimated_seconds(st: &AppState, photos: usize) -> u64 {
    let per_photo = st.detect_ms_per_photo.load(Ordering::Relaxed).max(1) as u64;
    let pauses = st.cfg.stage_delay.as_millis() as u64 * u64::from(STAGES + photos as u32);
    (per_photo * photos as u64 + pauses).div_ceil(1000).max(1)
}

/// Folds a measured detection time into the per-photo figure (a moving average).
fn record_speed(st: &AppState, took: Duration, photos: usize) {
    if photos == 0 {
        return;
    }
    let measured = (took.as_millis() / photos as u128).min(i64::MAX as u128) as i64;
    let old = st.detect_ms_per_photo.load(Ordering::Relaxed);
    st.detect_ms_per_photo
        .store((old * 3 + measured) / 4, Ordering::Relaxed);
}

/// How a job ends.
enum Outcome {
    /// Priced: what to store and the totals for the event.
    Complete {
        request: String,
        response: String,
        insurance: String,
        totals: (i64, i64),
    },
    /// Seed 001's error code and message (the charge is refunded).
    Failed { code: &'static str, message: String },
}

/// Runs an estimate job: detection photo by photo, pricing, the end written once.
pub(crate) async fn run(st: &AppState, job: &Job) -> Result<(), JobFailure> {
    let id = job.target.as_str();
    let me = &st.job_claims;
    let pending = st
        .db
        .run(|c| store::for_worker(c, id))?
        .ok_or_else(|| format!("estimate {id} does not exist"))?;
    if pending.status != "processing" {
        // Finished before a crash stopped the job's bookkeeping: nothing to redo.
        st.db.run(|c| jobs::finish(c, job.id, me, true, None))?;
        return Ok(());
    }
    let Some(detector) = st.cfg.detector.clone() else {
        return Err(JobFailure::from(
            "this process has no damage detector (serve --detector-model)".to_string(),
        ));
    };
    let started = Instant::now();
    stage(st, job, "loading_photos", 0.1).await?;
    let photos = st.db.run(|c| store::photos(c, id))?;
    let found = detect_all(st, job, &detector, &photos).await?;
    record_speed(st, started.elapsed(), photos.len());
    stage(st, job, "pricing", 0.9).await?;
    let outcome = price_found(&pending, id, found, &photos, started)?;
    finish(st, job, &pending, outcome)
}

/// The detector's proposals on every photo (`photo_0`, …), the stage moving with each.
async fn detect_all(
    st: &AppState,
    job: &Job,
    detector: &Arc<OnnxDetector>,
    photos: &[StoredPhoto],
) -> Result<Vec<ProposedArea>, JobFailure> {
    let mut found = Vec::new();
    for (i, p) in photos.iter().enumerate() {
        let progress = 0.2 + 0.6 * i as f64 / photos.len() as f64;
        stage(st, job, "damage_detection", progress).await?;
        let view = p
            .view
            .as_deref()
            .map(str::parse::<View>)
            .transpose()
            .map_err(|e| format!("stored view of photo {i}: {e}"))?;
        let (det, bytes) = (detector.clone(), p.original.clone());
        let name = format!("photo_{i}");
        let proposals = tokio::task::spawn_blocking(move || {
            let scan = PhotoToScan {
                name: &name,
                bytes: &bytes,
                view,
            };
            propose_areas(&det, &[scan])
        })
        .await
        .map_err(|e| format!("detection stopped: {e}"))?
        .map_err(|e| format!("detection on photo {i}: {e}"))?;
        found.extend(proposals);
    }
    Ok(found)
}

/// The policy's areas priced, or why there is nothing to price.
fn price_found(
    pending: &Pending,
    id: &str,
    found: Vec<ProposedArea>,
    photos: &[StoredPhoto],
    started: Instant,
) -> Result<Outcome, JobFailure> {
    if found.is_empty() {
        return Ok(Outcome::Failed {
            code: "no_damage_detected",
            message: format!(
                "No vehicle damage was detected in the submitted photo(s) ({}); the credits were refunded.",
                photos.len()
            ),
        });
    }
    let sorted = sort_proposals(&found, &[], true);
    if sorted.accepted.is_empty() {
        return Ok(Outcome::Failed {
            code: "no_priceable_damage",
            message: unpriced_message(&found),
        });
    }
    let mut req: EstimateRequest =
        serde_json::from_str(&pending.request).map_err(|e| format!("stored request: {e}"))?;
    req.areas = sorted.accepted.iter().map(engine_area).collect();
    let (mut summary, insurance) =
        price_request(&req, id).map_err(|e| format!("pricing: {:?}", e.problem().detail))?;
    summary.processing_time_ms = Some(started.elapsed().as_millis() as u64);
    let totals = (summary.cost.total_min.get(), summary.cost.total_max.get());
    let response = EstimateCreated {
        summary,
        object: "estimate".into(),
        mode: pending.mode,
        created_at: rfc3339(pending.created_at),
        state: req.state.clone(),
        photos: photos.iter().enumerate().map(meta).collect(),
        poll_url: format!("/v1/estimates/{id}"),
        insurance_url: format!("/v1/estimates/{id}/insurance"),
        proposals: sorted.open,
    };
    let text = |r: Result<String, ApiError>| r.map_err(|e| JobFailure::from(format!("{e:?}")));
    Ok(Outcome::Complete {
        request: text(to_json(&req))?,
        response: text(to_json(&response))?,
        insurance: text(to_json(&insurance))?,
        totals,
    })
}

/// Why damage was found but none priced: no side known for its photos, or a class
/// with no damage type.
fn unpriced_message(found: &[ProposedArea]) -> String {
    let typed = found.iter().filter(|p| p.damage_type.is_some()).count();
    let labels: Vec<&str> = found.iter().map(|p| p.label.as_str()).collect();
    let why = if typed == 0 {
        "none of its classes has a damage type the estimate prices".to_string()
    } else {
        format!(
            "it could not place {typed} of them on a panel: send `views` (the side of the car each photo shows: front, rear, left or right), or mark the damage in `areas`"
        )
    };
    format!(
        "The detector found {} possible damage area(s) ({}) but priced none: {why}. The credits were refunded.",
        found.len(),
        labels.join(", ")
    )
}

fn meta((i, p): (usize, &StoredPhoto)) -> PhotoMeta {
    PhotoMeta {
        photo_id: format!("photo_{i}"),
        file_name: p.file_name.clone(),
        format: p.format.clone(),
        width: p.width,
        height: p.height,
        bytes: p.original.len(),
        sha256: p.sha256.clone(),
    }
}

/// Writes the job's end, the estimate's and the event in one transaction, only while this
/// process still holds the job.
fn finish(st: &AppState, job: &Job, pending: &Pending, outcome: Outcome) -> Result<(), JobFailure> {
    let id = job.target.as_str();
    let callback = pending.callback_url.as_deref();
    st.db.tx(|tx| {
        if !jobs::finish(tx, job.id, &st.job_claims, true, None)? {
            return Err(JobFailure::from(format!(
                "job {} was taken over by another process; its result is theirs to write",
                job.id
            )));
        }
        match &outcome {
            Outcome::Complete {
                request,
                response,
                insurance,
                totals: (min, max),
            } => {
                let done = Finished {
                    request,
                    response,
                    insurance,
                };
                if store::complete(tx, id, &done, now_ms())?.is_none() {
                    return Ok(()); // Completed by an earlier holder: no second event.
                }
                let data = json!({
                    "estimate_id": id,
                    "status": "complete",
                    "total_min": min,
                    "total_max": max,
                    "url": format!("/v1/estimates/{id}"),
                });
                let (p, m) = (&pending.partner_id, pending.mode);
                Ok(event(tx, p, m, "estimate.completed", data, callback)?)
            }
            Outcome::Failed { code, message } => {
                let failure = Failure { code, message };
                Ok(fail_and_refund(tx, id, pending, &failure)?)
            }
        }
    })
}

/// Seed 001's error code and message for a failed estimate.
struct Failure<'a> {
    code: &'a str,
    message: &'a str,
}

/// Fails a `processing` estimate, refunds its charge and sends `estimate.failed`; nothing
/// when it was already finished.
fn fail_and_refund(
    tx: &mut dyn Sql,
    id: &str,
    pending: &Pending,
    f: &Failure<'_>,
) -> Result<(), crate::Error> {
    let Some(at) = store::fail(tx, id, f.code, f.message)? else {
        return Ok(());
    };
    let refund = price("estimate.create");
    ledger::append(
        tx,
        &ledger::Entry {
            partner_id: &pending.partner_id,
            mode: pending.mode,
            amount: refund,
            kind: "refund",
            operation: Some("estimate.create"),
            reference: Some(id),
            request_id: None,
        },
    )?;
    let data = json!({
        "estimate_id": id,
        "status": "failed",
        "error": {"code": f.code, "message": f.message},
        "credits_refunded": refund,
        "completed_at": rfc3339(at),
        "url": format!("/v1/estimates/{id}"),
    });
    let callback = pending.callback_url.as_deref();
    event(
        tx,
        &pending.partner_id,
        pending.mode,
        "estimate.failed",
        data,
        callback,
    )
}

/// After a job's last failed attempt: the estimate fails with `processing_error`, refunded.
pub(crate) fn give_up(tx: &mut dyn Sql, id: &str) -> Result<(), crate::Error> {
    let Some(pending) = store::for_worker(tx, id)? else {
        return Ok(());
    };
    let failure = Failure {
        code: "processing_error",
        message:
            "the estimate could not be completed; retry the request (the credits were refunded)",
    };
    fail_and_refund(tx, id, &pending, &failure)
}
