-- fixture: pg-version=11
CREATE TABLE users (id bigint PRIMARY KEY);
-- fixture: existing above

-- PostgreSQL 11 already stores constant and stable defaults without a rewrite.
ALTER TABLE users ADD COLUMN active boolean DEFAULT false;
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- want: adding-field-with-default 8:19-8:66
