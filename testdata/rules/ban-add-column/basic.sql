CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture: existing above

-- Positive: the range is the subcommand; foreign tables and unknown tables too.
ALTER TABLE accounts ADD COLUMN status text; -- want: ban-add-column 5:22-5:44
ALTER TABLE IF EXISTS unknown_t ADD note text, -- want: ban-add-column 6:33-6:46
  ADD COLUMN IF NOT EXISTS flag boolean; -- want: ban-add-column 7:3-7:40
ALTER FOREIGN TABLE remote_accounts ADD COLUMN region text; -- want: ban-add-column 8:37-8:59

-- Negative: a table created earlier in this file, other subcommands.
CREATE TABLE invoices (id bigint PRIMARY KEY);
ALTER TABLE invoices ADD COLUMN total numeric;
ALTER TABLE accounts DROP COLUMN IF EXISTS legacy;
ALTER TABLE accounts ADD CONSTRAINT accounts_id_positive CHECK (id > 0);
ALTER TYPE address ADD ATTRIBUTE street text;
