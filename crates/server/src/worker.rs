//! The job workers: claim a due job from the shared queue, run the engine,
//! and write the result, the job's end and the webhook event in one
//! transaction — only while this process still holds the job's claim, so a
//! result is written once even when a lapsed lease let another process run
//! the same job. Credits are drawn when the job is accepted (and refunded if
//! it fails), so a job that is run again after a crash is never charged twice.
//! Two kinds: `diagnose` here, `estimate` (the damage detector's) in
//! [`crate::estimate_jobs`]; a process without a detector leaves the latter
//! to one that has it.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use shopbench_app::Lookups;
use shopbench_diagnosis::CaseInput;

use crate::db::jobs::{self, Job};
use crate::db::sql::Sql;
use crate::db::{cases, deliveries, ledger};
use crate::tables::{price, Mode};
use crate::util::{new_id, now_ms, rfc3339};
use crate::AppState;

/// How often an idle worker looks for work it was not told about (another
/// process's, or a lapsed lease): the bound on cross-process wake-up.
const IDLE_POLL: Duration = Duration::from_millis(250);
/// A job is given up after this many attempts.
const MAX_ATTEMPTS: i64 = 3;

/// Why a job run stopped short.
#[derive(Debug)]
pub(crate) struct JobFailure(String);

impl From<crate::Error> for JobFailure {
    fn from(e: crate::Error) -> Self {
        JobFailure(e.to_string())
    }
}

impl From<String> for JobFailure {
    fn from(e: String) -> Self {
        JobFailure(e)
    }
}

pub(crate) async fn run(st: Arc<AppState>) {
    loop {
        let detects = st.cfg.detector.is_some();
        match st.db.run(|c| jobs::claim(c, &st.job_claims, detects)) {
            Ok(Some(job)) => {
                let outcome = match job.kind.as_str() {
                    "diagnose" => run_diagnosis(&st, &job).await,
                    "estimate" => crate::estimate_jobs::run(&st, &job).await,
                    other => Err(JobFailure(format!("unknown job kind '{other}'"))),
                };
                if let Err(JobFailure(error)) = outcome {
                    failed(&st, &job, &error);
                }
                st.hooks.notify_one();
            }
            Ok(None) => {
                let _ = tokio::time::timeout(IDLE_POLL, st.jobs.notified()).await;
            }
            Err(e) => {
                eprintln!("shopbench-server: claiming a job: {e}");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
}

/// Retries a failed job later, or after its last attempt gives it up.
fn failed(st: &AppState, job: &Job, error: &str) {
    eprintln!(
        "shopbench-server: job {} ({}) failed: {error}",
        job.id, job.kind
    );
    let me = &st.job_claims;
    let r = if job.attempts < MAX_ATTEMPTS {
        st.db
            .run(|c| jobs::retry_later(c, job.id, me, 1000 * job.attempts, error))
            .map(drop)
    } else {
        st.db.tx(|tx| give_up(tx, job, me, error))
    };
    if let Err(e) = r {
        eprintln!("shopbench-server: recording job {} failure: {e}", job.id);
    }
}

/// Marks the job and its diagnosis or estimate failed, refunds the charge, tells the partner.
fn give_up(
    tx: &mut dyn Sql,
    job: &Job,
    me: &jobs::Claimant,
    error: &str,
) -> Result<(), crate::Error> {
    if !jobs::finish(tx, job.id, me, false, Some(error))? {
        return Ok(());
    }
    match job.kind.as_str() {
        "diagnose" => refund_diagnosis(tx, job),
        "estimate" => crate::estimate_jobs::give_up(tx, &job.target),
        _ => Ok(()),
    }
}

/// Fails a diagnosis still processing and refunds it, with `diagnosis.failed`.
fn refund_diagnosis(tx: &mut dyn Sql, job: &Job) -> Result<(), crate::Error> {
    let Some((partner_id, mode, row)) = cases::diagnosis_for_worker(tx, &job.target)? else {
        return Ok(());
    };
    if row.status != "processing" {
        return Ok(());
    }
    let at = cases::fail(
        tx,
        &row.id,
        "the diagnosis could not be completed; the credits were refunded",
    )?;
    ledger::append(
        tx,
        &ledger::Entry {
            partner_id: &partner_id,
            mode,
            amount: price("diagnosis.run"),
            kind: "refund",
            operation: Some("diagnosis.run"),
            reference: Some(&row.id),
            request_id: None,
        },
    )?;
    let data = json!({
        "diagnosis_id": row.id,
        "case_id": row.case_id,
        "status": "failed",
        "completed_at": rfc3339(at),
        "url": format!("/v1/diagnoses/{}", row.id),
    });
    event(tx, &partner_id, mode, "diagnosis.failed", data, None)
}

/// Queues a webhook event for the partner's endpoint (none set: nothing
/// queued) and, when given, for a per-request `callback_url` too.
pub(crate) fn event(
    db: &mut dyn Sql,
    partner_id: &str,
    mode: Mode,
    event_type: &str,
    data: serde_json::Value,
    callback: Option<&str>,
) -> Result<(), crate::Error> {
    let payload = shopbench_wire::Event {
        id: new_id("evt"),
        event_type: event_type.to_string(),
        created_at: rfc3339(now_ms()),
        mode,
        data,
    };
    let body = serde_json::to_string(&payload).expect("an event serializes");
    let ev = (payload.id.as_str(), event_type);
    let endpoint = deliveries::enqueue(db, partner_id, mode, ev, None, &body)?;
    if let Some(url) = callback {
        let same =
            crate::db::tenants::webhook(db, partner_id, mode)?.is_some_and(|(u, _)| u == url);
        if !(same && endpoint.is_some()) {
            deliveries::enqueue(db, partner_id, mode, ev, Some(url), &body)?;
        }
    }
    Ok(())
}

/// Records a stage of the job's diagnosis or estimate and renews the claim; an error when
/// the claim was lost.
pub(crate) async fn stage(
    st: &AppState,
    job: &Job,
    name: &str,
    progress: f64,
) -> Result<(), JobFailure> {
    let held = st.db.run(|c| {
        jobs::set_stage(c, job, name, progress)?;
        jobs::renew(c, job.id, &st.job_claims)
    })?;
    if !held {
        return Err(JobFailure(format!(
            "job {} was taken over by another process after its lease lapsed",
            job.id
        )));
    }
    if !st.cfg.stage_delay.is_zero() {
        tokio::time::sleep(st.cfg.stage_delay).await;
    }
    Ok(())
}

async fn run_diagnosis(st: &AppState, job: &Job) -> Result<(), JobFailure> {
    let id = job.target.as_str();
    let me = &st.job_claims;
    let found = st.db.run(|c| cases::diagnosis_for_worker(c, id))?;
    let Some((partner_id, mode, row)) = found else {
        return Err(JobFailure(format!("diagnosis {id} does not exist")));
    };
    if row.status != "processing" {
        // Finished before a crash stopped the job's bookkeeping: nothing to redo.
        st.db.run(|c| jobs::finish(c, job.id, me, true, None))?;
        return Ok(());
    }
    stage(st, job, "loading_case", 0.1).await?;
    let input = st
        .db
        .run(|c| cases::case_input(c, &row.case_id))?
        .ok_or_else(|| format!("case {} is missing", row.case_id))?;
    let case: CaseInput = serde_json::from_str(&input).map_err(|e| format!("stored case: {e}"))?;
    // What fixed this tenant's similar cars (never this case's own fix).
    let fixes = st
        .db
        .run(|c| crate::db::fixes::confirmed(c, &partner_id, mode, &row.case_id))?;
    stage(st, job, "ranking_causes", 0.4).await?;
    // The ranking is CPU work: on a blocking thread, so the async workers keep
    // answering requests (a case is bounded by `limits::check_case`).
    let (cache, vpic) = (st.cfg.recalls_path.clone(), st.cfg.vpic_path.clone());
    let (diagnosis, bulletins) = tokio::task::spawn_blocking(move || {
        // The shop's fixes and the owner complaints about the vehicle (from
        // the offline cache, never online) as evidence.
        // The bulletins that bear on it come from the same offline index.
        let lookups = Lookups {
            recalls: Some(cache),
            vpic: Some(vpic),
        };
        let looked = lookups.diagnose(&case, &fixes);
        (looked.diagnosis, looked.bulletins.to_wire())
    })
    .await
    .map_err(|e| format!("the diagnosis stopped: {e}"))?;
    stage(st, job, "planning_tests", 0.8).await?;
    let result = serde_json::to_string(&diagnosis).map_err(|e| e.to_string())?;
    let bulletins = serde_json::to_string(&bulletins).map_err(|e| e.to_string())?;
    let top = diagnosis
        .causes
        .first()
        .map(|c| json!({ "id": c.id, "name": c.name, "probability": c.probability }));
    st.db.tx(|tx| {
        if !jobs::finish(tx, job.id, me, true, None)? {
            return Err(JobFailure(format!(
                "job {} was taken over by another process; its result is theirs to write",
                job.id
            )));
        }
        let Some(at) = cases::complete(tx, id, &result, &bulletins)? else {
            return Ok(()); // Completed by an earlier holder: no second event.
        };
        let data = json!({
            "diagnosis_id": id,
            "case_id": row.case_id,
            "status": "complete",
            "confidence": diagnosis.confidence,
            "confidence_label": diagnosis.confidence_label,
            "top_cause": top,
            "completed_at": rfc3339(at),
            "url": format!("/v1/diagnoses/{id}"),
        });
        Ok(event(
            tx,
            &partner_id,
            mode,
            "diagnosis.completed",
            data,
            None,
        )?)
    })
}
