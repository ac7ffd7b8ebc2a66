CREATE TYPE mood AS ENUM ('sad', 'ok');
-- fixture: existing above

ALTER TYPE mood ADD VALUE 'happy'; -- want: ban-add-enum-value 4:17-4:34
ALTER TYPE app.status ADD VALUE IF NOT EXISTS 'archived' BEFORE 'deleted'; -- want: ban-add-enum-value 5:23-5:74

-- Negative: an enum created earlier in this file, renaming a value.
CREATE TYPE color AS ENUM ('red');
ALTER TYPE color ADD VALUE 'blue';
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
