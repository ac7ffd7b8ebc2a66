-- +goose Up
-- The goose annotation names the runner: goose wraps the file in a transaction.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id); -- want: ban-concurrent-index-creation-in-transaction 4:1-4:26
-- A COMMIT ends goose's transaction: what follows runs outside it.
COMMIT;
CREATE INDEX CONCURRENTLY invoices_id_idx ON invoices (id);
