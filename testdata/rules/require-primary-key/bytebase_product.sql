-- Bytebase table_require_pk.yaml: a key added and dropped again in the file.
CREATE TABLE product(id INT, name TEXT);
ALTER TABLE product ADD PRIMARY KEY (id);
ALTER TABLE product DROP CONSTRAINT product_pkey; -- want: require-primary-key 4:21-4:49
