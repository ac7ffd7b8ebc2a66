-- The file controls transactions itself: it runs statement by statement.
BEGIN;
CREATE TABLE t (x int);
COMMIT;
PREPARE q AS SELECT 1; -- want: non-resumable-session-state 5:1-5:22
