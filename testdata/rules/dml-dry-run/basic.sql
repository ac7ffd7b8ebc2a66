CREATE TABLE t (id int);
-- Without a database: one note, on the first data change of the file.
INSERT INTO t VALUES (1); -- want: dml-dry-run 3:1-3:7
DELETE FROM t WHERE id = 1;
SELECT * FROM t;
