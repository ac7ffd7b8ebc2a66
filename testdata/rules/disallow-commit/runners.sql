-- +goose Up
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);
COMMIT; -- want: disallow-commit 3:1-3:7 /^COMMIT ends the runner's transaction early \(goose wraps each file in a transaction/
CREATE INDEX audit_log_entry_idx ON audit_log (entry);
