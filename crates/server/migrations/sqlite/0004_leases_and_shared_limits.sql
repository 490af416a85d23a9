-- Several processes on one database (issue 15): a claimed job or webhook
-- delivery carries a lease and the claimant's id; when the lease runs out
-- (its process died), another process takes it over. Replaces the
-- "requeue everything running at start-up" rule, which was only right for
-- one process.
ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
CREATE INDEX jobs_leases ON jobs(status, lease_until);

ALTER TABLE webhook_deliveries ADD COLUMN lease_until INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;

-- Rate limits kept in the database, so every process counts the same
-- requests: the requests of each key's sliding minute, and each partner and
-- mode's current hour and day window.
CREATE TABLE rate_seconds (
    key_id  TEXT NOT NULL,
    second  INTEGER NOT NULL,   -- Unix second
    count   INTEGER NOT NULL,
    PRIMARY KEY (key_id, second)
);

CREATE TABLE rate_windows (
    partner_id  TEXT NOT NULL,
    mode        TEXT NOT NULL,
    span        TEXT NOT NULL CHECK (span IN ('hour', 'day')),
    start       INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (partner_id, mode, span)
);

-- Work a process left half-done before this upgrade has no lease: due now.
UPDATE jobs SET status = 'queued', last_error = 'interrupted by a restart' WHERE status = 'running';
UPDATE webhook_deliveries SET status = 'pending' WHERE status = 'sending';
