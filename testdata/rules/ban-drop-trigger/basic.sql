CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive.
DROP TRIGGER orders_audit ON orders; -- want: ban-drop-trigger 5:1-5:36
DROP TRIGGER IF EXISTS t ON app.events CASCADE; -- want: ban-drop-trigger

-- Negative: a table created in this file, other drops.
CREATE TABLE invoices (id bigint PRIMARY KEY);
DROP TRIGGER invoices_audit ON invoices;
DROP FUNCTION audit();
