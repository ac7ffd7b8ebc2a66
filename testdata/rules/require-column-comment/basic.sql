-- fixture: setting maxLength=10
CREATE TABLE old (a int);
-- fixture: existing above
CREATE TABLE t (a int, d text); -- want: require-column-comment 4:24-4:30
COMMENT ON COLUMN t.a IS 'comments';
ALTER TABLE old ADD COLUMN b int; -- want: require-column-comment 6:17-6:33
ALTER TABLE old ADD COLUMN c int;
COMMENT ON COLUMN old.c IS 'loooooooong comments'; -- want: require-column-comment 8:28-8:50
CREATE TABLE u (a int); -- want: require-column-comment
COMMENT ON COLUMN u.a IS 'loooooooong comments';
COMMENT ON COLUMN u.a IS NULL;
