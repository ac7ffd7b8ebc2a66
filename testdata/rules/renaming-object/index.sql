CREATE TABLE accounts (id bigint PRIMARY KEY, email text, CONSTRAINT accounts_email_key UNIQUE (email));
CREATE INDEX accounts_email_lower_idx ON accounts (lower(email));
-- fixture: existing above

-- Negative: queries never name a plain index.
ALTER INDEX accounts_email_lower_idx RENAME TO accounts_email_lower;
ALTER INDEX IF EXISTS unknown_idx RENAME TO unknown_idx2;
-- Positive: the index of a constraint: the constraint is renamed too.
ALTER INDEX accounts_email_key RENAME TO accounts_email_uniq; -- want: renaming-object 9:32-9:61
