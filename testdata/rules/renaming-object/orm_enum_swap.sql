-- A swap: "Status" is renamed away and another type takes the name in
-- the same file, so clients that use "Status" still find a type.
CREATE TYPE "Status_new" AS ENUM ('PENDING', 'DONE');
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
-- A rename nothing replaces is reported.
ALTER TYPE "Kind" RENAME TO "Category"; -- want: renaming-object 8:19-8:39
-- A name taken only earlier in the file is no swap.
CREATE VIEW report AS SELECT 1 AS one;
DROP VIEW report;
ALTER VIEW summary RENAME TO report; -- want: renaming-object 12:20-12:36
