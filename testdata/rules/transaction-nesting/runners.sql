-- +goose Up
-- goose already runs the file in a transaction: the file's BEGIN is nested.
BEGIN; -- want: transaction-nesting 3:1-3:6 /^BEGIN inside the runner's transaction \(goose wraps each file in a transaction/
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
-- After that COMMIT nothing is open: a stray COMMIT only warns.
COMMIT; -- want: transaction-nesting 7:1-7:7 /^COMMIT with no transaction open does nothing but warn/
