-- 0004: the append-only history of every change to a case.
--
-- Triggers abort any UPDATE or DELETE, so a row once written stays as written.
-- A consequence: a case with history cannot be deleted (the cascade would
-- delete history rows and is aborted too) — cases are closed, never erased.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    -- What changed: 'case.create', 'complaint', 'findings', 'vehicle',
    -- 'mileage', 'dtc.add', 'dtc.remove', 'test.record', 'diagnosis.run', …
    action    TEXT NOT NULL,
    old_json  TEXT CHECK (old_json IS NULL OR json_valid(old_json)),
    new_json  TEXT CHECK (new_json IS NULL OR json_valid(new_json))
);
CREATE INDEX history_case ON history (case_id, id);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be updated');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: rows cannot be deleted');
END;
