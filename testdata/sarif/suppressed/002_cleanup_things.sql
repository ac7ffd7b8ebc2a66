-- sqlreview:ignore ban-drop-column -- nothing reads legacy since v42
ALTER TABLE things DROP COLUMN legacy;

ALTER TABLE things RENAME COLUMN id TO thing_id; -- sqlreview:ignore renaming-column -- no reader yet

-- sqlreview:ignore ban-drop-table -- left over from an earlier draft
ALTER TABLE things ADD COLUMN note text;
