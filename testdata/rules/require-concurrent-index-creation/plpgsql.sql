CREATE SCHEMA auth;
CREATE TABLE auth.users (id bigint PRIMARY KEY, email text);
-- fixture: existing above
-- An index built inside a DO block locks the existing table like any other.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_idx') THEN
    CREATE INDEX users_email_idx ON auth.users (email); -- want: require-concurrent-index-creation 8:5-8:47
  END IF;
END $$;
-- The DO block's statements are replayed: the table it creates is new.
DO $$ BEGIN CREATE TABLE auth.sessions (id bigint, user_id bigint); CREATE INDEX ON auth.sessions (user_id); END $$;
-- A function's body runs when the function is called: the index is built
-- on an existing table then.
CREATE FUNCTION auth.reindex_users() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  CREATE INDEX users_id_email_idx ON auth.users (id, email); -- want: require-concurrent-index-creation 17:3-17:48
END
$fn$;
