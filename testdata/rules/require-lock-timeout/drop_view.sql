CREATE TABLE orders (id bigint PRIMARY KEY, tenant text);
CREATE VIEW open_orders AS SELECT * FROM orders;
-- fixture: existing above

-- DROP VIEW takes an ACCESS EXCLUSIVE lock on the view: its readers queue.
DROP VIEW open_orders; -- want: require-lock-timeout 6:1-6:22
