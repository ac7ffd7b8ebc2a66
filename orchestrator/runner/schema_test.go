package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/schemadump"
	"github.com/sqlreview/sqlreview/rules/engine"
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

// TestApplySkipsSchemaDump: a dump kept beside the migrations (Bytebase's
// .db##LATEST.sql) is not a migration without a version.
func TestApplySkipsSchemaDump(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"001_a.sql":         "CREATE TABLE a (id int);",
		".shop##LATEST.sql": schemadump.Header + ": the schema of a database, not a migration.\nCREATE TABLE public.a (id integer);\n",
	})
	files, err := migration.ReadFiles(dir)
	if err != nil || len(files) != 1 || files[0].Name != "001_a.sql" {
		t.Fatalf("files = %+v, %v", files, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.sql"), []byte("-- notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := migration.ReadFiles(dir); err == nil || !strings.Contains(err.Error(), "notes.sql: the file name has no version") {
		t.Fatalf("an unversioned file that is no dump: %v", err)
	}
}

// TestSchemaDumpSeedsLintCatalog: the last migrations of a real history,
// checked against a catalog seeded from the schema dump of a database that
// has the earlier ones (lint.catalog), give the findings they get when
// the earlier migrations are replayed. (The late findings of trigger-dev
// do not depend on the catalog, so it proves nothing here.)
func TestSchemaDumpSeedsLintCatalog(t *testing.T) {
	for _, c := range []struct {
		history string
		last    int
	}{{"concourse", 25}, {"openmeter", 40}, {"ory-kratos", 40}} {
		t.Run(c.history, func(t *testing.T) {
			t.Parallel()
			files, err := migration.ReadFiles(filepath.Join(corpus(t), c.history))
			if err != nil || len(files) <= c.last {
				t.Fatalf("%s: %d files, %v", c.history, len(files), err)
			}
			earlier, checked := files[:len(files)-c.last], files[len(files)-c.last:]
			url := pgtest.NewDB(t)
			var paths []string
			for _, f := range earlier {
				paths = append(paths, f.Path)
			}
			pgtest.Psql(t, url, true, paths...)
			r, _ := open(t, url, t.TempDir())
			dump, err := r.DumpSchema(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			seeded := t.TempDir()
			write := func(name string, data []byte) {
				if err := os.WriteFile(filepath.Join(seeded, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(".sqlreview.yaml", []byte("lint:\n  catalog: .db##LATEST.sql\n"))
			write(".db##LATEST.sql", []byte(dump))
			var replayTargets []string
			for _, f := range checked {
				write(f.Name, f.Data)
				replayTargets = append(replayTargets, f.Path)
			}
			replayed := findingKeys(t, replayTargets)
			fromDump := findingKeys(t, []string{seeded})
			if len(replayed) == 0 {
				t.Fatal("no findings to compare")
			}
			// The control: without the catalog the same files find other things.
			if err := os.Remove(filepath.Join(seeded, ".sqlreview.yaml")); err != nil {
				t.Fatal(err)
			}
			if bare := findingKeys(t, []string{seeded}); strings.Join(bare, "\n") == strings.Join(replayed, "\n") {
				t.Fatal("the findings do not depend on the catalog; the comparison proves nothing")
			}
			if strings.Join(replayed, "\n") != strings.Join(fromDump, "\n") {
				removed, added := multisetDiff(replayed, fromDump)
				t.Errorf("findings differ (%d replayed, %d from the dump):\nonly replayed:\n%s\nonly from the dump:\n%s",
					len(replayed), len(fromDump), strings.Join(removed, "\n"), strings.Join(added, "\n"))
			}
			t.Logf("%s: %d files replayed or dumped, %d checked, %d findings", c.history, len(earlier), len(checked), len(replayed))
		})
	}
}

// findingKeys checks paths with every rule's default and returns each
// finding as "file:line:col rule: message".
func findingKeys(t *testing.T, paths []string) []string {
	t.Helper()
	res, err := engine.Check(paths, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s:%d:%d %s: %s", filepath.Base(f.Path), f.Start.Line, f.Start.Column, f.Rule.Name, f.Message))
	}
	sort.Strings(out)
	return out
}
