-- fixture: setting maxLength=10
CREATE TABLE old (a int);
-- fixture: existing above
CREATE TABLE t (a int);
COMMENT ON TABLE t IS 'comments';
CREATE TABLE d (a int); -- want: require-table-comment 6:14-6:15
CREATE TABLE app.e (a int); -- want: require-table-comment 7:14-7:19
-- An emptied or NULL comment counts as none.
CREATE TABLE f (a int); -- want: require-table-comment
COMMENT ON TABLE f IS 'x';
COMMENT ON TABLE f IS NULL;
-- Too long: reported at the comment that stays.
COMMENT ON TABLE old IS 'a rather long comment'; -- want: require-table-comment 13:25-13:48
CREATE TABLE g (a int);
COMMENT ON TABLE g IS 'looooooong comments';
COMMENT ON TABLE g IS 'short';
-- Negative: temporary tables; tables dropped again.
CREATE TEMP TABLE scratch (a int);
CREATE TABLE gone (a int);
DROP TABLE gone;
