CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, customer_id bigint);
CREATE DOMAIN positive_amount AS numeric;
-- fixture: existing above

ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID; -- want: ban-new-write-restriction 5:20-5:84
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID, -- want: ban-new-write-restriction 6:20-6:115
  ALTER COLUMN total SET NOT NULL; -- want: ban-new-write-restriction 7:3-7:34
ALTER TABLE orders ALTER CONSTRAINT orders_customer_fk NOT DEFERRABLE; -- want: ban-new-write-restriction 8:20-8:70
-- One finding per constraint of an added column.
-- want: ban-new-write-restriction 11:41-11:49
ALTER TABLE orders ADD COLUMN code text NOT NULL DEFAULT '' UNIQUE; -- want: ban-new-write-restriction 11:61-11:67
-- want: ban-new-write-restriction 13:35-13:66
ALTER FOREIGN TABLE remote_orders ALTER COLUMN total SET NOT NULL;
CREATE UNIQUE INDEX CONCURRENTLY orders_code_idx ON orders (code); -- want: ban-new-write-restriction 14:1-14:66
ALTER DOMAIN positive_amount SET NOT NULL; -- want: ban-new-write-restriction 15:30-15:42
ALTER DOMAIN positive_amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID; -- want: ban-new-write-restriction 16:30-16:88

-- Negative: a table or domain created earlier in this file, non-unique index, relaxing changes.
CREATE TABLE carts (id bigint, total numeric);
ALTER TABLE carts ADD CONSTRAINT carts_total_positive CHECK (total > 0);
CREATE UNIQUE INDEX carts_id_idx ON carts (id);
CREATE DOMAIN tmp_amount AS numeric;
ALTER DOMAIN tmp_amount SET NOT NULL;
CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);
ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;
ALTER TABLE orders ADD COLUMN note text DEFAULT '';
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
ALTER DOMAIN positive_amount DROP NOT NULL;
