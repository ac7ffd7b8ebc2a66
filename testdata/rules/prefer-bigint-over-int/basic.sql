-- CREATE TABLE: every spelling of the 16- and 32-bit integer types.
CREATE TABLE orders (
  id serial PRIMARY KEY, -- want: prefer-bigint-over-int 3:6-3:12
  a int NOT NULL, -- want: prefer-bigint-over-int 4:5-4:8
  b INTEGER DEFAULT 0, -- want: prefer-bigint-over-int 5:5-5:12
  c int4, -- want: prefer-bigint-over-int 6:5-6:9
  d pg_catalog.int4 REFERENCES other (id), -- want: prefer-bigint-over-int 7:5-7:20
  e smallint CHECK (e > 0), -- want: prefer-bigint-over-int 8:5-8:13
  f int2 UNIQUE, -- want: prefer-bigint-over-int 9:5-9:9
  g smallserial, -- want: prefer-bigint-over-int 10:5-10:16
  h serial4, -- want: prefer-bigint-over-int 11:5-11:12
  "Quoted Col" int[] NOT NULL, -- want: prefer-bigint-over-int 12:16-12:21
  j integer ARRAY[3], -- want: prefer-bigint-over-int 13:5-13:21
  k int[][] -- want: prefer-bigint-over-int 14:5-14:12
);

-- ADD COLUMN and ALTER COLUMN TYPE, several subcommands.
ALTER TABLE app.users
  ADD COLUMN score int DEFAULT 0, -- want: prefer-bigint-over-int 19:20-19:23
  ALTER COLUMN visits TYPE integer USING visits::integer, -- want: prefer-bigint-over-int 20:28-20:35
  ADD COLUMN note text;
ALTER TABLE users ALTER visits SET DATA TYPE smallint; -- want: prefer-bigint-over-int 22:46-22:54
CREATE FOREIGN TABLE remote (n int) SERVER s; -- want: prefer-bigint-over-int 23:32-23:35

-- Negative: bigint, numeric, identity, other types.
CREATE TABLE ok (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  s bigserial,
  n numeric(10, 2),
  r real,
  x int8,
  y interval,
  z "int"
);
ALTER TABLE users ADD COLUMN big bigint, ALTER COLUMN visits TYPE bigint;
CREATE TABLE p2024 PARTITION OF orders FOR VALUES IN (1);
SELECT 1::int;
CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
