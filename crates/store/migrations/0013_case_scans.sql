-- 0013: the OBD-II scan a case was opened from, kept whole (issue 16).
--
-- A case keeps what the diagnosis reads (codes, freeze frames, readiness,
-- readings) in its own tables; the rest of the scan — the on-board monitor
-- tests (06), the calibration IDs and CVNs and in-use ratios (09), the
-- counters since the codes were cleared — is kept here as shopbench-obd's
-- ScanReport JSON, for the customer's report. Deleting a case deletes it.
CREATE TABLE case_scans (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    taken_at   TEXT NOT NULL,
    scan_json  TEXT NOT NULL
               CHECK (json_valid(scan_json) AND json_type(scan_json) = 'object')
);
CREATE INDEX case_scans_case ON case_scans (case_id, id);
