CREATE TABLE users (id int);
-- fixture: existing above

-- Positive: the range is the type.
CREATE TABLE u (email varchar(255) NOT NULL, -- want: prefer-text-field 5:23-5:35
  name character varying(100)); -- want: prefer-text-field 6:8-6:30
ALTER TABLE users ADD COLUMN nick varchar(50)[]; -- want: prefer-text-field

-- Negative: varchar without a limit, text, char.
CREATE TABLE v (a varchar, b text, c char(2));
