-- Constraints on existing tables: NOT VALID and a later VALIDATE are unsafe
-- fixes (existing rows stay unchecked until VALIDATE runs).
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- owner: billing
ALTER TABLE orders ADD FOREIGN KEY (product_id) REFERENCES products (id);
