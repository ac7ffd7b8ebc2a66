-- fixture: pg-version=9
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- fixture: existing above

ALTER TABLE orders ALTER COLUMN status SET NOT NULL; -- want: adding-not-nullable-field 5:20-5:52 /and PostgreSQL 9.6 cannot skip the scan/
