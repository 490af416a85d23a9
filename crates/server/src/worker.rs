//! The job worker pool: claims queued jobs from SQLite, runs the engine, and
//! writes the result, the job's end and the webhook event in one transaction.
//! Credits are drawn when the job is accepted (and refunded if it fails), so a
//! job that is run again after a crash is never charged twice.

use std::sync::Arc;
use std::time::Duration;

use rusqlite::TransactionBehavior;
use serde_json::json;
use shopbench_diagnosis::{diagnose, CaseInput};

use crate::db::{cases, deliveries, jobs, ledger};
use crate::tables::{price, Mode};
use crate::util::{new_id, now_ms, rfc3339};
use crate::AppState;

/// How often an idle worker looks for work it was not told about.
const IDLE_POLL: Duration = Duration::from_millis(500);
/// A job is given up after this many attempts.
const MAX_ATTEMPTS: i64 = 3;

pub(crate) async fn run(st: Arc<AppState>) {
    loop {
        let claimed = jobs::claim(&st.db.conn());
        match claimed {
            Ok(Some(job)) => {
                let outcome = match job.kind.as_str() {
                    "diagnose" => run_diagnosis(&st, &job.target).await,
                    other => Err(format!("unknown job kind '{other}'")),
                };
                if let Err(error) = outcome {
                    eprintln!(
                        "shopbench-server: job {} ({}) failed: {error}",
                        job.id, job.kind
                    );
                    let conn = st.db.conn();
                    let r = if job.attempts < MAX_ATTEMPTS {
                        jobs::retry_later(&conn, job.id, 1000 * job.attempts, &error)
                    } else {
                        give_up(&conn, &job, &error)
                    };
                    if let Err(e) = r {
                        eprintln!("shopbench-server: recording job {} failure: {e}", job.id);
                    }
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

/// Marks the job and its diagnosis failed, refunds the charge, tells the partner.
fn give_up(conn: &rusqlite::Connection, job: &jobs::Job, error: &str) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    jobs::finish(&tx, job.id, false, Some(error))?;
    if job.kind == "diagnose" {
        if let Some((partner_id, mode, row)) = cases::diagnosis_for_worker(&tx, &job.target)? {
            if row.status == "processing" {
                let at = cases::fail(
                    &tx,
                    &row.id,
                    "the diagnosis could not be completed; the credits were refunded",
                )?;
                ledger::append(
                    &tx,
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
                event(
                    &tx,
                    &partner_id,
                    mode,
                    "diagnosis.failed",
                    json!({
                        "diagnosis_id": row.id,
                        "case_id": row.case_id,
                        "status": "failed",
                        "completed_at": rfc3339(at),
                        "url": format!("/v1/diagnoses/{}", row.id),
                    }),
                )?;
            }
        }
    }
    tx.commit()
}

/// Queues a webhook event for the partner's endpoint (none set: nothing queued).
pub(crate) fn event(
    conn: &rusqlite::Connection,
    partner_id: &str,
    mode: Mode,
    event_type: &str,
    data: serde_json::Value,
) -> rusqlite::Result<()> {
    let payload = shopbench_wire::Event {
        id: new_id("evt"),
        event_type: event_type.to_string(),
        created_at: rfc3339(now_ms()),
        mode,
        data,
    };
    let body = serde_json::to_string(&payload).expect("an event serializes");
    deliveries::enqueue(conn, partner_id, mode, &payload.id, event_type, &body)?;
    Ok(())
}

async fn stage(st: &AppState, id: &str, name: &str, progress: f64) -> Result<(), String> {
    cases::set_stage(&st.db.conn(), id, name, progress).map_err(|e| e.to_string())?;
    if !st.cfg.stage_delay.is_zero() {
        tokio::time::sleep(st.cfg.stage_delay).await;
    }
    Ok(())
}

async fn run_diagnosis(st: &AppState, id: &str) -> Result<(), String> {
    let found = cases::diagnosis_for_worker(&st.db.conn(), id).map_err(|e| e.to_string())?;
    let Some((partner_id, mode, row)) = found else {
        return Err(format!("diagnosis {id} does not exist"));
    };
    if row.status != "processing" {
        // Finished before a crash stopped the job's bookkeeping: nothing to redo.
        return jobs::finish_target(&st.db.conn(), id).map_err(|e| e.to_string());
    }
    stage(st, id, "loading_case", 0.1).await?;
    let input = cases::case_input(&st.db.conn(), &row.case_id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("case {} is missing", row.case_id))?;
    let case: CaseInput = serde_json::from_str(&input).map_err(|e| format!("stored case: {e}"))?;
    stage(st, id, "ranking_causes", 0.4).await?;
    // The ranking is CPU work: on a blocking thread, so the async workers keep
    // answering requests (a case is bounded by `limits::check_case`).
    let kb = st.kb;
    let diagnosis = tokio::task::spawn_blocking(move || diagnose(kb, &case))
        .await
        .map_err(|e| format!("the diagnosis stopped: {e}"))?;
    stage(st, id, "planning_tests", 0.8).await?;
    let result = serde_json::to_string(&diagnosis).map_err(|e| e.to_string())?;
    let top = diagnosis
        .causes
        .first()
        .map(|c| json!({ "id": c.id, "name": c.name, "probability": c.probability }));
    let mut conn = st.db.conn();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| e.to_string())?;
    let done = (|| {
        let at = cases::complete(&tx, id, &result)?;
        jobs::finish_target(&tx, id)?;
        event(
            &tx,
            &partner_id,
            mode,
            "diagnosis.completed",
            json!({
                "diagnosis_id": id,
                "case_id": row.case_id,
                "status": "complete",
                "confidence": diagnosis.confidence,
                "confidence_label": diagnosis.confidence_label,
                "top_cause": top,
                "completed_at": rfc3339(at),
                "url": format!("/v1/diagnoses/{id}"),
            }),
        )
    })();
    done.and_then(|()| tx.commit()).map_err(|e| e.to_string())
}
