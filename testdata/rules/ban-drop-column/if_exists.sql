CREATE TABLE resource_cache_uses (resource_cache_id bigint, build_id bigint, container_id bigint);
CREATE TABLE snapshot AS SELECT * FROM somewhere_unknown;
-- fixture: existing above

-- Negative: DROP COLUMN IF EXISTS of a column the table never had does
-- nothing.
ALTER TABLE resource_cache_uses DROP COLUMN IF EXISTS image_check_container_id;
ALTER TABLE resource_cache_uses DROP COLUMN IF EXISTS "Image Get Container Id", DROP COLUMN IF EXISTS other;

-- Positive: IF EXISTS of a column the table has.
ALTER TABLE resource_cache_uses DROP COLUMN IF EXISTS container_id; -- want: ban-drop-column 11:33-11:67

-- Positive: without IF EXISTS an unknown column means the replayed schema is
-- incomplete, not that the drop does nothing.
ALTER TABLE resource_cache_uses DROP COLUMN legacy; -- want: ban-drop-column 15:33-15:51

-- Positive: the table's columns are not known (CREATE TABLE AS over an
-- unknown relation), nor is an unknown table's.
ALTER TABLE snapshot DROP COLUMN IF EXISTS a; -- want: ban-drop-column 19:22-19:45
ALTER TABLE unknown_table DROP COLUMN IF EXISTS a; -- want: ban-drop-column 20:27-20:50
