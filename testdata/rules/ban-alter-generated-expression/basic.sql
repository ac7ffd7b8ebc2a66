CREATE TABLE line_items (id bigint PRIMARY KEY, price numeric, quantity int, total numeric GENERATED ALWAYS AS (price * quantity) STORED);
-- fixture: existing above
-- fixture: pg-version=17

ALTER TABLE line_items ALTER COLUMN total SET EXPRESSION AS (price * quantity * 2); -- want: ban-alter-generated-expression 5:24-5:83
ALTER TABLE line_items ADD COLUMN tax numeric GENERATED ALWAYS AS (price * 0.2) STORED, -- want: ban-alter-generated-expression 6:24-6:87
  ADD COLUMN note text;

-- Negative: DROP EXPRESSION (ban-drop-generated-expression's), a plain column, a new table or column.
ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;
ALTER TABLE line_items ADD COLUMN discount numeric;
CREATE TABLE carts (id bigint, n int);
ALTER TABLE carts ADD COLUMN double_n int GENERATED ALWAYS AS (n * 2) STORED;
ALTER TABLE line_items ADD COLUMN fee numeric GENERATED ALWAYS AS (price * 0.1) STORED; -- want: ban-alter-generated-expression 14:24-14:87
ALTER TABLE line_items ALTER COLUMN fee SET EXPRESSION AS (price * 0.2);
