CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE app.accounts (name text);
-- fixture: existing above

-- Positive: NOT NULL without a default; the range covers the column definition.
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL; -- want: adding-required-field 7:19-7:55
ALTER TABLE users ADD IF NOT EXISTS "Display Name" text NOT NULL; -- want: adding-required-field 8:19-8:65
ALTER TABLE app.accounts ADD COLUMN code text NOT NULL DEFAULT NULL; -- want: adding-required-field 9:26-9:68

-- Positive: PRIMARY KEY implies NOT NULL.
ALTER TABLE app.accounts ADD COLUMN id bigint PRIMARY KEY; -- want: adding-required-field

-- Positive: several subcommands.
ALTER TABLE users
  ADD COLUMN a int NOT NULL DEFAULT 0,
  ADD COLUMN b int CONSTRAINT b_nn NOT NULL, -- want: adding-required-field 17:3-17:44
  ADD COLUMN c text CHECK (c <> '') NOT NULL; -- want: adding-required-field 18:3-18:45

-- Positive: unknown table counts as existing.
ALTER TABLE unknown_table ADD COLUMN n int NOT NULL; -- want: adding-required-field

-- Negative: a default, serial, identity or generated value fills existing rows.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE users ADD COLUMN ident bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD COLUMN email_lower text NOT NULL GENERATED ALWAYS AS (lower(email)) STORED;

-- Negative: nullable columns.
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN bio text NULL;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id bigint PRIMARY KEY);
ALTER TABLE sessions ADD COLUMN user_id bigint NOT NULL;

-- Negative: unrelated statements.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
CREATE TABLE t (id bigint NOT NULL);
