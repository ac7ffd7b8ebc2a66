CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive.
VACUUM FULL orders; -- want: ban-vacuum-full 5:1-5:19
VACUUM (FULL, ANALYZE) orders, customers; -- want: ban-vacuum-full
VACUUM FULL; -- want: ban-vacuum-full
CLUSTER orders USING orders_pkey; -- want: ban-vacuum-full
CLUSTER; -- want: ban-vacuum-full

-- Negative: plain VACUUM, FULL false, ANALYZE, CLUSTER of a table created in this file.
VACUUM orders;
VACUUM (FULL false) orders;
VACUUM (ANALYZE) orders;
ANALYZE orders;
CREATE TABLE t (id int PRIMARY KEY);
CLUSTER t USING t_pkey;
