-- orders is not known to the replay: it existed before, so VALIDATE in the
-- transaction that added the constraint scans it under ACCESS EXCLUSIVE.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT c; -- want: constraint-missing-not-valid 5:20-5:41
COMMIT;
-- Keyed by the schema the search path gives: public.orders is orders.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT d CHECK (total < 100) NOT VALID;
ALTER TABLE public.orders VALIDATE CONSTRAINT d; -- want: constraint-missing-not-valid 10:27-10:48
COMMIT;
-- Validated in its own transaction: fine.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT e CHECK (total <> 7) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT e;
COMMIT;
