CREATE TABLE my_table AS SELECT 1; -- want: require-schema-qualified-name 1:14-1:22
SELECT 1 INTO TEMP scratch;
-- Negative: qualified, or temporary.
CREATE TABLE public.my_table2 AS SELECT 1;
CREATE TEMP TABLE scratch2 AS SELECT 1;
