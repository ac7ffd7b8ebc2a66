CREATE TABLE versions (id bigint PRIMARY KEY, scope_id bigint, md5 text);
CREATE TABLE scopes (id bigint PRIMARY KEY, name text);
-- fixture: existing above

-- Negative: emptied by TRUNCATE earlier in the transaction the file runs in,
-- so the unique index is built over no rows under a lock already held.
TRUNCATE TABLE versions CASCADE;
ALTER TABLE versions
  DROP COLUMN md5,
  ADD COLUMN scope_md5 text,
  ADD CONSTRAINT "scope_id_and_md5_unique" UNIQUE ("scope_id", "scope_md5");

-- Positive: a table the TRUNCATE did not name.
ALTER TABLE scopes ADD CONSTRAINT scopes_name_key UNIQUE (name); -- want: disallowed-unique-constraint 14:20-14:64
