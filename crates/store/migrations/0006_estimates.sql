-- 0006: body-shop damage estimates.
--
-- An estimate is the vehicle, the shop's state (and metro flag), the part
-- preference and the estimator's overrides; the priced lines are not stored
-- but recomputed by the engine from these inputs, so an estimate always shows
-- the current engine's figures for exactly what the estimator entered.
-- Photos keep their original bytes (at most 5 × 10 MB per estimate, checked
-- by the application and by the trigger below) with a thumbnail; damage areas
-- point at a photo and may carry a box on it (fractions of the displayed,
-- orientation-applied photo). History is append-only, like the cases'.
CREATE TABLE estimates (
    id              INTEGER PRIMARY KEY,
    make            TEXT NOT NULL CHECK (length(make) > 0),
    model           TEXT NOT NULL CHECK (length(model) > 0),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    vin             TEXT CHECK (vin IS NULL OR length(vin) = 17),
    vehicle_class   TEXT,
    equipment_json  TEXT CHECK (equipment_json IS NULL OR json_valid(equipment_json)),
    state           TEXT NOT NULL CHECK (length(state) = 2),
    metro           INTEGER NOT NULL DEFAULT 0 CHECK (metro IN (0, 1)),
    part_preference TEXT NOT NULL DEFAULT 'OEM',
    overrides_json  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(overrides_json)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE estimate_photos (
    id          INTEGER PRIMARY KEY,
    estimate_id INTEGER NOT NULL REFERENCES estimates (id),
    file_name   TEXT NOT NULL CHECK (length(file_name) > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    orientation INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
    original    BLOB NOT NULL CHECK (length(original) BETWEEN 1 AND 10485760),
    thumbnail   BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (estimate_id, sha256),
    UNIQUE (estimate_id, file_name)
);

CREATE TRIGGER estimate_photos_at_most_5 BEFORE INSERT ON estimate_photos
WHEN (SELECT count(*) FROM estimate_photos WHERE estimate_id = NEW.estimate_id) >= 5
BEGIN
    SELECT RAISE(ABORT, 'an estimate holds at most 5 photos');
END;

CREATE TABLE estimate_areas (
    id          INTEGER PRIMARY KEY,
    estimate_id INTEGER NOT NULL REFERENCES estimates (id),
    photo_id    INTEGER REFERENCES estimate_photos (id),
    panel       TEXT NOT NULL CHECK (length(panel) > 0),
    damage_type TEXT NOT NULL,
    severity    TEXT NOT NULL,
    -- The box, all four or none.
    x REAL, y REAL, w REAL, h REAL,
    created_at  TEXT NOT NULL,
    CHECK ((x IS NULL) = (y IS NULL) AND (y IS NULL) = (w IS NULL) AND (w IS NULL) = (h IS NULL)),
    CHECK (x IS NULL OR photo_id IS NOT NULL)
);
CREATE INDEX estimate_areas_estimate ON estimate_areas (estimate_id, id);

CREATE TABLE estimate_history (
    id          INTEGER PRIMARY KEY,
    estimate_id INTEGER NOT NULL REFERENCES estimates (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    -- 'estimate.create', 'photo.add', 'area.add', 'area.remove', 'override', …
    action      TEXT NOT NULL,
    old_json    TEXT CHECK (old_json IS NULL OR json_valid(old_json)),
    new_json    TEXT CHECK (new_json IS NULL OR json_valid(new_json))
);
CREATE INDEX estimate_history_estimate ON estimate_history (estimate_id, id);

CREATE TRIGGER estimate_history_no_update BEFORE UPDATE ON estimate_history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

CREATE TRIGGER estimate_history_no_delete BEFORE DELETE ON estimate_history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted');
END;
