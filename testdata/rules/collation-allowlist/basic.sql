CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE t (a text COLLATE "C", b text COLLATE pg_catalog."POSIX");
CREATE TABLE t2 (a text COLLATE "unknown"); -- want: collation-allowlist 4:25-4:42
ALTER TABLE tech_book ADD COLUMN c1 text COLLATE "en_US"; -- want: collation-allowlist
ALTER TABLE tech_book ALTER COLUMN id TYPE text COLLATE "de_DE"; -- want: collation-allowlist
CREATE TABLE t3 (a text);
