TRUNCATE TABLE tech_book CASCADE; -- want: disallow-remove-table-cascade 1:26-1:33
DROP TABLE tech_book CASCADE; -- want: disallow-remove-table-cascade 2:22-2:29
DROP TABLE IF EXISTS a, b CASCADE; -- want: disallow-remove-table-cascade
-- Negative.
DROP TABLE tech_book;
DROP VIEW v CASCADE;
CREATE TABLE users (tenant_id integer REFERENCES tenants ON DELETE CASCADE);
