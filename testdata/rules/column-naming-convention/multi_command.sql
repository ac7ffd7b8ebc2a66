ALTER TABLE users ALTER COLUMN name SET STATISTICS 100, ADD COLUMN "BadName" text; -- want: column-naming-convention 1:68-1:77
