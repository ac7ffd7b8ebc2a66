-- Indexes the replay never saw, known only from an ALTER INDEX: they exist
-- on a table the replay does not know, and dropping them locks that table.
ALTER INDEX orders_legacy_idx RENAME TO orders_customer_idx;
ALTER INDEX events_kind_idx SET TABLESPACE pg_default;

DROP INDEX orders_customer_idx; -- want: require-concurrent-index-deletion 6:1-6:31 /on its table/
DROP INDEX events_kind_idx; -- want: require-concurrent-index-deletion 7:1-7:27 /on its table/
