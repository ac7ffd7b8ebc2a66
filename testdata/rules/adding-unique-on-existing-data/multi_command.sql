ALTER TABLE users ALTER COLUMN name SET STATISTICS 100, ADD CONSTRAINT users_name_key UNIQUE (name); -- want: adding-unique-on-existing-data 1:57-1:100
