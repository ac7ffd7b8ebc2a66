-- Positive: DDL built with format(); the range is the EXECUTE's expression.
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE INDEX ON %I (created_at)', t); -- want: dynamic-ddl-not-reviewable 6:13-6:57
    EXECUTE 'alter table ' || quote_ident(t) || ' add column note text'; -- want: dynamic-ddl-not-reviewable 7:13-7:72
  END LOOP;
END $$;
-- Positive: in a function body too.
CREATE FUNCTION add_partition(d date) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS events_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)$q$, -- want: dynamic-ddl-not-reviewable 13:11-14:37
    to_char(d, 'YYYYMM'), d, d + 30);
END
$fn$;
-- Negative: dynamic DML or a query of unknown content; static SQL.
DO $$
DECLARE n int; q text := 'SELECT 1';
BEGIN
  EXECUTE format('UPDATE counters SET n = n + 1 WHERE name = %L', 'x');
  EXECUTE q INTO n;
  PERFORM pg_sleep(0);
END $$;
-- Negative: a SQL function has no PL/pgSQL body.
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
