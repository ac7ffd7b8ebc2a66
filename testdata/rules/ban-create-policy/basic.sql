CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint);
-- fixture: existing above

CREATE POLICY owner_only ON accounts TO app_user USING (owner_id = current_user_id()); -- want: ban-create-policy 4:1-4:86
CREATE POLICY deny_delete ON app.notes AS RESTRICTIVE FOR DELETE -- want: ban-create-policy 5:1-6:16
  USING (false);

-- Negative: a policy on a table created earlier in this file, other policy statements.
CREATE TABLE notes (id bigint);
CREATE POLICY n ON notes USING (true);
ALTER POLICY owner_only ON accounts RENAME TO p2;
