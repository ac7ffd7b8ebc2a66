-- The enum change Prisma writes: the old type is renamed away, a new one
-- takes its name, and the renamed old type is dropped. No client uses the
-- "_old" name, so its drop is no finding; dropping a type that kept its
-- name is.
BEGIN;
CREATE TYPE "Status_new" AS ENUM ('PENDING', 'DONE');
ALTER TABLE "Run" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Run" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Run" ALTER COLUMN "status" SET DEFAULT 'PENDING';
DROP TYPE "Kind"; -- want: ban-drop-type 13:11-13:17
COMMIT;
