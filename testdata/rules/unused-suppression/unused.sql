-- fixture: enable ban-drop-column
-- fixture: enable renaming-column
-- sqlreview:ignore ban-drop-column -- the app stopped reading it in v42
ALTER TABLE users DROP COLUMN legacy;

-- want: unused-suppression 7:1-7:61
-- sqlreview:ignore ban-drop-column -- nothing dropped below
CREATE TABLE t (id bigint PRIMARY KEY);

-- Trailing form covers its own statement.
ALTER TABLE users RENAME COLUMN a TO b; -- sqlreview:ignore renaming-column -- no reader yet

-- One name used, the other not.
-- sqlreview:ignore ban-drop-column, renaming-column -- tidy up -- want: unused-suppression
ALTER TABLE users DROP COLUMN other;

-- A suppression for a rule that is not running is not reported as unused.
-- sqlreview:ignore prefer-timestamptz -- legacy column type
CREATE TABLE u (at timestamp);

-- sqlreview:ignore-file changing-column-type -- not running here either
-- sqlreview:ignore-file ban-drop-column -- file-wide, and used above
