-- Several fixes in one statement: types, and serial → identity, where
-- prefer-bigint-over-int and prefer-identity both want to rewrite "serial".
CREATE TABLE accounts (
    id serial PRIMARY KEY,
    code char(3) NOT NULL,
    name varchar(100),
    payload json,
    created_at timestamp NOT NULL DEFAULT now(),
    visits int DEFAULT 0
);
ALTER TABLE orders ADD COLUMN note varchar(20), ADD COLUMN shipped_at timestamp;
