-- A default dropped around a type change and set again later in the file
-- is no finding; one that stays dropped is.
ALTER TABLE "Run" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Run" ALTER COLUMN "status" TYPE text;
ALTER TABLE "Run" ALTER COLUMN "status" SET DEFAULT 'PENDING';
ALTER TABLE "Run" ALTER COLUMN "kind" DROP DEFAULT; -- want: ban-drop-default 6:19-6:51
-- A default set again only on another table does not count.
ALTER TABLE "Job" ALTER COLUMN "status" DROP DEFAULT; -- want: ban-drop-default 8:19-8:53
ALTER TABLE "Step" ALTER COLUMN "status" SET DEFAULT 'x';
