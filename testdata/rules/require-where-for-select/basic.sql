SELECT a FROM t; -- want: require-where-for-select 1:15-1:16
SELECT a FROM t WHERE a > (SELECT max(id) FROM users); -- want: require-where-for-select 2:48-2:53
INSERT INTO archive (id) SELECT id FROM app.orders; -- want: require-where-for-select 3:41-3:51
CREATE TABLE snap AS SELECT * FROM t; -- want: require-where-for-select
SELECT a FROM t WHERE true UNION SELECT a FROM u; -- want: require-where-for-select
-- Negative: WHERE present, or no FROM.
SELECT a FROM t WHERE a > 0;
SELECT 1;
SELECT now();
INSERT INTO t (a) VALUES (1);
