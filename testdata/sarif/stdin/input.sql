-- Piped in: sqlreview check --format sarif - < input.sql
DELETE FROM sessions;
