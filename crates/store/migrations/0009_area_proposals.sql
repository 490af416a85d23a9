-- 0009: damage areas a detector proposed (issue 20), and the side of the car a photo shows.
--
-- A damage area now says who marked it (`source`: 'estimator', or 'detector:NAME' for the
-- shop's own model), the detector's confidence (0..1; none for the estimator's areas), its
-- class name (`label`, e.g. 'lamp broken') and whether it is 'proposed' (shown, never
-- priced) or 'confirmed' (priced). Only a detector proposes. A proposal is always a box on a
-- photo, and may lack a panel (the photo's side was not given or the box fell on no panel's
-- zone: the estimator picks it) or a damage type (a class the estimate data do not price, such
-- as a flat tyre); a confirmed area has both. Areas saved before this migration are the
-- estimator's, confirmed.
--
-- SQLite cannot relax a column's NOT NULL in place, so `estimate_areas` is rebuilt (no table
-- refers to it) with the same ids, then its index is made again.
CREATE TABLE estimate_areas_0009 (
    id          INTEGER PRIMARY KEY,
    estimate_id INTEGER NOT NULL REFERENCES estimates (id),
    photo_id    INTEGER REFERENCES estimate_photos (id),
    panel       TEXT CHECK (panel IS NULL OR length(panel) > 0),
    damage_type TEXT,
    severity    TEXT NOT NULL,
    -- The box, all four or none.
    x REAL, y REAL, w REAL, h REAL,
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'estimator'
                CHECK (source = 'estimator' OR (source LIKE 'detector:%' AND length(source) > 9)),
    confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    label       TEXT,
    status      TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('proposed', 'confirmed')),
    CHECK ((x IS NULL) = (y IS NULL) AND (y IS NULL) = (w IS NULL) AND (w IS NULL) = (h IS NULL)),
    CHECK (x IS NULL OR photo_id IS NOT NULL),
    CHECK ((source = 'estimator') = (confidence IS NULL)),
    CHECK (status = 'proposed' OR (panel IS NOT NULL AND damage_type IS NOT NULL)),
    CHECK (status = 'confirmed' OR (source <> 'estimator' AND x IS NOT NULL AND label IS NOT NULL))
);

INSERT INTO estimate_areas_0009 (id, estimate_id, photo_id, panel, damage_type, severity,
                                 x, y, w, h, created_at)
SELECT id, estimate_id, photo_id, panel, damage_type, severity, x, y, w, h, created_at
FROM estimate_areas;

DROP TABLE estimate_areas;
ALTER TABLE estimate_areas_0009 RENAME TO estimate_areas;
CREATE INDEX estimate_areas_estimate ON estimate_areas (estimate_id, id);

-- Which side of the car the photo shows, as the estimator said (the detector names the panel
-- under a box from it); NULL when not said.
ALTER TABLE estimate_photos ADD COLUMN view TEXT
    CHECK (view IS NULL OR view IN ('front', 'rear', 'left', 'right'));
