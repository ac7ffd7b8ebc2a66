-- fixture: pg-version=13
-- Negative: CONCURRENTLY does not exist before PostgreSQL 14.
ALTER TABLE measurements DETACH PARTITION measurements_2020;
