CREATE TABLE orders (id bigint PRIMARY KEY, tenant text);
CREATE VIEW open_orders AS SELECT * FROM orders;
-- fixture: existing above

-- Negative: a view the replay does not know is most likely created here.
CREATE OR REPLACE VIEW new_orders AS SELECT id FROM orders;
-- Replacing an existing view takes an ACCESS EXCLUSIVE lock on it.
CREATE OR REPLACE VIEW open_orders AS SELECT * FROM orders WHERE tenant IS NOT NULL; -- want: require-lock-timeout 8:1-8:84 /ACCESS EXCLUSIVE lock on "open_orders"/
