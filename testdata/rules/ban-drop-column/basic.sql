CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy_flag boolean, "Nick Name" text);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, old_plan text, other text);
-- fixture: existing above

-- Positive: existing table, exact range over the subcommand.
ALTER TABLE users DROP COLUMN legacy_flag; -- want: ban-drop-column 6:19-6:42

-- IF EXISTS and CASCADE belong to the subcommand.
-- want: ban-drop-column 10:19-10:54
ALTER TABLE users DROP COLUMN IF EXISTS email CASCADE;

-- Quoted identifier, schema-qualified table, ONLY.
ALTER TABLE ONLY app.accounts DROP COLUMN old_plan; -- want: ban-drop-column 13:31-13:51
ALTER TABLE users DROP "Nick Name"; -- want: ban-drop-column 14:19-14:35

-- Several subcommands: one finding per dropped column, each on its own range.
ALTER TABLE app.accounts
  ADD COLUMN plan text,
  DROP COLUMN other, -- want: ban-drop-column 19:3-19:20
  DROP COLUMN id; -- want: ban-drop-column 20:3-20:17

-- Unknown table: treated as existing.
ALTER TABLE IF EXISTS unknown_table DROP COLUMN c; -- want: ban-drop-column 23:37-23:50

-- Negative: a table created earlier in this file.
CREATE TABLE scratch (id bigint PRIMARY KEY, tmp text);
ALTER TABLE scratch DROP COLUMN tmp;

-- Negative: a column added earlier in this file.
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users DROP COLUMN nickname;

-- Negative: unrelated statements.
ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_pkey;
ALTER TYPE mood DROP ATTRIBUTE x;
