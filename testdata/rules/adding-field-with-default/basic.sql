CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE app.accounts (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: volatile defaults; the range covers ADD COLUMN through the definition.
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- want: adding-field-with-default 7:19-7:66
ALTER TABLE users ADD COLUMN IF NOT EXISTS "Lucky Number" float8 DEFAULT random() * 10; -- want: adding-field-with-default 8:19-8:87
ALTER TABLE users ADD seen_at timestamptz NOT NULL DEFAULT clock_timestamp(); -- want: adding-field-with-default 9:19-9:77
ALTER TABLE app.accounts ADD COLUMN ext_id uuid DEFAULT public.uuid_generate_v4(); -- want: adding-field-with-default 10:26-10:82
ALTER TABLE users ADD COLUMN seq_no bigint DEFAULT nextval('users_seq_no_seq'::regclass); -- want: adding-field-with-default

-- Positive: a function of unknown volatility is assumed volatile.
ALTER TABLE users ADD COLUMN slug text DEFAULT make_slug(email); -- want: adding-field-with-default

-- Positive: serial, identity and stored generated columns fill every row.
ALTER TABLE users ADD COLUMN row_no bigserial; -- want: adding-field-with-default 17:19-17:46
ALTER TABLE users ADD COLUMN ident bigint GENERATED ALWAYS AS IDENTITY; -- want: adding-field-with-default
ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED; -- want: adding-field-with-default

-- Positive: several subcommands, one finding each on its own range.
ALTER TABLE users
  ADD COLUMN a int DEFAULT 1,
  ADD COLUMN b uuid DEFAULT gen_random_uuid(), -- want: adding-field-with-default 24:3-24:46
  ADD COLUMN c float8 DEFAULT random(); -- want: adding-field-with-default 25:3-25:39

-- Positive: unknown table counts as existing.
ALTER TABLE IF EXISTS unknown_table ADD COLUMN u uuid DEFAULT gen_random_uuid(); -- want: adding-field-with-default

-- Negative: constant, cast and stable defaults (PostgreSQL 11+ stores them once).
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN settings jsonb DEFAULT '{}'::jsonb;
ALTER TABLE users ADD COLUMN score int DEFAULT -1;
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN created_on date DEFAULT current_date;
ALTER TABLE users ADD COLUMN updated_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE users ADD COLUMN stamped_at timestamptz DEFAULT pg_catalog.statement_timestamp();
ALTER TABLE users ADD COLUMN owner text DEFAULT current_user;
ALTER TABLE users ADD COLUMN nothing text DEFAULT NULL;
ALTER TABLE users ADD COLUMN plain text;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id bigint PRIMARY KEY);
ALTER TABLE sessions ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE sessions ADD COLUMN n bigserial;

-- Negative: unrelated statements.
ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
CREATE TABLE t (id uuid DEFAULT gen_random_uuid());
