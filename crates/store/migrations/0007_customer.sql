-- 0007: the customer a case is for (name, as the front counter writes it).
--
-- '' when not given; cases saved before this migration get ''.
ALTER TABLE cases ADD COLUMN customer TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_customer ON cases (customer);
