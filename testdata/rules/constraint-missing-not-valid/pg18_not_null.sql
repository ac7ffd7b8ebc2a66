-- fixture: pg-version=18
CREATE TABLE orders (id bigint PRIMARY KEY, note text, amount numeric, code text NOT NULL, ref text, x int, y int);
ALTER TABLE orders ADD CONSTRAINT orders_ref_not_null CHECK (ref IS NOT NULL);
-- fixture: existing above

-- Positive: a PostgreSQL 18 NOT NULL constraint without NOT VALID scans the table under ACCESS EXCLUSIVE.
ALTER TABLE orders ADD CONSTRAINT orders_note_nn NOT NULL note; -- want: constraint-missing-not-valid 7:20-7:63

-- Positive: unnamed, and a CHECK after it at its exact position (locations after the NOT NULL are file offsets).
ALTER TABLE orders ADD NOT  NULL amount, -- want: constraint-missing-not-valid 10:20-10:40
  ADD CONSTRAINT amount_positive CHECK (amount > 0); -- want: constraint-missing-not-valid 11:3-11:52

-- Negative: NOT VALID is instant.
ALTER TABLE orders ADD CONSTRAINT orders_y_nn NOT NULL y NOT VALID;

-- Negative: already NOT NULL, or proved by a validated CHECK (col IS NOT NULL).
ALTER TABLE orders ADD CONSTRAINT orders_code_nn NOT NULL code, ADD NOT NULL ref;

-- Negative: a table created in this file.
CREATE TABLE items (id bigint, CONSTRAINT items_id_nn NOT NULL id);
ALTER TABLE items ADD NOT NULL id;

-- Positive: validated in the transaction (the file) that added it NOT VALID.
ALTER TABLE orders ADD CONSTRAINT orders_x_nn NOT NULL x NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_x_nn; -- want: constraint-missing-not-valid 25:20-25:51
