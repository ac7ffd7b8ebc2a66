-- Negative: meta-commands that only shape psql's output or variables,
-- and a \connect in a branch psql never runs.
\set ON_ERROR_STOP on
\echo creating the audit log
\pset null '(null)'
\timing on
\C audit
\if false
\connect reporting
\i never.sql
\endif
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);
SELECT count(*) AS n FROM audit_log \gset
\echo :n rows
