CREATE SCHEMA app;
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, "Parent Id" bigint);
CREATE TABLE app.events (id bigint PRIMARY KEY, order_id bigint);
-- fixture: existing above

-- Positive: the range covers ADD CONSTRAINT through the constraint.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- want: adding-foreign-key-constraint 8:20-8:105

-- Positive: unnamed, schema-qualified, quoted column, ON DELETE.
ALTER TABLE ONLY app.events ADD FOREIGN KEY (order_id) REFERENCES orders ON DELETE CASCADE; -- want: adding-foreign-key-constraint 11:29-11:91
ALTER TABLE orders ADD CONSTRAINT orders_parent_fk FOREIGN KEY ("Parent Id") REFERENCES orders (id) DEFERRABLE; -- want: adding-foreign-key-constraint

-- Positive: several subcommands, one finding each.
ALTER TABLE orders
  ADD CONSTRAINT a_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID,
  ADD CONSTRAINT b_fk FOREIGN KEY (customer_id) REFERENCES customers (id), -- want: adding-foreign-key-constraint 17:3-17:74
  ADD CONSTRAINT c_chk CHECK (id > 0);

-- Positive: a new column with a default and REFERENCES is validated row by row.
ALTER TABLE orders ADD COLUMN owner_id bigint DEFAULT 0 REFERENCES customers (id); -- want: adding-foreign-key-constraint 21:20-21:82

-- Positive: unknown table counts as existing.
ALTER TABLE unknown_table ADD CONSTRAINT u_fk FOREIGN KEY (x) REFERENCES customers (id); -- want: adding-foreign-key-constraint

-- Negative: NOT VALID, then VALIDATE (which does not block writes).
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk2;

-- Negative: a new column without a default: PostgreSQL skips the validation.
ALTER TABLE orders ADD COLUMN shipper_id bigint REFERENCES customers (id);

-- Negative: a table created earlier in this file.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

-- Negative: unrelated statements.
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0);
ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;
