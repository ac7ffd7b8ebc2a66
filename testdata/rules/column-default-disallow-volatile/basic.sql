CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE t (a serial primary key, b uuid default gen_random_uuid(), d text default current_user);
ALTER TABLE tech_book ADD COLUMN b timestamptz DEFAULT now();
ALTER TABLE tech_book ADD COLUMN c uuid DEFAULT gen_random_uuid(); -- want: column-default-disallow-volatile 5:23-5:66
ALTER TABLE tech_book ADD COLUMN d float8 DEFAULT random() * 10; -- want: column-default-disallow-volatile
ALTER TABLE tech_book ADD COLUMN e int DEFAULT my_func(); -- want: column-default-disallow-volatile
ALTER TABLE tech_book ADD COLUMN f int DEFAULT 1 + 2;
-- Negative: a table created in this file has no rows to rewrite.
ALTER TABLE t ADD COLUMN g uuid DEFAULT gen_random_uuid();
