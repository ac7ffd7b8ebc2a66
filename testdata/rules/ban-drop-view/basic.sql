CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE VIEW active_accounts AS SELECT id FROM accounts;
-- fixture: existing above

DROP VIEW active_accounts; -- want: ban-drop-view 5:11-5:26
DROP VIEW IF EXISTS app.v1, -- want: ban-drop-view 6:21-6:27
  v2 CASCADE; -- want: ban-drop-view 7:3-7:5
DROP MATERIALIZED VIEW IF EXISTS order_stats; -- want: ban-drop-view 8:34-8:45

-- Negative: a view created earlier in this file, a table.
CREATE VIEW recent_orders AS SELECT 1 AS id;
DROP VIEW recent_orders;
CREATE MATERIALIZED VIEW tmp_stats AS SELECT 1 AS n;
DROP MATERIALIZED VIEW tmp_stats;
DROP TABLE IF EXISTS scratch;
