CREATE TABLE posts (id bigint PRIMARY KEY, published timestamp, edited timestamp, seen timestamp);
CREATE INDEX posts_published_idx ON posts (published);
CREATE INDEX posts_published_id_idx ON posts (id, published);
CREATE TABLE plain (at timestamp);
-- fixture: existing above
SET timezone = 'UTC';

-- USING the column itself is the implicit conversion: in place in UTC, but
-- the indexes on the column are rebuilt under the lock.
ALTER TABLE posts ALTER COLUMN published TYPE timestamptz USING published; -- want: changing-column-type 10:19-10:74 /^changing the type of column "published" of table "posts" from timestamp to timestamptz is done in place in a UTC session, but rebuilds indexes "posts_published_id_idx", "posts_published_idx" while holding an ACCESS EXCLUSIVE lock/
-- Negative: in place, and no index on the column.
ALTER TABLE posts ALTER COLUMN edited TYPE timestamptz USING edited::timestamptz;
ALTER TABLE plain ALTER COLUMN at TYPE timestamptz;
-- Positive: a cast to another type is computed row by row.
ALTER TABLE posts ALTER COLUMN seen TYPE timestamptz USING seen::date; -- want: changing-column-type 15:19-15:70 /rewrites the table/
-- Positive: a table the replay does not know: its column type is unknown.
ALTER TABLE unknown_posts ALTER COLUMN published TYPE timestamptz USING published; -- want: changing-column-type 17:27-17:82 /to timestamptz rewrites the table/
