-- 0005: photos of the vehicle (damage, parts, gauges). The estimate work
-- fills this; the file stays on disk at `path`, identified by its SHA-256,
-- with a small thumbnail kept in the database for listings.
CREATE TABLE photos (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    mime        TEXT NOT NULL,
    width       INTEGER,
    height      INTEGER,
    thumbnail   BLOB,
    caption     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (case_id, sha256)
);
