CREATE TABLE orders (id bigint PRIMARY KEY, tenant text);
-- fixture: existing above

ALTER POLICY tenant_isolation ON orders USING (true); -- want: require-statement-timeout 4:1-4:53
