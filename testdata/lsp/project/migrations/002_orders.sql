-- Orders for the café ☕ team.
CREATE TABLE orders (id int PRIMARY KEY, user_id bigint, placed timestamp);
CREATE INDEX users_email_idx ON users (email); /* é😀 */ CREATE INDEX users_created_idx ON users (created_at);
-- sqlreview:ignore ban-drop-column -- nothing to ignore here
ALTER TABLE users ADD COLUMN nickname text;
UPDATE users SET nickname = 'x';
