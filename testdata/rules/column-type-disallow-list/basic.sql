CREATE TABLE t0 (a int);
-- fixture: existing above
CREATE TABLE t (a char(5));
CREATE TABLE t2 (a int, b JSON); -- want: column-type-disallow-list 4:25-4:31
ALTER TABLE t0 ADD COLUMN c json; -- want: column-type-disallow-list
ALTER TABLE t0 ALTER COLUMN a TYPE json USING a::text::json; -- want: column-type-disallow-list
CREATE TABLE t3 (a jsonb);
