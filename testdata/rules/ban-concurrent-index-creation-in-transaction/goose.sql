-- +goose Up
-- The goose annotation names the runner: goose wraps the file in a transaction.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id); -- want: ban-concurrent-index-creation-in-transaction 4:1-4:26 /^CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and goose wraps each file in a transaction \(runner detected from the file's layout; set migrations.runner to choose another\); run it in a migration file marked -- \+goose NO TRANSACTION$/
-- A COMMIT ends goose's transaction: what follows runs outside it.
COMMIT;
CREATE INDEX CONCURRENTLY invoices_id_idx ON invoices (id);
