//! The job queue: rows survive restarts; a job left `running` by a killed
//! process is queued again at startup.

use rusqlite::{params, Connection, OptionalExtension};

use crate::util::now_ms;

/// A claimed job.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub id: i64,
    pub kind: String,
    pub target: String,
    pub attempts: i64,
}

pub(crate) fn enqueue(conn: &Connection, kind: &str, target: &str) -> rusqlite::Result<i64> {
    let now = now_ms();
    conn.execute(
        "INSERT INTO jobs (kind, target, status, run_after, created_at) VALUES (?1, ?2, 'queued', ?3, ?3)",
        params![kind, target, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Requeues jobs a dead process left running; returns how many.
pub(crate) fn recover(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE jobs SET status = 'queued', last_error = 'interrupted by a restart' WHERE status = 'running'",
        [],
    )
}

/// Claims the oldest due job.
pub(crate) fn claim(conn: &Connection) -> rusqlite::Result<Option<Job>> {
    let now = now_ms();
    conn.query_row(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?1 \
         WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ?1 ORDER BY id LIMIT 1) \
         RETURNING id, kind, target, attempts",
        [now],
        |r| {
            Ok(Job {
                id: r.get(0)?,
                kind: r.get(1)?,
                target: r.get(2)?,
                attempts: r.get(3)?,
            })
        },
    )
    .optional()
}

pub(crate) fn finish(
    conn: &Connection,
    id: i64,
    ok: bool,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE jobs SET status = ?2, finished_at = ?3, last_error = ?4 WHERE id = ?1",
        params![id, if ok { "done" } else { "failed" }, now_ms(), error],
    )?;
    Ok(())
}

pub(crate) fn retry_later(
    conn: &Connection,
    id: i64,
    delay_ms: i64,
    error: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE jobs SET status = 'queued', run_after = ?2, last_error = ?3 WHERE id = ?1",
        params![id, now_ms() + delay_ms, error],
    )?;
    Ok(())
}

/// Marks every running job for `target` done (the result is written in the same transaction).
pub(crate) fn finish_target(conn: &Connection, target: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE jobs SET status = 'done', finished_at = ?2, last_error = NULL WHERE target = ?1 AND status = 'running'",
        params![target, now_ms()],
    )?;
    Ok(())
}
