-- Tenants: partners, their API keys (SHA-256 only) and webhook endpoints.
CREATE TABLE partners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    plan        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    lookup      TEXT NOT NULL,          -- non-secret prefix, e.g. sk_test_AbCd1234
    hash        BLOB NOT NULL,          -- SHA-256 of the whole key
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX api_keys_lookup ON api_keys(lookup);

CREATE TABLE webhook_endpoints (
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (partner_id, mode)
);

-- Credits: an append-only ledger; a balance is the sum of its entries.
CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL CHECK (mode IN ('test', 'live')),
    amount      INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('topup', 'charge', 'refund')),
    operation   TEXT,
    reference   TEXT,
    request_id  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ledger_account ON ledger(partner_id, mode);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;

-- Diagnosis: cases, diagnoses and the jobs that compute them.
CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partners(id),
    mode        TEXT NOT NULL,
    input       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE diagnoses (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES partners(id),
    mode         TEXT NOT NULL,
    case_id      TEXT NOT NULL REFERENCES cases(id),
    status       TEXT NOT NULL CHECK (status IN ('processing', 'complete', 'failed')),
    stage        TEXT NOT NULL,
    progress     REAL NOT NULL,
    result       TEXT,
    error        TEXT,
    created_at   INTEGER NOT NULL,
    completed_at INTEGER
);

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_after   INTEGER NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER,
    last_error  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_after);

-- Idempotency-Key: the stored first success of each key.
CREATE TABLE idempotency (
    partner_id   TEXT NOT NULL,
    mode         TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  BLOB NOT NULL,
    status       INTEGER,              -- NULL while the first request runs
    content_type TEXT,
    body         BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (partner_id, mode, key)
);

-- Webhook deliveries and every attempt at them.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    partner_id      TEXT NOT NULL,
    mode            TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    url             TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'succeeded', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries(id),
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER NOT NULL
);
