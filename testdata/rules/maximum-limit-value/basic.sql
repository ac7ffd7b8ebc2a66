-- fixture: enable maximum-limit-value
SELECT * FROM t LIMIT 1001; -- want: maximum-limit-value 2:23-2:27
SELECT * FROM t LIMIT 1000;
SELECT * FROM t ORDER BY a FETCH FIRST 5000 ROWS ONLY; -- want: maximum-limit-value 4:40-4:44
SELECT * FROM t LIMIT 10 OFFSET 100000;
SELECT * FROM t LIMIT ALL;
SELECT * FROM t LIMIT $1;
SELECT * FROM t LIMIT 2000 + 1;
-- Sub-queries, set operations, views and INSERT ... SELECT are SELECTs too.
SELECT * FROM (SELECT * FROM t LIMIT 99999) s; -- want: maximum-limit-value 10:38-10:43
(SELECT a FROM t UNION SELECT a FROM u) LIMIT 3000; -- want: maximum-limit-value 11:47-11:51
CREATE VIEW v AS SELECT * FROM t LIMIT 1500; -- want: maximum-limit-value 12:40-12:44
INSERT INTO u SELECT * FROM t LIMIT 1e4; -- want: maximum-limit-value 13:37-13:40
PREPARE q AS SELECT * FROM t LIMIT 2000; -- want: maximum-limit-value 14:36-14:40
DECLARE c CURSOR FOR SELECT * FROM t LIMIT 2000; -- want: maximum-limit-value 15:44-15:48
CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT a FROM t LIMIT 5000; END; -- want: maximum-limit-value 16:87-16:91
