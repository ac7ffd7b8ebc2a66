-- An index the replay never saw belongs to an existing table: REINDEX and
-- DROP INDEX lock that table.
REINDEX INDEX my_index; -- want: require-lock-timeout 3:1-3:23
DROP INDEX idx;
