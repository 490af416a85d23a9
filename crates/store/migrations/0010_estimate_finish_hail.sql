-- 0010: estimates an insurer accepts (issue 21).
--
-- The colour's paint system (two- or three-stage: a tri-coat adds three-stage
-- refinish time instead of clear coat; NULL = two-stage, as before) and, on a
-- damage area, the hail dents counted on its panel ('35xquarter': 35 dents,
-- the largest a quarter's size), which price the panel by the paintless dent
-- repair matrix. Estimates and areas saved before this migration get NULL.
-- Versions 8 and 9 are other branches' migrations, merged before this one.
ALTER TABLE estimates ADD COLUMN finish TEXT
    CHECK (finish IS NULL OR finish IN ('two_stage', 'three_stage'));
ALTER TABLE estimate_areas ADD COLUMN dents TEXT
    CHECK (dents IS NULL OR dents GLOB '[1-9]*x*');
