CREATE TABLE users (id bigint, email text);
-- fixture: existing above

-- Positive.
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email); -- want: adding-unique-on-existing-data 5:1-5:66
ALTER TABLE users ADD CONSTRAINT users_email_unique UNIQUE (email); -- want: adding-unique-on-existing-data 6:19-6:67
ALTER TABLE users ADD PRIMARY KEY (id); -- want: adding-unique-on-existing-data

-- Negative: a non-unique index; USING INDEX (the index is already unique); a new table.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_unique2 UNIQUE USING INDEX users_email_key;
CREATE TABLE t (a int);
CREATE UNIQUE INDEX t_a_key ON t (a);
