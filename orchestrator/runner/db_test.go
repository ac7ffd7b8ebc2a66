package runner

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/rules/config"

	"github.com/sqlreview/sqlreview/internal/shared"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var writeDir = clitest.WriteDir

type runOpt func(*Options)

func open(t *testing.T, url, dir string, opts ...runOpt) (*Runner, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	o := Options{DatabaseURL: url, Dir: dir, NoReview: true, Out: &out, Warn: &out, ToolVersion: "test",
		LockWait: time.Minute, RetryBase: 50 * time.Millisecond}
	for _, f := range opts {
		f(&o)
	}
	r, err := Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r, &out
}

func apply(t *testing.T, url, dir string, opts ...runOpt) (*Result, string, error) {
	t.Helper()
	r, out := open(t, url, dir, opts...)
	res, err := r.Apply(context.Background())
	return res, out.String(), err
}

var connect = clitest.Connect

var queryStrings = clitest.QueryStrings

var eventKinds = clitest.EventKinds

func count(kinds []string, k string) int {
	n := 0
	for _, x := range kinds {
		if x == k {
			n++
		}
	}
	return n
}

func pgDump(t *testing.T, url string) string {
	return pgtest.PgDumpSchema(t, url, "--no-owner", "--no-privileges", "-N", "sqlreview")
}

// psqlFiles runs each file in a psql session of its own, as a per-file
// migration tool does.
func psqlFiles(t *testing.T, url string, files []string) {
	t.Helper()
	for _, f := range files {
		pgtest.Psql(t, url, true, f)
	}
}

// corpus is the directory of the real migration histories in ../shared.
func corpus(t testing.TB) string { return shared.Path(t, "corpus", "migrations") }

// TestApplyCorpusMatchesPsql applies each real history and compares the
// resulting schema with psql -f of every file in order.
func TestApplyCorpusMatchesPsql(t *testing.T) {
	for _, name := range []string{"concourse", "openmeter", "ory-kratos", "trigger-dev"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := shared.Path(t, "corpus", "migrations", name)
			local, err := migration.LoadDir(dir, 15)
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, m := range local {
				paths = append(paths, m.Path)
			}
			viaRunner, viaPsql := pgtest.NewDB(t), pgtest.NewDB(t)
			res, out, err := apply(t, viaRunner, dir)
			if err != nil {
				t.Fatalf("apply: %v\n%s", err, tail(out))
			}
			if len(res.Applied) != len(local) {
				t.Fatalf("applied %d of %d files", len(res.Applied), len(local))
			}
			psqlFiles(t, viaPsql, paths)
			if a, b := pgDump(t, viaRunner), pgDump(t, viaPsql); a != b {
				t.Fatalf("schemas differ:\n%s", firstDiff(a, b))
			}
			// A second apply is a no-op and plan shows nothing pending.
			res, _, err = apply(t, viaRunner, dir)
			if err != nil || len(res.Applied) != 0 {
				t.Fatalf("second apply: %v applied %v", err, res.Applied)
			}
			r, _ := open(t, viaRunner, dir)
			p, err := r.Plan(context.Background())
			if err != nil || len(p.Pending) != 0 || p.Applied != len(local) {
				t.Fatalf("plan after apply: pending %d applied %d: %v", len(p.Pending), p.Applied, err)
			}
			c := connect(t, viaRunner)
			kinds := eventKinds(t, c)
			applied := 0
			for _, k := range kinds {
				if strings.HasPrefix(k, "file-applied:") {
					applied++
				}
			}
			if applied != len(local) {
				t.Fatalf("%d file-applied events for %d files", applied, len(local))
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + itoa(i+1) + ":\n  runner: " + la[i] + "\n  psql:   " + lb[i]
		}
	}
	return "lengths differ"
}

func TestConcurrentApplies(t *testing.T) {
	url := pgtest.NewDB(t)
	files := map[string]string{}
	for i, n := range []string{"001", "002", "003", "004", "005"} {
		files[n+"_t.sql"] = "CREATE TABLE t" + n + " (id int);\nSELECT pg_sleep(0.1);\n"
		_ = i
	}
	dir := writeDir(t, files)
	var wg sync.WaitGroup
	results := make([]*Result, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, _ := open(t, url, dir)
			results[i], errs[i] = r.Apply(context.Background())
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("apply %d: %v", i, errs[i])
		}
	}
	if n := len(results[0].Applied) + len(results[1].Applied); n != 5 {
		t.Fatalf("applied %d + %d files, want 5 in total", len(results[0].Applied), len(results[1].Applied))
	}
	if len(results[0].Applied) != 0 && len(results[1].Applied) != 0 {
		t.Fatalf("both runs applied files: %v and %v", results[0].Applied, results[1].Applied)
	}
	kinds := eventKinds(t, connect(t, url))
	for _, v := range []string{"1", "2", "3", "4", "5"} {
		if count(kinds, "file-applied:"+v) != 1 {
			t.Fatalf("version %s applied %d times: %v", v, count(kinds, "file-applied:"+v), kinds)
		}
	}
}

func TestLockWaitNamesHolder(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);"})
	holder, _ := open(t, url, dir)
	release, err := holder.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, _, err = apply(t, url, dir, func(o *Options) { o.LockWait = 600 * time.Millisecond })
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), `held by "sqlreview" (pid `) {
		t.Fatalf("err = %v", err)
	}
}

func TestEditedAppliedFileRefusedAndRepair(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);", "002_b.sql": "CREATE TABLE b (id int);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	old := migration.Checksum([]byte("CREATE TABLE a (id int);"))
	edited := "CREATE TABLE a (id bigint);"
	os.WriteFile(filepath.Join(dir, "001_a.sql"), []byte(edited), 0o644)
	os.WriteFile(filepath.Join(dir, "003_c.sql"), []byte("CREATE TABLE c (id int);"), 0o644)
	_, _, err := apply(t, url, dir)
	if !errors.Is(err, plan.ErrChecksum) || !strings.Contains(err.Error(), "001_a.sql") || !strings.Contains(err.Error(), old) ||
		!strings.Contains(err.Error(), migration.Checksum([]byte(edited))) {
		t.Fatalf("err = %v", err)
	}
	c := connect(t, url)
	if got := queryStrings(t, c, `SELECT relname::text FROM pg_class WHERE relname = 'c'`); len(got) != 0 {
		t.Fatal("003 ran although 001 was edited")
	}
	r, _ := open(t, url, dir)
	o, n, err := r.Repair(context.Background(), "001")
	if err != nil || o != old || n != migration.Checksum([]byte(edited)) {
		t.Fatalf("repair: %s %s %v", o, n, err)
	}
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatalf("apply after repair: %v", err)
	}
	if kinds := eventKinds(t, c); count(kinds, "repair:1") != 1 || count(kinds, "file-applied:3") != 1 {
		t.Fatalf("events: %v", kinds)
	}
}

func TestOutOfOrder(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);", "003_c.sql": "CREATE TABLE c (id int);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "002_b.sql"), []byte("CREATE TABLE b (id int);"), 0o644)
	_, _, err := apply(t, url, dir)
	if !errors.Is(err, plan.ErrOutOfOrder) || !strings.Contains(err.Error(), "002_b.sql") {
		t.Fatalf("err = %v", err)
	}
	cfg := config.Default()
	cfg.Migrations.OutOfOrder = "allow"
	res, _, err := apply(t, url, dir, func(o *Options) { o.Config = cfg })
	if err != nil || len(res.Applied) != 1 || res.Applied[0] != "2" {
		t.Fatalf("allowed: %v %v", res, err)
	}
}

func TestLockTimeoutRetried(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), "CREATE TABLE busy (id int)"); err != nil {
		t.Fatal(err)
	}
	// The table existed before sqlreview: adopt the database first.
	dir := writeDir(t, map[string]string{"001_busy.sql": "-- exists\nSELECT 1;", "002_alter.sql": "ALTER TABLE busy ADD COLUMN note text;"})
	r, _ := open(t, url, dir)
	if err := r.Baseline(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	tx, err := c.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), "LOCK TABLE busy IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(1500 * time.Millisecond)
		tx.Commit(context.Background())
	}()
	cfg := config.Default()
	cfg.Rollout.LockTimeout = "200ms"
	cfg.Rollout.Retries = 8
	start := time.Now()
	_, out, err := apply(t, url, dir, func(o *Options) { o.Config = cfg; o.RetryBase = 200 * time.Millisecond })
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if time.Since(start) < time.Second {
		t.Fatalf("applied before the lock was released?")
	}
	if !strings.Contains(out, "lock timeout (200ms) on statement 1; retrying the file") {
		t.Fatalf("no retry in output:\n%s", out)
	}
	c2 := connect(t, url)
	if kinds := eventKinds(t, c2); count(kinds, "lock-timeout-retry:2") == 0 || count(kinds, "file-applied:2") != 1 {
		t.Fatalf("events: %v", kinds)
	}
}

func TestLockTimeoutExhausted(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_t.sql": "CREATE TABLE busy (id int);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "002_alter.sql"), []byte("ALTER TABLE busy ADD COLUMN note text;"), 0o644)
	c := connect(t, url)
	tx, err := c.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(context.Background(), "LOCK TABLE busy IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Rollout.LockTimeout = "100ms"
	cfg.Rollout.Retries = 2
	_, out, err := apply(t, url, dir, func(o *Options) { o.Config = cfg })
	if err == nil || !strings.Contains(err.Error(), "002_alter.sql:1: statement 1 failed") || !strings.Contains(err.Error(), "55P03") ||
		!strings.Contains(err.Error(), "the file was rolled back") {
		t.Fatalf("err = %v", err)
	}
	if strings.Count(out, "retrying the file") != 2 {
		t.Fatalf("want 2 retries:\n%s", out)
	}
	c2 := connect(t, url)
	if st := queryStrings(t, c2, `SELECT status || ' ' || failing_statement FROM sqlreview.history WHERE version = '2'`); len(st) != 1 || st[0] != "failed ALTER TABLE busy ADD COLUMN note text" {
		t.Fatalf("history: %v", st)
	}
}

func TestInvalidIndexCleanedAndRebuilt(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_t.sql":   "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (1);",
		"002_idx.sql": "CREATE UNIQUE INDEX CONCURRENTLY t_x_key ON t (x);",
	})
	_, _, err := apply(t, url, dir)
	if err == nil || !strings.Contains(err.Error(), "002_idx.sql:1: statement 1 failed") || !strings.Contains(err.Error(), "apply again to resume at statement 1") {
		t.Fatalf("err = %v", err)
	}
	c := connect(t, url)
	if v := queryStrings(t, c, `SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x_key'::regclass`); len(v) != 1 || v[0] != "false" {
		t.Fatalf("expected an INVALID index after the failed build: %v", v)
	}
	if st := queryStrings(t, c, `SELECT status || ' ' || statements_applied || ' ' || (error IS NOT NULL) FROM sqlreview.history WHERE version = '2'`); len(st) != 1 || st[0] != "failed 0 true" {
		t.Fatalf("history: %v", st)
	}
	if _, err := c.Exec(context.Background(), "DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t)"); err != nil {
		t.Fatal(err)
	}
	_, out, err := apply(t, url, dir)
	if err != nil {
		t.Fatalf("retry: %v\n%s", err, out)
	}
	if !strings.Contains(out, `dropping INVALID index "t_x_key"`) {
		t.Fatalf("no cleanup in output:\n%s", out)
	}
	if v := queryStrings(t, c, `SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x_key'::regclass`); len(v) != 1 || v[0] != "true" {
		t.Fatalf("index not rebuilt valid: %v", v)
	}
	if kinds := eventKinds(t, c); count(kinds, "invalid-index-dropped:2") != 1 || count(kinds, "file-applied:2") != 1 {
		t.Fatalf("events: %v", kinds)
	}
}

func TestBaselineExistingDatabase(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), "CREATE TABLE a (id int); CREATE TABLE b (id int)"); err != nil {
		t.Fatal(err)
	}
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);", "002_b.sql": "CREATE TABLE b (id int);",
		"003_c.sql": "CREATE TABLE c (id int);"})
	_, _, err := apply(t, url, dir)
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "sqlreview baseline --version V") {
		t.Fatalf("err = %v", err)
	}
	r, _ := open(t, url, dir)
	if err := r.Baseline(context.Background(), "2"); err != nil {
		t.Fatal(err)
	}
	res, _, err := apply(t, url, dir)
	if err != nil || len(res.Applied) != 1 || res.Applied[0] != "3" {
		t.Fatalf("apply after baseline: %v %v", res, err)
	}
	if err := r.Baseline(context.Background(), "3"); err == nil {
		t.Fatal("baseline of a migrated database accepted")
	}
}

func TestDrift(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int PRIMARY KEY, name text NOT NULL DEFAULT '');\nCREATE INDEX a_name ON a (name);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, url, dir)
	removed, added, err := r.Drift(context.Background())
	if err != nil || len(removed)+len(added) != 0 {
		t.Fatalf("drift right after apply: %v %v %v", removed, added, err)
	}
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), "ALTER TABLE a ADD COLUMN hotfix boolean; DROP INDEX a_name"); err != nil {
		t.Fatal(err)
	}
	removed, added, err = r.Drift(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Drift names whole statements: the table as recorded and as it is now.
	wantRemoved := []string{"CREATE INDEX a_name ON public.a USING btree (name);",
		"CREATE TABLE public.a (\n    id integer NOT NULL,\n    name text DEFAULT ''::text NOT NULL\n);"}
	wantAdded := []string{"CREATE TABLE public.a (\n    id integer NOT NULL,\n    name text DEFAULT ''::text NOT NULL,\n    hotfix boolean\n);"}
	if strings.Join(removed, "|") != strings.Join(wantRemoved, "|") || strings.Join(added, "|") != strings.Join(wantAdded, "|") {
		t.Fatalf("removed = %q\nadded = %q", removed, added)
	}
}

func TestSchemaDumpDeterministic(t *testing.T) {
	sql := `CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE SCHEMA app;
CREATE TABLE app.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, m mood);
CREATE TABLE app.orders (id serial PRIMARY KEY, user_id bigint REFERENCES app.users (id) ON DELETE CASCADE, total numeric(10,2) CHECK (total >= 0));
CREATE VIEW app.v AS SELECT id FROM app.users;
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON TABLE app.users IS 'people';`
	dumps := make([]string, 2)
	for i := range 2 {
		url := pgtest.NewDB(t)
		c := connect(t, url)
		if _, err := c.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
		r, _ := open(t, url, t.TempDir())
		d, err := r.DumpSchema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		dumps[i] = d
	}
	if dumps[0] != dumps[1] {
		t.Fatalf("dumps differ:\n%s\n---\n%s", dumps[0], dumps[1])
	}
	for _, want := range []string{"CREATE TYPE public.mood AS ENUM (\n    'sad',\n    'ok'\n);", "CREATE VIEW app.v AS\n SELECT users.id\n   FROM app.users;", "CREATE SCHEMA app;",
		"ALTER TABLE app.orders\n    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE;",
		"COMMENT ON TABLE app.users IS 'people';", "    email text NOT NULL,"} {
		if !strings.Contains(dumps[0], "\n"+want+"\n") {
			t.Errorf("dump lacks %q:\n%s", want, dumps[0])
		}
	}
}

func TestStatementTimeoutDirective(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_slow.sql": "-- sqlreview:statement-timeout 200ms\nCREATE TABLE a (id int);\nSELECT pg_sleep(2);"})
	start := time.Now()
	_, _, err := apply(t, url, dir)
	if err == nil || !strings.Contains(err.Error(), "canceling statement due to statement timeout") || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("err = %v after %s", err, time.Since(start))
	}
	if n := queryStrings(t, connect(t, url), `SELECT relname::text FROM pg_class WHERE relname = 'a'`); len(n) != 0 {
		t.Fatal("the file was not rolled back")
	}
}
