CREATE SCHEMA app;
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, amount numeric, "Status" text);
CREATE TABLE app.events (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE orders ADD CONSTRAINT orders_amount_nonneg CHECK (amount >= 0) NOT VALID;
-- fixture: existing above

-- Positive: CHECK without NOT VALID; the range covers ADD CONSTRAINT through the constraint.
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0); -- want: constraint-missing-not-valid 9:20-9:76

-- Negative: a FOREIGN KEY without NOT VALID is adding-foreign-key-constraint's finding, not this rule's.
ALTER TABLE app.events ADD FOREIGN KEY (order_id) REFERENCES orders (id);

-- Positive: quoted column, NO INHERIT, several subcommands.
ALTER TABLE orders
  ADD CONSTRAINT status_known CHECK ("Status" IN ('new', 'paid')) NO INHERIT, -- want: constraint-missing-not-valid 16:3-16:77
  ADD CONSTRAINT ok_chk CHECK (id > 0) NOT VALID,
  ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers;

-- Positive: unknown table counts as existing.
ALTER TABLE IF EXISTS unknown_table ADD CONSTRAINT c CHECK (x > 0); -- want: constraint-missing-not-valid

-- Negative: NOT VALID, and VALIDATE of a constraint added in an earlier migration.
ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_nonneg;

-- Negative: a table created earlier in this file.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE invoices ADD CONSTRAINT invoices_id_positive CHECK (id > 0);
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

-- Negative: other constraint kinds, other statements.
ALTER TABLE orders ADD CONSTRAINT orders_customer_key UNIQUE (customer_id);
ALTER TABLE orders ADD COLUMN note text CHECK (note <> '');
CREATE TABLE payments (id bigint PRIMARY KEY CHECK (id > 0));

-- Positive: VALIDATE in the transaction that added the constraint NOT VALID.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk; -- want: constraint-missing-not-valid 40:20-40:58
COMMIT;

-- Negative: VALIDATE in a later transaction.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_amount_small CHECK (amount < 1000000) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_small;
COMMIT;
