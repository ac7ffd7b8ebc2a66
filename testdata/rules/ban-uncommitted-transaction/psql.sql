-- fixture: runner=psql
BEGIN; -- want: ban-uncommitted-transaction 2:1-2:6
ALTER TABLE users ADD COLUMN nickname text;
