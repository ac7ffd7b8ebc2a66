UPDATE pg_index SET indisready = false WHERE indexrelid = 'orders_status_idx'::regclass; -- want: ban-system-catalog-write 1:8-1:16 /^UPDATE of system catalog "pg_index" changes PostgreSQL's own bookkeeping/
DELETE FROM pg_catalog.pg_depend WHERE objid = 1; -- want: ban-system-catalog-write 2:13-2:33
INSERT INTO pg_description VALUES (1, 2, 0, 'x'); -- want: ban-system-catalog-write 3:13-3:27
ALTER TABLE orders DISABLE TRIGGER ALL; -- want: ban-system-catalog-write 4:20-4:39 /^DISABLE TRIGGER ALL on "orders" needs a superuser/
-- Negative: pg_settings is SET by another name; a user table; a table's own triggers.
UPDATE pg_settings SET setting = '1s' WHERE name = 'lock_timeout';
UPDATE app.pg_index_notes SET note = '' WHERE id = 1;
UPDATE pg_index_notes SET note = '' WHERE id = 1;
ALTER TABLE orders DISABLE TRIGGER USER;
ALTER TABLE orders ENABLE TRIGGER ALL;
