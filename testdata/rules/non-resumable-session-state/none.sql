-- sqlreview:txmode none
CREATE TEMP TABLE scratch (id int); -- want: non-resumable-session-state 2:1-2:35
CREATE TABLE pg_temp.s2 (id int); -- want: non-resumable-session-state
SELECT 1 AS x INTO TEMPORARY s3; -- want: non-resumable-session-state
CREATE TEMP VIEW v AS SELECT 1; -- want: non-resumable-session-state
CREATE TEMP SEQUENCE q; -- want: non-resumable-session-state
CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; -- want: non-resumable-session-state
PREPARE q1 AS SELECT 1; -- want: non-resumable-session-state
LISTEN jobs; -- want: non-resumable-session-state
BEGIN;
CREATE TEMP TABLE in_block (id int) ON COMMIT DROP;
DECLARE c1 CURSOR FOR SELECT 1;
DECLARE c2 CURSOR WITH HOLD FOR SELECT 1; -- want: non-resumable-session-state
CREATE TEMP TABLE kept (id int) ON COMMIT PRESERVE ROWS; -- want: non-resumable-session-state
COMMIT;
CREATE TEMP TABLE after_block (id int) ON COMMIT DROP; -- want: non-resumable-session-state
-- Negative: session state a resumed run restores.
SELECT set_config('search_path', 'app', false);
SET ROLE app_owner;
CREATE TABLE regular (id int);
