//! The job queue, shared by every process on the database. A claim takes the
//! oldest due job (passing over rows another process is claiming at that
//! instant) and holds it for a lease, renewed as the job moves on; a job
//! whose lease ran out — its process died — is due again, for anyone.
//! Finishing is conditional on still holding the claim, so a job is finished
//! once even if two processes came to run it.

use super::sql::{args, Sql};
use crate::util::now_ms;
use crate::Error;

/// A claimed job.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub id: i64,
    pub kind: String,
    pub target: String,
    pub attempts: i64,
}

/// Who holds a claim, and for how long at a time.
#[derive(Debug, Clone)]
pub(crate) struct Claimant {
    /// This process (`wrk_…`).
    pub id: String,
    /// How long a claim lasts without renewal, in milliseconds.
    pub lease_ms: i64,
}

pub(crate) fn enqueue(db: &mut dyn Sql, kind: &str, target: &str) -> Result<(), Error> {
    db.exec(
        "INSERT INTO jobs (kind, target, status, run_after, created_at) VALUES ($1, $2, 'queued', $3, $3)",
        args![kind, target, now_ms()],
    )?;
    Ok(())
}

/// Records the stage of the job's target while it is still `processing`: an
/// `estimate` job's estimate, any other job's diagnosis. Both tables keep the
/// stage and progress a poll shows the same way.
pub(crate) fn set_stage(
    db: &mut dyn Sql,
    job: &Job,
    stage: &str,
    progress: f64,
) -> Result<(), Error> {
    let table = match job.kind.as_str() {
        "estimate" => "estimates",
        _ => "diagnoses",
    };
    db.exec(
        &format!(
            "UPDATE {table} SET stage = $2, progress = $3 WHERE id = $1 AND status = 'processing'"
        ),
        args![job.target.as_str(), stage, progress],
    )?;
    Ok(())
}

/// Claims the oldest due job: queued and due, or running on a lapsed lease.
/// `estimate` jobs need the damage detector: claimed only when `detects`.
pub(crate) fn claim(db: &mut dyn Sql, me: &Claimant, detects: bool) -> Result<Option<Job>, Error> {
    let now = now_ms();
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = $1, \
                lease_until = $2, claimed_by = $3 \
         WHERE id = (SELECT id FROM jobs \
                     WHERE ((status = 'queued' AND run_after <= $1) \
                        OR (status = 'running' AND lease_until < $1)) \
                       AND (kind <> 'estimate' OR $4 = 1) \
                     ORDER BY id LIMIT 1 {}) \
         RETURNING id, kind, target, attempts",
        db.skip_locked()
    );
    let detects = i64::from(detects);
    db.row(&sql, args![now, now + me.lease_ms, me.id.as_str(), detects])?
        .map(|r| {
            Ok(Job {
                id: r.get(0)?,
                kind: r.get(1)?,
                target: r.get(2)?,
                attempts: r.get(3)?,
            })
        })
        .transpose()
}

/// Extends the lease of a job this process holds; false when it no longer
/// holds it (the lease lapsed and another process took the job).
pub(crate) fn renew(db: &mut dyn Sql, id: i64, me: &Claimant) -> Result<bool, Error> {
    let changed = db.exec(
        "UPDATE jobs SET lease_until = $3 WHERE id = $1 AND claimed_by = $2 AND status = 'running'",
        args![id, me.id.as_str(), now_ms() + me.lease_ms],
    )?;
    Ok(changed == 1)
}

/// Ends a job this process holds (`ok` = done, else failed); false when it
/// no longer holds it.
pub(crate) fn finish(
    db: &mut dyn Sql,
    id: i64,
    me: &Claimant,
    ok: bool,
    error: Option<&str>,
) -> Result<bool, Error> {
    let changed = db.exec(
        "UPDATE jobs SET status = $3, finished_at = $4, last_error = $5 \
         WHERE id = $1 AND claimed_by = $2 AND status = 'running'",
        args![
            id,
            me.id.as_str(),
            if ok { "done" } else { "failed" },
            now_ms(),
            error
        ],
    )?;
    Ok(changed == 1)
}

/// Puts a job this process holds back in the queue after `delay_ms`.
pub(crate) fn retry_later(
    db: &mut dyn Sql,
    id: i64,
    me: &Claimant,
    delay_ms: i64,
    error: &str,
) -> Result<bool, Error> {
    let changed = db.exec(
        "UPDATE jobs SET status = 'queued', run_after = $3, last_error = $4, lease_until = NULL \
         WHERE id = $1 AND claimed_by = $2 AND status = 'running'",
        args![id, me.id.as_str(), now_ms() + delay_ms, error],
    )?;
    Ok(changed == 1)
}
