-- fixture: runner=psql
CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric);
-- fixture: existing above

-- Negative: psql commits each statement, so the scan does not hold the ADD's lock.
ALTER TABLE orders ADD CONSTRAINT orders_amount_nonneg CHECK (amount >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_nonneg;
COMMIT;
