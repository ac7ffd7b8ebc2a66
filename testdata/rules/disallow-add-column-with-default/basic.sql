ALTER TABLE tech_book ADD COLUMN c int DEFAULT 0; -- want: disallow-add-column-with-default 1:23-1:49
ALTER TABLE tech_book ADD COLUMN d int, ADD COLUMN e text NOT NULL DEFAULT 'x'; -- want: disallow-add-column-with-default 2:41-2:79
CREATE TABLE n (id int);
ALTER TABLE n ADD COLUMN at timestamptz DEFAULT now(); -- want: disallow-add-column-with-default
-- Negative.
ALTER TABLE tech_book ADD COLUMN c int;
ALTER TABLE tech_book ALTER COLUMN c SET DEFAULT 0;
CREATE TABLE m (id int DEFAULT 0);
