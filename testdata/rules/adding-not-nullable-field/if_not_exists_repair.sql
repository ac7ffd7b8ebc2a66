CREATE TABLE users (id bigint PRIMARY KEY, nickname text NOT NULL, email text NOT NULL);
-- fixture: existing above

-- A repair migration re-adding columns IF NOT EXISTS: where the earlier
-- migration did not run, nickname is added nullable.
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text NOT NULL DEFAULT '';

-- Positive: NOT NULL in the replay, nullable where the repair added it.
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL; -- want: adding-not-nullable-field 10:19-10:53

-- Negative: NOT NULL on both databases.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
