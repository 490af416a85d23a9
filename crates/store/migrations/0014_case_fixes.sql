-- 0014: what fixed the car (issue 17).
--
-- A case is closed with its confirmed fix: the technician's words, the
-- knowledge's cause they map to (NULL when they map to none: kept, but
-- nothing is learned from it), parts, hours and cost. Closing again replaces
-- the fix; the history keeps both. The diagnosis learns from closed cases of
-- similar cars (crates/diagnosis/src/history.rs).
CREATE TABLE case_fixes (
    case_id      INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    fixed_by     TEXT NOT NULL CHECK (length(trim(fixed_by)) > 0),
    cause_id     TEXT CHECK (cause_id IS NULL OR length(cause_id) > 0),
    parts        TEXT NOT NULL DEFAULT '',
    labor_hours  REAL CHECK (labor_hours IS NULL OR labor_hours >= 0),
    cost_cents   INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
    closed_at    TEXT NOT NULL,
    closed_by    TEXT NOT NULL
);
CREATE INDEX case_fixes_cause ON case_fixes (cause_id);

-- Confirmed fixes another shop shared (`shopbench fixes import`): the
-- vehicle's make, model and year, its codes and the cause; no customer, no
-- VIN. Importing the same file twice adds nothing.
CREATE TABLE shared_fixes (
    id           INTEGER PRIMARY KEY,
    shop         TEXT NOT NULL CHECK (length(shop) > 0),
    case_ref     TEXT NOT NULL,
    make         TEXT NOT NULL CHECK (length(make) > 0),
    model        TEXT NOT NULL DEFAULT '',
    year         INTEGER CHECK (year IS NULL OR year BETWEEN 1886 AND 2200),
    codes_json   TEXT NOT NULL
                 CHECK (json_valid(codes_json) AND json_type(codes_json) = 'array'),
    cause_id     TEXT NOT NULL CHECK (length(cause_id) > 0),
    imported_at  TEXT NOT NULL,
    UNIQUE (shop, case_ref)
);
