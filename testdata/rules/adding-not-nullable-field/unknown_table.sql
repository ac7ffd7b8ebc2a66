-- fixture: pg-version=15
-- foo is not known to the replay. The documented recipe (a NOT VALID check,
-- validated in its own transaction, then SET NOT NULL) lets PostgreSQL 12+
-- skip the scan, so it is not reported.
BEGIN;
ALTER TABLE foo ADD CONSTRAINT foo_bar_not_null CHECK (bar IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_not_null;
COMMIT;
BEGIN;
ALTER TABLE public.foo ALTER COLUMN bar SET NOT NULL;
COMMIT;
-- Without the validated check it scans the table.
ALTER TABLE foo ALTER COLUMN baz SET NOT NULL; -- want: adding-not-nullable-field 15:17-15:46
-- The same recipe with PostgreSQL's generated constraint name.
BEGIN;
ALTER TABLE qux ADD CHECK (bar IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE qux VALIDATE CONSTRAINT qux_bar_check;
COMMIT;
ALTER TABLE qux ALTER COLUMN bar SET NOT NULL;
