ALTER TABLE users ADD COLUMN org_id int NOT NULL;

ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);

UPDATE users SET email = lower(email);
