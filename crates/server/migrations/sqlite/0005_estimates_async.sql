-- Estimates the server's damage detector works out (issue 20, seed 001's
-- asynchronous flow): a request without areas is accepted as `processing`,
-- a job runs the detector and prices it, and the estimate ends `complete`
-- or `failed` (with seed 001's error code; the credits refunded). The two
-- stored views exist once it is complete, so they may now be NULL. A
-- per-request callback URL gets the events too. Estimates stored before
-- this migration were complete when created.
ALTER TABLE estimates ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'
    CHECK (status IN ('processing', 'complete', 'failed'));
ALTER TABLE estimates ADD COLUMN stage TEXT NOT NULL DEFAULT 'complete';
ALTER TABLE estimates ADD COLUMN progress REAL NOT NULL DEFAULT 1.0;
ALTER TABLE estimates ADD COLUMN error_code TEXT;
ALTER TABLE estimates ADD COLUMN error TEXT;
ALTER TABLE estimates ADD COLUMN callback_url TEXT;
ALTER TABLE estimates ADD COLUMN completed_at INTEGER;
UPDATE estimates SET completed_at = created_at;

-- SQLite cannot drop a NOT NULL in place: each view moves to a new column.
ALTER TABLE estimates ADD COLUMN response_0005 TEXT;
ALTER TABLE estimates ADD COLUMN insurance_0005 TEXT;
UPDATE estimates SET response_0005 = response, insurance_0005 = insurance;
ALTER TABLE estimates DROP COLUMN response;
ALTER TABLE estimates DROP COLUMN insurance;
ALTER TABLE estimates RENAME COLUMN response_0005 TO response;
ALTER TABLE estimates RENAME COLUMN insurance_0005 TO insurance;

-- The side of the car each photo shows, as the partner said (the detector
-- names the panel under a box from it).
ALTER TABLE estimate_photos ADD COLUMN view TEXT
    CHECK (view IS NULL OR view IN ('front', 'rear', 'left', 'right'));
