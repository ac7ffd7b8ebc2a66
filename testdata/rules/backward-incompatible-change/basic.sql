CREATE TABLE tech_book (id int, name text);
CREATE MATERIALIZED VIEW mv AS SELECT 1;
-- fixture: existing above
ALTER TABLE tech_book ALTER COLUMN name TYPE text; -- want: backward-incompatible-change 4:23-4:50
DROP VIEW my_view;
DROP TABLE tech_book; -- want: backward-incompatible-change 6:12-6:21
DROP MATERIALIZED VIEW mv; -- want: backward-incompatible-change
DROP DATABASE app; -- want: backward-incompatible-change
