-- The statements of Bytebase's STATEMENT_DISALLOW_ADD_NOT_NULL advisor test
-- (advisor-pg-test/statement_disallow_add_not_null.yaml). Its mock tech_book has
-- the primary key (id, name), which makes name NOT NULL already: Bytebase still
-- flags that no-op and we do not, which is why this rule carries no Bytebase
-- alias; the table here has no key, so SET NOT NULL really scans it.
CREATE TABLE tech_book (id int, name text, creator text);
-- fixture: existing above

alter table tech_book alter column name set not null; -- want: adding-not-nullable-field

alter table tech_book add constraint check_name_not_null check(name IS NOT NULL) NOT VALID;
alter table tech_book validate constraint check_name_not_null;
