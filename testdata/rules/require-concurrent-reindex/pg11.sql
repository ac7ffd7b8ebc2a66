-- fixture: pg-version=11
-- Negative: REINDEX CONCURRENTLY arrived in PostgreSQL 12.
REINDEX TABLE orders;
