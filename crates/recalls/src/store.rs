//! The SQLite cache (`nhtsa.db`): migrations, flat-file import, writes from
//! the online refresh, and the per-vehicle queries.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::bulletins::{parse_bulletin, Bulletin, BulletinRecord};
use crate::error::{Error, Result};
use crate::flat::{self, ComplaintRecord, RecallRecord, Skip};
use crate::report::{CaRecall, ComplaintStats, ComponentCount, Severity, UsRecall, Vehicle};

/// Numbered migrations, applied in order; `PRAGMA user_version` records the last.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_nhtsa.sql"),
    include_str!("../migrations/0002_bulletins.sql"),
    include_str!("../migrations/0003_complaint_baseline.sql"),
];

/// Unknown model year, as NHTSA writes it.
const UNKNOWN_YEAR: u16 = 9999;

/// Transport Canada detail is kept for the 25 most recent recall numbers (seed 002).
pub const CANADA_DETAIL_CAP: usize = 25;

/// Which flat file an import read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// `FLAT_RCL*.txt`.
    Recalls,
    /// `FLAT_CMPL.txt`.
    Complaints,
    /// `TSBS_RECEIVED_*.txt` or `FLAT_TSBS.txt` (manufacturers' bulletins).
    Bulletins,
}

impl ImportKind {
    /// `nhtsa-recalls`, `nhtsa-complaints` or `nhtsa-tsbs` (also the source names).
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Recalls => "nhtsa-recalls",
            ImportKind::Complaints => "nhtsa-complaints",
            ImportKind::Bulletins => "nhtsa-tsbs",
        }
    }

    /// What its file holds, in words ("recall rows").
    pub fn rows(self) -> &'static str {
        match self {
            ImportKind::Recalls => "recall rows",
            ImportKind::Complaints => "complaint rows",
            ImportKind::Bulletins => "bulletin rows",
        }
    }

    /// NHTSA's name of its file.
    pub fn expected_file(self) -> &'static str {
        match self {
            ImportKind::Recalls => "FLAT_RCL.txt",
            ImportKind::Complaints => "FLAT_CMPL.txt",
            ImportKind::Bulletins => "TSBS_RECEIVED_*.txt or FLAT_TSBS.txt",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Rows written.
    pub imported: u64,
    /// Recall rows for equipment, tires or child seats (not vehicles), left out.
    pub filtered: u64,
    /// Lines that could not be read, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// The first few skipped lines: (line number, reason).
    pub examples: Vec<(u64, String)>,
}

impl ImportReport {
    /// Lines skipped in all.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Why an import that took no row took none, in words.
    fn why_nothing(&self) -> String {
        let skipped = self.skipped_total();
        let mut why = Vec::new();
        if skipped > 0 {
            let example = self
                .examples
                .first()
                .map(|(n, reason)| format!(" (line {n}: {reason})"))
                .unwrap_or_default();
            why.push(format!("{skipped} lines could not be read{example}"));
        }
        if self.filtered > 0 {
            why.push(format!(
                "{} equipment/tire/child-seat recalls left out",
                self.filtered
            ));
        }
        if why.is_empty() {
            "it is empty".to_string()
        } else {
            why.join("; ")
        }
    }

    fn skip(&mut self, line: u64, why: &Skip) {
        if let Skip::NotAVehicle(_) = why {
            self.filtered += 1;
            return;
        }
        let key = match why {
            Skip::TooFewFields { needed, .. } => {
                format!("fewer than {needed} fields (ragged line)")
            }
            other => other.to_string(),
        };
        *self.skipped.entry(key).or_default() += 1;
        if self.examples.len() < 5 {
            self.examples.push((line, why.to_string()));
        }
    }
}

/// A Transport Canada recall row as stored (detail columns may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct CaRecallRow {
    /// Recall number.
    pub recall_number: String,
    /// Recall date `YYYY-MM-DD`.
    pub recall_date: Option<String>,
    /// From the detail call.
    pub system_type: Option<String>,
    /// From the detail call.
    pub summary: Option<String>,
    /// From the detail call.
    pub units_affected: Option<u64>,
}

/// One complaint (ODI number) with every component it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    /// ODI number.
    pub odi: u64,
    /// Components, sorted.
    pub components: Vec<String>,
    /// Crash reported.
    pub crash: bool,
    /// Fire reported.
    pub fire: bool,
    /// Persons injured.
    pub injured: u32,
    /// Date received by NHTSA, `YYYY-MM-DD`.
    pub filed_date: Option<String>,
    /// The owner's description.
    pub summary: String,
}

/// A vehicle's complaints per NHTSA component beside the whole cache's
/// (complaint × vehicle pairs): the counts the diagnosis weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintCounts {
    /// The vehicle as NHTSA indexes it (`2013 FORD ESCAPE`).
    pub vehicle: String,
    /// Complaints about the vehicle (distinct ODI numbers).
    pub total: u64,
    /// Complaints about any vehicle in the cache.
    pub baseline_total: u64,
    /// (component, complaints about the vehicle naming it, complaints about
    /// any vehicle naming it), by component.
    pub components: Vec<(String, u64, u64)>,
}

/// The recalls/complaints cache.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating it and its directory if needed) the cache at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                    Some(format!("cannot create {}: {e}", dir.display())),
                ))
            })?;
        }
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        Store::init(conn).map_err(err)
    }

    /// An empty cache in memory (tests, one-off use).
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store::init(Connection::open_in_memory()?)?)
    }

    fn init(conn: Connection) -> rusqlite::Result<Store> {
        let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(Store { conn })
    }

    /// Streams a `FLAT_RCL*.txt` into the cache in one transaction.
    pub fn import_recalls(
        &mut self,
        reader: impl BufRead,
        file: &str,
        now: i64,
    ) -> Result<ImportReport> {
        self.import(ImportKind::Recalls, reader, file, now)
    }

    /// Streams a `FLAT_CMPL.txt` into the cache in one transaction.
    pub fn import_complaints(
        &mut self,
        reader: impl BufRead,
        file: &str,
        now: i64,
    ) -> Result<ImportReport> {
        self.import(ImportKind::Complaints, reader, file, now)
    }

    /// Streams a manufacturers' bulletin index (`TSBS_RECEIVED_*.txt` or
    /// `FLAT_TSBS.txt`) into the cache in one transaction.
    pub fn import_bulletins(
        &mut self,
        reader: impl BufRead,
        file: &str,
        now: i64,
    ) -> Result<ImportReport> {
        self.import(ImportKind::Bulletins, reader, file, now)
    }

    /// Opens `path` and imports it as `kind`.
    pub fn import_file(&mut self, kind: ImportKind, path: &Path, now: i64) -> Result<ImportReport> {
        let read_err = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let f = std::fs::File::open(path).map_err(read_err)?;
        let reader = std::io::BufReader::with_capacity(1 << 16, f);
        self.import(kind, reader, &path.display().to_string(), now)
    }

    pub(crate) fn import(
        &mut self,
        kind: ImportKind,
        reader: impl BufRead,
        file: &str,
        now: i64,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let tx = self.conn.transaction()?;
        {
            let mut rcl = tx.prepare(INSERT_RECALL)?;
            let mut cmpl = tx.prepare(INSERT_COMPLAINT)?;
            let mut tsb = tx.prepare(INSERT_BULLETIN)?;
            let io = flat::for_each_line(reader, |n, line| {
                match kind {
                    ImportKind::Recalls => match flat::parse_recall(line) {
                        Ok(r) => {
                            insert_recall(&mut rcl, &r, "flat")?;
                            report.imported += 1;
                        }
                        Err(why) => report.skip(n, &why),
                    },
                    ImportKind::Complaints => match flat::parse_complaint(line) {
                        Ok(c) => {
                            insert_complaint(&mut cmpl, &c, "flat")?;
                            report.imported += 1;
                        }
                        Err(why) => report.skip(n, &why),
                    },
                    ImportKind::Bulletins => match parse_bulletin(line) {
                        Ok(b) => {
                            insert_bulletin(&mut tsb, &b)?;
                            report.imported += 1;
                        }
                        Err(why) => report.skip(n, &why),
                    },
                }
                Ok(())
            });
            io.map_err(|source| Error::Read {
                path: file.into(),
                source,
            })??;
        }
        if report.imported == 0 {
            // Dropping the transaction leaves the cache and its import date as they were.
            return Err(Error::NothingImported {
                file: file.to_string(),
                rows: kind.rows(),
                why: report.why_nothing(),
                expected: kind.expected_file(),
            });
        }
        if kind == ImportKind::Complaints {
            recount_baseline(&tx)?;
        }
        tx.execute(
            "INSERT INTO imports (kind, file, imported_at, imported, filtered, skipped)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                kind.name(),
                file,
                now,
                report.imported as i64,
                report.filtered as i64,
                report.skipped_total() as i64
            ],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// When a flat file of `kind` was last imported.
    pub fn last_import(&self, kind: ImportKind) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                // An import that took no row (recorded before they were refused) is not one.
                "SELECT max(imported_at) FROM imports WHERE kind = ?1 AND imported > 0",
                [kind.name()],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// When `source` was last fetched successfully for `v`.
    pub fn fetched_at(&self, source: &str, v: &Vehicle) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT fetched_at FROM fetches WHERE source = ?1 AND make = ?2 AND model = ?3 AND year = ?4",
                params![source, v.make, v.model, v.year],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn mark_fetched(
        tx: &rusqlite::Transaction<'_>,
        source: &str,
        v: &Vehicle,
        now: i64,
        rows: usize,
    ) -> Result<()> {
        tx.execute(
            "INSERT OR REPLACE INTO fetches (source, make, model, year, fetched_at, rows)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![source, v.make, v.model, v.year, now, rows as i64],
        )?;
        Ok(())
    }

    /// Replaces the vehicle's US recalls with a fresh API answer.
    pub fn replace_us_recalls(
        &mut self,
        v: &Vehicle,
        rows: &[RecallRecord],
        now: i64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM us_recalls WHERE make = ?1 AND model = ?2 AND year = ?3",
            params![v.make, v.model, v.year],
        )?;
        {
            let mut stmt = tx.prepare(INSERT_RECALL)?;
            for r in rows {
                insert_recall(&mut stmt, r, "api")?;
            }
        }
        Store::mark_fetched(&tx, "nhtsa-recalls", v, now, rows.len())?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the vehicle's complaints with a fresh API answer.
    pub fn replace_complaints(
        &mut self,
        v: &Vehicle,
        rows: &[ComplaintRecord],
        now: i64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        shift_baseline(&tx, v, -1)?;
        tx.execute(
            "DELETE FROM complaints WHERE make = ?1 AND model = ?2 AND year = ?3",
            params![v.make, v.model, v.year],
        )?;
        {
            let mut stmt = tx.prepare(INSERT_COMPLAINT)?;
            for c in rows {
                insert_complaint(&mut stmt, c, "api")?;
            }
        }
        shift_baseline(&tx, v, 1)?;
        Store::mark_fetched(&tx, "nhtsa-complaints", v, now, rows.len())?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the vehicle's Canadian recalls with a fresh API answer.
    pub fn replace_ca_recalls(
        &mut self,
        v: &Vehicle,
        rows: &[CaRecallRow],
        now: i64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM ca_recalls WHERE make = ?1 AND model = ?2 AND year = ?3",
            params![v.make, v.model, v.year],
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO ca_recalls
                 (recall_number, make, model, year, recall_date, system_type, summary, units_affected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for r in rows {
                stmt.execute(params![
                    r.recall_number,
                    v.make,
                    v.model,
                    v.year,
                    r.recall_date,
                    r.system_type,
                    r.summary,
                    r.units_affected.map(|u| u as i64)
                ])?;
            }
        }
        Store::mark_fetched(&tx, "tc-recalls", v, now, rows.len())?;
        tx.commit()?;
        Ok(())
    }

    /// The vehicle's NHTSA campaigns, newest first, components joined.
    pub fn us_recalls(&self, v: &Vehicle) -> Result<Vec<UsRecall>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT campaign, component, summary, consequence, remedy, reported_date
             FROM us_recalls WHERE make = ?1 AND model = ?2 AND year = ?3
             ORDER BY reported_date DESC, campaign DESC, component",
        )?;
        let rows = stmt.query_map(params![v.make, v.model, v.year], |r| {
            Ok(UsRecall {
                campaign: r.get(0)?,
                component: r.get(1)?,
                summary: r.get(2)?,
                consequence: r.get(3)?,
                remedy: r.get(4)?,
                reported_date: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            })
        })?;
        let mut out: Vec<UsRecall> = Vec::new();
        for row in rows {
            let row = row?;
            match out.last_mut() {
                Some(last) if last.campaign == row.campaign => {
                    if !row.component.is_empty()
                        && !last.component.split("; ").any(|c| c == row.component)
                    {
                        if !last.component.is_empty() {
                            last.component.push_str("; ");
                        }
                        last.component.push_str(&row.component);
                    }
                }
                _ => out.push(row),
            }
        }
        Ok(out)
    }

    /// The manufacturers' bulletins for the vehicle, newest first.
    pub fn bulletins(&self, v: &Vehicle) -> Result<Vec<Bulletin>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT nhtsa_id, bulletin_no, component, date, summary FROM bulletins
             WHERE make = ?1 AND model = ?2 AND year = ?3
             ORDER BY date DESC, nhtsa_id DESC, component",
        )?;
        let rows = stmt.query_map(params![v.make, v.model, v.year], |r| {
            Ok(Bulletin {
                nhtsa_id: r.get(0)?,
                bulletin_no: r.get(1)?,
                component: r.get(2)?,
                date: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                summary: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The vehicle's Canadian recalls: the 25 most recent with detail, and
    /// the count and units affected over all of them.
    pub fn ca_recalls(&self, v: &Vehicle) -> Result<(Vec<CaRecall>, u64, u64)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT recall_number, system_type, summary, units_affected, recall_date
             FROM ca_recalls WHERE make = ?1 AND model = ?2 AND year = ?3
             ORDER BY recall_date DESC, recall_number DESC",
        )?;
        let all: Vec<CaRecall> = stmt
            .query_map(params![v.make, v.model, v.year], |r| {
                Ok(CaRecall {
                    recall_number: r.get(0)?,
                    system_type: r.get(1)?,
                    summary: r.get(2)?,
                    units_affected: r.get::<_, Option<i64>>(3)?.map(|u| u.max(0) as u64),
                    recall_date: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let count = all.len() as u64;
        let units = all.iter().filter_map(|r| r.units_affected).sum();
        Ok((
            all.into_iter().take(CANADA_DETAIL_CAP).collect(),
            count,
            units,
        ))
    }

    /// Complaint statistics: distinct ODI numbers, top 10 components,
    /// severity with each complaint counted once.
    pub fn complaint_stats(&self, v: &Vehicle) -> Result<ComplaintStats> {
        let key = params![v.make, v.model, v.year];
        let (total, crashes, fires, injuries): (i64, i64, i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(crash), 0), coalesce(sum(fire), 0), coalesce(sum(injured), 0)
             FROM (SELECT odi, max(crash) AS crash, max(fire) AS fire, max(injured) AS injured
                   FROM complaints WHERE make = ?1 AND model = ?2 AND year = ?3 GROUP BY odi)",
            key,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT component, count(DISTINCT odi) AS n FROM complaints
             WHERE make = ?1 AND model = ?2 AND year = ?3 AND component <> ''
             GROUP BY component ORDER BY n DESC, component LIMIT 10",
        )?;
        let top_components = stmt
            .query_map(key, |r| {
                Ok(ComponentCount {
                    component: r.get(0)?,
                    count: r.get::<_, i64>(1)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ComplaintStats {
            total: Some(total as u64),
            top_components,
            severity: Some(Severity {
                crashes: crashes as u64,
                fires: fires as u64,
                injuries: injuries as u64,
            }),
        })
    }

    /// The vehicle's complaints per NHTSA component beside the whole
    /// cache's: what the diagnosis weighs as evidence.
    pub fn complaint_counts(&self, v: &Vehicle) -> Result<ComplaintCounts> {
        let key = params![v.make, v.model, v.year];
        let total: i64 = self.conn.query_row(
            "SELECT count(DISTINCT odi) FROM complaints WHERE make = ?1 AND model = ?2 AND year = ?3",
            key,
            |r| r.get(0),
        )?;
        let baseline_total: i64 = self
            .conn
            .query_row(
                "SELECT n FROM complaint_baseline WHERE component = '*'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        // Every component of the baseline, with the vehicle's count beside
        // it (0 when it names none): a system's baseline is summed over all
        // its components, not only those this vehicle's owners named.
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.component, coalesce(v.n, 0), b.n FROM complaint_baseline b
             LEFT JOIN (SELECT component, count(*) AS n FROM complaints
                        WHERE make = ?1 AND model = ?2 AND year = ?3 GROUP BY component) v
             ON v.component = b.component
             WHERE b.component NOT IN ('*', '') AND b.n > 0
             ORDER BY b.component",
        )?;
        let components = stmt
            .query_map(key, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ComplaintCounts {
            vehicle: v.to_string(),
            total: total as u64,
            baseline_total: baseline_total as u64,
            components,
        })
    }

    /// The vehicle's complaints, one per ODI number, in ODI order.
    pub fn complaints(&self, v: &Vehicle) -> Result<Vec<Complaint>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT odi, component, crash, fire, injured, filed_date, summary FROM complaints
             WHERE make = ?1 AND model = ?2 AND year = ?3 ORDER BY odi, component",
        )?;
        let mut out: Vec<Complaint> = Vec::new();
        let rows = stmt.query_map(params![v.make, v.model, v.year], |r| {
            Ok(Complaint {
                odi: r.get::<_, i64>(0)? as u64,
                components: vec![r.get(1)?],
                crash: r.get(2)?,
                fire: r.get(3)?,
                injured: r.get(4)?,
                filed_date: r.get(5)?,
                summary: r.get(6)?,
            })
        })?;
        for row in rows {
            let row = row?;
            match out.last_mut() {
                Some(last) if last.odi == row.odi => {
                    last.components.extend(row.components);
                    last.crash |= row.crash;
                    last.fire |= row.fire;
                    last.injured = last.injured.max(row.injured);
                    if last.summary.len() < row.summary.len() {
                        last.summary = row.summary;
                    }
                }
                _ => out.push(row),
            }
        }
        for c in &mut out {
            c.components.retain(|s| !s.is_empty());
            c.components.dedup();
        }
        Ok(out)
    }

    /// The models stored for a model year and make (recalls, complaints or
    /// Canadian recalls), sorted: NHTSA often splits what a shop calls one
    /// model ("SILVERADO 1500", "SILVERADO 2500 HD").
    pub fn models(&self, year: u16, make: &str) -> Result<Vec<String>> {
        let make = make.trim().to_uppercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT model FROM us_recalls WHERE make = ?1 AND year = ?2
             UNION SELECT model FROM complaints WHERE make = ?1 AND year = ?2
             UNION SELECT model FROM ca_recalls WHERE make = ?1 AND year = ?2
             ORDER BY 1",
        )?;
        let models = stmt
            .query_map(params![make, year], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(models)
    }

    /// Whether anything at all is stored for the vehicle.
    pub fn has_any(&self, v: &Vehicle) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM us_recalls WHERE make = ?1 AND model = ?2 AND year = ?3)
                 OR EXISTS (SELECT 1 FROM complaints WHERE make = ?1 AND model = ?2 AND year = ?3)
                 OR EXISTS (SELECT 1 FROM ca_recalls WHERE make = ?1 AND model = ?2 AND year = ?3)
                 OR EXISTS (SELECT 1 FROM fetches WHERE make = ?1 AND model = ?2 AND year = ?3)",
            params![v.make, v.model, v.year],
            |r| r.get(0),
        )?)
    }
}

/// Counts the complaint baseline again from the whole `complaints` table.
fn recount_baseline(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DELETE FROM complaint_baseline;
         INSERT INTO complaint_baseline (component, n)
             SELECT component, count(*) FROM complaints WHERE component <> '' GROUP BY component;
         INSERT INTO complaint_baseline (component, n)
             SELECT '*', count(*) FROM (SELECT DISTINCT odi, make, model, year FROM complaints);",
    )
}

/// Adds (`sign` 1) or takes away (`sign` -1) the vehicle's complaints in
/// the baseline, around an online refresh that replaces them.
fn shift_baseline(tx: &rusqlite::Transaction<'_>, v: &Vehicle, sign: i64) -> rusqlite::Result<()> {
    let key = params![sign, v.make, v.model, v.year];
    tx.execute(
        "INSERT INTO complaint_baseline (component, n)
             SELECT component, ?1 * count(*) FROM complaints
             WHERE make = ?2 AND model = ?3 AND year = ?4 AND component <> '' GROUP BY component
         ON CONFLICT (component) DO UPDATE SET n = n + excluded.n",
        key,
    )?;
    tx.execute(
        "INSERT INTO complaint_baseline (component, n)
             SELECT '*', ?1 * count(DISTINCT odi) FROM complaints
             WHERE make = ?2 AND model = ?3 AND year = ?4
         ON CONFLICT (component) DO UPDATE SET n = n + excluded.n",
        key,
    )?;
    Ok(())
}

const INSERT_RECALL: &str = "INSERT OR REPLACE INTO us_recalls
    (campaign, make, model, year, component, manufacturer, summary, consequence, remedy, notes,
     reported_date, units_affected, origin)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

const INSERT_COMPLAINT: &str = "INSERT OR REPLACE INTO complaints
    (odi, make, model, year, component, manufacturer, crash, fire, injured, deaths,
     fail_date, filed_date, miles, summary, origin)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

const INSERT_BULLETIN: &str = "INSERT OR REPLACE INTO bulletins
    (nhtsa_id, bulletin_no, make, model, year, component, date, summary)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

fn insert_bulletin(stmt: &mut rusqlite::Statement<'_>, b: &BulletinRecord) -> Result<()> {
    stmt.execute(params![
        b.nhtsa_id,
        b.bulletin_no,
        b.make.to_uppercase(),
        b.model.to_uppercase(),
        b.year.unwrap_or(UNKNOWN_YEAR),
        b.component,
        b.date,
        b.summary
    ])?;
    Ok(())
}

fn insert_recall(stmt: &mut rusqlite::Statement<'_>, r: &RecallRecord, origin: &str) -> Result<()> {
    stmt.execute(params![
        r.campaign,
        r.make.to_uppercase(),
        r.model.to_uppercase(),
        r.year.unwrap_or(UNKNOWN_YEAR),
        r.component,
        r.manufacturer,
        r.summary,
        r.consequence,
        r.remedy,
        r.notes,
        r.reported_date,
        r.units_affected.map(|u| u as i64),
        origin
    ])?;
    Ok(())
}

fn insert_complaint(
    stmt: &mut rusqlite::Statement<'_>,
    c: &ComplaintRecord,
    origin: &str,
) -> Result<()> {
    stmt.execute(params![
        c.odi as i64,
        c.make.to_uppercase(),
        c.model.to_uppercase(),
        c.year.unwrap_or(UNKNOWN_YEAR),
        c.component,
        c.manufacturer,
        c.crash,
        c.fire,
        c.injured,
        c.deaths,
        c.fail_date,
        c.filed_date,
        c.miles,
        c.summary,
        origin
    ])?;
    Ok(())
}
