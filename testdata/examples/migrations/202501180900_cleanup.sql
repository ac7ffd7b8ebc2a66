-- sqlreview:ignore ban-drop-column -- the app stopped reading nickname in v42
ALTER TABLE users DROP COLUMN nickname;

ALTER TABLE orders RENAME COLUMN total TO amount;
