CREATE TABLE tech_book (id int, name varchar(20));
-- fixture: existing above
ALTER TABLE tech_book ALTER COLUMN id SET DATA TYPE INTEGER; -- want: disallow-column-type-change 3:23-3:60
ALTER TABLE tech_book ADD COLUMN c1 int, ALTER COLUMN name TYPE text; -- want: disallow-column-type-change 4:42-4:69
ALTER TABLE tech_book ADD COLUMN c2 int;
ALTER TABLE tech_book ALTER COLUMN name SET DEFAULT 'x';
