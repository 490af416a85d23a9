-- An idempotent replay answers with the first response's Location header too
-- (issue 18, item 10: the replay of a 201 dropped it).
ALTER TABLE idempotency ADD COLUMN location TEXT;
