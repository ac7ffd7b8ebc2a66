CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE VIEW active_accounts AS SELECT id FROM accounts;
CREATE TYPE mood AS ENUM ('sad', 'ok');
-- fixture: existing above

ALTER VIEW active_accounts RENAME TO live_accounts; -- want: renaming-object 6:28-6:51
ALTER MATERIALIZED VIEW stats RENAME TO stats_v2; -- want: renaming-object 7:31-7:49
ALTER FUNCTION f(integer) RENAME TO f2; -- want: renaming-object 8:27-8:39
ALTER PROCEDURE p() RENAME TO p2; -- want: renaming-object 9:21-9:33
ALTER TYPE mood RENAME TO feeling; -- want: renaming-object 10:17-10:34
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'; -- want: renaming-object 11:17-11:44
ALTER DOMAIN d RENAME TO d2; -- want: renaming-object 12:16-12:28
ALTER SEQUENCE s RENAME TO s2; -- want: renaming-object 13:18-13:30
ALTER SCHEMA app RENAME TO app_v2; -- want: renaming-object 14:18-14:34
ALTER INDEX IF EXISTS accounts_pkey RENAME TO accounts_id_pkey; -- want: renaming-object 15:37-15:63

-- Negative: tables and columns (renaming-table, renaming-column), objects created earlier in this file.
ALTER TABLE accounts RENAME TO users;
ALTER TABLE accounts RENAME COLUMN id TO account_id;
CREATE VIEW recent AS SELECT 1 AS id;
ALTER VIEW recent RENAME TO latest;
CREATE TYPE color AS ENUM ('red');
ALTER TYPE color RENAME VALUE 'red' TO 'crimson';
ALTER TYPE color RENAME TO colour;
CREATE SCHEMA reports;
ALTER SCHEMA reports RENAME TO reporting;
ALTER TYPE mood RENAME ATTRIBUTE a TO b;
ALTER POLICY p ON accounts RENAME TO p2;
