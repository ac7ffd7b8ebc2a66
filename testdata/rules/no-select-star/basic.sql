SELECT * FROM t; -- want: no-select-star 1:8-1:9
SELECT a, b FROM (SELECT * FROM t1, t2) t; -- want: no-select-star 2:26-2:27
INSERT INTO t SELECT t1.* FROM t1; -- want: no-select-star 3:22-3:26
CREATE VIEW v AS SELECT * FROM t WHERE a > 0; -- want: no-select-star
SELECT a FROM t UNION SELECT * FROM u; -- want: no-select-star
WITH c AS (SELECT * FROM t) SELECT a FROM c; -- want: no-select-star
-- One finding per SELECT.
SELECT *, t.* FROM t; -- want: no-select-star
-- Negative: EXISTS ignores its select list; count(*) is no star; VALUES.
SELECT a FROM t WHERE EXISTS (SELECT * FROM u WHERE u.id = t.id);
SELECT count(*) FROM t;
INSERT INTO t VALUES (1);
-- Negative: not a query.
CREATE TABLE t2 (a int);
