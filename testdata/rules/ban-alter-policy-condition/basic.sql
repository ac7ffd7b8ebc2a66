CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint);
-- fixture: existing above

ALTER POLICY owner_only ON accounts USING (owner_id = current_user_id()); -- want: ban-alter-policy-condition 4:37-4:73
-- One finding per clause.
-- want: ban-alter-policy-condition 7:40-7:52
ALTER POLICY p ON accounts TO app_user USING (true) WITH CHECK ((owner_id > 0)); -- want: ban-alter-policy-condition 7:53-7:80
ALTER POLICY p ON accounts WITH CHECK (owner_id IS NOT NULL); -- want: ban-alter-policy-condition 8:28-8:61

-- Negative: roles only, rename, a policy on a new table.
ALTER POLICY p ON accounts TO app_user;
ALTER POLICY p ON accounts RENAME TO p2;
CREATE TABLE notes (id bigint);
CREATE POLICY n ON notes USING (true);
ALTER POLICY n ON notes USING (false);
