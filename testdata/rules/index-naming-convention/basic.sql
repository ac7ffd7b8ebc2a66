CREATE TABLE tech_book (id integer, name text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE INDEX old_index ON tech_book (id, name);
-- fixture: existing above
CREATE INDEX idx_tech_book_id_name ON tech_book (id, name);
CREATE INDEX tech_book_id_name ON tech_book (id, name); -- want: index-naming-convention 5:1-5:55
CREATE INDEX CONCURRENTLY IF NOT EXISTS tech_book_name ON tech_book (name); -- want: index-naming-convention
-- Expression keys use their text.
CREATE INDEX "idx_tech_book_lower(name)" ON tech_book (lower(name));
-- Negative: unnamed, unique.
CREATE INDEX ON tech_book (name);
CREATE UNIQUE INDEX anything ON tech_book (name);
ALTER INDEX old_index RENAME TO idx_tech_book; -- want: index-naming-convention 12:33-12:46
ALTER INDEX old_index RENAME TO idx_tech_book_id_name;
