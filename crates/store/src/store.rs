//! The store: one SQLite file, every save one transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::json;
use shopbench_diagnosis::{CaseInput, Diagnosis, TestOutcome};

use crate::migrate::{migrate, user_version};
use crate::queries::history::{History, Owner};
use crate::queries::{
    cases, diagnosis_runs, dtcs, freeze_frames, history, live_snapshots, module_scans, photos,
    test_results,
};
use crate::{
    Case, CaseEdit, CaseId, CaseSummary, DiagnosisRun, HistoryEntry, LiveSnapshot, NewCase,
    NewModuleScan, Photo, StoreError, StoredModuleScan, TestRecord,
};

/// How long a writer waits for another process's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The case database.
///
/// Opened with WAL journaling (readers never block the writer),
/// `foreign_keys = ON`, `synchronous = FULL` (a save reported done survives
/// a crash of the process and of the machine) and a [`BUSY_TIMEOUT`].
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) actor: String,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("actor", &self.actor)
            .finish()
    }
}

fn configure(conn: &Connection, wal: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if wal {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some(format!(
                    "the file system refused WAL journaling (got '{mode}')"
                )),
            ));
        }
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // What is deleted (a photo removed by mistake: a customer's face) is overwritten,
    // not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// the current schema. The folder must exist.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut conn = Connection::open(&path).map_err(open_err)?;
        configure(&conn, true).map_err(open_err)?;
        migrate(&mut conn)?;
        Ok(Store {
            conn,
            actor: default_actor(),
            path: Some(path),
        })
    }

    /// A private database in memory (tests, examples).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        migrate(&mut conn)?;
        Ok(Store {
            conn,
            actor: default_actor(),
            path: None,
        })
    }

    /// Records changes under this name in the history (default: `$USER`, else `unknown`).
    pub fn with_actor(mut self, actor: &str) -> Store {
        let a = actor.trim();
        if !a.is_empty() {
            self.actor = a.to_string();
        }
        self
    }

    /// The file, when not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// `PRAGMA user_version`.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(user_version(&self.conn)?)
    }

    /// SQLite's `integrity_check` and `foreign_key_check`: `["ok"]` when the file is sound,
    /// else one line per problem.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let mut lines = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let dangling = fk
            .query_map([], |r| {
                Ok(format!(
                    "row {} of {} points at a missing {}",
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        if !dangling.is_empty() {
            lines.retain(|l| l != "ok");
            lines.extend(dangling);
        }
        Ok(lines)
    }

    /// Moves the write-ahead log into the file and empties it, so that pages overwritten
    /// since (deleted content, zeroed by `secure_delete`) keep no older copy in the log.
    /// A reader still on an older snapshot can keep the log from emptying now; the next
    /// checkpoint empties it.
    pub(crate) fn forget_deleted_pages(&mut self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    pub(crate) fn write(&mut self) -> Result<(Transaction<'_>, String), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
                r.get(0)
            })?;
        Ok((tx, now))
    }

    /// Saves a new case with everything it starts with, in one transaction.
    pub fn create_case(&mut self, new: &NewCase) -> Result<CaseId, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let id = insert_case(&tx, new, &now, &actor)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves a new case opened from an OBD-II scan with the whole scan kept (a
    /// `shopbench_obd::ScanReport` as a JSON object), in one transaction.
    pub fn create_case_with_scan(
        &mut self,
        new: &NewCase,
        scan: &serde_json::Value,
    ) -> Result<CaseId, StoreError> {
        if !scan.is_object() {
            return Err(StoreError::Invalid(
                "a scan is kept as a JSON object (shopbench-obd's ScanReport)".into(),
            ));
        }
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let id = insert_case(&tx, new, &now, &actor)?;
        tx.execute(
            "INSERT INTO case_scans (case_id, taken_at, scan_json) VALUES (?1, ?2, ?3)",
            rusqlite::params![id.0, now, serde_json::to_string(scan)?],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The latest OBD-II scan kept with a case: when it was saved and the scan, if any.
    pub fn case_scan(&self, id: CaseId) -> Result<Option<(String, serde_json::Value)>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT taken_at, scan_json FROM case_scans WHERE case_id = ?1 \
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(at, json)| {
            serde_json::from_str(&json)
                .map(|v| (at, v))
                .map_err(|e| StoreError::Corrupt(format!("case {id}: its scan's JSON: {e}")))
        })
        .transpose()
    }

    /// Saves a new case opened from an all-module scan, with the scan kept,
    /// in one transaction: both are there or neither.
    pub fn create_case_with_module_scan(
        &mut self,
        new: &NewCase,
        scan: &NewModuleScan,
    ) -> Result<StoredModuleScan, StoreError> {
        check_module_scan(scan)?;
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let id = insert_case(&tx, new, &now, &actor)?;
        let stored = insert_module_scan(&tx, id, scan, &now, &actor)?;
        tx.commit()?;
        Ok(stored)
    }

    /// The whole case, read in one consistent snapshot.
    pub fn case(&self, id: CaseId) -> Result<Case, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let row = cases::get(&tx, id)?;
        let case = Case {
            id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            source: row.source,
            vehicle: row.vehicle,
            customer: row.customer,
            mileage: row.mileage,
            complaint: row.complaint,
            findings: row.findings,
            dtcs: dtcs::list(&tx, id)?,
            freeze_frames: freeze_frames::list(&tx, id)?,
            snapshots: live_snapshots::list(&tx, id)?,
            readiness: row.readiness,
            test_results: test_results::list(&tx, id)?,
            photos: photos::list(&tx, id)?,
            runs: diagnosis_runs::list(&tx, id)?,
            fix: crate::queries::case_fixes::get(&tx, id)?,
        };
        tx.finish()?;
        Ok(case)
    }

    /// Cases, newest first, at most `limit`; `search` matches the customer,
    /// VIN, make, model, engine, year, complaint, findings and codes
    /// (case-insensitive).
    pub fn list_cases(
        &self,
        search: Option<&str>,
        limit: u32,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        let mut out = Vec::new();
        for id in cases::list_ids(&tx, search, limit)? {
            let row = cases::get(&tx, id)?;
            let (runs, last_top_cause) = diagnosis_runs::summary(&tx, id)?;
            let mut codes: Vec<String> = dtcs::list(&tx, id)?
                .into_iter()
                .map(|d| d.code.to_string())
                .collect();
            codes.dedup();
            out.push(CaseSummary {
                id,
                created_at: row.created_at,
                updated_at: row.updated_at,
                vehicle: row.vehicle,
                customer: row.customer,
                complaint: row.complaint,
                codes,
                runs,
                last_top_cause,
            });
        }
        tx.finish()?;
        Ok(out)
    }

    /// Applies an edit in one transaction, one history entry per change.
    /// Any failure (unknown case, a code to remove that is not there) leaves
    /// the case exactly as it was. Returns the case as it now is.
    pub fn edit_case(&mut self, id: CaseId, edit: &CaseEdit) -> Result<Case, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        let mut row = cases::get(&tx, id)?;
        let log = History {
            conn: &tx,
            owner: Owner::Case(id),
            at: &now,
            actor: &actor,
        };
        // Each part runs even when an earlier one changed something.
        let fields = edit_fields(&log, &mut row, edit)?;
        let codes = edit_codes(&log, id, edit)?;
        let recordings = add_recordings(&log, id, edit)?;
        if fields || codes || recordings {
            row.updated_at = now.clone();
            cases::update(&tx, &row)?;
        }
        tx.commit()?;
        self.case(id)
    }

    /// Records the result of a plan step (replacing an earlier result for
    /// the same step; the history keeps both).
    pub fn record_test(
        &mut self,
        id: CaseId,
        step_id: &str,
        outcome: TestOutcome,
        note: Option<&str>,
    ) -> Result<TestRecord, StoreError> {
        let step_id = step_id.trim();
        check_step_id(step_id)?;
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let record = TestRecord {
            step_id: step_id.to_string(),
            outcome,
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
            recorded_at: now.clone(),
            recorded_by: actor.clone(),
        };
        let old = test_results::get(&tx, id, step_id)?;
        test_results::upsert(&tx, id, &record)?;
        history::replaced(&tx, id, &now, &actor, "test.record", old.as_ref(), &record)?;
        cases::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(record)
    }

    /// Adds a live-data snapshot or a set of measurements.
    pub fn add_snapshot(&mut self, id: CaseId, snapshot: &LiveSnapshot) -> Result<(), StoreError> {
        self.edit_case(
            id,
            &CaseEdit {
                add_snapshot: Some(snapshot.clone()),
                ..CaseEdit::default()
            },
        )
        .map(|_| ())
    }

    /// Adds a photo record; returns its id.
    pub fn add_photo(&mut self, id: CaseId, photo: &Photo) -> Result<i64, StoreError> {
        if photo.sha256.len() != 64 || !photo.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "photo {}: '{}' is not a SHA-256 (64 hex digits)",
                photo.path, photo.sha256
            )));
        }
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let pid = photos::insert(&tx, id, photo, &now)?;
        history::append_to(
            &tx,
            Owner::Case(id),
            &now,
            &actor,
            "photo.add",
            None,
            Some(&json!({ "photo": pid, "path": photo.path, "sha256": photo.sha256 })),
        )?;
        cases::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(pid)
    }

    /// Stores a diagnosis run: the exact input, the result, the engine version and the time it took.
    pub fn save_run(
        &mut self,
        id: CaseId,
        input: &CaseInput,
        result: &Diagnosis,
        duration: Duration,
    ) -> Result<DiagnosisRun, StoreError> {
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let top = result.causes.first();
        let mut run = DiagnosisRun {
            id: 0,
            input: serde_json::to_value(input)?,
            result: serde_json::to_value(result)?,
            engine_version: result.engine_version.clone(),
            duration_ms: duration.as_secs_f64() * 1000.0,
            top_cause: top.map(|c| c.id.clone()),
            confidence: Some(result.confidence),
            created_at: now.clone(),
        };
        run.id = diagnosis_runs::insert(&tx, id, &run)?;
        history::append_to(
            &tx,
            Owner::Case(id),
            &now,
            &actor,
            "diagnosis.run",
            None,
            Some(&json!({
                "run": run.id,
                "engine_version": run.engine_version,
                "top_cause": run.top_cause,
                "top_probability": top.map(|c| c.probability),
                "confidence": result.confidence,
                "duration_ms": run.duration_ms,
            })),
        )?;
        tx.commit()?;
        Ok(run)
    }

    /// Keeps an all-module scan with case `id` (one transaction, with a
    /// `module_scan.save` history entry).
    pub fn save_module_scan(
        &mut self,
        id: CaseId,
        scan: &NewModuleScan,
    ) -> Result<StoredModuleScan, StoreError> {
        check_module_scan(scan)?;
        let actor = self.actor.clone();
        let (tx, now) = self.write()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let stored = insert_module_scan(&tx, id, scan, &now, &actor)?;
        cases::touch(&tx, id, &now)?;
        tx.commit()?;
        Ok(stored)
    }

    /// The all-module scans kept with case `id`, oldest first.
    pub fn module_scans(&self, id: CaseId) -> Result<Vec<StoredModuleScan>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let scans = module_scans::list(&tx, id)?;
        tx.commit()?;
        Ok(scans)
    }

    /// Every change to a case, oldest first.
    pub fn history(&self, id: CaseId) -> Result<Vec<HistoryEntry>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        if !cases::exists(&tx, id)? {
            return Err(StoreError::CaseNotFound(id));
        }
        let h = history::list(&tx, id)?;
        tx.finish()?;
        Ok(h)
    }

    /// The raw connection, for tests that check the schema's own guards.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn stamp(t: &TestRecord, now: &str, actor: &str) -> TestRecord {
    TestRecord {
        recorded_at: if t.recorded_at.is_empty() {
            now.to_string()
        } else {
            t.recorded_at.clone()
        },
        recorded_by: if t.recorded_by.is_empty() {
            actor.to_string()
        } else {
            t.recorded_by.clone()
        },
        ..t.clone()
    }
}

fn check_step_id(step: &str) -> Result<(), StoreError> {
    let ok = !step.is_empty()
        && step.len() <= 64
        && step.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b == b'_'
                || b == b'-'
                || b == b'.'
                || b == b':'
        });
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "'{step}' is not a plan step id — use the id in brackets from `shopbench diagnose CASE_ID` (e.g. coil_swap)"
        )))
    }
}

fn default_actor() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

fn insert_case(
    tx: &Transaction<'_>,
    new: &NewCase,
    now: &str,
    actor: &str,
) -> Result<CaseId, StoreError> {
    let id = cases::insert(
        tx,
        &cases::CaseRow {
            id: CaseId(0),
            vehicle: new.vehicle.clone(),
            customer: new.customer.trim().to_string(),
            mileage: new.mileage,
            complaint: new.complaint.trim().to_string(),
            findings: new.findings.trim().to_string(),
            source: if new.from_scan { "scan" } else { "manual" }.to_string(),
            readiness: new.readiness.clone(),
            created_at: now.to_string(),
            updated_at: now.to_string(),
        },
    )?;
    for d in &new.dtcs {
        dtcs::insert(tx, id, d)?;
    }
    for ff in &new.freeze_frames {
        freeze_frames::insert(tx, id, ff)?;
    }
    for s in &new.snapshots {
        live_snapshots::insert(tx, id, s, now)?;
    }
    for t in &new.test_results {
        let t = stamp(t, now, actor);
        check_step_id(&t.step_id)?;
        test_results::upsert(tx, id, &t)?;
    }
    history::append_to(
        tx,
        Owner::Case(id),
        now,
        actor,
        "case.create",
        None,
        Some(&serde_json::to_value(new)?),
    )?;
    Ok(id)
}

pub(crate) fn check_module_scan(scan: &NewModuleScan) -> Result<(), StoreError> {
    if scan.scan.is_object() {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "a module scan is saved as a JSON object (shopbench-obd's ModuleScan)".into(),
        ))
    }
}

fn insert_module_scan(
    tx: &Transaction<'_>,
    id: CaseId,
    scan: &NewModuleScan,
    now: &str,
    actor: &str,
) -> Result<StoredModuleScan, StoreError> {
    let scan_id = module_scans::insert(tx, id, scan, now)?;
    history::append_to(
        tx,
        Owner::Case(id),
        now,
        actor,
        "module_scan.save",
        None,
        Some(&json!({
            "module_scan": scan_id,
            "adapter": scan.adapter,
            "modules": scan.modules,
            "active_codes": scan.active_codes,
            "complete": scan.complete,
        })),
    )?;
    Ok(StoredModuleScan {
        id: scan_id,
        case_id: id,
        taken_at: now.to_string(),
        scan: scan.clone(),
    })
}

/// The case's own fields an edit changes — complaint, customer and
/// findings (trimmed), vehicle and mileage — each logged when it differs;
/// whether any did.
fn edit_fields(
    log: &History,
    row: &mut cases::CaseRow,
    edit: &CaseEdit,
) -> Result<bool, StoreError> {
    let mut changed = false;
    for (action, given, current) in [
        ("complaint", &edit.complaint, &mut row.complaint),
        ("customer", &edit.customer, &mut row.customer),
        ("findings", &edit.findings, &mut row.findings),
    ] {
        let Some(text) = given.as_deref().map(str::trim) else {
            continue;
        };
        if text != current.as_str() {
            log.log(action, Some(&json!(current)), Some(&json!(text)))?;
            *current = text.to_string();
            changed = true;
        }
    }
    if let Some(v) = edit.vehicle.as_ref().filter(|v| **v != row.vehicle) {
        let old = serde_json::to_value(&row.vehicle)?;
        log.log("vehicle", Some(&old), Some(&serde_json::to_value(v)?))?;
        row.vehicle = v.clone();
        changed = true;
    }
    if let Some(m) = edit.mileage.filter(|m| Some(*m) != row.mileage) {
        let old = serde_json::to_value(row.mileage).ok();
        log.log("mileage", old.as_ref(), Some(&serde_json::to_value(m)?))?;
        row.mileage = Some(m);
        changed = true;
    }
    Ok(changed)
}

/// The codes an edit removes (each must be on the case) and adds (one
/// already there is not added again); whether any changed.
fn edit_codes(log: &History, id: CaseId, edit: &CaseEdit) -> Result<bool, StoreError> {
    let conn = log.conn;
    let mut changed = false;
    for code in &edit.remove_codes {
        let before: Vec<_> = dtcs::list(conn, id)?
            .into_iter()
            .filter(|d| d.code == *code)
            .collect();
        if dtcs::delete_code(conn, id, &code.to_string())? == 0 {
            return Err(StoreError::CodeNotOnCase {
                case: id,
                code: code.to_string(),
            });
        }
        log.log("dtc.remove", Some(&serde_json::to_value(before)?), None)?;
        changed = true;
    }
    for d in &edit.add_dtcs {
        if dtcs::insert(conn, id, d)? {
            log.log("dtc.add", None, Some(&serde_json::to_value(d)?))?;
            changed = true;
        }
    }
    Ok(changed)
}

/// The freeze frame and live-data snapshot an edit adds; whether any.
fn add_recordings(log: &History, id: CaseId, edit: &CaseEdit) -> Result<bool, StoreError> {
    let conn = log.conn;
    if let Some(ff) = &edit.add_freeze_frame {
        freeze_frames::insert(conn, id, ff)?;
        log.log("freeze_frame.add", None, Some(&serde_json::to_value(ff)?))?;
    }
    if let Some(s) = &edit.add_snapshot {
        let sid = live_snapshots::insert(conn, id, s, log.at)?;
        let added = json!({ "snapshot": sid, "label": s.label, "readings": s.readings });
        log.log("snapshot.add", None, Some(&added))?;
    }
    Ok(edit.add_freeze_frame.is_some() || edit.add_snapshot.is_some())
}
