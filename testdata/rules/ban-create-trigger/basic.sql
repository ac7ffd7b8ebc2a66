CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: the range is the first line of the statement.
CREATE TRIGGER orders_audit -- want: ban-create-trigger 5:1-5:28
  AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();
CREATE OR REPLACE TRIGGER orders_audit2 AFTER UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION audit(); -- want: ban-create-trigger

-- Negative: a table created in this file; an event trigger.
CREATE TABLE invoices (id bigint PRIMARY KEY);
CREATE TRIGGER invoices_audit AFTER UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION audit();
CREATE EVENT TRIGGER ddl_log ON ddl_command_end EXECUTE FUNCTION log_ddl();
