-- fixture: setting list=[id, created_ts, updated_ts]
CREATE TABLE tech_book (id int, created_ts timestamptz, updated_ts timestamptz, name text);
-- fixture: existing above
CREATE TABLE book (id int); -- want: required-columns 4:14-4:18
CREATE TABLE ok (id int, created_ts timestamptz, updated_ts timestamptz);
-- Completed later in the file.
CREATE TABLE later (id int);
ALTER TABLE later ADD COLUMN created_ts timestamptz, ADD COLUMN updated_ts timestamptz;
ALTER TABLE tech_book DROP COLUMN name;
ALTER TABLE tech_book DROP COLUMN updated_ts; -- want: required-columns 10:23-10:45
ALTER TABLE tech_book RENAME COLUMN created_ts TO created_at; -- want: required-columns
-- Negative: partitions and CREATE TABLE AS.
CREATE TABLE part PARTITION OF parent DEFAULT;
CREATE TABLE copy AS SELECT 1 AS n;
