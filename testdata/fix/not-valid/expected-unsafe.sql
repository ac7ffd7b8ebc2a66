-- Constraints on existing tables: NOT VALID and a later VALIDATE are unsafe
-- fixes (existing rows stay unchecked until VALIDATE runs).
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
-- sqlreview: in a later migration: ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID; -- owner: billing
-- sqlreview: in a later migration: ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
ALTER TABLE orders ADD FOREIGN KEY (product_id) REFERENCES products (id) NOT VALID;
