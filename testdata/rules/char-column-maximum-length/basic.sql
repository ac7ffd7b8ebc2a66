CREATE TABLE tech_book (id int, name text);
-- fixture: existing above
CREATE TABLE t (name char(20));
CREATE TABLE t2 (name varchar(225));
CREATE TABLE t3 (name char(225)); -- want: char-column-maximum-length 5:18-5:32
ALTER TABLE public.tech_book ADD COLUMN name_2 character(21); -- want: char-column-maximum-length
ALTER TABLE tech_book ALTER COLUMN name SET DATA TYPE char(225); -- want: char-column-maximum-length 7:23-7:64
CREATE TABLE t4 (flag char);
