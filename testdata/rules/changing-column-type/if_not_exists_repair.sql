CREATE TABLE users (id bigint PRIMARY KEY, nickname varchar(20), email varchar(50));
-- fixture: existing above

-- A repair migration re-adding columns IF NOT EXISTS: where the earlier
-- migration ran it does nothing, where it did not it adds the column as
-- written. The statements after it hold for both databases.
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname varchar(50);
ALTER TABLE users ADD COLUMN IF NOT EXISTS email varchar(50);

-- Positive: varchar(20) to varchar(30) is in place, but varchar(50) to
-- varchar(30) checks every row under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN nickname TYPE varchar(30); -- want: changing-column-type 12:19-12:57

-- Negative: both databases have varchar(50), which only widens.
ALTER TABLE users ALTER COLUMN email TYPE varchar(80);
