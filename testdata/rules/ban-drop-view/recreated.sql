-- A view dropped and created again later in the same file has its name
-- back when the migration ends; one that stays dropped is reported.
DROP VIEW IF EXISTS "charges_search";
CREATE VIEW "charges_search" AS SELECT 1 AS id;
DROP MATERIALIZED VIEW builds_per_job;
CREATE MATERIALIZED VIEW builds_per_job AS SELECT 1 AS id;
DROP VIEW legacy_report; -- want: ban-drop-view 7:11-7:24
-- Created again only under another name does not count.
DROP MATERIALIZED VIEW stats; -- want: ban-drop-view 9:24-9:29
CREATE MATERIALIZED VIEW stats_v2 AS SELECT 1 AS id;
