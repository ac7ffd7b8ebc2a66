CREATE TABLE sales (id bigint PRIMARY KEY, amount numeric);
CREATE MATERIALIZED VIEW sales_summary AS SELECT sum(amount) AS total FROM sales;
-- fixture: existing above

-- Positive.
REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary; -- want: warn-refresh-matview-concurrent 6:1-6:53

-- Negative: a plain refresh (another rule's concern), a view created in this file.
REFRESH MATERIALIZED VIEW sales_summary;
CREATE MATERIALIZED VIEW s2 AS SELECT 1 AS one;
REFRESH MATERIALIZED VIEW CONCURRENTLY s2;
