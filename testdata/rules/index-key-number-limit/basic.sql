CREATE TABLE address (id int, phone text, c1 int, c2 int, c3 int, c4 int);
-- fixture: existing above
CREATE TABLE t (name char(225), PRIMARY KEY (name));
CREATE TABLE t2 (id int, name text, c1 int, c2 int, c3 int, c4 int, CONSTRAINT t_id_name PRIMARY KEY (id, name, c1, c2, c3, c4)); -- want: index-key-number-limit 4:69-4:128
CREATE UNIQUE INDEX idx_address_phone ON address (id, phone, c2, c1, c3, c4); -- want: index-key-number-limit 5:1-5:77
ALTER TABLE address ADD CONSTRAINT address_uk UNIQUE (id, phone, c1, c2, c3, c4); -- want: index-key-number-limit
CREATE INDEX ON address (id, phone, c1, c2, c3);
-- Foreign keys are not indexes.
ALTER TABLE address ADD FOREIGN KEY (id, phone, c1, c2, c3, c4) REFERENCES other (a, b, c, d, e, f);
