-- The server's schema on PostgreSQL: the same tables, columns and rules as
-- the SQLite migrations 0001–0004 taken together, in PostgreSQL's types
-- (BIGINT for every integer, BYTEA for bytes, DOUBLE PRECISION for progress).
-- Times are Unix milliseconds, as on SQLite.

CREATE TABLE partners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    plan        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    lookup      TEXT NOT NULL,
    hash        BYTEA NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_lookup ON api_keys(lookup);

CREATE TABLE webhook_endpoints (
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (partner_id, mode)
);

CREATE TABLE ledger (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    amount      BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('topup', 'charge', 'refund')),
    operation   TEXT,
    reference   TEXT,
    request_id  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ledger_account ON ledger(partner_id, mode);
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the credit ledger is append-only'; END $$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger
FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL,
    input       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE diagnoses (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES partners(id),
    mode         TEXT NOT NULL,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    status       TEXT NOT NULL CHECK (status IN ('processing', 'complete', 'failed')),
    stage        TEXT NOT NULL,
    progress     DOUBLE PRECISION NOT NULL,
    result       TEXT,
    error        TEXT,
    created_at   BIGINT NOT NULL,
    completed_at BIGINT
);

CREATE TABLE jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    run_after   BIGINT NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    last_error  TEXT,
    created_at  BIGINT NOT NULL,
    lease_until BIGINT,
    claimed_by  TEXT
);
CREATE INDEX jobs_due ON jobs(status, run_after);
CREATE INDEX jobs_leases ON jobs(status, lease_until);

CREATE TABLE idempotency (
    partner_id   TEXT NOT NULL,
    mode         TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  BYTEA NOT NULL,
    status       BIGINT,
    content_type TEXT,
    body         BYTEA,
    created_at   BIGINT NOT NULL,
    location     TEXT,
    PRIMARY KEY (partner_id, mode, key)
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    partner_id      TEXT NOT NULL,
    mode            TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    url             TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'succeeded', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    lease_until     BIGINT,
    claimed_by      TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries(id),
    attempt      BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    status_code  BIGINT,
    error        TEXT,
    duration_ms  BIGINT NOT NULL
);

CREATE TABLE estimates (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    request     TEXT NOT NULL,
    response    TEXT NOT NULL,
    insurance   TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX estimates_owner ON estimates(partner_id, mode);

CREATE TABLE estimate_photos (
    estimate_id TEXT NOT NULL REFERENCES estimates(id),
    idx         BIGINT NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    original    BYTEA NOT NULL,
    thumbnail   BYTEA NOT NULL,
    PRIMARY KEY (estimate_id, idx)
);

CREATE TABLE rate_seconds (
    key_id  TEXT NOT NULL,
    second  BIGINT NOT NULL,   -- Unix second
    count   BIGINT NOT NULL,
    PRIMARY KEY (key_id, second)
);

CREATE TABLE rate_windows (
    partner_id  TEXT NOT NULL,
    mode        TEXT NOT NULL,
    span        TEXT NOT NULL CHECK (span IN ('hour', 'day')),
    start       BIGINT NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (partner_id, mode, span)
);
