-- Recalls and complaints cache (NHTSA flat files and APIs, Transport Canada API).
-- Make and model are stored upper-cased and trimmed; an unknown model year is 9999 (NHTSA's own convention).

-- One row per NHTSA campaign x vehicle x component (FLAT_RCL grain; the recalls API gives one component per row).
CREATE TABLE us_recalls (
    campaign       TEXT    NOT NULL,
    make           TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    component      TEXT    NOT NULL,
    manufacturer   TEXT    NOT NULL DEFAULT '',
    summary        TEXT    NOT NULL DEFAULT '',
    consequence    TEXT    NOT NULL DEFAULT '',
    remedy         TEXT    NOT NULL DEFAULT '',
    notes          TEXT    NOT NULL DEFAULT '',
    reported_date  TEXT,
    units_affected INTEGER,
    origin         TEXT    NOT NULL, -- 'flat' (imported file) or 'api'
    PRIMARY KEY (campaign, make, model, year, component)
) WITHOUT ROWID;
CREATE INDEX us_recalls_vehicle ON us_recalls (make, model, year);

-- One row per owner complaint (ODI number) x vehicle x component (FLAT_CMPL grain).
CREATE TABLE complaints (
    odi          INTEGER NOT NULL,
    make         TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    component    TEXT    NOT NULL,
    manufacturer TEXT    NOT NULL DEFAULT '',
    crash        INTEGER NOT NULL,
    fire         INTEGER NOT NULL,
    injured      INTEGER NOT NULL,
    deaths       INTEGER NOT NULL,
    fail_date    TEXT,
    filed_date   TEXT,
    miles        INTEGER,
    summary      TEXT    NOT NULL DEFAULT '',
    origin       TEXT    NOT NULL,
    PRIMARY KEY (odi, make, model, year, component)
) WITHOUT ROWID;
CREATE INDEX complaints_vehicle ON complaints (make, model, year);

-- One row per Transport Canada recall number x vehicle; detail columns are NULL when only listed.
CREATE TABLE ca_recalls (
    recall_number  TEXT    NOT NULL,
    make           TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    recall_date    TEXT,
    system_type    TEXT,
    summary        TEXT,
    units_affected INTEGER,
    PRIMARY KEY (recall_number, make, model, year)
) WITHOUT ROWID;
CREATE INDEX ca_recalls_vehicle ON ca_recalls (make, model, year);

-- Successful online fetches only (failures are never recorded, so they are never cached).
CREATE TABLE fetches (
    source     TEXT    NOT NULL, -- 'nhtsa-recalls', 'nhtsa-complaints', 'tc-recalls'
    make       TEXT    NOT NULL,
    model      TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    fetched_at INTEGER NOT NULL, -- Unix seconds
    rows       INTEGER NOT NULL,
    PRIMARY KEY (source, make, model, year)
) WITHOUT ROWID;

-- Flat-file imports, for provenance.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL, -- 'nhtsa-recalls' or 'nhtsa-complaints'
    file        TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    imported    INTEGER NOT NULL,
    filtered    INTEGER NOT NULL,
    skipped     INTEGER NOT NULL
);
