CREATE SCHEMA app;
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE INDEX orders_status_idx ON orders (status);
CREATE TABLE app.items (id bigint PRIMARY KEY);
CREATE INDEX items_id_idx ON app.items (id);
-- fixture: existing above

-- The table's name is read as a schema: the index is not dropped.
DROP INDEX IF EXISTS orders.orders_status_idx; -- want: require-concurrent-index-deletion 9:1-9:46 /^"orders" is a table, not a schema: PostgreSQL reads orders.orders_status_idx as index "orders_status_idx" in schema "orders", so this statement drops nothing \(IF EXISTS hides it\); /
DROP INDEX orders.orders_status_idx; -- want: require-concurrent-index-deletion 10:1-10:36 /so this statement fails with "schema does not exist"/
-- A real schema qualifier is the lock finding as usual.
DROP INDEX app.items_id_idx; -- want: require-concurrent-index-deletion 12:1-12:28 /ACCESS EXCLUSIVE lock on table "app"."items"/
