-- 0015: an estimate priced by a shopbench /v1 server (issue 19 item 4, remote mode).
--
-- The desktop's remote mode sends an estimate's vehicle, state and marked
-- areas (with their photos) to the server's POST /v1/estimates, which prices
-- and charges in one call. Its answer is kept here, whole, so the estimate
-- reopens with it and nothing is charged twice: which server and estimate id,
-- what was sent (the request without the photos, to tell whether the
-- estimate changed since), the answer as the server wrote it, and the
-- credits it drew. Pricing again adds a row; the latest is the one shown.
CREATE TABLE estimate_remote_pricings (
    id               INTEGER PRIMARY KEY,
    estimate_id      INTEGER NOT NULL REFERENCES estimates (id),
    priced_at        TEXT NOT NULL,
    server           TEXT NOT NULL,
    remote_id        TEXT NOT NULL,
    credits_charged  INTEGER NOT NULL CHECK (credits_charged >= 0),
    sent_json        TEXT NOT NULL
                     CHECK (json_valid(sent_json) AND json_type(sent_json) = 'object'),
    answer_json      TEXT NOT NULL
                     CHECK (json_valid(answer_json) AND json_type(answer_json) = 'object')
);
CREATE INDEX estimate_remote_pricings_estimate ON estimate_remote_pricings (estimate_id, id);
