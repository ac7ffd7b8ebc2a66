CREATE TABLE tech_book (id int, name text, PRIMARY KEY (id, name), note text NOT NULL, memo text NOT NULL);
-- fixture: existing above
CREATE TABLE book (
  id int, -- want: require-column-not-null 4:3-4:9
  name varchar(255) -- want: require-column-not-null 5:3-5:20
);
CREATE TABLE b2 (id int, name text, PRIMARY KEY (id)); -- want: require-column-not-null 7:26-7:35
CREATE TABLE b3 (id int GENERATED ALWAYS AS IDENTITY, name text NOT NULL);
ALTER TABLE tech_book ADD COLUMN reader int; -- want: require-column-not-null 9:23-9:44
-- Made NOT NULL later in the file: fine.
ALTER TABLE tech_book ADD COLUMN writer int;
ALTER TABLE tech_book ALTER COLUMN writer SET NOT NULL;
ALTER TABLE tech_book ALTER COLUMN note DROP NOT NULL; -- want: require-column-not-null 13:23-13:54
ALTER TABLE tech_book ALTER COLUMN name DROP NOT NULL; -- want: require-column-not-null
-- Negative: dropped and re-added NOT NULL.
ALTER TABLE tech_book ALTER COLUMN memo DROP NOT NULL, ALTER COLUMN memo SET NOT NULL;
