-- The cases of Bytebase's STATEMENT_DISALLOW_ADD_NOT_NULL advisor test
-- (advisor-pg-test/statement_disallow_add_not_null.yaml), against its mock table.
CREATE TABLE tech_book (id int, name text, creator text);
-- fixture: existing above

alter table tech_book alter column name set not null; -- want: STATEMENT_DISALLOW_ADD_NOT_NULL

alter table tech_book add constraint check_name_not_null check(name IS NOT NULL) NOT VALID;
alter table tech_book validate constraint check_name_not_null;
