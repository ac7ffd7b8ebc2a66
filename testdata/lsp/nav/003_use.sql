-- uses what 001 and 002 made
-- two comment lines
ALTER TABLE users VALIDATE CONSTRAINT email_len;
SELECT norm(email), feeling FROM users;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
SELECT id FROM orders;
