CREATE TABLE old (code text, id int);
-- fixture: existing above
CREATE TABLE t (a SERIAL PRIMARY KEY);
CREATE TABLE t2 (a BIGSERIAL, PRIMARY KEY (a));
CREATE TABLE t3 (a integer PRIMARY KEY);
CREATE TABLE t4 (
  a varchar(20) PRIMARY KEY -- want: primary-key-type-allowlist 7:3-7:28
);
CREATE TABLE t5 (
  a varchar(20), -- want: primary-key-type-allowlist 10:3-10:16
  b int,
  PRIMARY KEY (a, b)
);
-- On an existing table: the column's type from the catalog, reported at the key.
ALTER TABLE old ADD PRIMARY KEY (code); -- want: primary-key-type-allowlist 15:17-15:39
ALTER TABLE old ADD PRIMARY KEY (id);
