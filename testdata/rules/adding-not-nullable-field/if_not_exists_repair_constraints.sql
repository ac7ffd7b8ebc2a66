CREATE TABLE users (id bigint PRIMARY KEY, nickname text CONSTRAINT users_nickname_present CHECK (nickname IS NOT NULL));
-- fixture: existing above

-- A repair migration re-adding a column IF NOT EXISTS without the CHECK the
-- earlier migration wrote on it: where that migration did not run, the
-- column has no CHECK to prove it NOT NULL.
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL; -- want: adding-not-nullable-field 8:19-8:53

-- On a table the replay does not know, the column may already exist with
-- another definition: neither NOT NULL nor the CHECK written here is
-- assumed.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS email text NOT NULL DEFAULT '';
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL; -- want: adding-not-nullable-field 14:22-14:53
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS handle text CHECK (handle IS NOT NULL);
ALTER TABLE accounts ALTER COLUMN handle SET NOT NULL; -- want: adding-not-nullable-field 16:22-16:54

-- Negative: without IF NOT EXISTS the column is new, as written.
ALTER TABLE accounts ADD COLUMN code text CHECK (code IS NOT NULL);
ALTER TABLE accounts ALTER COLUMN code SET NOT NULL;
