-- The CONCURRENTLY statement makes the file run statement by statement.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- want: prefer-robust-stmts 2:1-2:63
CREATE TABLE t (id int); -- want: prefer-robust-stmts
DROP INDEX CONCURRENTLY old_idx; -- want: prefer-robust-stmts
ALTER TABLE orders ADD COLUMN note text; -- want: prefer-robust-stmts
ALTER TABLE orders DROP COLUMN legacy; -- want: prefer-robust-stmts

-- IF NOT EXISTS would keep the INVALID index a failed concurrent build leaves.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status); -- want: prefer-robust-stmts 9:1-9:77

-- Negative: guarded statements; the leftover of a failed build dropped first.
DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
DROP INDEX CONCURRENTLY IF EXISTS "Orders Idx";
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Orders Idx" ON orders (status);
CREATE TABLE IF NOT EXISTS t (id int);
DROP INDEX CONCURRENTLY IF EXISTS old_idx;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE orders DROP COLUMN IF EXISTS legacy;

-- Negative: inside a transaction block it rolls back as a whole.
BEGIN;
CREATE TABLE u (id int);
COMMIT;
