-- Complaints per NHTSA component across the whole cache: the baseline a
-- vehicle's own complaint shares are compared with when complaints count as
-- diagnosis evidence (issue 17). Kept in step with `complaints` by every
-- flat-file import (recounted) and online refresh (the vehicle's rows
-- subtracted, then its new rows added). Counts are complaint x vehicle
-- pairs (an ODI number can name several vehicles); the row with component
-- '*' holds the number of such pairs, whatever they name.
CREATE TABLE complaint_baseline (
    component TEXT    PRIMARY KEY,
    n         INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO complaint_baseline (component, n)
    SELECT component, count(*) FROM complaints WHERE component <> '' GROUP BY component;
INSERT INTO complaint_baseline (component, n)
    SELECT '*', count(*) FROM (SELECT DISTINCT odi, make, model, year FROM complaints);
