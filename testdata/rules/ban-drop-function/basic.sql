DROP FUNCTION order_total(bigint); -- want: ban-drop-function 1:15-1:34
DROP FUNCTION IF EXISTS app.f(integer, text), -- want: ban-drop-function 2:25-2:45
  g CASCADE; -- want: ban-drop-function 3:3-3:4
DROP PROCEDURE archive_orders(); -- want: ban-drop-function 4:16-4:32
DROP ROUTINE r; -- want: ban-drop-function 5:14-5:15

-- Negative: creating or replacing a function, other drops.
CREATE OR REPLACE FUNCTION order_count(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0';
DROP TRIGGER IF EXISTS t ON orders;
DROP AGGREGATE IF EXISTS my_sum(integer);
