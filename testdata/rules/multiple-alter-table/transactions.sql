CREATE TABLE orders (id bigint PRIMARY KEY, note text);
-- fixture: existing above

-- Negative: separate transactions.
BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
COMMIT;
BEGIN;
ALTER TABLE orders ADD COLUMN tag2 text;
ALTER TABLE orders ADD COLUMN tag3 text; -- want: multiple-alter-table
COMMIT;
