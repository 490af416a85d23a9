-- The manufacturers' bulletins that bore on a diagnosis when it ran (issue
-- 17): the wire document `bulletins` of GET /v1/diagnoses/{id}, as JSON.
ALTER TABLE diagnoses ADD COLUMN bulletins TEXT;
