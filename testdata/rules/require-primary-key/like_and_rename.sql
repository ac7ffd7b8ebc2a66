CREATE TABLE base (id bigint PRIMARY KEY, v text);
-- fixture: existing above
-- LIKE ... INCLUDING ALL (or INDEXES) copies the key; plain LIKE does not.
CREATE TABLE copy1 (LIKE base INCLUDING ALL);
CREATE TABLE copy2 (LIKE base); -- want: require-primary-key 5:14-5:19
-- A table renamed or moved later in the file is still followed.
CREATE TABLE ren (v text); -- want: require-primary-key 7:14-7:17
ALTER TABLE ren RENAME TO renamed;
CREATE TABLE moved (v text); -- want: require-primary-key 9:14-9:19
ALTER TABLE moved SET SCHEMA archive;
CREATE TABLE keyed_later (v text);
ALTER TABLE keyed_later RENAME TO keyed;
ALTER TABLE keyed ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
