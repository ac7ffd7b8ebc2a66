CREATE TABLE tech_book (id integer, name text, creator text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
CREATE INDEX old_index ON tech_book (id, name);
CREATE TABLE orders (order_id integer, customer_name text, amount numeric, note text, name text, CONSTRAINT orders_pkey PRIMARY KEY (order_id));
CREATE INDEX idx_orders_customer ON orders (customer_name);
CREATE INDEX idx_orders_amount ON orders (amount);
CREATE TABLE products (product_id integer, title text, price numeric, CONSTRAINT products_pkey PRIMARY KEY (product_id));
CREATE INDEX idx_products_price ON products (price);
CREATE TABLE no_index_table (col_a integer, col_b text);
CREATE TABLE insert_target (id integer, name text);
CREATE SCHEMA bbdataarchive;
-- fixture: existing above
-- Bytebase table_require_pk.yaml: dropping the primary key constraint.
ALTER TABLE "tech_book" DROP CONSTRAINT "old_pk"; -- want: require-primary-key 14:25-14:49
