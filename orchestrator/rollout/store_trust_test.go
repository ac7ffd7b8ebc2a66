package rollout

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/rules/config"
)

// trustFleet is one environment with one target and a release of
// releaseFiles made from <config dir>/migrations.
func trustFleet(t *testing.T) (*fleet, *store.Store, *release.Release) {
	t.Helper()
	f := newFleet(t, config.Environment{Name: "test", Targets: targetList("test", 1)})
	mig := filepath.Join(f.cfg.Dir, "migrations")
	if err := os.MkdirAll(mig, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range releaseFiles {
		if err := os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := sqliteStore(t)
	return f, st, mustRelease(t, st, mig, f.cfg)
}

// listTree lists every path below dir, relative to it.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestRolloutRefusesTamperedRelease edits the SQLite store behind
// sqlreview's back: every rollout, dry or not, refuses the release with a
// message naming it, before writing any file or touching a target.
func TestRolloutRefusesTamperedRelease(t *testing.T) {
	cases := []struct {
		name   string
		tamper []string // statements; $1 is the release id
		want   string   // after "release <id>: "
	}{
		{"file name escapes", []string{`UPDATE sqlreview_release_files SET name = '../PWNED.sql' WHERE release_id = $1 AND ord = 1`},
			`stored file name "../PWNED.sql" is not a plain migration file name; the state store was modified; create a new release`},
		{"file name with a separator", []string{`UPDATE sqlreview_release_files SET name = 'sub/0002_orders.sql' WHERE release_id = $1 AND ord = 1`},
			`stored file name "sub/0002_orders.sql" is not a plain migration file name; the state store was modified; create a new release`},
		{"file name with a control character", []string{`UPDATE sqlreview_release_files SET name = '0002_ord' || char(27) || '[2Jers.sql' WHERE release_id = $1 AND ord = 1`},
			`stored file name "0002_ord\x1b[2Jers.sql" is not a plain migration file name; the state store was modified; create a new release`},
		{"not a migration file name", []string{`UPDATE sqlreview_release_files SET name = 'orders.sql' WHERE release_id = $1 AND ord = 1`},
			`stored file name "orders.sql" is not a plain migration file name; the state store was modified; create a new release`},
		{"content", []string{`UPDATE sqlreview_release_files SET content = content || 'DROP TABLE accounts;' WHERE release_id = $1 AND ord = 1`},
			`stored content does not match its digest (file 0002_orders.sql); the state store was modified; create a new release`},
		{"file checksum", []string{`UPDATE sqlreview_release_files SET content = 'DROP TABLE accounts;', sha256 = '` + migration.Checksum([]byte("DROP TABLE accounts;")) + `' WHERE release_id = $1 AND ord = 1`},
			`stored files do not match its digest; the state store was modified; create a new release`},
		{"release digest", []string{`UPDATE sqlreview_releases SET digest = 'sha256:` + strings.Repeat("0", 64) + `' WHERE id = $1`},
			`stored files do not match its digest; the state store was modified; create a new release`},
		{"version", []string{`UPDATE sqlreview_release_files SET version = '9' WHERE release_id = $1 AND ord = 1`},
			`stored version "9" of file 0002_orders.sql does not match its name; the state store was modified; create a new release`},
		{"repository path", []string{`UPDATE sqlreview_release_files SET path = '../../etc/0002_orders.sql' WHERE release_id = $1 AND ord = 1`},
			`stored path "../../etc/0002_orders.sql" of file 0002_orders.sql is not a relative path in the repository; the state store was modified; create a new release`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, st, rel := trustFleet(t)
			for _, q := range tc.tamper {
				if _, err := storeDB(t, st).Exec(q, rel.ID); err != nil {
					t.Fatal(err)
				}
			}
			want := "release " + rel.ID + ": " + tc.want
			before := listTree(t, f.cfg.Dir)
			for _, dry := range []bool{true, false} {
				// A fresh TMPDIR whose parent holds nothing else: any file a
				// rollout writes lands in one of them.
				parent := t.TempDir()
				tmp := filepath.Join(parent, "tmp")
				if err := os.Mkdir(tmp, 0o755); err != nil {
					t.Fatal(err)
				}
				t.Setenv("TMPDIR", tmp)
				res, _, err := f.rollout(t, st, rel.ID, "test", func(o *Options) { o.DryRun = dry })
				if err == nil || err.Error() != want {
					t.Fatalf("dry run %v: err = %v, want %s", dry, err, want)
				}
				if !errors.Is(err, release.ErrTampered) {
					t.Errorf("dry run %v: %v is not ErrTampered", dry, err)
				}
				if res != nil {
					t.Errorf("dry run %v: result %+v for a refused release", dry, res)
				}
				if got := listTree(t, parent); len(got) != 1 || got[0] != "tmp" {
					t.Errorf("dry run %v: files written in the temporary directory: %v", dry, got)
				}
			}
			if got := listTree(t, f.cfg.Dir); strings.Join(got, ",") != strings.Join(before, ",") {
				t.Errorf("files written next to the config: %v, before %v", got, before)
			}
			c := connect(t, f.urls["test-1"])
			if got := queryStrings(t, c, `SELECT coalesce(to_regclass('sqlreview.history')::text, 'none')`); got[0] != "none" {
				t.Errorf("the target was touched: %v", got)
			}
			if runs, _ := st.Targets(context.Background(), rel.ID, ""); len(runs) != 0 {
				t.Errorf("target runs recorded for a refused release: %+v", runs)
			}
			if _, err := st.Release(context.Background(), rel.ID); err == nil || err.Error() != want {
				t.Errorf("release show: err = %v, want %s", err, want)
			}
		})
	}
}

// TestRolloutCLIRefusesTamperedRelease runs `rollout --dry-run` on a
// release whose stored file name escapes: exit 1, one line naming it, and
// no file written outside or inside the temporary directory.
func TestRolloutCLIRefusesTamperedRelease(t *testing.T) {
	dir := t.TempDir()
	mig := filepath.Join(dir, "migrations")
	os.MkdirAll(mig, 0o755)
	for name, body := range releaseFiles {
		os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ".sqlreview.yaml"), []byte("migrations: {dir: migrations}\nenvironments:\n  - name: staging\n    targets: [{name: app, url: \"${APP_URL}\"}]\n"), 0o644)
	tmp := filepath.Join(t.TempDir(), "tmp")
	os.Mkdir(tmp, 0o755)
	env := []string{"APP_URL=" + pgtest.NewDB(t), "TMPDIR=" + tmp}
	conf := "--config=" + filepath.Join(dir, ".sqlreview.yaml")
	r := runCLI(t, env, "release", "create", "--id-template", "r{n}", conf)
	if r.Code != 0 {
		t.Fatalf("release create: %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storeDB(t, st).Exec(`UPDATE sqlreview_release_files SET name = '../PWNED.sql' WHERE release_id = 'r1' AND ord = 0`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"rollout", "--release", "r1", "--env", "staging", "--dry-run"}, {"rollout", "--release", "r1", "--env", "staging"}} {
		r = runCLI(t, env, append(args, conf)...)
		want := "sqlreview: release r1: stored file name \"../PWNED.sql\" is not a plain migration file name; the state store was modified; create a new release\n"
		if r.Code != 1 || r.Stderr != want || r.Stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, r.Code, r.Stdout, r.Stderr, want)
		}
	}
	if got := listTree(t, filepath.Dir(tmp)); len(got) != 1 {
		t.Errorf("files written in the temporary directory: %v", got)
	}
}

// TestReleaseCreateReadsEachFileOnce serves a migration through a FIFO
// that gives different content on every open: the release stores and
// reviews the bytes of the one read.
func TestReleaseCreateReadsEachFileOnce(t *testing.T) {
	dir := writeDir(t, map[string]string{"0001_accounts.sql": releaseFiles["0001_accounts.sql"]})
	fifo := filepath.Join(dir, "0002_orders.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	versions := []string{
		releaseFiles["0002_orders.sql"],
		// Later opens get a file the review refuses (an error finding).
		"CREATE TABLE b (id int);\n",
	}
	var opens atomic.Int32
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for n := 0; ; n++ {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			select {
			case <-stop:
				w.Close()
				return
			default:
			}
			opens.Add(1)
			w.WriteString(versions[min(n, 1)])
			w.Close()
			// The reader sees the end of the file and closes its end; an
			// open before that would append to the same read.
			time.Sleep(100 * time.Millisecond)
		}
	}()
	defer func() {
		close(stop)
		// Unblock the writer's open if it waits for a reader.
		if r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			<-done
			r.Close()
		}
	}()
	st := sqliteStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := release.Create(ctx, st, release.Input{Dir: dir, Config: config.Default(), Author: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Blocked {
		t.Fatalf("the review saw other bytes than the first read: %v", out.Findings)
	}
	rel, err := st.Release(ctx, out.Release.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Files) != 2 || string(rel.Files[1].Content) != versions[0] || rel.Files[1].SHA256 != migration.Checksum([]byte(versions[0])) {
		t.Fatalf("stored %+v, want the first read's bytes", rel.Files)
	}
	if n := opens.Load(); n != 1 {
		t.Errorf("the migration was opened %d times, want once", n)
	}
}

// TestRolloutErrorNamesRepositoryFile: a failed statement is reported at
// the file's path in the repository, with PostgreSQL's detail; an older
// release without stored paths falls back to the file name.
func TestRolloutErrorNamesRepositoryFile(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "test", Targets: targetList("test", 1)})
	mig := filepath.Join(f.cfg.Dir, "db", "migrations")
	os.MkdirAll(mig, 0o755)
	os.WriteFile(filepath.Join(mig, "0001_items.sql"), []byte("CREATE TABLE items (id bigint PRIMARY KEY, note text);\n"), 0o644)
	os.WriteFile(filepath.Join(mig, "0002_dup.sql"), []byte("INSERT INTO items (id) VALUES (1);\n\nINSERT INTO items (id) VALUES (1);\n"), 0o644)
	st := sqliteStore(t)
	rel := mustRelease(t, st, mig, f.cfg)
	if rel.Files[1].Path != "db/migrations/0002_dup.sql" {
		t.Errorf("stored path = %q", rel.Files[1].Path)
	}
	check := func(file string) {
		t.Helper()
		_, out, err := f.rollout(t, st, rel.ID, "test")
		if !errors.Is(err, ErrStage) {
			t.Fatalf("err = %v\n%s", err, out)
		}
		runs, _ := st.Targets(context.Background(), rel.ID, "test")
		want := ": " + file + `:3: statement 2 failed: ERROR: duplicate key value violates unique constraint "items_pkey" (SQLSTATE 23505); DETAIL: Key (id)=(1) already exists.; the file was rolled back`
		if len(runs) != 1 || !strings.Contains(runs[0].Error, want) {
			t.Errorf("target error = %+v, want it to contain %s", runs, want)
		}
		if !strings.Contains(out, want) {
			t.Errorf("rollout output lacks %s:\n%s", want, out)
		}
		if strings.Contains(out, os.TempDir()) {
			t.Errorf("rollout output names a temporary file:\n%s", out)
		}
	}
	check("db/migrations/0002_dup.sql")
	if _, err := storeDB(t, st).Exec(`UPDATE sqlreview_release_files SET path = '' WHERE release_id = $1`, rel.ID); err != nil {
		t.Fatal(err)
	}
	check("0002_dup.sql")
}

// TestQuoteLiteralBothSettings pins the literal quoting.
// TestStoreUpgradeKeepsOldReleases opens a store of the format before
// file paths were stored: its releases still verify, and name their files
// by name.
func TestStoreUpgradeKeepsOldReleases(t *testing.T) {
	base := t.TempDir()
	st, err := store.Open(context.Background(), "", base)
	if err != nil {
		t.Fatal(err)
	}
	rel := mustRelease(t, st, writeDir(t, releaseFiles), config.Default())
	for _, q := range []string{`ALTER TABLE sqlreview_release_files DROP COLUMN path`, `ALTER TABLE sqlreview_targets DROP COLUMN system_id`,
		`ALTER TABLE sqlreview_targets DROP COLUMN db_name`, `ALTER TABLE sqlreview_releases DROP COLUMN dirty`,
		`ALTER TABLE sqlreview_approvals DROP COLUMN statement`, `ALTER TABLE sqlreview_approvals DROP COLUMN signature`, `UPDATE sqlreview_meta SET value = '1' WHERE key = 'format'`} {
		if _, err := storeDB(t, st).Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	st, err = store.Open(context.Background(), "", base)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Release(context.Background(), rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if files := got.SourceFiles(); got.Dirty || len(files) != 3 || files[1].Path != "0002_orders.sql" || string(files[1].Data) != releaseFiles["0002_orders.sql"] {
		t.Errorf("upgraded release files = %+v", files)
	}
}

func TestReleaseCreateRefusesControlCharacters(t *testing.T) {
	st := sqliteStore(t)
	_, err := release.Create(context.Background(), st, release.Input{Dir: writeDir(t, releaseFiles), Config: config.Default(), Author: "ci\x1b[2J"})
	if err == nil || err.Error() != `author "ci\x1b[2J" holds control characters; give a plain name with --author` {
		t.Errorf("err = %v", err)
	}
}

// TestRolloutRefusesUnsafeStoredFile: a release whose stored content is
// consistent with its digest but holds what apply refuses — content that
// would be skipped, a meta-command that changes what runs, a statement too
// deep for the parser — is refused by rollout, dry or not, before any
// target is touched.
func TestRolloutRefusesUnsafeStoredFile(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"unterminated comment", "CREATE TABLE orders (id int);\n/* the rest never runs\nDROP TABLE accounts;\n",
			"migrations/0002_orders.sql:2:1: unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */; fix it (`sqlreview check migrations/0002_orders.sql` shows it)"},
		{"connect", "\\connect other\nCREATE TABLE orders (id int);\n",
			"migrations/0002_orders.sql:1: sqlreview runs SQL only and skips psql's \\connect, which switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations"},
		{"deep chain", "SELECT 1" + strings.Repeat("+1", 40000) + ";\n",
			"migrations/0002_orders.sql:1:2009: statement too deeply nested for the parser (an operator chain of 40000; at most 1000 levels are accepted); split it into smaller expressions or statements; fix it (`sqlreview check migrations/0002_orders.sql` shows it)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, st, rel := trustFleet(t)
			// Rewrite the stored file and both digests, as a release made by
			// an older version without these checks would hold it.
			for i := range rel.Files {
				if rel.Files[i].Name == "0002_orders.sql" {
					rel.Files[i].Content = []byte(tc.content)
					rel.Files[i].SHA256 = migration.Checksum(rel.Files[i].Content)
				}
			}
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`UPDATE sqlreview_release_files SET content = $2, sha256 = $3 WHERE release_id = $1 AND name = '0002_orders.sql'`,
					[]any{rel.ID, []byte(tc.content), migration.Checksum([]byte(tc.content))}},
				{`UPDATE sqlreview_releases SET digest = $2 WHERE id = $1`, []any{rel.ID, release.Digest(rel.Files)}},
			} {
				if _, err := storeDB(t, st).Exec(q.sql, q.args...); err != nil {
					t.Fatal(err)
				}
			}
			for _, dry := range []bool{true, false} {
				_, _, err := f.rollout(t, st, rel.ID, "test", func(o *Options) { o.DryRun = dry })
				if err == nil || err.Error() != "release "+rel.ID+": "+tc.want {
					t.Fatalf("dry run %v:\n got %v\nwant release %s: %s", dry, err, rel.ID, tc.want)
				}
			}
			c := connect(t, f.urls["test-1"])
			if got := queryStrings(t, c, `SELECT coalesce(to_regclass('sqlreview.history')::text, 'none') || ' ' || coalesce(to_regclass('public.accounts')::text, 'none')`); got[0] != "none none" {
				t.Errorf("the target was touched: %v", got)
			}
		})
	}
}
