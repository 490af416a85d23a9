-- What fixed the car (issue 17): a partner closes a case with its confirmed
-- fix; later diagnoses of the same tenant's similar cars (same make, a code
-- in common) learn from it. Closing again replaces the fix.
CREATE TABLE case_fixes (
    case_id      TEXT PRIMARY KEY REFERENCES cases(id),
    partner_id   TEXT NOT NULL REFERENCES partners(id),
    mode         TEXT NOT NULL,
    fixed_by     TEXT NOT NULL,
    cause_id     TEXT,
    parts        TEXT NOT NULL DEFAULT '',
    labor_hours  DOUBLE PRECISION,
    cost_cents   BIGINT,
    closed_at    BIGINT NOT NULL
);
CREATE INDEX case_fixes_by_tenant ON case_fixes (partner_id, mode, closed_at);
