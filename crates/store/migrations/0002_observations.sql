-- 0002: what was read from the car: freeze frames, live-data snapshots and
-- the readiness summary of a scan.
--
-- A value is numeric (`value` + `unit`) or text (`text`, e.g. a fuel-system
-- status); multi-field PIDs are flattened to one row per field
-- (`o2_b1s1_voltage`).
CREATE TABLE freeze_frames (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ecu      TEXT NOT NULL DEFAULT '',
    frame    INTEGER NOT NULL DEFAULT 0 CHECK (frame BETWEEN 0 AND 255),
    -- The code that stored the frame, when known.
    dtc      TEXT CHECK (dtc IS NULL OR length(dtc) = 5)
);
CREATE INDEX freeze_frames_case ON freeze_frames (case_id);

CREATE TABLE freeze_frame_values (
    freeze_frame_id  INTEGER NOT NULL REFERENCES freeze_frames (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    value            REAL,
    text             TEXT,
    unit             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (freeze_frame_id, position),
    CHECK (value IS NOT NULL OR text IS NOT NULL)
);

CREATE TABLE live_snapshots (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    taken_at  TEXT NOT NULL,
    -- 'obd' (read through the adapter, OBD PID names) or 'manual' (measured by the technician).
    source    TEXT NOT NULL CHECK (source IN ('obd', 'manual')),
    label     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX live_snapshots_case ON live_snapshots (case_id);

CREATE TABLE live_readings (
    snapshot_id  INTEGER NOT NULL REFERENCES live_snapshots (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    value        REAL,
    text         TEXT,
    unit         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (snapshot_id, position),
    CHECK (value IS NOT NULL OR text IS NOT NULL)
);

-- Readiness as the scan saw it (MIL, monitors complete / not complete), as JSON.
ALTER TABLE cases ADD COLUMN readiness_json TEXT CHECK (readiness_json IS NULL OR json_valid(readiness_json));
