CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint);
-- fixture: existing above

ALTER POLICY owner_only ON accounts TO app_user; -- want: ban-alter-policy-roles 4:37-4:48
ALTER POLICY p ON accounts TO app_user, CURRENT_USER USING (true); -- want: ban-alter-policy-roles 5:28-5:53

-- Negative: condition only, rename, a policy on a new table.
ALTER POLICY p ON accounts USING (true);
ALTER POLICY p ON accounts RENAME TO p2;
CREATE TABLE notes (id bigint);
ALTER POLICY n ON notes TO PUBLIC;
