CREATE TABLE orders (id bigint PRIMARY KEY, status text, created_at timestamptz, total numeric);
CREATE INDEX orders_status_idx ON orders (status);
CREATE UNIQUE INDEX orders_total_key ON orders (total) WHERE status = 'paid';
CREATE TABLE archive (id bigint PRIMARY KEY);
CREATE TABLE refunds_log (id serial PRIMARY KEY);
ALTER INDEX legacy_idx RENAME TO legacy_orders_idx;
-- fixture: existing above

CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status, created_at); -- want: if-not-exists-keeps-other-definition 9:28-9:45 /^CREATE INDEX IF NOT EXISTS does nothing here: index "orders_status_idx" already exists with another definition \(columns \(status\), not \(status, created_at\)\), and PostgreSQL keeps it as it is/
CREATE INDEX IF NOT EXISTS orders_total_key ON orders (total); -- want: if-not-exists-keeps-other-definition 10:28-10:44 /another definition \(WHERE \(status = 'paid'\), not none; unique, not plain\)/
CREATE INDEX IF NOT EXISTS archive ON orders (total); -- want: if-not-exists-keeps-other-definition 11:28-11:35 /a table named "archive" already exists/
CREATE TABLE IF NOT EXISTS archive (id int, moved_at timestamptz); -- want: if-not-exists-keeps-other-definition 12:28-12:35 /table "archive" already exists with another definition \(column "id" is int8, not int4; no column "moved_at"\)/

-- Negative: the same definition (a repair migration); an index the replay
-- knows only by name; names that are free.
CREATE INDEX IF NOT EXISTS orders_status_idx ON public.orders (status);
CREATE INDEX IF NOT EXISTS legacy_orders_idx ON orders (created_at);
CREATE INDEX IF NOT EXISTS orders_created_idx ON orders (created_at);
CREATE TABLE IF NOT EXISTS archive (id bigint);
CREATE TABLE IF NOT EXISTS refunds (id bigint);
CREATE TABLE IF NOT EXISTS refunds_log (id serial);
