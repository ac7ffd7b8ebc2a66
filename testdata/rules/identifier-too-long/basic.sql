-- Positive: 64 bytes; the range is the identifier.
CREATE TABLE orders_customer_id_created_at_status_amount_currency_region_abcd (id int); -- want: identifier-too-long 2:14-2:78
-- Positive: quoted, 33 two-byte characters = 66 bytes.
CREATE TABLE "ééééééééééééééééééééééééééééééééé" (id int); -- want: identifier-too-long

-- Negative: 63 bytes exactly; long string literals and comments.
CREATE TABLE orders_customer_id_created_at_status_amount_currency_region_abc (id int);
COMMENT ON TABLE t IS 'orders_customer_id_created_at_status_amount_currency_region_abcdefgh';
-- orders_customer_id_created_at_status_amount_currency_region_abcdefgh
CREATE TABLE Über_Orders_With_A_Name_That_Is_Far_Longer_Than_Sixty_Three_Bytes_X (id int); -- want: identifier-too-long 10:14-10:81
