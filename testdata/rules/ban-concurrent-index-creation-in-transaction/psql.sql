-- fixture: runner=psql
-- Negative: psql commits each statement, so outside BEGIN nothing is in a block.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON invoices (order_id);
BEGIN;
CREATE INDEX CONCURRENTLY invoices_id_idx ON invoices (id); -- want: ban-concurrent-index-creation-in-transaction 6:1-6:26 /inside the transaction opened on line 5; move it out of BEGIN/
COMMIT;
