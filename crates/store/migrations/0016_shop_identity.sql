-- 0016: this database's own identity, a random id written once.
--
-- `shopbench fixes export` writes it into the file as `origin`, and
-- `fixes import` refuses a file whose origin is this database: a shop that
-- imported its own export counted each of its closed cars twice in what the
-- diagnosis learns ("2 of the 2 similar cars … (case 2, Main St case 2)").
CREATE TABLE shop_identity (
    only_row  INTEGER PRIMARY KEY CHECK (only_row = 1),
    id        TEXT NOT NULL CHECK (length(id) = 32)
);
INSERT INTO shop_identity (only_row, id) VALUES (1, lower(hex(randomblob(16))));
