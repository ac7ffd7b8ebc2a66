-- fixture: pg-version=10
CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

-- Before PostgreSQL 11 every default, even a constant, rewrites the table.
ALTER TABLE orders ADD COLUMN status text DEFAULT 'new'; -- want: adding-field-with-default
