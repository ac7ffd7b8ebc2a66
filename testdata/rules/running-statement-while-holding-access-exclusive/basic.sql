CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE customers (id bigint PRIMARY KEY);
-- fixture: existing above

BEGIN;
ALTER TABLE orders ADD COLUMN tag text;
-- Positive: the first statement after the lock in this transaction, once.
UPDATE orders SET tag = '' WHERE tag IS NULL; -- want: running-statement-while-holding-access-exclusive 8:1-8:45
CREATE INDEX orders_tag_idx ON customers (id);
COMMIT;

-- Negative: a new transaction starts clean; SET and COMMIT do not count; a
-- lock that does not block reads (CREATE INDEX) is not ACCESS EXCLUSIVE.
BEGIN;
CREATE INDEX customers_id_idx ON customers (id);
UPDATE customers SET id = id WHERE false;
ALTER TABLE orders ADD COLUMN tag2 text;
SET LOCAL statement_timeout = '1s';
COMMIT;

-- Negative: outside a transaction block, each statement commits.
CREATE INDEX CONCURRENTLY c_idx ON customers (id);
