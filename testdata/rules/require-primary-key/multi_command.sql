-- The key is dropped by a subcommand that is not the first, on a table the
-- replay knows only from an earlier ALTER (existing, shape unknown).
ALTER TABLE accounts SET (fillfactor = 70);
ALTER TABLE accounts SET (fillfactor = 80), DROP CONSTRAINT accounts_pkey; -- want: require-primary-key 4:45-4:74
ALTER TABLE users ALTER COLUMN name SET STATISTICS 100, DROP CONSTRAINT users_pkey; -- want: require-primary-key 5:57-5:83
