-- fixture: setting format=^trash_
DROP TABLE trash_orders;
DROP TABLE orders_delete; -- want: drop-table-naming-convention
