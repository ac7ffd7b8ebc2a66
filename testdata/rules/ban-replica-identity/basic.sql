CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

ALTER TABLE orders REPLICA IDENTITY FULL; -- want: ban-replica-identity 4:20-4:41
ALTER TABLE orders REPLICA IDENTITY USING INDEX orders_pkey, -- want: ban-replica-identity 5:20-5:60
  SET (fillfactor = 90);

-- Negative: a table created earlier in this file, other subcommands.
CREATE TABLE carts (id bigint PRIMARY KEY);
ALTER TABLE carts REPLICA IDENTITY FULL;
ALTER TABLE orders SET (fillfactor = 80);
