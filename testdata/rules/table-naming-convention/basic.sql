CREATE TABLE tech_book (id int);
-- fixture: existing above
CREATE TABLE "techBook" (id int); -- want: table-naming-convention 3:14-3:24
CREATE TABLE _techBook (id int); -- want: table-naming-convention
CREATE TABLE techBook (id int);
CREATE TABLE app.user_accounts (id int);
CREATE TABLE app."Accounts" (id int); -- want: table-naming-convention 7:14-7:28
CREATE TABLE "Report2024" AS SELECT 1 AS n; -- want: table-naming-convention
-- Renames are checked at the new name.
ALTER TABLE tech_book RENAME TO "TechBook"; -- want: table-naming-convention 10:33-10:43
ALTER TABLE techbook RENAME TO tech_book_tmp;
-- Negative: views and column renames are not tables being named.
CREATE VIEW "BookView" AS SELECT 1;
ALTER TABLE tech_book RENAME COLUMN id TO "Id";
