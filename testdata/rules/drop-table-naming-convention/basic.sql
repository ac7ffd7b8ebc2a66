DROP TABLE IF EXISTS foo_delete;
DROP TABLE IF EXISTS foo; -- want: drop-table-naming-convention 2:22-2:25
DROP TABLE foo_delete, app.bar; -- want: drop-table-naming-convention 3:24-3:31
DROP VIEW foo;
