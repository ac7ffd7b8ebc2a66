-- A table the replay never saw (created in a squashed history) is an
-- existing table: a nullable column added to it is reported.
ALTER TABLE "public"."employee" ADD COLUMN "nick_name" text; -- want: require-column-not-null 3:33-3:60
ALTER TABLE employee ADD COLUMN badge int NOT NULL DEFAULT 0;
-- Made NOT NULL later in the file: fine.
ALTER TABLE staff ADD COLUMN code text;
ALTER TABLE public.staff ALTER COLUMN code SET NOT NULL;
