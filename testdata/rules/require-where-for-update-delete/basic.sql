CREATE TABLE users (id bigint PRIMARY KEY, name text, nickname text);
-- fixture: existing above

-- Schema-qualified, ONLY, quoted, alias.
DELETE FROM ONLY app."Sessions" AS s; -- want: require-where-for-update-delete 5:1-5:32
update only public.users u set nickname = name; -- want: require-where-for-update-delete 6:1-6:25

-- The head is reported even when the statement spans lines or starts with WITH.
WITH stale AS (SELECT id FROM users)
UPDATE users -- want: require-where-for-update-delete 10:1-10:13
SET nickname = NULL
FROM stale;

-- Data-modifying statements inside WITH.
WITH gone AS (DELETE FROM users RETURNING id) -- want: require-where-for-update-delete 15:15-15:32
SELECT count(*) FROM gone;
WITH moved AS (DELETE FROM users WHERE id < 10 RETURNING *)
INSERT INTO archive SELECT * FROM moved;

-- Tables created in the same file are still reported (as Bytebase does).
CREATE TABLE scratch (id bigint PRIMARY KEY, v int);
UPDATE scratch SET v = 0; -- want: require-where-for-update-delete 22:1-22:15

-- Negative: WHERE present, even trivially or via CURRENT OF.
DELETE FROM users WHERE true;
UPDATE users SET name = 'x' WHERE id IN (SELECT id FROM users LIMIT 1);
UPDATE users SET name = 'x' WHERE CURRENT OF c;
DELETE FROM users USING scratch WHERE users.id = scratch.id;

-- Negative: other statements.
TRUNCATE users;
SELECT * FROM users;
INSERT INTO users (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = excluded.name;

-- The message is about the statement's duration and row locks, not intent.
UPDATE users SET nickname = name; -- want: require-where-for-update-delete 36:1-36:13 /^UPDATE without WHERE changes every row of table "users" in one statement: on a large table it locks every row until the migration commits, blocking the application's writes, and leaves as many dead rows; batch it by key ranges in a migration of its own, or write WHERE true if one statement is fine$/
