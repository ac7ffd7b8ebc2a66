CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE app."Orders" (id bigint PRIMARY KEY);
-- fixture: existing above

ALTER TABLE users RENAME TO accounts; -- want: renaming-table 5:19-5:37
ALTER TABLE IF EXISTS app."Orders" RENAME TO orders; -- want: renaming-table 6:36-6:52
ALTER TABLE unknown_table RENAME TO known_table; -- want: renaming-table 7:27-7:48
ALTER FOREIGN TABLE remote_users RENAME TO remote_accounts; -- want: renaming-table

-- Negative: created earlier in this file.
CREATE TABLE drafts (id bigint PRIMARY KEY);
ALTER TABLE drafts RENAME TO draft_posts;

-- Negative: other renames.
ALTER TABLE accounts RENAME COLUMN id TO account_id;
ALTER INDEX accounts_pkey RENAME TO accounts_pk;
ALTER VIEW some_view RENAME TO other_view;
ALTER SEQUENCE some_seq RENAME TO other_seq;
