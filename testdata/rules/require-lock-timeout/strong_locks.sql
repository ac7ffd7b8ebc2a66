CREATE TABLE orders (id bigint PRIMARY KEY, tenant text);
CREATE VIEW open_orders AS SELECT * FROM orders;
-- fixture: existing above

-- CREATE POLICY takes an ACCESS EXCLUSIVE lock on its table.
CREATE POLICY tenant_isolation ON orders USING (tenant = current_user); -- want: require-lock-timeout 6:1-6:71 /takes an ACCESS EXCLUSIVE lock on "orders"/
