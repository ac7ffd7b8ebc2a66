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

func TestSchemaPathTemplate(t *testing.T) {
	for _, c := range []struct{ template, want, err string }{
		{"schema", "schema/prod.sql", ""},
		{"migrations/.{db}##LATEST.sql", "migrations/.shop##LATEST.sql", ""},
		{"schemas/{env}/{target}.sql", "schemas/prod/eu-1.sql", ""},
	} {
		if err := CheckSchemaPath(c.template); err != nil {
			t.Errorf("%s: %v", c.template, err)
		}
		got, err := schemaPath(c.template, "prod", "eu-1", "shop")
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.template, got, err, c.want)
		}
	}
	for template, want := range map[string]string{
		"x/{database}.sql": "--write-schema x/{database}.sql: unknown placeholder {database}; use {env}, {target} or {db}",
		"x/{db.sql":        "--write-schema x/{db.sql: unbalanced brace; placeholders are {env}, {target} and {db}",
	} {
		if err := CheckSchemaPath(template); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", template, err, want)
		}
	}
	if _, err := schemaPath("x/{db}.sql", "prod", "eu-1", "../etc"); err == nil || err.Error() != `--write-schema x/{db}.sql: the database name "../etc" cannot be part of a file name` {
		t.Errorf("database name with a slash: %v", err)
	}
}

// TestApplySkipsSchemaDump: a dump kept beside the migrations (Bytebase's
// .db##LATEST.sql) is not a migration without a version.
func TestApplySkipsSchemaDump(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"001_a.sql":         "CREATE TABLE a (id int);",
		".shop##LATEST.sql": schemadump.Header + ": the schema of a database, not a migration.\nCREATE TABLE public.a (id integer);\n",
	})
	files, err := ReadMigrationFiles(dir)
	if err != nil || len(files) != 1 || files[0].Name != "001_a.sql" {
		t.Fatalf("files = %+v, %v", files, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.sql"), []byte("-- notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMigrationFiles(dir); err == nil || !strings.Contains(err.Error(), "notes.sql: the file name has no version") {
		t.Fatalf("an unversioned file that is no dump: %v", err)
	}
}
