CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, "Nick Name" text, phone text, code text NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL);
CREATE TABLE app.accounts (id bigint, plan text);
-- fixture: existing above

-- Positive: the range covers the subcommand.
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want: adding-not-nullable-field 8:19-8:50
ALTER TABLE ONLY app.accounts ALTER plan SET NOT NULL; -- want: adding-not-nullable-field 9:31-9:54
ALTER TABLE IF EXISTS users ALTER COLUMN "Nick Name" SET NOT NULL; -- want: adding-not-nullable-field 10:29-10:66

-- Positive: several subcommands, one finding each.
ALTER TABLE users
  ALTER COLUMN name SET NOT NULL, -- want: adding-not-nullable-field 14:3-14:33
  ALTER COLUMN name SET DEFAULT '',
  ALTER COLUMN id SET NOT NULL;

-- Positive: a NOT VALID check does not prove anything yet.
ALTER TABLE app.accounts ADD CONSTRAINT accounts_id_not_null CHECK (id IS NOT NULL) NOT VALID;
ALTER TABLE app.accounts ALTER COLUMN id SET NOT NULL; -- want: adding-not-nullable-field

-- Positive: unknown table counts as existing.
ALTER TABLE unknown_table ALTER COLUMN c SET NOT NULL; -- want: adding-not-nullable-field

-- Negative: a validated CHECK (col IS NOT NULL) lets PostgreSQL 12+ skip the scan.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;

-- Negative: validated earlier in this file.
ALTER TABLE app.accounts VALIDATE CONSTRAINT accounts_id_not_null;
ALTER TABLE app.accounts ALTER COLUMN id SET NOT NULL;

-- Negative: already NOT NULL.
ALTER TABLE users ALTER COLUMN code SET NOT NULL;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id bigint, token text);
ALTER TABLE sessions ALTER COLUMN token SET NOT NULL;

-- Negative: unrelated statements.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD COLUMN x int NOT NULL DEFAULT 0;
