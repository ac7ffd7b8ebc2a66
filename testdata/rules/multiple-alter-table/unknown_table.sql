-- authors is not known to the replay; authors and public.authors name the
-- same table (the search path gives public).
BEGIN;
ALTER TABLE authors ADD COLUMN bio text;
ALTER TABLE public.authors ADD COLUMN site text; -- want: multiple-alter-table 5:1-5:48
COMMIT;
