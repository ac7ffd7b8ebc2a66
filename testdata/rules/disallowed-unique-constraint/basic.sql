CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text, "Handle" text);
CREATE TABLE app.accounts (id bigint, slug text);
-- fixture: existing above

-- Positive: the range covers ADD CONSTRAINT through the constraint.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want: disallowed-unique-constraint 7:19-7:64

-- Positive: unnamed, schema-qualified, NULLS NOT DISTINCT, INCLUDE.
ALTER TABLE app.accounts ADD UNIQUE NULLS NOT DISTINCT (slug) INCLUDE (id); -- want: disallowed-unique-constraint 10:26-10:75

-- Positive: a new column declared UNIQUE builds an index too.
ALTER TABLE users ADD COLUMN "Code" text UNIQUE; -- want: disallowed-unique-constraint 13:19-13:48

-- Positive: several subcommands, quoted column.
ALTER TABLE users
  ADD COLUMN nickname text,
  ADD CONSTRAINT users_handle_key UNIQUE ("Handle"); -- want: disallowed-unique-constraint 18:3-18:52

-- Positive: unknown table counts as existing.
ALTER TABLE unknown_table ADD CONSTRAINT u_key UNIQUE (a, b); -- want: disallowed-unique-constraint

-- Negative: an index built CONCURRENTLY, then attached.
CREATE UNIQUE INDEX CONCURRENTLY users_email_key2 ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key2 UNIQUE USING INDEX users_email_key2;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id bigint, token text);
ALTER TABLE sessions ADD CONSTRAINT sessions_token_key UNIQUE (token);
ALTER TABLE sessions ADD COLUMN code text UNIQUE;

-- Negative: other constraint kinds, other statements.
ALTER TABLE app.accounts ADD PRIMARY KEY (id);
ALTER TABLE users ADD CONSTRAINT users_id_positive CHECK (id > 0) NOT VALID;
CREATE TABLE t (id bigint UNIQUE);
