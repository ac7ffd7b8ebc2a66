-- A file with a syntax error is not fixed.
CREATE INDEX users_email_idx ON users (email);
SELEC 1;
