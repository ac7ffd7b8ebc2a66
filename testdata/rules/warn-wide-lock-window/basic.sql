CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- fixture: existing above

BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
ALTER TABLE orders ADD COLUMN tag2 text;
-- Positive: a second table, reported once per transaction.
ALTER TABLE customers ADD COLUMN tag text; -- want: warn-wide-lock-window 10:1-10:42
TRUNCATE invoices;
COMMIT;

-- Negative: one table per transaction; a table created in the transaction.
BEGIN;
ALTER TABLE orders ADD COLUMN tag3 text;
CREATE TABLE fresh (id int);
ALTER TABLE fresh ADD COLUMN x int;
COMMIT;
BEGIN;
ALTER TABLE customers ADD COLUMN tag2 text;
CREATE INDEX orders_note_idx ON orders (note);
COMMIT;
