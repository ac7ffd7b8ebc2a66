CREATE TABLE tech_book (id int, name text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
CREATE INDEX old_index ON tech_book (id, name);
-- fixture: existing above
CREATE INDEX idx_id_name_1 ON tech_book (id, name);
CREATE INDEX idx_id_name_2 ON tech_book (id, name);
CREATE INDEX idx_id_name_3 ON tech_book (id, name); -- want: index-total-number-limit 7:1-7:51
CREATE TABLE t (
  a int PRIMARY KEY,
  b int,
  CONSTRAINT u1 UNIQUE (a, b),
  CONSTRAINT u2 UNIQUE (b),
  CONSTRAINT u3 UNIQUE (a),
  CONSTRAINT u4 UNIQUE (b, a),
  CONSTRAINT u5 UNIQUE (a, b, a)); -- want: index-total-number-limit 15:3-15:33
-- Negative: five is fine, and dropping brings a table back under.
CREATE TABLE t2 (a int PRIMARY KEY, b int, c int);
CREATE INDEX ON t2 (b);
CREATE INDEX ON t2 (c);
CREATE INDEX ON t2 (b, c);
CREATE INDEX i2 ON t2 (c, b);
CREATE TABLE t3 (a int PRIMARY KEY, b int);
CREATE INDEX ON t3 (b);
CREATE INDEX ON t3 (b);
CREATE INDEX ON t3 (b);
CREATE INDEX ON t3 (b);
CREATE INDEX i3 ON t3 (b);
DROP INDEX i3;
