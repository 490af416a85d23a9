//! The readings kept under a parent row. A freeze frame's values and a live
//! snapshot's readings are the same thing (a named value or text with its
//! unit, in the order read), so both tables have the same columns and are
//! written and read here once.

use rusqlite::{params, Connection};

use crate::{Reading, StoreError};

/// A table of readings: its name and the column naming the parent row.
pub(crate) struct ReadingTable {
    table: &'static str,
    parent: &'static str,
}

/// `freeze_frame_values`, under `freeze_frames`.
pub(crate) const FREEZE_FRAME_VALUES: ReadingTable = ReadingTable {
    table: "freeze_frame_values",
    parent: "freeze_frame_id",
};

/// `live_readings`, under `live_snapshots`.
pub(crate) const LIVE_READINGS: ReadingTable = ReadingTable {
    table: "live_readings",
    parent: "snapshot_id",
};

impl ReadingTable {
    /// Keeps `readings` under `parent`, in their order.
    pub(crate) fn insert(
        &self,
        conn: &Connection,
        parent: i64,
        readings: &[Reading],
    ) -> Result<(), StoreError> {
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {} ({}, position, name, value, text, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            self.table, self.parent
        ))?;
        for (i, v) in readings.iter().enumerate() {
            stmt.execute(params![parent, i as i64, v.name, v.value, v.text, v.unit])?;
        }
        Ok(())
    }

    /// The readings under `parent`, in the order they were kept.
    pub(crate) fn list(&self, conn: &Connection, parent: i64) -> Result<Vec<Reading>, StoreError> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT name, value, text, unit FROM {} WHERE {} = ?1 ORDER BY position",
            self.table, self.parent
        ))?;
        let rows = stmt.query_map([parent], |r| {
            Ok(Reading {
                name: r.get(0)?,
                value: r.get(1)?,
                text: r.get(2)?,
                unit: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
