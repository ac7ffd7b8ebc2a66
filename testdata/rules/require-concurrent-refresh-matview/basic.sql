CREATE TABLE sales (id bigint PRIMARY KEY, amount numeric);
CREATE MATERIALIZED VIEW sales_summary AS SELECT sum(amount) AS total FROM sales;
-- fixture: existing above

-- Positive.
REFRESH MATERIALIZED VIEW sales_summary; -- want: require-concurrent-refresh-matview 6:1-6:40
REFRESH MATERIALIZED VIEW public.unknown_view WITH DATA; -- want: require-concurrent-refresh-matview

-- Negative: CONCURRENTLY, WITH NO DATA, a view created in this file.
REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;
REFRESH MATERIALIZED VIEW sales_summary WITH NO DATA;
CREATE MATERIALIZED VIEW s2 AS SELECT 1 AS one;
REFRESH MATERIALIZED VIEW s2;
