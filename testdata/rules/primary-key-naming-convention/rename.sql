CREATE TABLE tech_book (id integer, name text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
-- fixture: existing above
ALTER TABLE tech_book RENAME CONSTRAINT old_pk TO pk_tech_book; -- want: primary-key-naming-convention 4:51-4:63
ALTER INDEX pk_tech_book RENAME TO pk_tech_book_x; -- want: primary-key-naming-convention 5:36-5:50
-- Negative: a conforming name; a unique index is not a primary key.
ALTER INDEX pk_tech_book_x RENAME TO pk_tech_book_id_name;
ALTER INDEX old_uk RENAME TO whatever;
