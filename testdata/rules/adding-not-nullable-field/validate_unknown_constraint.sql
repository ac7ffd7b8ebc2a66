-- A constraint created before the history is validated, then the column is
-- set NOT NULL: the replay cannot tell whether it is CHECK (status IS NOT
-- NULL), so the finding stays, but says so instead of repeating the advice
-- the migration may already follow.
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;
ALTER TABLE orders ALTER COLUMN status SET NOT NULL; -- want: adding-not-nullable-field 6:20-6:52 /^setting column "status" of table "orders" NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock unless a validated CHECK \("status" IS NOT NULL\) proves it; constraint "orders_status_not_null", validated earlier, was created before the migrations sqlreview replays, so what it checks is unknown/
