CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new');
-- fixture: existing above

ALTER TABLE orders ALTER COLUMN status DROP DEFAULT; -- want: ban-drop-default 4:20-4:52
ALTER TABLE orders ALTER created SET DEFAULT now(), -- sets are ban-set-default's
  ALTER COLUMN id DROP DEFAULT; -- want: ban-drop-default 6:3-6:31
ALTER FOREIGN TABLE remote_orders ALTER COLUMN status DROP DEFAULT; -- want: ban-drop-default 7:35-7:67

-- Negative: a new table, a column added earlier in this file, a default
-- set again later in the file (set_again_later.sql).
CREATE TABLE carts (id bigint DEFAULT 0);
ALTER TABLE carts ALTER COLUMN id DROP DEFAULT;
ALTER TABLE orders ADD COLUMN note text DEFAULT '';
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
