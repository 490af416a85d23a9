-- 0001: a case (one vehicle visit) and its trouble codes.
--
-- The vehicle is either a VIN or make/model/year + engine (or both); the
-- mileage carries its unit. Timestamps are UTC RFC 3339 text.
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    vin           TEXT CHECK (vin IS NULL OR length(vin) = 17),
    make          TEXT,
    model         TEXT,
    year          INTEGER CHECK (year IS NULL OR year BETWEEN 1886 AND 2200),
    engine        TEXT,
    mileage       REAL CHECK (mileage IS NULL OR mileage >= 0),
    mileage_unit  TEXT CHECK (mileage_unit IN ('mi', 'km')),
    complaint     TEXT NOT NULL DEFAULT '',
    findings      TEXT NOT NULL DEFAULT '',
    -- Where the case came from: 'manual' (typed in) or 'scan' (scan --save-case).
    source        TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'scan')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((mileage IS NULL) = (mileage_unit IS NULL))
);
CREATE INDEX cases_vin ON cases (vin);

CREATE TABLE case_dtcs (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    code     TEXT NOT NULL CHECK (length(code) = 5),
    status   TEXT NOT NULL CHECK (status IN ('stored', 'pending', 'permanent')),
    -- The reporting control unit ('7E8', 'ECM'); '' when not known.
    ecu      TEXT NOT NULL DEFAULT '',
    UNIQUE (case_id, code, status, ecu)
);
CREATE INDEX case_dtcs_code ON case_dtcs (code);
