-- 0011: all-module scans (issue 16) — every module's UDS codes, kept with the case.
--
-- One row per scan: the adapter it went through, how many modules answered,
-- how many codes were present (confirmed, pending or failing), whether every
-- module's code list was read, and the whole scan as shopbench-obd's
-- ModuleScan JSON (modules, identification, 3-byte codes with their status
-- bits, snapshots, extended data, what was not read and why). The summary
-- columns are for listings; the JSON is the record. Timestamps are UTC
-- RFC 3339 text. Deleting a case deletes its scans.
--
-- Versions 8, 9 and 10 are other branches' migrations (the assistant's
-- conversations, detector proposals, estimate finish and hail), merged before
-- this one; until they land the numbering has that gap (see RESERVED in
-- src/migrate.rs).
CREATE TABLE module_scans (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    taken_at      TEXT NOT NULL,
    adapter       TEXT NOT NULL,
    modules       INTEGER NOT NULL CHECK (modules >= 0),
    active_codes  INTEGER NOT NULL CHECK (active_codes >= 0),
    complete      INTEGER NOT NULL CHECK (complete IN (0, 1)),
    scan_json     TEXT NOT NULL
                  CHECK (json_valid(scan_json) AND json_type(scan_json) = 'object')
);
CREATE INDEX module_scans_case ON module_scans (case_id, id);
