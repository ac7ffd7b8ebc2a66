DROP EXTENSION hstore; -- want: ban-drop-extension 1:16-1:22
DROP EXTENSION IF EXISTS citext, -- want: ban-drop-extension 2:26-2:32
  pg_trgm CASCADE; -- want: ban-drop-extension 3:3-3:10

-- Negative: creating or updating an extension.
CREATE EXTENSION IF NOT EXISTS hstore;
ALTER EXTENSION hstore UPDATE;
