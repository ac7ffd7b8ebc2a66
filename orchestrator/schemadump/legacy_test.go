package schemadump

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// legacyDumpQuery is the dump as it was written before the shared CTEs:
// every part with its own namespace subquery and NOT EXISTS on pg_depend.
// Snapshots taken by earlier versions are compared with today's dumps for
// drift, so the two must give the same lines.
func legacyDumpQuery(t *testing.T, exclude string) string {
	t.Helper()
	q := legacyQuery(exclude)
	i := strings.Index(q, "\n(")
	if !strings.HasPrefix(q, "WITH dump_ns") || i < 0 {
		t.Fatalf("unexpected dump query head: %.200s", q)
	}
	q = q[i+1:]
	ns := regexp.MustCompile(`(\S+) IN \(SELECT oid FROM dump_ns\)`)
	q = ns.ReplaceAllString(q, `$1 IN (SELECT oid FROM pg_namespace WHERE nspname <> `+quoteLiteral(exclude)+
		` AND nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
	  AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%')`)
	ext := regexp.MustCompile(`(\S+) NOT IN \(SELECT objid FROM dump_ext\)`)
	q = ext.ReplaceAllString(q, `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = $1 AND dep.deptype = 'e')`)
	if strings.Contains(q, "dump_ns") || strings.Contains(q, "dump_ext") {
		t.Fatal("legacy query still refers to the CTEs")
	}
	return q
}

func TestLinesSameAsQueryWithoutSharedCTEs(t *testing.T) {
	url := pgtest.NewDB(t)
	ctx := context.Background()
	c := pgtest.Connect(t, ctx, url)
	defer c.Close(ctx)
	sql := `CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b text);
CREATE SCHEMA app;
CREATE SEQUENCE app.counter;
CREATE TABLE app.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE COLLATE "C", m mood, n posint,
  full_name text GENERATED ALWAYS AS (email || '!') STORED);
CREATE UNLOGGED TABLE app.scratch (x int);
CREATE TABLE app.events (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.orders (id serial PRIMARY KEY, user_id bigint REFERENCES app.users (id) ON DELETE CASCADE, total numeric(10,2) CHECK (total >= 0));
CREATE INDEX orders_total ON app.orders (total) WHERE total > 0;
ALTER TABLE app.orders DROP COLUMN total;
CREATE VIEW app.v AS SELECT id FROM app.users;
CREATE MATERIALIZED VIEW app.mv AS SELECT count(*) AS n FROM app.users;
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION app.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_trg BEFORE INSERT ON app.users FOR EACH ROW EXECUTE FUNCTION app.trg();
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.users USING (email = current_user);
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.users.email IS 'login';
CREATE SCHEMA sqlreview;
CREATE TABLE sqlreview.history_like (id int);`
	if _, err := c.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
	// Objects of an extension are left out by both; contrib may be missing.
	var avail bool
	if err := c.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'citext')`).Scan(&avail); err != nil {
		t.Fatal(err)
	}
	if avail {
		if _, err := c.Exec(ctx, `CREATE EXTENSION citext SCHEMA app`); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("citext is not installed: extension members are not part of this comparison")
	}
	got, err := Lines(ctx, c.PgConn(), "sqlreview")
	if err != nil {
		t.Fatal(err)
	}
	results, err := c.PgConn().Exec(ctx, "SET search_path = pg_catalog;\n"+legacyDumpQuery(t, "sqlreview")+";\nRESET search_path").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, row := range results[1].Rows {
		if row[0] != nil {
			lines = append(lines, string(row[0]))
		}
	}
	sort.Strings(lines)
	want := strings.Join(lines, "\n") + "\n"
	if got != want {
		t.Fatalf("dump differs from the legacy query:\n%s\n--- legacy:\n%s", got, want)
	}
	for _, line := range []string{"CREATE SCHEMA app;", "CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
		"CREATE POLICY own ON app.users USING ((email = CURRENT_USER));", "ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;"} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("dump lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "history_like") || strings.Contains(got, "CREATE SCHEMA sqlreview") {
		t.Errorf("the history schema is dumped:\n%s", got)
	}
	if avail && (strings.Contains(got, "citext(") || strings.Contains(got, "CREATE TYPE app.citext")) {
		t.Errorf("extension members are dumped:\n%s", got)
	}
	if avail && !strings.Contains(got, "CREATE EXTENSION citext SCHEMA app;\n") {
		t.Errorf("the extension itself is not dumped:\n%s", got)
	}
}
