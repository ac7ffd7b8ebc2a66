-- The CONCURRENTLY statement makes the file run statement by statement.
DROP INDEX CONCURRENTLY IF EXISTS orders_status_old_idx;
ALTER TABLE orders ALTER COLUMN note SET STATISTICS 100, ADD COLUMN nick text; -- want: prefer-robust-stmts 3:1-3:78
-- ALTER TYPE ... ADD ATTRIBUTE shares ALTER TABLE's tree but has no IF NOT EXISTS;
-- DROP ATTRIBUTE has IF EXISTS.
ALTER TYPE addr ADD ATTRIBUTE city text;
ALTER TYPE addr ADD ATTRIBUTE zip text, DROP ATTRIBUTE street; -- want: prefer-robust-stmts 7:1-7:62
ALTER TYPE addr DROP ATTRIBUTE IF EXISTS street;
