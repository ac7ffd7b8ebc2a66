CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL
);
CREATE INDEX users_email_idx ON users (email);
CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lower(t)
$$;
