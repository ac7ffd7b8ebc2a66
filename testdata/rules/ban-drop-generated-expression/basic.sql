CREATE TABLE line_items (id bigint PRIMARY KEY, price numeric, quantity int, total numeric GENERATED ALWAYS AS (price * quantity) STORED);
-- fixture: existing above

ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION; -- want: ban-drop-generated-expression 4:24-4:58
ALTER TABLE line_items ALTER total DROP EXPRESSION IF EXISTS, -- want: ban-drop-generated-expression 5:24-5:61
  ALTER COLUMN price SET NOT NULL;

-- Negative: a new table or column, SET EXPRESSION.
CREATE TABLE carts (id bigint, n int, double_n int GENERATED ALWAYS AS (n * 2) STORED);
ALTER TABLE carts ALTER COLUMN double_n DROP EXPRESSION;
ALTER TABLE line_items ADD COLUMN tax numeric GENERATED ALWAYS AS (price * 0.2) STORED;
ALTER TABLE line_items ALTER COLUMN tax DROP EXPRESSION;
