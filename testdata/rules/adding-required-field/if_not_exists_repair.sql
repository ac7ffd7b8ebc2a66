CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN nickname text;
-- fixture: existing above

-- Positive: a repair migration re-adding a column the replay already has:
-- on a database where the earlier migration did not run, the column is
-- added to a table full of rows.
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text NOT NULL; -- want: adding-required-field 8:19-8:66
