-- 0012: pre- and post-repair all-module scans kept with an estimate (issue 16).
--
-- Collision repairers scan every module before the repair and after it and
-- put both on the estimate. One row per scan saved to an estimate: whether it
-- was the pre-repair or the post-repair scan, the adapter, the summary
-- columns and the whole scan as shopbench-obd's ModuleScan JSON, as in
-- module_scans (0011). Scanning again adds a row: the latest of each stage is
-- the one the estimate shows; the earlier ones stay, as the history does.
CREATE TABLE estimate_scans (
    id            INTEGER PRIMARY KEY,
    estimate_id   INTEGER NOT NULL REFERENCES estimates (id),
    stage         TEXT NOT NULL CHECK (stage IN ('pre', 'post')),
    taken_at      TEXT NOT NULL,
    adapter       TEXT NOT NULL,
    modules       INTEGER NOT NULL CHECK (modules >= 0),
    active_codes  INTEGER NOT NULL CHECK (active_codes >= 0),
    complete      INTEGER NOT NULL CHECK (complete IN (0, 1)),
    scan_json     TEXT NOT NULL
                  CHECK (json_valid(scan_json) AND json_type(scan_json) = 'object')
);
CREATE INDEX estimate_scans_estimate ON estimate_scans (estimate_id, stage, id);
