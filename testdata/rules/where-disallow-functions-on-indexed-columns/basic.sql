CREATE TABLE tech_book (id integer, name text, creator text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE TABLE orders (order_id integer PRIMARY KEY, customer_name text, amount numeric, note text);
CREATE INDEX idx_orders_customer ON orders (customer_name);
CREATE INDEX idx_orders_amount ON orders (amount);
CREATE TABLE no_index_table (col_a integer, col_b text);
-- fixture: existing above
SELECT * FROM tech_book WHERE UPPER(name) = 'test'; -- want: where-disallow-functions-on-indexed-columns 7:31-7:42
SELECT * FROM tech_book WHERE id + 1 > 5; -- want: where-disallow-functions-on-indexed-columns 8:31-8:33
SELECT * FROM tech_book WHERE -id > -5; -- want: where-disallow-functions-on-indexed-columns
SELECT * FROM tech_book WHERE ABS(id) > 5 -- want: where-disallow-functions-on-indexed-columns
  AND UPPER(name) = 'x'; -- want: where-disallow-functions-on-indexed-columns 11:7-11:18
SELECT * FROM tech_book t JOIN orders o ON t.id + 1 = o.order_id; -- want: where-disallow-functions-on-indexed-columns
SELECT * FROM tech_book t WHERE EXISTS (SELECT 1 FROM orders o WHERE ABS(id) > 0); -- want: where-disallow-functions-on-indexed-columns
UPDATE tech_book SET creator = 'x' WHERE id IN (SELECT order_id FROM orders WHERE UPPER(customer_name) = 'J'); -- want: where-disallow-functions-on-indexed-columns
WITH orders AS (SELECT * FROM orders WHERE amount + 1 > 10) SELECT * FROM orders; -- want: where-disallow-functions-on-indexed-columns
SELECT * FROM tech_book WHERE ABS(id + 1) > 5; -- want: where-disallow-functions-on-indexed-columns
-- Negative: not indexed, unknown tables, HAVING, shadowing CTEs, derived tables.
SELECT * FROM tech_book WHERE id = ABS(-5);
SELECT * FROM tech_book WHERE UPPER(creator) = 'test';
SELECT * FROM no_index_table WHERE col_a + 1 > 5;
SELECT * FROM unknown_table WHERE UPPER(col) = 'test';
SELECT id, AVG(id) FROM tech_book GROUP BY id HAVING AVG(id) * 3 + 1 > 100;
WITH orders AS (SELECT 1 AS customer_name) SELECT * FROM orders WHERE UPPER(customer_name) = 'X';
SELECT * FROM (SELECT name FROM tech_book) s WHERE UPPER(s.name) = 'x';
SELECT * FROM tech_book WHERE ABS(unknown.id) > 0;
