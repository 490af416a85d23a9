-- Estimates the server's damage detector works out (issue 20, seed 001's
-- asynchronous flow): a request without areas is accepted as `processing`,
-- a job runs the detector and prices it, and the estimate ends `complete`
-- or `failed` (with seed 001's error code; the credits refunded). The two
-- stored views exist once it is complete, so they may now be NULL. A
-- per-request callback URL gets the events too. Estimates stored before
-- this migration were complete when created.
ALTER TABLE estimates
    ALTER COLUMN response DROP NOT NULL,
    ALTER COLUMN insurance DROP NOT NULL,
    ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'
        CHECK (status IN ('processing', 'complete', 'failed')),
    ADD COLUMN stage TEXT NOT NULL DEFAULT 'complete',
    ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    ADD COLUMN error_code TEXT,
    ADD COLUMN error TEXT,
    ADD COLUMN callback_url TEXT,
    ADD COLUMN completed_at BIGINT;
UPDATE estimates SET completed_at = created_at;

-- The side of the car each photo shows, as the partner said (the detector
-- names the panel under a box from it).
ALTER TABLE estimate_photos ADD COLUMN view TEXT
    CHECK (view IS NULL OR view IN ('front', 'rear', 'left', 'right'));
