SELECT * FROM t WHERE a LIKE '%abc'; -- want: no-leading-wildcard-like 1:23-1:36
SELECT * FROM t WHERE a LIKE 'abc' OR a ILIKE '_bc'; -- want: no-leading-wildcard-like
-- One finding per statement, on the first pattern.
SELECT * FROM t WHERE a LIKE '%acc' OR a LIKE '%abc'; -- want: no-leading-wildcard-like 4:23-4:36
SELECT * FROM (SELECT * FROM t WHERE a LIKE '%x') t1; -- want: no-leading-wildcard-like
DELETE FROM users WHERE email LIKE '%@example.com'; -- want: no-leading-wildcard-like
-- Negative.
SELECT * FROM t WHERE a LIKE 'abc%';
SELECT * FROM t WHERE a = '%abc';
-- A CHECK constraint is no search.
CREATE TABLE users (email text CHECK (email LIKE '%@%'));
