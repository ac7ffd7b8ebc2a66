CREATE TABLE accounts (id bigint PRIMARY KEY, email text); CREATE TABLE shipments (id bigint, region text, PRIMARY KEY (id, region));
CREATE TABLE app.ledger (id bigint, entry text, CONSTRAINT ledger_pk PRIMARY KEY (id));
CREATE TABLE measurements (city int, at date, PRIMARY KEY (city, at)) PARTITION BY RANGE (at);
-- fixture: existing above

-- Schema-qualified and quoted names; the range is the table name.
CREATE TABLE app."Event Log" (payload jsonb); -- want: require-primary-key 7:14-7:29
CREATE TABLE IF NOT EXISTS logs (line text); -- want: require-primary-key 8:28-8:32
-- Partitioned parent without a key.
CREATE TABLE metrics (at date, v int) PARTITION BY RANGE (at); -- want: require-primary-key 10:14-10:21
-- Inheritance children do not inherit the parent's key.
CREATE TABLE accounts_archive () INHERITS (accounts); -- want: require-primary-key 12:14-12:30

-- Negative: a key added later, as a constraint or with a new column.
CREATE TABLE a1 (id bigint);
ALTER TABLE a1 ADD CONSTRAINT a1_pk PRIMARY KEY (id);
CREATE TABLE a2 (v text);
ALTER TABLE a2 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE UNLOGGED TABLE a3 (id bigint CONSTRAINT a3_pk PRIMARY KEY);

-- Negative: partitions, temporary tables, CREATE TABLE AS, foreign tables.
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TEMP TABLE scratch (v int);
CREATE TABLE accounts_copy AS SELECT * FROM accounts;
SELECT * INTO accounts_copy2 FROM accounts;
CREATE FOREIGN TABLE remote (v int) SERVER s;

-- Negative: created then dropped in the same file.
CREATE TABLE temp_stage (v int);
DROP TABLE temp_stage;

-- Dropping the key of an existing table.
ALTER TABLE app.ledger DROP CONSTRAINT ledger_pk; -- want: require-primary-key 33:24-33:49
-- Negative: dropped and re-added in the same statement, or later in the file.
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD PRIMARY KEY (id, email);
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY (id);
-- Unknown table: a constraint with PostgreSQL's default key name counts.
ALTER TABLE unknown_table DROP CONSTRAINT unknown_table_pkey; -- want: require-primary-key 39:27-39:61
ALTER TABLE unknown_table DROP CONSTRAINT unknown_table_email_key;
-- Several subcommands: the range is the one that drops the key.
ALTER TABLE shipments
  ADD COLUMN note text,
  DROP COLUMN region; -- want: require-primary-key 44:3-44:21
-- Negative: a non-key column.
ALTER TABLE accounts DROP COLUMN email;
