CREATE TABLE t (a int);
ALTER TABLE tech_book ADD COLUMN a int;
ALTER TABLE t ADD COLUMN b int; -- want: merge-alter-table 3:1-3:14
ALTER TABLE tech_book ADD COLUMN b int;
CREATE TABLE app.u (a int);
ALTER TABLE app.u ADD COLUMN b int;
ALTER TABLE app.u ADD COLUMN c int; -- want: merge-alter-table 7:1-7:18
CREATE TABLE v (a int);
ALTER TABLE v ADD COLUMN b int; -- want: merge-alter-table
-- Negative: a table only created, or not created in the file.
CREATE TABLE x (a int);
ALTER TABLE w ADD COLUMN a int;
ALTER TABLE w ADD COLUMN b int;
