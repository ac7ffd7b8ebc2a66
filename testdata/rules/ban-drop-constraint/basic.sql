CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint CONSTRAINT orders_customer_id_fkey REFERENCES customers, amount int);
-- fixture: existing above

-- Positive: the range is the subcommand.
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey; -- want: ban-drop-constraint 6:20-6:59
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_amount_check; -- want: ban-drop-constraint

-- Negative: a constraint added in this file; a table created in this file.
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE orders DROP CONSTRAINT orders_amount_positive;
CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0));
ALTER TABLE t DROP CONSTRAINT a_pos;
