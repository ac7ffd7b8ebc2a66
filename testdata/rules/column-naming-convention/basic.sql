CREATE TABLE book (id int, creator_id int);
-- fixture: existing above
CREATE TABLE t1 (id int, "creatorId" int); -- want: column-naming-convention 3:26-3:37
CREATE TABLE t2 (id int, creator_Id int, creator_id int);
CREATE TABLE t3 (
  id int,
  "Name" text -- want: column-naming-convention 7:3-7:9
);
ALTER TABLE book ADD COLUMN "creatorName" text; -- want: column-naming-convention 9:29-9:42
ALTER TABLE book ADD COLUMN IF NOT EXISTS reader_id int;
ALTER TABLE book RENAME COLUMN creator_id TO "creatorId"; -- want: column-naming-convention 11:46-11:57
ALTER TABLE book RENAME COLUMN creator_id TO creator;
-- Negative: a view's columns, a type's attributes.
CREATE VIEW v AS SELECT 1 AS "X";
