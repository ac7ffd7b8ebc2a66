CREATE SCHEMA app;
CREATE TABLE orders (id int PRIMARY KEY, id2 int, code varchar(10), code2 varchar(10), code3 varchar(10), note varchar, title text, title2 text, amount numeric(10,2), amount2 numeric(10,2), qty numeric(8), qty2 numeric(8), net cidr, created timestamp(3), created2 timestamp(3), "Ref" varchar(20));
CREATE TABLE app.items (id int, name varchar(50));
-- fixture: existing above

-- Positive: a rewrite; the range covers the subcommand.
ALTER TABLE orders ALTER COLUMN id TYPE bigint; -- want: changing-column-type 7:20-7:47
ALTER TABLE orders ALTER id2 SET DATA TYPE int8; -- want: changing-column-type 8:20-8:48
ALTER TABLE app.items ALTER COLUMN name TYPE varchar(20); -- want: changing-column-type 9:23-9:57
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,4); -- want: changing-column-type
ALTER TABLE orders ALTER COLUMN title TYPE varchar(100); -- want: changing-column-type
ALTER TABLE orders ALTER COLUMN created TYPE timestamptz; -- want: changing-column-type

-- Positive: USING or COLLATE forces the rewrite even for a compatible type.
ALTER TABLE orders ALTER COLUMN code TYPE varchar(20) USING trim(code); -- want: changing-column-type 15:20-15:71
ALTER TABLE orders ALTER COLUMN title2 TYPE text COLLATE "C"; -- want: changing-column-type

-- Positive: several subcommands, quoted column, unknown old type.
ALTER TABLE orders
  ALTER COLUMN "Ref" TYPE varchar(200),
  ALTER COLUMN qty TYPE int, -- want: changing-column-type 21:3-21:28
  ALTER COLUMN no_such_column TYPE text; -- want: changing-column-type 22:3-22:40
ALTER TABLE unknown_table ALTER COLUMN c TYPE text; -- want: changing-column-type

-- Negative: changes PostgreSQL makes without a rewrite.
ALTER TABLE orders ALTER COLUMN code2 TYPE varchar(255);
ALTER TABLE orders ALTER COLUMN code3 TYPE text;
ALTER TABLE orders ALTER COLUMN note TYPE text;
ALTER TABLE orders ALTER COLUMN amount2 TYPE numeric(14,2);
ALTER TABLE orders ALTER COLUMN qty2 TYPE numeric;
ALTER TABLE orders ALTER COLUMN net TYPE inet;
ALTER TABLE orders ALTER COLUMN created2 TYPE timestamp(6);
ALTER TABLE app.items ALTER COLUMN id TYPE integer;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id int, token varchar(10));
ALTER TABLE sessions ALTER COLUMN id TYPE bigint;

-- Negative: unrelated statements.
ALTER TABLE orders ALTER COLUMN code SET DEFAULT 'x';
ALTER TABLE orders ADD COLUMN big bigint;
