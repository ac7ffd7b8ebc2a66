CREATE TYPE address AS (city text);
-- fixture: existing above

ALTER TYPE address ADD ATTRIBUTE street text; -- want: ban-add-composite-attribute 4:20-4:45
ALTER TYPE geo.point3 ADD ATTRIBUTE z float8, -- want: ban-add-composite-attribute 5:23-5:45
  ALTER ATTRIBUTE x TYPE numeric;

-- Negative: a type created earlier in this file, dropping an attribute, a table column.
CREATE TYPE money_amount AS (amount numeric);
ALTER TYPE money_amount ADD ATTRIBUTE currency text;
ALTER TYPE address DROP ATTRIBUTE IF EXISTS city;
ALTER TABLE accounts ADD COLUMN street text;
