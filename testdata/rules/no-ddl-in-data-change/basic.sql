CREATE TABLE t_test_backup (a int); -- want: no-ddl-in-data-change 1:1-1:13
DELETE FROM tech_book WHERE a > 1;
SET ROLE role1;
ALTER TABLE tech_book ADD COLUMN b int; -- want: no-ddl-in-data-change
