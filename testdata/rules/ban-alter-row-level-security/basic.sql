CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture: existing above

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY; -- want: ban-alter-row-level-security 4:22-4:47
ALTER TABLE accounts DISABLE ROW LEVEL SECURITY; -- want: ban-alter-row-level-security 5:22-5:48
ALTER TABLE accounts FORCE ROW LEVEL SECURITY, -- want: ban-alter-row-level-security 6:22-6:46
  NO FORCE ROW LEVEL SECURITY; -- want: ban-alter-row-level-security 7:3-7:30

-- Negative: a new table, other subcommands.
CREATE TABLE notes (id bigint);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts ENABLE TRIGGER ALL;
