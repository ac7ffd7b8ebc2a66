-- Object kinds a schema dump must reproduce, in the order a migration
-- history might create them (not the dump's order).
-- roles belong to the cluster, so this one may exist already
DO $$ BEGIN CREATE ROLE "dump reader"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app;
CREATE SCHEMA "Audit Log";
COMMENT ON SCHEMA app IS 'the application';
CREATE EXTENSION citext SCHEMA app;
CREATE EXTENSION btree_gist;

CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
CREATE TYPE app.pair AS (a int, b text COLLATE "C");
CREATE DOMAIN app.posint AS int NOT NULL DEFAULT 1 CONSTRAINT posint_positive CHECK (VALUE > 0);
CREATE DOMAIN app.email AS app.citext CHECK (VALUE ~ '@');
ALTER DOMAIN app.email ADD CONSTRAINT email_short CHECK (length(VALUE) < 200) NOT VALID;
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE app.mood IS 'how it went';

CREATE SEQUENCE app.ticket START 100 INCREMENT 5 MINVALUE 100 MAXVALUE 100000 CACHE 10 CYCLE;
CREATE SEQUENCE app.small AS smallint;

-- functions before and after the tables they use
CREATE FUNCTION app.next_ticket() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('app.ticket') $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();

  RETURN NEW;
END
$$;

CREATE TABLE app.users (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2) PRIMARY KEY,
  email app.email NOT NULL,
  name text COLLATE "C" DEFAULT '' NOT NULL,
  m app.mood DEFAULT 'ok',
  n app.posint,
  p app.pair,
  tags text[] DEFAULT '{}',
  ticket bigint DEFAULT app.next_ticket(),
  full_name text GENERATED ALWAYS AS (name || '!') STORED,
  updated_at timestamptz,
  dropped int,
  CONSTRAINT users_email_key UNIQUE (email) DEFERRABLE INITIALLY DEFERRED
) WITH (fillfactor = 80, autovacuum_enabled = false);
ALTER TABLE app.users DROP COLUMN dropped;
ALTER TABLE app.users ALTER COLUMN name SET STORAGE EXTERNAL;
ALTER TABLE app.users ALTER COLUMN tags SET STATISTICS 500;
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.email IS 'login, case-insensitive';

CREATE FUNCTION app.user_count() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM app.users;
END;
CREATE PROCEDURE app.reset_tickets(start bigint DEFAULT 100) LANGUAGE plpgsql SECURITY DEFINER SET search_path = app AS $$
BEGIN
  PERFORM setval('app.ticket', start);
END
$$;

CREATE TABLE app.orders (
  id serial PRIMARY KEY,
  user_id bigint REFERENCES app.users (id) ON DELETE CASCADE,
  total numeric(10,2) CHECK (total >= 0),
  during tstzrange,
  note text
);
ALTER TABLE app.orders ADD CONSTRAINT orders_note_len CHECK (length(note) < 1000) NOT VALID;
ALTER TABLE app.orders ADD CONSTRAINT orders_no_overlap EXCLUDE USING gist (user_id WITH =, during WITH &&);
CREATE INDEX orders_total ON app.orders (total) WHERE total > 0;
CREATE INDEX orders_lower_note ON app.orders (lower(note)) INCLUDE (total);
CREATE UNIQUE INDEX orders_user_note ON app.orders (user_id, note) NULLS NOT DISTINCT;
COMMENT ON CONSTRAINT orders_total_check ON app.orders IS 'never negative';
COMMENT ON INDEX app.orders_total IS 'positive totals';
ALTER TABLE app.orders REPLICA IDENTITY USING INDEX orders_pkey;
CREATE STATISTICS app.orders_stats (dependencies) ON user_id, total FROM app.orders;

CREATE TABLE app.order_lines (
  order_id int NOT NULL,
  line int NOT NULL,
  PRIMARY KEY (order_id, line),
  FOREIGN KEY (order_id) REFERENCES app.orders (id) DEFERRABLE
);

-- partitioning
CREATE TABLE app.events (at date NOT NULL, kind text, v int DEFAULT 0) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT;
ALTER TABLE app.events_rest ALTER COLUMN v SET DEFAULT 1;
CREATE INDEX events_at ON app.events (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind);
CREATE TABLE app.events_2025_a PARTITION OF app.events_2025 FOR VALUES IN ('a');
ALTER TABLE app.events ADD PRIMARY KEY (at, kind);

-- inheritance
CREATE TABLE app.base (id int, created date DEFAULT current_date, CHECK (id > 0));
CREATE TABLE app.child (extra text) INHERITS (app.base);
ALTER TABLE app.child ALTER COLUMN created SET NOT NULL;

CREATE UNLOGGED TABLE "Audit Log"."Entry" ("When" timestamptz DEFAULT now(), what text);
ALTER TABLE "Audit Log"."Entry" REPLICA IDENTITY FULL;

-- views use tables and functions; a view on a view
CREATE VIEW app.active_users AS SELECT id, email, app.user_count() AS total FROM app.users WHERE m <> 'sad';
CREATE VIEW app.active_emails WITH (security_barrier) AS SELECT email FROM app.active_users;
CREATE VIEW app.big_orders AS SELECT * FROM app.orders WHERE total > 100 WITH LOCAL CHECK OPTION;
CREATE MATERIALIZED VIEW app.order_totals AS SELECT user_id, sum(total) AS s FROM app.orders GROUP BY user_id;
CREATE UNIQUE INDEX order_totals_user ON app.order_totals (user_id);
COMMENT ON VIEW app.active_users IS 'not sad';
COMMENT ON COLUMN app.active_users.email IS 'from users';

-- triggers and rules
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app.touch();
CREATE TRIGGER orders_touch_off AFTER INSERT ON app.orders FOR EACH STATEMENT EXECUTE FUNCTION app.touch();
ALTER TABLE app.orders DISABLE TRIGGER orders_touch_off;
CREATE CONSTRAINT TRIGGER lines_check AFTER INSERT ON app.order_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TRIGGER events_touch BEFORE UPDATE ON app.events FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE RULE orders_no_delete AS ON DELETE TO app.big_orders DO INSTEAD NOTHING;
CREATE RULE orders_keep AS ON DELETE TO app.orders DO INSTEAD NOTHING;
ALTER TABLE app.orders DISABLE RULE orders_keep;
CREATE RULE orders_update_also AS ON UPDATE TO app.orders DO ALSO NOTHING;
ALTER TABLE app.orders ENABLE ALWAYS RULE orders_update_also;
COMMENT ON TRIGGER users_touch ON app.users IS 'keeps updated_at';

-- row-level security and policies
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.users FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON app.users USING (name = current_user);
CREATE POLICY admins ON app.users AS RESTRICTIVE FOR UPDATE TO "dump reader" USING (true) WITH CHECK (n > 0);
COMMENT ON POLICY own ON app.users IS 'rows of the user';

-- privileges
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO PUBLIC;
GRANT SELECT, INSERT ON app.users TO PUBLIC;
GRANT SELECT (id, total), UPDATE (note) ON app.orders TO PUBLIC;
GRANT USAGE ON SEQUENCE app.ticket TO "dump reader" WITH GRANT OPTION;
GRANT SELECT ON app.active_users TO "dump reader";
REVOKE EXECUTE ON FUNCTION app.next_ticket() FROM PUBLIC;
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO "dump reader";
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
