ALTER TABLE tech_book ALTER COLUMN name SET NOT NULL; -- want: disallow-set-not-null 1:23-1:53
CREATE TABLE n (a int);
ALTER TABLE n ALTER COLUMN a TYPE bigint, ALTER COLUMN a SET NOT NULL; -- want: disallow-set-not-null 3:43-3:70
-- Negative.
ALTER TABLE tech_book ADD CONSTRAINT check_name_not_null CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE tech_book VALIDATE CONSTRAINT check_name_not_null;
ALTER TABLE tech_book ALTER COLUMN name DROP NOT NULL;
