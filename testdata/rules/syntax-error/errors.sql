SELECT 1;
ALTER TABLE users ADD COLUMN; -- want: syntax-error 2:29-2:29
SELEC * FROM users; -- want: syntax-error 3:1-3:6
-- A broken statement does not hide the next one, nor swallow it.
CREATE TABLE t (id bigint PRIMARY KEY, v text);
SELECT 'é', (1 + ; -- want: syntax-error 6:17-6:17
INSERT INTO t VALUES (1, 'x');
-- psql meta-commands are skipped, not syntax errors.
\set ON_ERROR_STOP on
SELECT :'var' FROM t \gset
SELECT 2;
