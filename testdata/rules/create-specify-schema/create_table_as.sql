CREATE TABLE my_table AS SELECT 1; -- want: create-specify-schema 1:14-1:22 /^table "my_table" is created in whatever schema/
CREATE MATERIALIZED VIEW totals AS SELECT 1; -- want: create-specify-schema 2:26-2:32 /^materialized view "totals"/
-- Negative: qualified, or temporary.
CREATE TABLE public.my_table2 AS SELECT 1;
CREATE TEMP TABLE scratch AS SELECT 1;
