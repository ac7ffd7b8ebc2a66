-- fixture: runner=goose
CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric);
-- fixture: existing above

-- goose wraps the file: the VALIDATE runs in the transaction of the ADD,
-- which the COMMIT at the end ends (disallow-commit agrees).
ALTER TABLE orders ADD CONSTRAINT orders_amount_nonneg CHECK (amount >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_nonneg; -- want: constraint-missing-not-valid 8:20-8:60
COMMIT;
ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0) NOT VALID;
COMMIT;
-- Negative: the COMMIT above ended the runner's transaction; this runs on its own.
ALTER TABLE orders VALIDATE CONSTRAINT orders_id_positive;
