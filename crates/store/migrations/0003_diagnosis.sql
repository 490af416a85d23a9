-- 0003: diagnosis runs and the technician's recorded test results.
--
-- A run keeps the exact engine input and result as JSON (so an old run still
-- reads after the engine changes), the engine version and how long it took.
CREATE TABLE diagnosis_runs (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    input_json      TEXT NOT NULL CHECK (json_valid(input_json)),
    result_json     TEXT NOT NULL CHECK (json_valid(result_json)),
    engine_version  TEXT NOT NULL,
    duration_ms     REAL NOT NULL CHECK (duration_ms >= 0),
    top_cause       TEXT,
    confidence      REAL,
    created_at      TEXT NOT NULL
);
CREATE INDEX diagnosis_runs_case ON diagnosis_runs (case_id, id);

-- The latest result per plan step; earlier results stay in the history.
CREATE TABLE test_results (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    step_id      TEXT NOT NULL CHECK (length(step_id) > 0),
    outcome      TEXT NOT NULL CHECK (outcome IN ('pass', 'fail')),
    note         TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (case_id, step_id)
);
