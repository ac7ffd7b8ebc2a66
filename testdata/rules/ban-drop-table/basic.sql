CREATE TABLE audit_log (id bigint PRIMARY KEY);
CREATE TABLE app.events (id bigint PRIMARY KEY);
CREATE TABLE "Weird Name" (id bigint PRIMARY KEY);
-- fixture: existing above

DROP TABLE audit_log; -- want: ban-drop-table 6:12-6:21

-- One finding per table: IF EXISTS, schema-qualified, quoted, unknown, CASCADE.
DROP TABLE IF EXISTS app.events, -- want: ban-drop-table 9:22-9:32
  "Weird Name", -- want: ban-drop-table 10:3-10:15
  unknown_table CASCADE; -- want: ban-drop-table 11:3-11:16

-- Negative: created earlier in the same file.
CREATE TABLE staging (id bigint PRIMARY KEY);
DROP TABLE staging;

-- Mixed: the new table is skipped, the existing one reported.
CREATE TABLE tmp_copy (id bigint);
DROP TABLE tmp_copy,
  audit_log; -- want: ban-drop-table 20:3-20:12

-- Negative: other kinds of DROP.
DROP VIEW some_view;
DROP INDEX some_index;
DROP SEQUENCE some_seq;
