-- authors is not known to the replay; authors and public.authors are one
-- table, so one table is locked in this transaction.
BEGIN;
ALTER TABLE authors ADD COLUMN bio text;
ALTER TABLE public.authors ADD COLUMN site text;
COMMIT;
-- Two tables in one transaction.
BEGIN;
ALTER TABLE authors ADD COLUMN x text;
ALTER TABLE books ADD COLUMN y text; -- want: warn-wide-lock-window 10:1-10:36
COMMIT;
