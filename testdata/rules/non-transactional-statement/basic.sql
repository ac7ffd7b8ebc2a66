CREATE INDEX CONCURRENTLY tech_book_id_name ON tech_book (id, name); -- want: non-transactional-statement 1:1-1:26
VACUUM FULL tech_book; -- want: non-transactional-statement 2:1-2:7
DROP INDEX CONCURRENTLY tech_book_id_name; -- want: non-transactional-statement
CREATE DATABASE analytics; -- want: non-transactional-statement
-- Negative.
CREATE INDEX idx_tech_book_id_name ON tech_book (id, name);
ALTER TYPE mood ADD VALUE 'meh';
