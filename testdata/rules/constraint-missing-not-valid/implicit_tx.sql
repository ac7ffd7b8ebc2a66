CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
-- fixture: existing above

-- Without BEGIN/COMMIT a migration file runs as one transaction, so the
-- VALIDATE holds the NOT VALID add's lock during its whole scan.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_customer_fk"; -- want: constraint-missing-not-valid 8:22-8:62
