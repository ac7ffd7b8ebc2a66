BEGIN; -- want: ban-uncommitted-transaction 1:1-1:6
ALTER TABLE users ADD COLUMN nickname text;
