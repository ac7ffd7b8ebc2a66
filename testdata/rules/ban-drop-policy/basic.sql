CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture: existing above

DROP POLICY owner_only ON accounts; -- want: ban-drop-policy 4:13-4:35
DROP POLICY IF EXISTS p ON app.accounts CASCADE; -- want: ban-drop-policy 5:23-5:40
DROP RULE protect_deletes ON accounts; -- want: ban-drop-policy 6:11-6:38

-- Negative: a policy or rule on a table created earlier in this file, CREATE POLICY.
CREATE TABLE notes (id bigint);
CREATE POLICY n ON notes USING (true);
DROP POLICY n ON notes;
DROP RULE r ON notes;
CREATE POLICY p2 ON accounts USING (true);
