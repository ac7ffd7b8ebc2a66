ALTER TABLE users ADD COLUMN feeling mood;
ALTER TABLE users ADD CONSTRAINT email_len CHECK (length(email) < 300) NOT VALID;
