-- The cases of Bytebase's STATEMENT_ADD_CHECK_NOT_VALID advisor test
-- (advisor-pg-test/statement_add_check_not_valid.yaml), against its mock table.
CREATE TABLE tech_book (id int, name text, creator text);
-- fixture: existing above

alter table tech_book add constraint check_id check(id > 0); -- want: STATEMENT_ADD_CHECK_NOT_VALID

alter table tech_book add constraint check_id2 check(id > 0) NOT VALID;
