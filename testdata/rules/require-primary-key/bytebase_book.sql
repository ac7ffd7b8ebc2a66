-- Bytebase table_require_pk.yaml: reported at the DROP, not at the CREATE.
CREATE TABLE book(id INT PRIMARY KEY, title TEXT);
ALTER TABLE book DROP CONSTRAINT book_pkey; -- want: require-primary-key 3:18-3:43
