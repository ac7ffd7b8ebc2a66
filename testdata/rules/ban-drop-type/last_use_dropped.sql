CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TYPE "Status" AS ENUM ('new', 'done');
CREATE TYPE color AS ENUM ('red');
CREATE TABLE people (id bigint PRIMARY KEY, m mood, s "Status"[]);
CREATE TABLE items (id bigint PRIMARY KEY, c public.color);
CREATE TYPE unused AS ENUM ('x');
-- fixture: existing above

-- Negative: the last column of the type is dropped first, as ORMs do (here or in an earlier file).
ALTER TABLE people DROP COLUMN m;
DROP TYPE mood;
DROP TABLE items;
DROP TYPE color;
-- Positive: a column still uses the type (PostgreSQL would refuse, CASCADE drops the column).
DROP TYPE "Status" CASCADE; -- want: ban-drop-type 15:11-15:19
-- Positive: a type the replay does not know.
DROP TYPE unknown_type; -- want: ban-drop-type 17:11-17:23
-- Negative: a known type no column uses (its last use went in an earlier migration).
DROP TYPE unused;
