ALTER TABLE users ALTER COLUMN name SET STATISTICS 100, DROP COLUMN email; -- want: ban-drop-column 1:57-1:74
ALTER TABLE users SET (fillfactor = 70), ADD COLUMN nick text, DROP COLUMN IF EXISTS phone; -- want: ban-drop-column 2:64-2:91
