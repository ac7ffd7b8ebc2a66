CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- fixture: existing above

-- Positive: the range is the subcommand.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL; -- want: ban-drop-not-null 5:19-5:51
ALTER TABLE unknown_t ALTER email DROP NOT NULL, -- want: ban-drop-not-null
  ALTER id DROP NOT NULL; -- want: ban-drop-not-null 7:3-7:25

-- Negative: SET NOT NULL, a table created in this file.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
CREATE TABLE t (a int NOT NULL);
ALTER TABLE t ALTER COLUMN a DROP NOT NULL;
