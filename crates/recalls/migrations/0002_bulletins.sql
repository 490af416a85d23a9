-- Manufacturers' technical service bulletins (NHTSA's manufacturer
-- communications index), one row per NHTSA item x vehicle (the component
-- field kept whole: NHTSA's component names hold commas themselves).
-- Make and model upper-cased and trimmed; unknown model year 9999.
CREATE TABLE bulletins (
    nhtsa_id     TEXT    NOT NULL,
    bulletin_no  TEXT    NOT NULL DEFAULT '',
    make         TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    component    TEXT    NOT NULL,
    date         TEXT,
    summary      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (nhtsa_id, make, model, year, component)
) WITHOUT ROWID;
CREATE INDEX bulletins_vehicle ON bulletins (make, model, year);
