CREATE TABLE users (
    tenant_id integer REFERENCES tenants ON DELETE CASCADE, -- want: disallow-on-delete-cascade 2:42-2:59
    user_id integer NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE; -- want: disallow-on-delete-cascade
ALTER TABLE orders ADD COLUMN tenant_id int REFERENCES tenants ON DELETE CASCADE; -- want: disallow-on-delete-cascade
-- Negative.
TRUNCATE TABLE issues CASCADE;
CREATE TABLE items (order_id int REFERENCES orders ON DELETE RESTRICT ON UPDATE CASCADE);
COMMENT ON TABLE users IS 'CASCADE COMMENT';
