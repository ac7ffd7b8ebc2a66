-- A nested BEGIN does not reset the opening statement, and one COMMIT closes everything.
BEGIN;
BEGIN;
COMMIT;
-- Open again at the end, the report goes to the outer BEGIN.
BEGIN; -- want: ban-uncommitted-transaction
begin;
SELECT 1
