-- Damage estimates (seed 001): the request as the engine saw it, and the two
-- stored views (the complete response and the insurance format), written with
-- the photos and the charge in one transaction.
CREATE TABLE estimates (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    request     TEXT NOT NULL,
    response    TEXT NOT NULL,
    insurance   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX estimates_owner ON estimates(partner_id, mode);

-- Each checked photo: the original bytes, what intake found and its thumbnail.
CREATE TABLE estimate_photos (
    estimate_id TEXT NOT NULL REFERENCES estimates(id),
    idx         INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    original    BLOB NOT NULL,
    thumbnail   BLOB NOT NULL,
    PRIMARY KEY (estimate_id, idx)
);
