-- fixture: runner=psql
-- psql commits each statement: a failure leaves the earlier ones applied.
CREATE TABLE invoices (id bigint PRIMARY KEY); -- want: prefer-robust-stmts 3:1-3:46
DROP TABLE legacy_payments; -- want: prefer-robust-stmts 4:1-4:27
BEGIN;
-- Negative: inside the file's own transaction.
CREATE TABLE payments (id bigint PRIMARY KEY);
COMMIT;
