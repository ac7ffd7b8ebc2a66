CREATE TABLE records (id bigint PRIMARY KEY, namespace text, kind text);
-- fixture: existing above

-- An index the replay never saw (created in a squashed history): ALTER
-- INDEX shows it exists, so the statements after it see an existing index.
ALTER INDEX records_ns_legacy RENAME TO records_namespace;
ALTER INDEX records_kind_idx SET TABLESPACE pg_default;

-- Negative: the table is re-declared IF NOT EXISTS and the indexes exist
-- wherever it existed: both statements do nothing there.
CREATE TABLE IF NOT EXISTS records (id bigint PRIMARY KEY);
CREATE INDEX IF NOT EXISTS records_namespace ON records (namespace);
CREATE INDEX IF NOT EXISTS records_kind_idx ON records (kind);

-- Positive: the old name is free after the rename.
CREATE INDEX IF NOT EXISTS records_ns_legacy ON records (namespace); -- want: require-concurrent-index-creation 16:1-16:56
