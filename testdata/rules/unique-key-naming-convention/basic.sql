CREATE TABLE tech_book (id integer, name text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
CREATE INDEX old_index ON tech_book (id, name);
-- fixture: existing above
CREATE UNIQUE INDEX uk_tech_book_id_name ON tech_book (id, name);
CREATE UNIQUE INDEX tech_book_id_name ON tech_book (id, name); -- want: unique-key-naming-convention 6:1-6:62
CREATE UNIQUE INDEX ON tech_book (name);
ALTER TABLE tech_book ADD CONSTRAINT tech_book_name UNIQUE (name); -- want: unique-key-naming-convention 8:23-8:66
CREATE TABLE book (
  id int PRIMARY KEY,
  name text,
  isbn text CONSTRAINT book_isbn_key UNIQUE, -- want: unique-key-naming-convention
  CONSTRAINT book_name UNIQUE (name) -- want: unique-key-naming-convention 13:3-13:37
);
CREATE TABLE book2 (id int, name text UNIQUE, CONSTRAINT uk_book2_id_name UNIQUE (id, name));
ALTER TABLE tech_book ADD CONSTRAINT uk_tech_book UNIQUE USING INDEX old_index; -- want: unique-key-naming-convention
ALTER TABLE tech_book RENAME CONSTRAINT old_uk TO uk_tech_book; -- want: unique-key-naming-convention
ALTER INDEX old_uk RENAME TO uk_tech_book_id_name;
-- Negative: plain indexes and primary keys are other rules' business.
CREATE INDEX weird_name ON tech_book (id);
ALTER INDEX old_pk RENAME TO weird_pk;
