CREATE TABLE users (id bigint PRIMARY KEY, email text, "Full Name" text);
CREATE VIEW app.user_emails AS SELECT id, email FROM users;
-- fixture: existing above

ALTER TABLE users RENAME COLUMN email TO email_address; -- want: renaming-column 5:19-5:55
ALTER TABLE users RENAME "Full Name" TO full_name; -- want: renaming-column 6:19-6:50
ALTER TABLE IF EXISTS ONLY app.accounts RENAME COLUMN plan TO tier; -- want: renaming-column 7:41-7:67
ALTER VIEW app.user_emails RENAME COLUMN email TO mail; -- want: renaming-column 8:28-8:55
-- The range runs from RENAME to the end of the statement, across lines.
ALTER TABLE users
  RENAME COLUMN id -- want: renaming-column 11:3-12:13
  TO user_id;

-- Negative: table created earlier in this file.
CREATE TABLE drafts (id bigint PRIMARY KEY, body text);
ALTER TABLE drafts RENAME COLUMN body TO content;

-- Negative: column added earlier in this file.
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE users RENAME COLUMN nick TO nickname;

-- Negative: other renames.
ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;
ALTER INDEX users_pkey RENAME TO users_pk_idx;
ALTER TABLE users RENAME TO accounts;
