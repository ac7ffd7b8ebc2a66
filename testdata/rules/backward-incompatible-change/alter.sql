CREATE TABLE t (id int, name text, ref int);
-- fixture: existing above
ALTER TABLE t ADD COLUMN note text;
ALTER TABLE t ADD COLUMN x int, DROP COLUMN name; -- want: backward-incompatible-change 4:33-4:49
ALTER TABLE t ADD PRIMARY KEY (id); -- want: backward-incompatible-change
ALTER TABLE t ADD CONSTRAINT u UNIQUE (ref); -- want: backward-incompatible-change
ALTER TABLE t ADD FOREIGN KEY (ref) REFERENCES t (id); -- want: backward-incompatible-change
ALTER TABLE t ADD CHECK (id > 0); -- want: backward-incompatible-change
ALTER TABLE t ADD CHECK (id > 0) NOT VALID;
CREATE UNIQUE INDEX ON t (ref); -- want: backward-incompatible-change
CREATE INDEX ON t (ref);
ALTER TABLE t RENAME COLUMN ref TO ref_id; -- want: backward-incompatible-change
ALTER TABLE t RENAME TO t2; -- want: backward-incompatible-change
-- Negative: everything on a table created in this file.
CREATE TABLE n (id int, name text);
ALTER TABLE n DROP COLUMN name, ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX ON n (id);
ALTER TABLE n RENAME COLUMN id TO nid;
DROP TABLE n;
