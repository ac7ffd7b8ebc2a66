CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- fixture: existing above

ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending'; -- want: ban-set-default 4:20-4:61
ALTER TABLE orders ALTER status DROP DEFAULT, -- drops are ban-drop-default's
  ALTER COLUMN id SET DEFAULT nextval('order_ids'); -- want: ban-set-default 6:3-6:51

-- Negative: a new table or column.
CREATE TABLE carts (id bigint);
ALTER TABLE carts ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE orders ADD COLUMN priority integer;
ALTER TABLE orders ALTER COLUMN priority SET DEFAULT 0;
