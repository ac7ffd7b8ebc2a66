CREATE SCHEMA app;
CREATE TABLE events (id bigint NOT NULL, kind text);
CREATE TABLE app.items (name text, "Item Id" bigint NOT NULL);
-- fixture: existing above

-- Positive: the range covers ADD through the constraint.
ALTER TABLE events ADD PRIMARY KEY (id); -- want: adding-serial-primary-key-field 7:20-7:40
ALTER TABLE app.items ADD CONSTRAINT items_pkey PRIMARY KEY ("Item Id"); -- want: adding-serial-primary-key-field 8:23-8:72

-- Positive: a new serial or identity PRIMARY KEY column.
ALTER TABLE app.items ADD COLUMN id bigserial PRIMARY KEY; -- want: adding-serial-primary-key-field 11:23-11:58
ALTER TABLE events ADD COLUMN row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY; -- want: adding-serial-primary-key-field

-- Positive: several subcommands.
ALTER TABLE events
  DROP CONSTRAINT IF EXISTS events_pkey,
  ADD CONSTRAINT events_pkey PRIMARY KEY (id, kind); -- want: adding-serial-primary-key-field 17:3-17:52

-- Positive: unknown table counts as existing.
ALTER TABLE unknown_table ADD PRIMARY KEY (id); -- want: adding-serial-primary-key-field

-- Negative: an index built CONCURRENTLY, then attached.
CREATE UNIQUE INDEX CONCURRENTLY events_pkey_idx ON events (id);
ALTER TABLE events ADD CONSTRAINT events_pkey2 PRIMARY KEY USING INDEX events_pkey_idx;

-- Negative: a table created earlier in this file.
CREATE TABLE sessions (id bigint NOT NULL);
ALTER TABLE sessions ADD PRIMARY KEY (id);
ALTER TABLE sessions ADD COLUMN n serial PRIMARY KEY;

-- Negative: other constraints, other statements.
ALTER TABLE events ADD CONSTRAINT events_kind_key UNIQUE (kind);
ALTER TABLE events ADD COLUMN seq bigserial;
CREATE TABLE t (id bigserial PRIMARY KEY);
