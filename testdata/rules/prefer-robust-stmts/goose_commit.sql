-- +goose Up
-- goose's transaction covers the statements up to the COMMIT; after it,
-- each statement commits on its own.
CREATE TABLE invoices (id bigint PRIMARY KEY);
COMMIT;
CREATE TABLE payments (id bigint PRIMARY KEY); -- want: prefer-robust-stmts 6:1-6:46
CREATE INDEX payments_id_idx ON payments (id); -- want: prefer-robust-stmts 7:1-7:46
