CREATE TABLE orders (id bigint PRIMARY KEY, note text);
-- fixture: existing above

-- Positive: each subcommand.
ALTER TABLE orders DISABLE TRIGGER orders_audit; -- want: ban-enable-disable-trigger 5:20-5:48
ALTER TABLE orders DISABLE TRIGGER ALL, -- want: ban-enable-disable-trigger
  ENABLE TRIGGER USER; -- want: ban-enable-disable-trigger
ALTER TABLE orders ENABLE ALWAYS TRIGGER orders_audit; -- want: ban-enable-disable-trigger

-- Negative: other subcommands, a table created in this file.
ALTER TABLE orders ADD COLUMN tag text;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE TABLE invoices (id bigint PRIMARY KEY);
ALTER TABLE invoices DISABLE TRIGGER ALL;
