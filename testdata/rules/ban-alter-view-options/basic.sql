CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE VIEW active_accounts AS SELECT id FROM accounts;
-- fixture: existing above

ALTER VIEW active_accounts SET (security_invoker = true); -- want: ban-alter-view-options 5:28-5:57
ALTER VIEW IF EXISTS app.v RESET (security_barrier, check_option); -- want: ban-alter-view-options 6:28-6:66

-- Negative: a view created earlier in this file, rename, column default, matview storage.
CREATE VIEW recent AS SELECT id FROM accounts;
ALTER VIEW recent SET (security_barrier = true);
ALTER VIEW active_accounts RENAME TO live_accounts;
ALTER VIEW active_accounts ALTER COLUMN id SET DEFAULT 0;
ALTER MATERIALIZED VIEW stats SET (fillfactor = 70);
