package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// pgExec runs sql in the database at url.
func pgExec(t *testing.T, url, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := pgtest.Connect(t, ctx, url)
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// writeFiles writes name → content under a new directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ruleFindings runs Check and returns "rule: message" of the named rules.
func ruleFindings(t *testing.T, paths []string, opts Options, names ...string) []string {
	t.Helper()
	opts.Overrides.Enable = append(opts.Overrides.Enable, names...)
	res, err := Check(paths, opts)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	var out []string
	for _, f := range res.Findings {
		for _, n := range names {
			if f.Rule.Name == n {
				out = append(out, f.Rule.Name+": "+f.Message)
			}
		}
	}
	return out
}

func hasFinding(fs []string, rule, substr string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f, rule+": ") && strings.Contains(f, substr) {
			return true
		}
	}
	return false
}

func TestSchemaFileSeed(t *testing.T) {
	const mig = "ALTER TABLE users ADD COLUMN slug text DEFAULT make_slug();\n"
	schema := `CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE FUNCTION make_slug() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE TABLE broken (;
`
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml": "lint:\n  catalog: schema/dump.sql\n",
		"001_slug.sql":    mig,
	})
	os.Mkdir(filepath.Join(dir, "schema"), 0o755)
	os.WriteFile(filepath.Join(dir, "schema", "dump.sql"), []byte(schema), 0o644)
	res, err := Check([]string{filepath.Join(dir, "001_slug.sql")}, Options{Overrides: Overrides{Enable: []string{"adding-field-with-default"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Rule.Name == "adding-field-with-default" {
			t.Errorf("the schema file declares make_slug() IMMUTABLE, yet: %s", f.Message)
		}
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "dump.sql:3:") || !strings.Contains(res.Warnings[0], "1 statement(s) with syntax errors") {
		t.Errorf("warnings = %q; want one naming dump.sql:3 and the count", res.Warnings)
	}

	// Without the schema file the function's volatility is unknown.
	bare := writeFiles(t, map[string]string{"001_slug.sql": mig})
	fs := ruleFindings(t, []string{bare}, Options{}, "adding-field-with-default")
	if !hasFinding(fs, "adding-field-with-default", "unknown volatility") {
		t.Errorf("without a schema file: %q; want the unknown-volatility finding", fs)
	}

	// A missing schema file stops the run.
	os.Remove(filepath.Join(dir, "schema", "dump.sql"))
	_, err = Check([]string{dir}, Options{})
	if err == nil || !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "lint.catalog") || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing schema file: err = %v; want a one-line usage error naming lint.catalog", err)
	}
}

func TestLiveCatalogSeed(t *testing.T) {
	url := pgtest.NewDB(t)
	pgExec(t, url, `CREATE TABLE accounts (id int, CONSTRAINT id_nn CHECK (id IS NOT NULL));
CREATE FUNCTION stable_slug() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE FUNCTION random_slug() RETURNS text VOLATILE LANGUAGE sql AS $$ SELECT md5(random()::text) $$;`)
	dir := writeFiles(t, map[string]string{
		// Applied already: with a database it is not replayed (it would
		// otherwise make accounts a table without the CHECK).
		"001_init.sql": "CREATE TABLE accounts (id int);\n",
		"002_nn.sql":   "ALTER TABLE accounts ALTER COLUMN id SET NOT NULL;\n",
		"003_slug.sql": "ALTER TABLE accounts ADD COLUMN a text DEFAULT stable_slug();\nALTER TABLE accounts ADD COLUMN b text DEFAULT random_slug();\n",
	})
	paths := []string{filepath.Join(dir, "002_nn.sql"), filepath.Join(dir, "003_slug.sql")}
	rulesOn := []string{"adding-not-nullable-field", "adding-field-with-default"}

	offline := ruleFindings(t, paths, Options{}, rulesOn...)
	if !hasFinding(offline, "adding-not-nullable-field", "") {
		t.Errorf("offline: %q; want adding-not-nullable-field (the replayed table has no CHECK)", offline)
	}

	live := ruleFindings(t, paths, Options{DatabaseURL: url}, rulesOn...)
	if hasFinding(live, "adding-not-nullable-field", "") {
		t.Errorf("live: %q; the database's validated CHECK (id IS NOT NULL) makes SET NOT NULL cheap", live)
	}
	if hasFinding(live, "adding-field-with-default", "stable_slug") {
		t.Errorf("live: %q; stable_slug() is IMMUTABLE in pg_proc", live)
	}
	if !hasFinding(live, "adding-field-with-default", "volatile default") || !hasFinding(live, "adding-field-with-default", "random_slug") {
		t.Errorf("live: %q; want random_slug() reported as a known volatile default", live)
	}
}

func TestLiveRules(t *testing.T) {
	url := pgtest.NewDB(t)
	pgExec(t, url, `CREATE TABLE big (id int PRIMARY KEY, v text);
INSERT INTO big SELECT g, 'x' FROM generate_series(1, 5000) g;
ANALYZE big;
CREATE ROLE sqlreview_app_role NOLOGIN;
GRANT USAGE ON SCHEMA public TO sqlreview_app_role;`)
	t.Cleanup(func() { pgExec(t, url, `DROP OWNED BY sqlreview_app_role; DROP ROLE sqlreview_app_role`) })
	dir := writeFiles(t, map[string]string{
		"001_dml.sql": `UPDATE big SET v = 'y' WHERE id = 1;
UPDATE big SET nosuch = 1;
DELETE FROM big WHERE id > 10;
UPDATE big SET v = 'y' WHERE id < 5;
INSERT INTO big (id, v) SELECT g, 'z' FROM generate_series(10001, 10002) g;
INSERT INTO big (id, v) SELECT id + 100000, v FROM big;
`,
		"002_owner.sql": `ALTER TABLE big ADD COLUMN w text;
CREATE TABLE mine (id int);
ALTER TABLE mine ADD COLUMN w text;
SET ROLE sqlreview_app_role;
ALTER TABLE big ADD COLUMN z text;
CREATE INDEX big_v ON big (v);
CREATE TABLE other (id int);
RESET ROLE;
DROP TABLE big;
`,
	})
	names := []string{"dml-dry-run", "affected-row-limit", "insert-row-limit", "object-owner-check"}
	opts := Options{DatabaseURL: url, Overrides: Overrides{Enable: names}}
	res, err := Check([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]int{} // rule → lines
	for _, f := range res.Findings {
		for _, n := range names {
			if f.Rule.Name == n {
				if strings.Contains(f.Message, "needs a live database") {
					t.Errorf("with a database: %s:%d %s", f.Path, f.Start.Line, f.Message)
				}
				got[n+" "+filepath.Base(f.Path)] = append(got[n+" "+filepath.Base(f.Path)], f.Start.Line)
				t.Logf("%s %s:%d:%d %s", n, filepath.Base(f.Path), f.Start.Line, f.Start.Column, f.Message)
			}
		}
	}
	want := map[string][]int{
		"dml-dry-run 001_dml.sql":          {2},       // column "nosuch" does not exist
		"affected-row-limit 001_dml.sql":   {3},       // ~4990 rows > 1000; line 4 is ~4
		"insert-row-limit 001_dml.sql":     {6},       // ~5000 rows; line 5 inserts 2 (the estimate may be 1000 for generate_series)
		"object-owner-check 002_owner.sql": {5, 6, 7}, // as sqlreview_app_role: big is postgres's, no CREATE on public
	}
	for k, w := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(w) {
			t.Errorf("%s: lines %v; want %v", k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s findings on lines %v", k, got[k])
		}
	}
	// The dry run was never executed.
	ctx := context.Background()
	c := pgtest.Connect(t, ctx, url)
	defer c.Close(ctx)
	var n int
	var v string
	if err := c.QueryRow(ctx, "SELECT count(*), min(v) FROM big").Scan(&n, &v); err != nil || n != 5000 || v != "x" {
		t.Errorf("big has %d rows, min(v) %q, err %v; the checks must not change data", n, v, err)
	}

	// Without a database each rule says once per file that it was skipped.
	res, err = Check([]string{dir}, Options{Overrides: Overrides{Enable: names}})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]int{}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "needs a live database") {
			notes[f.Rule.Name+" "+filepath.Base(f.Path)]++
		}
	}
	for _, k := range []string{"dml-dry-run 001_dml.sql", "affected-row-limit 001_dml.sql", "insert-row-limit 001_dml.sql", "object-owner-check 002_owner.sql"} {
		if notes[k] != 1 {
			t.Errorf("offline notes %s = %d; want 1 (%v)", k, notes[k], notes)
		}
	}
}

func TestUnreachableDatabase(t *testing.T) {
	dir := writeFiles(t, map[string]string{"001.sql": "SELECT 1;\n"})
	const pw = "Very-Secret-pw-42"
	_, err := Check([]string{dir}, Options{DatabaseURL: "postgres://app:" + pw + "@127.0.0.1:1/prod?sslmode=disable&connect_timeout=2"})
	if err == nil {
		t.Fatal("Check with an unreachable database succeeded")
	}
	msg := err.Error()
	if !errors.Is(err, ErrUsage) || strings.Contains(msg, pw) || strings.Contains(msg, "\n") || !strings.Contains(msg, "app@127.0.0.1:1/prod") {
		t.Errorf("err = %q; want a one-line usage error naming app@127.0.0.1:1/prod without the password", msg)
	}
}

// TestCheckSkipsSchemaDump: a schema dump (Bytebase's .db##LATEST.sql kept
// beside the migrations) is neither checked nor replayed, whether found in
// a directory or named.
func TestCheckSkipsSchemaDump(t *testing.T) {
	dump := migfile.SchemaDumpHeader + ": the schema of a database, not a migration.\n\nCREATE TABLE public.a (id integer);\nCREATE TABLE (;\n"
	dir := writeFiles(t, map[string]string{
		"001_a.sql":         "CREATE TABLE a (id int);\n",
		"002_b.sql":         "CREATE TABLE b (id int);\n",
		".shop##LATEST.sql": dump,
		"0015_latest.sql":   dump,
	})
	for _, paths := range [][]string{{dir}, {filepath.Join(dir, ".shop##LATEST.sql"), filepath.Join(dir, "002_b.sql")}} {
		res, err := Check(paths, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, filepath.Base(f.Path)+": "+f.Rule.Name)
		}
		want := 2
		if len(paths) == 2 {
			want = 1
		}
		if res.Files != want || strings.Contains(strings.Join(got, "\n"), "latest") || strings.Contains(strings.Join(got, "\n"), "LATEST") {
			t.Errorf("check %q: %d files, findings %q; want %d files and no finding in a dump", paths, res.Files, got, want)
		}
	}
}
