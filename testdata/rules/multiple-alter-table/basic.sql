CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE customers (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: the second ALTER of the same table in the file's transaction.
ALTER TABLE orders ADD COLUMN tag text;
ALTER TABLE customers ADD COLUMN tag text;
ALTER TABLE public.orders ADD COLUMN tag2 text; -- want: multiple-alter-table 8:1-8:47
ALTER TABLE orders ALTER COLUMN tag SET DEFAULT ''; -- want: multiple-alter-table

-- Negative: a table created in this file.
CREATE TABLE fresh (id int);
ALTER TABLE fresh ADD COLUMN a int;
ALTER TABLE fresh ADD COLUMN b int;
