-- A user table named like a catalog, written through its schema, is not the catalog.
CREATE TABLE app.pg_index (id bigint PRIMARY KEY, note text);
UPDATE app.pg_index SET note = '' WHERE id = 1;
-- Unqualified, the name still means the catalog: pg_catalog is searched first.
UPDATE pg_index SET indisready = false WHERE indexrelid = 1; -- want: ban-system-catalog-write 5:8-5:16
-- A table created in this file without foreign keys has no internal
-- triggers: DISABLE TRIGGER ALL needs no superuser and switches off nothing
-- that checks other tables.
CREATE TABLE staging (id bigint PRIMARY KEY, total numeric);
ALTER TABLE staging DISABLE TRIGGER ALL;
-- A new table with a foreign key, or one another table references, has them.
CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
ALTER TABLE lines DISABLE TRIGGER ALL; -- want: ban-system-catalog-write 13:19-13:38
CREATE TABLE parents (id bigint PRIMARY KEY);
CREATE TABLE children (id bigint PRIMARY KEY, parent_id bigint REFERENCES parents);
ALTER TABLE parents DISABLE TRIGGER ALL; -- want: ban-system-catalog-write 16:21-16:40
