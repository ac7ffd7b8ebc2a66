-- The fix guards every ADD / DROP COLUMN of the statement (one finding per statement).
VACUUM users;
ALTER TABLE users ADD nickname text, drop column legacy_flag, ALTER COLUMN email SET NOT NULL, ADD COLUMN bio text; -- want: prefer-robust-stmts 3:1-3:115
ALTER TABLE users ADD COLUMN IF NOT EXISTS a text, DROP legacy; -- want: prefer-robust-stmts
ALTER TABLE users ADD COLUMN IF NOT EXISTS a text, DROP COLUMN IF EXISTS legacy;
