package rollout

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/notify"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

var releaseFiles = map[string]string{
	"0001_accounts.sql": "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n",
	"0002_orders.sql":   "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);\n",
	"0003_total.sql":    "ALTER TABLE orders ADD COLUMN total numeric;\n",
}

// fleet is a config whose environments have n[i] targets each, every
// target a fresh database whose URL sits in a variable.
type fleet struct {
	cfg  *config.Config
	vars map[string]string
	urls map[string]string // target name -> URL
}

func (f *fleet) getenv(k string) string { return f.vars[k] }

func newFleet(t *testing.T, envs ...config.Environment) *fleet {
	t.Helper()
	f := &fleet{cfg: config.Default(), vars: map[string]string{}, urls: map[string]string{}}
	f.cfg.Dir = t.TempDir()
	for i := range envs {
		for j := range envs[i].Targets {
			tg := &envs[i].Targets[j]
			v := strings.ToUpper(strings.ReplaceAll(tg.Name, "-", "_")) + "_URL"
			f.vars[v] = pgtest.NewDB(t)
			f.urls[tg.Name] = f.vars[v]
			tg.URL = "${" + v + "}"
		}
	}
	f.cfg.Environments = envs
	return f
}

// commitConfig writes f.cfg as the config file of its directory, as a
// repository holds it: a release records that file, and its gates come
// from there.
func (f *fleet) commitConfig(t *testing.T) {
	t.Helper()
	b, err := yaml.Marshal(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.cfg.Path = filepath.Join(f.cfg.Dir, ".sqlreview.yaml")
	if err := os.WriteFile(f.cfg.Path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Parse(f.cfg.Path, b); err != nil {
		t.Fatal(err)
	}
}

func targetList(prefix string, n int) []config.Target {
	var ts []config.Target
	for i := 1; i <= n; i++ {
		ts = append(ts, config.Target{Name: fmt.Sprintf("%s-%d", prefix, i)})
	}
	return ts
}

func sqliteStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func pgStore(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	pgStoreURLs.Store(st, url)
	t.Cleanup(func() { st.Close() })
	return st
}

func mustRelease(t *testing.T, st *store.Store, dir string, cfg *config.Config) *release.Release {
	t.Helper()
	out, err := release.Create(context.Background(), st, release.Input{Dir: dir, Config: cfg, Author: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Blocked {
		t.Fatalf("release blocked: %v", out.Findings)
	}
	return out.Release
}

func (f *fleet) rollout(t *testing.T, st *store.Store, rel, env string, mod ...func(*Options)) (*Result, string, error) {
	t.Helper()
	var out, events bytes.Buffer
	o := Options{Config: f.cfg, Store: st, Release: rel, Env: env, Getenv: f.getenv, Out: &out, Warn: &out,
		Notify: &notify.Notifier{Recorder: st, JSON: &events}, NoReview: false, LockWait: time.Minute, RetryBase: 20 * time.Millisecond, Version: "test"}
	for _, m := range mod {
		m(&o)
	}
	res, err := Run(context.Background(), o)
	all := out.String() + events.String()
	if err != nil {
		all += err.Error()
	}
	return res, all, err
}

func statuses(res *Result) map[string]string {
	m := map[string]string{}
	for _, r := range res.Targets {
		m[r.Target] = r.Status
	}
	return m
}

// assertNoSecrets checks that no password or URL of the fleet appears.
func (f *fleet) assertNoSecrets(t *testing.T, what, text string) {
	t.Helper()
	if strings.Contains(text, pgtest.Password) {
		t.Errorf("%s contains the database password", what)
	}
	for name, u := range f.urls {
		if strings.Contains(text, u) {
			t.Errorf("%s contains the URL of %s", what, name)
		}
	}
}

// pgStoreURLs maps the shared stores of the tests to their URLs, for
// storeDB.
var pgStoreURLs sync.Map

// storeDB opens st's database directly: tests read and tamper with the
// store's tables as anyone with access to the file or database could.
func storeDB(t *testing.T, st *store.Store) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+st.Where+"?_pragma=busy_timeout(30000)"
	if u, ok := pgStoreURLs.Load(st); ok {
		driver, dsn = "pgx", u.(string)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// storeDump is every text the store holds, for secret checks.
func storeDump(t *testing.T, st *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"sqlreview_releases", "sqlreview_release_files", "sqlreview_approvals", "sqlreview_targets", "sqlreview_events", "sqlreview_meta"} {
		rows, err := storeDB(t, st).Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

func TestReleaseContentAddressed(t *testing.T) {
	st := sqliteStore(t)
	dir := writeDir(t, releaseFiles)
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	in := release.Input{Dir: dir, Config: config.Default(), Author: "ci", Now: now}
	a, err := release.Create(context.Background(), st, in)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Created || a.Release.ID != "release_20250304-RC1" || len(a.Release.Files) != 3 || !strings.HasPrefix(a.Release.Digest, "sha256:") {
		t.Fatalf("first release = %+v", a.Release)
	}
	b, err := release.Create(context.Background(), st, in)
	if err != nil {
		t.Fatal(err)
	}
	if b.Created || b.Release.ID != a.Release.ID || b.Release.Digest != a.Release.Digest {
		t.Fatalf("same content gave %s (created %v), want %s", b.Release.ID, b.Created, a.Release.ID)
	}
	// An edited file is a new release; the old one keeps its content.
	if err := os.WriteFile(filepath.Join(dir, "0003_total.sql"), []byte("ALTER TABLE orders ADD COLUMN total numeric(12, 2);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := release.Create(context.Background(), st, in)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Created || c.Release.ID != "release_20250304-RC2" || c.Release.Digest == a.Release.Digest {
		t.Fatalf("edited content gave %s %s", c.Release.ID, c.Release.Digest)
	}
	old, err := st.Release(context.Background(), a.Release.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(old.Files[2].Content) != releaseFiles["0003_total.sql"] {
		t.Errorf("stored content of the first release changed: %q", old.Files[2].Content)
	}
	// A finding at or above fail-on refuses the release.
	bad := writeDir(t, map[string]string{"0001_a.sql": "CREATE TABLE a (id int);\n"})
	d, err := release.Create(context.Background(), st, release.Input{Dir: bad, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Blocked || d.Release != nil {
		t.Fatalf("release with an error finding was not refused: %+v", d)
	}
	rels, _ := st.Releases(context.Background())
	if len(rels) != 2 {
		t.Errorf("releases = %d, want 2", len(rels))
	}
}

func TestRolloutPromotionWithApproval(t *testing.T) {
	f := newFleet(t,
		config.Environment{Name: "test", Targets: targetList("test", 1)},
		config.Environment{Name: "staging", Targets: targetList("staging", 2)},
		config.Environment{Name: "prod", Approval: config.Approval{Mode: "required"}, Concurrency: 3, Canary: 1, Targets: targetList("prod", 5)})
	// The hand-written approval rows below stand for `sqlreview approve`
	// in an environment that accepts unsigned approvals (signed ones are
	// TestSignedApprovals').
	f.cfg.Signing.Unsigned = []string{"prod"}
	f.commitConfig(t)
	st := sqliteStore(t)
	var hookMu sync.Mutex
	var hooked []event.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var e event.Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("webhook body %q: %v", body, err)
		}
		hookMu.Lock()
		hooked = append(hooked, e)
		hookMu.Unlock()
		f.assertNoSecrets(t, "webhook body", string(body))
	}))
	defer srv.Close()
	hooks := func(o *Options) { o.Notify.Webhooks = []string{srv.URL} }
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	var all strings.Builder

	_, out, err := f.rollout(t, st, rel.ID, "staging", hooks)
	all.WriteString(out)
	if !errors.Is(err, ErrPromotion) || !strings.Contains(err.Error(), "test-1 lacks 0001_accounts.sql, 0002_orders.sql, 0003_total.sql") ||
		!strings.Contains(err.Error(), "sqlreview rollout --release "+rel.ID+" --env test") {
		t.Fatalf("staging before test: %v", err)
	}
	res, out, err := f.rollout(t, st, rel.ID, "test", hooks)
	all.WriteString(out)
	if err != nil || !res.Done {
		t.Fatalf("test: %v %+v", err, res)
	}
	_, out, err = f.rollout(t, st, rel.ID, "prod", hooks)
	all.WriteString(out)
	if !errors.Is(err, ErrPromotion) || !strings.Contains(err.Error(), "environment staging") {
		t.Fatalf("prod before staging: %v", err)
	}
	res, out, err = f.rollout(t, st, rel.ID, "staging", hooks)
	all.WriteString(out)
	if err != nil || !res.Done || len(res.Targets) != 2 {
		t.Fatalf("staging: %v %+v", err, res)
	}
	_, out, err = f.rollout(t, st, rel.ID, "prod", hooks)
	all.WriteString(out)
	if !errors.Is(err, ErrApproval) || !strings.Contains(err.Error(), "sqlreview approve --release "+rel.ID+" --env prod --by NAME") {
		t.Fatalf("prod without approval: %v", err)
	}
	// A dry run lists what each target would apply and changes nothing.
	res, out, err = f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.DryRun = true })
	all.WriteString(out)
	if err != nil || len(res.Pending) != 5 || len(res.Pending["prod-3"]) != 3 {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	// An approval of another digest does not count.
	if err := st.Approve(context.Background(), store.Approval{Release: rel.ID, Env: "prod", By: "mallory", Digest: "sha256:other", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err = f.rollout(t, st, rel.ID, "prod"); !errors.Is(err, ErrApproval) {
		t.Fatalf("approval of another digest accepted: %v", err)
	}
	if err := st.Approve(context.Background(), store.Approval{Release: rel.ID, Env: "prod", By: "alice", Digest: rel.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var ws string
	res, out, err = f.rollout(t, st, rel.ID, "prod", hooks, func(o *Options) { ws = t.TempDir(); o.WriteSchema = ws })
	all.WriteString(out)
	if err != nil || !res.Done || len(res.Targets) != 5 {
		t.Fatalf("prod: %v %+v", err, res)
	}
	for name, s := range statuses(res) {
		if s != store.TargetSucceeded {
			t.Errorf("%s: %s", name, s)
		}
	}
	// Every target ends with the same schema, the one written back.
	want, err := os.ReadFile(filepath.Join(ws, "prod.sql"))
	if err != nil || !strings.Contains(string(want), "total numeric") {
		t.Fatalf("write-schema: %v %q", err, want)
	}
	for name, u := range f.urls {
		r, _ := open(t, u, t.TempDir())
		got, err := r.DumpSchema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s schema differs:\n%s\nwant\n%s", name, got, want)
		}
		rows, _, _ := r.History(context.Background())
		if len(rows) != 3 || rows[0].ReleaseID != rel.ID {
			t.Errorf("%s history = %+v", name, rows)
		}
	}
	// Rerun: nothing left, nothing applied again. A template with {db}
	// writes one dump per target, as Bytebase keeps .{db}##LATEST.sql.
	tmpl := filepath.Join(t.TempDir(), "{env}", ".{db}##LATEST.sql")
	res, out, err = f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.WriteSchema = tmpl })
	all.WriteString(out)
	if err != nil || !res.Done {
		t.Fatalf("rerun: %v", err)
	}
	latest, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(tmpl)), "prod", ".*##LATEST.sql"))
	if len(latest) != len(res.Targets) {
		t.Errorf("write-schema %s wrote %q, want one file per target (%d)", tmpl, latest, len(res.Targets))
	}
	for _, p := range latest {
		if got, err := os.ReadFile(p); err != nil || string(got) != string(want) {
			t.Errorf("%s: %v\n%s", p, err, got)
		}
	}
	hookMu.Lock()
	kinds := map[string]int{}
	for _, e := range hooked {
		kinds[e.Kind]++
	}
	hookMu.Unlock()
	if kinds[event.ApprovalNeeded] != 1 || kinds[event.StageFinished] != 3 || kinds[event.TargetFinished] != 8 || kinds[event.Refused] != 2 {
		t.Errorf("webhook events = %v", kinds)
	}
	f.assertNoSecrets(t, "output and events", all.String())
	f.assertNoSecrets(t, "state store", storeDump(t, st))
}

func TestRolloutFailureBudgetAndResume(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Concurrency: 1, MaxFailures: 1, Targets: targetList("db", 6)})
	st := sqliteStore(t)
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	// db-2 and db-3 already have objects and no history: apply refuses them.
	for _, n := range []string{"db-2", "db-3"} {
		c := connect(t, f.urls[n])
		if _, err := c.Exec(context.Background(), `CREATE TABLE stray (id bigint)`); err != nil {
			t.Fatal(err)
		}
	}
	res, out, err := f.rollout(t, st, rel.ID, "prod")
	if !errors.Is(err, ErrStage) {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{"db-1": "succeeded", "db-2": "failed", "db-3": "failed", "db-4": "pending", "db-5": "pending", "db-6": "pending"}
	if got := statuses(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if res.Stopped != "failures exceed max-failures (1)" {
		t.Errorf("stopped = %q", res.Stopped)
	}
	for _, r := range res.Targets {
		if r.Target == "db-2" && !strings.Contains(r.Error, "already has 1 objects but no sqlreview history") {
			t.Errorf("db-2 error = %q", r.Error)
		}
	}
	f.assertNoSecrets(t, "output", out)
	// Fix the cause and rerun: the failed and pending targets run, db-1 is not touched.
	for _, n := range []string{"db-2", "db-3"} {
		c := connect(t, f.urls[n])
		if _, err := c.Exec(context.Background(), `DROP TABLE stray`); err != nil {
			t.Fatal(err)
		}
	}
	res, _, err = f.rollout(t, st, rel.ID, "prod")
	if err != nil || !res.Done {
		t.Fatalf("resume: %v %+v", err, res)
	}
	for _, r := range res.Targets {
		wantAttempts := 1
		if r.Target == "db-2" || r.Target == "db-3" {
			wantAttempts = 2
		}
		if r.Status != store.TargetSucceeded || r.Attempts != wantAttempts {
			t.Errorf("%s: %s after %d attempts", r.Target, r.Status, r.Attempts)
		}
	}
	f.assertNoSecrets(t, "state store", storeDump(t, st))
}

// applyStarts counts the apply runs recorded in a target's own event log.
func applyStarts(t *testing.T, url string) int {
	t.Helper()
	var n int
	if err := connect(t, url).QueryRow(context.Background(), `SELECT count(*) FROM sqlreview.events WHERE kind = 'apply-start'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTwoRolloutsSharedPostgresStore(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Concurrency: 3, Canary: 1, Targets: targetList("tenant", 10)})
	stateURL := pgtest.NewDB(t)
	// Each target takes a moment (a statement that sleeps), so one worker
	// cannot finish the stage before the other has started: both must claim.
	slow := map[string]string{"0004_pause.sql": "SELECT pg_sleep(0.4);\n"}
	for k, v := range releaseFiles {
		slow[k] = v
	}
	rel := mustRelease(t, pgStore(t, stateURL), writeDir(t, slow), f.cfg)
	var wg sync.WaitGroup
	results := make([]*Result, 2)
	errs := make([]error, 2)
	outs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := pgStore(t, stateURL) // each process has its own store connection
			results[i], outs[i], errs[i] = f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Owner = fmt.Sprintf("worker-%d", i) })
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v", i, errs[i])
		}
		f.assertNoSecrets(t, "worker output", outs[i])
	}
	st := pgStore(t, stateURL)
	runs, err := st.Targets(context.Background(), rel.ID, "prod")
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]int{}
	for _, r := range runs {
		owners[r.Owner]++
		if r.Status != store.TargetSucceeded || r.Attempts != 1 || r.Applied != 4 {
			t.Errorf("%s: %s, %d attempts, %d applied", r.Target, r.Status, r.Attempts, r.Applied)
		}
	}
	if len(runs) != 10 || owners["worker-0"] == 0 || owners["worker-1"] == 0 {
		t.Errorf("runs = %d, owners = %v (both workers should have claimed targets)", len(runs), owners)
	}
	for name, u := range f.urls {
		if n := applyStarts(t, u); n != 1 {
			t.Errorf("%s was applied %d times", name, n)
		}
	}
	f.assertNoSecrets(t, "state store", storeDump(t, st))
}

// TestTwoRolloutsSharedSQLiteStore runs two rollouts of one stage at once
// on one SQLite state file, each with its own handle (as two processes on
// one machine would): every target is applied exactly once, by the
// targets' own history, and SQLite's file locking never surfaces as an
// error ("database is locked") in either.
func TestTwoRolloutsSharedSQLiteStore(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Concurrency: 4, Canary: 1, Targets: targetList("lite", 12)})
	base := t.TempDir()
	slow := map[string]string{"0004_pause.sql": "SELECT pg_sleep(0.3);\n"}
	for k, v := range releaseFiles {
		slow[k] = v
	}
	openStore := func() *store.Store {
		st, err := store.Open(context.Background(), "", base)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	rel := mustRelease(t, openStore(), writeDir(t, slow), f.cfg)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := openStore()
			_, outs[i], errs[i] = f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Owner = fmt.Sprintf("worker-%d", i) })
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Errorf("worker %d: %v", i, errs[i])
		}
		if strings.Contains(strings.ToLower(outs[i]), "locked") || strings.Contains(outs[i], "SQLITE_BUSY") {
			t.Errorf("worker %d saw the state file locked:\n%s", i, outs[i])
		}
		if strings.Contains(outs[i], "warning") {
			t.Errorf("worker %d warned:\n%s", i, outs[i])
		}
		f.assertNoSecrets(t, "worker output", outs[i])
	}
	st := openStore()
	runs, err := st.Targets(context.Background(), rel.ID, "prod")
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]int{}
	for _, r := range runs {
		owners[r.Owner]++
		if r.Status != store.TargetSucceeded || r.Attempts != 1 || r.Applied != 4 {
			t.Errorf("%s: %s, %d attempts, %d applied", r.Target, r.Status, r.Attempts, r.Applied)
		}
	}
	if len(runs) != 12 || owners["worker-0"] == 0 || owners["worker-1"] == 0 {
		t.Errorf("runs = %d, owners = %v (both workers should have claimed targets)", len(runs), owners)
	}
	for name, u := range f.urls {
		c := connect(t, u)
		kinds := eventKinds(t, c)
		if n := count(kinds, "apply-start"); n != 1 {
			t.Errorf("%s: apply started %d times: %v", name, n, kinds)
		}
		for _, v := range []string{"1", "2", "3", "4"} {
			if n := count(kinds, "file-applied:"+v); n != 1 {
				t.Errorf("%s: version %s applied %d times", name, v, n)
			}
		}
		if got := queryStrings(t, c, `SELECT version || ':' || status FROM sqlreview.history ORDER BY version`); strings.Join(got, " ") != "1:applied 2:applied 3:applied 4:applied" {
			t.Errorf("%s: history %v", name, got)
		}
	}
	events, err := st.Events(context.Background(), rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	started := map[string]int{}
	for _, e := range events {
		if e.Kind == event.TargetStarted {
			started[e.Target]++
		}
	}
	for name := range f.urls {
		if started[name] != 1 {
			t.Errorf("%s: %d target.started events in the store", name, started[name])
		}
	}
	f.assertNoSecrets(t, "state store", storeDump(t, st))
}

func TestRolloutShardsSQLite(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Concurrency: 2, Targets: targetList("s", 7)})
	st := sqliteStore(t)
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	covered := map[string]int{}
	for i := 1; i <= 3; i++ {
		for _, tg := range f.cfg.Environments[0].Targets {
			if targets.InShard(tg.Name, i, 3) {
				covered[tg.Name]++
			}
		}
	}
	for _, tg := range f.cfg.Environments[0].Targets {
		if covered[tg.Name] != 1 {
			t.Fatalf("%s is in %d shards", tg.Name, covered[tg.Name])
		}
	}
	res, _, err := f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Shard, o.Shards = 1, 2 })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Targets {
		want := store.TargetPending
		if targets.InShard(r.Target, 1, 2) {
			want = store.TargetSucceeded
		}
		if r.Status != want {
			t.Errorf("after shard 1/2: %s is %s, want %s", r.Target, r.Status, want)
		}
	}
	if res.Done {
		t.Error("stage done after one shard")
	}
	res, _, err = f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Shard, o.Shards = 2, 2 })
	if err != nil || !res.Done {
		t.Fatalf("shard 2/2: %v %+v", err, res)
	}
	for name, u := range f.urls {
		if n := applyStarts(t, u); n != 1 {
			t.Errorf("%s was applied %d times", name, n)
		}
	}
}
