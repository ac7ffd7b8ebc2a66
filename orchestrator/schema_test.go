package orchestrator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/schemadump"
)

// TestSchemaDumpLoadsWithPsql: the dump a runner writes is SQL that psql
// loads into an empty database, giving the same schema.
func TestSchemaDumpLoadsWithPsql(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	ctx := context.Background()
	sql := `CREATE SCHEMA app;
CREATE TABLE app.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE app.orders (id serial PRIMARY KEY, user_id bigint REFERENCES app.users (id));
CREATE VIEW app.v AS SELECT id FROM app.users;`
	if _, err := c.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, url, t.TempDir())
	dump, err := r.DumpSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(file, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded := pgtest.NewDB(t)
	psqlFiles(t, loaded, []string{file})
	if a, b := pgDump(t, url), pgDump(t, loaded); a != b {
		t.Fatalf("schemas differ:\n%s", firstDiff(a, b))
	}
}

// TestDriftAgainstLineSnapshot: a snapshot recorded before the dump was SQL
// (one line per object or column) gives no drift when nothing changed, and
// the changed lines when something did.
func TestDriftAgainstLineSnapshot(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int PRIMARY KEY, name text NOT NULL DEFAULT '');"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, url, dir)
	ctx := context.Background()
	old, err := schemadump.Lines(ctx, r.conn.PgConn(), r.schema)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.conn.Exec(ctx, `INSERT INTO sqlreview.snapshots (last_version, digest, schema_text) VALUES ('1', $1, $2)`, digest(old), old); err != nil {
		t.Fatal(err)
	}
	removed, added, err := r.Drift(ctx)
	if err != nil || len(removed)+len(added) != 0 {
		t.Fatalf("drift against an unchanged line snapshot: %q %q %v", removed, added, err)
	}
	c := connect(t, url)
	if _, err := c.Exec(ctx, "ALTER TABLE a ADD COLUMN hotfix boolean"); err != nil {
		t.Fatal(err)
	}
	removed, added, err = r.Drift(ctx)
	if err != nil || len(removed) != 0 || strings.Join(added, "|") != "ALTER TABLE public.a COLUMN 0003 hotfix boolean;" {
		t.Fatalf("drift = %q %q %v", removed, added, err)
	}
}
