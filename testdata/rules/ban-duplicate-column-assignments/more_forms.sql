INSERT INTO k (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = 1, b = 2; -- want: ban-duplicate-column-assignments 1:73-1:74 /in this ON CONFLICT DO UPDATE;/
MERGE INTO k USING src ON k.a = src.a
  WHEN MATCHED THEN UPDATE SET b = 1, b = 2 -- want: ban-duplicate-column-assignments 3:39-3:40 /in this MERGE ... UPDATE;/
  WHEN NOT MATCHED THEN INSERT (a, a) VALUES (1, 2); -- want: ban-duplicate-column-assignments 4:36-4:37 /listed more than once in this MERGE ... INSERT;/
UPDATE k SET a = ROW(1, 2), a.x = 1; -- want: ban-duplicate-column-assignments 5:29-5:32
CREATE TABLE t (a int, b int, a text); -- want: ban-duplicate-column-assignments 6:31-6:32 /defined more than once in this CREATE TABLE;/
CREATE FOREIGN TABLE ft (a int, a int) SERVER s; -- want: ban-duplicate-column-assignments 7:33-7:34
CREATE VIEW v AS SELECT a, b AS a FROM k; -- want: ban-duplicate-column-assignments 8:28-8:29 /output column "a" is named more than once in this CREATE VIEW;/
CREATE VIEW v2 (x, x) AS SELECT a, b FROM k; -- want: ban-duplicate-column-assignments 9:13-9:15
SELECT a, 1 AS a INTO t2 FROM k; -- want: ban-duplicate-column-assignments 10:11-10:12
CREATE TABLE t3 AS SELECT k.a, s.a FROM k, s; -- want: ban-duplicate-column-assignments 11:32-11:35
-- Negative: different fields or elements of one column; distinct names.
UPDATE k SET a.x = 1, a.y = 2, b[1] = 1, b[2] = 2;
INSERT INTO k (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b;
CREATE VIEW v3 AS SELECT a, b FROM k;
SELECT a, a FROM k;
