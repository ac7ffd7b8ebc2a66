package runner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/rules/config"
)

// retryWatch is the runner's output, safe to read while it runs, and a
// signal for each lock-timeout retry it announces.
type retryWatch struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	retries chan struct{}
}

func (w *retryWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte("lock timeout (")) {
		w.retries <- struct{}{}
	}
	return w.buf.Write(p)
}

func (w *retryWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

var durationRE = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?(ms|s|µs)\b`)

// stable replaces the durations of progress output with D, keeping the
// configured lock timeout.
func stable(s string) string {
	return strings.ReplaceAll(durationRE.ReplaceAllString(strings.ReplaceAll(s, "(200ms)", "(LT)"), "D"), "(LT)", "(200ms)")
}

// blockConcurrentIndex opens a transaction that writes to table t and
// stays open: CREATE INDEX CONCURRENTLY on t, and the DROP INDEX
// CONCURRENTLY of an INVALID index on t, wait for it.
func blockConcurrentIndex(t *testing.T, url string) pgx.Tx {
	t.Helper()
	tx, err := connect(t, url).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), "INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	return tx
}

func cicRunner(t *testing.T, url, dir string, retries int, base time.Duration) (*Runner, *retryWatch) {
	t.Helper()
	w := &retryWatch{retries: make(chan struct{}, 16)}
	cfg := config.Default()
	cfg.Rollout.LockTimeout = "200ms"
	cfg.Rollout.Retries = retries
	r, _ := open(t, url, dir, func(o *Options) { o.Config = cfg; o.Out = w; o.RetryBase = base })
	return r, w
}

// TestNoneConcurrentIndexRetriedPastLongTransaction: a CREATE INDEX
// CONCURRENTLY that a long transaction blocks is retried under the retry
// policy, and so is the cleanup of the INVALID index each failed attempt
// leaves (which waits for the same transaction): once the transaction
// ends, a retry succeeds.
func TestNoneConcurrentIndexRetriedPastLongTransaction(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_t.sql": "CREATE TABLE t (x int);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	writeDirFile(t, dir, "002_idx.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);")
	blocker := blockConcurrentIndex(t, url)
	r, w := cicRunner(t, url, dir, 3, 600*time.Millisecond)
	go func() {
		// The build and then the first cleanup time out; the transaction
		// ends during the second backoff.
		<-w.retries
		<-w.retries
		_ = blocker.Commit(context.Background())
	}()
	if _, err := r.Apply(context.Background()); err != nil {
		t.Fatalf("apply: %v\n%s", err, w.String())
	}
	want := `applying 002_idx.sql (1 statements, statement by statement)
  lock timeout (200ms) on statement 1; retrying it in D (1/3)
  dropping INVALID index "t_x" left by a failed concurrent build before running line 1 again
  lock timeout (200ms) on statement 1; retrying it in D (2/3)
  dropping INVALID index "t_x" left by a failed concurrent build before running line 1 again
  [1/1] line 1: CREATE INDEX CONCURRENTLY t_x ON t (x) ok (D)
applied  002_idx.sql in D
`
	if got := stable(w.String()); got != want {
		t.Fatalf("output:\n%s\nwant:\n%s", got, want)
	}
	c := connect(t, url)
	if v := oneString(t, c, `SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x'::regclass`); v != "true" {
		t.Fatalf("index valid: %s", v)
	}
	if kinds := eventKinds(t, c); count(kinds, "lock-timeout-retry:2") != 2 || count(kinds, "invalid-index-dropped:2") != 1 || count(kinds, "file-applied:2") != 1 {
		t.Fatalf("events: %v", kinds)
	}
}

// TestNoneConcurrentIndexRetriesExhausted: with the long transaction open
// throughout, every retry is spent and the message names the target once,
// the file, the statement and what to do.
func TestNoneConcurrentIndexRetriesExhausted(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_t.sql": "CREATE TABLE t (x int);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	writeDirFile(t, dir, "002_idx.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);")
	blocker := blockConcurrentIndex(t, url)
	defer blocker.Rollback(context.Background())
	r, w := cicRunner(t, url, dir, 2, 50*time.Millisecond)
	_, err := r.Apply(context.Background())
	want := r.Target + ": " + filepath.Join(dir, "002_idx.sql") + ":1: statement 1 failed: cleaning up what the failed attempt left: " +
		"ERROR: canceling statement due to lock timeout (SQLSTATE 55P03); 0 of 1 statements are applied; apply again to resume at statement 1"
	if err == nil || err.Error() != want {
		t.Fatalf("error:\n got %v\nwant %s", err, want)
	}
	wantOut := `applying 002_idx.sql (1 statements, statement by statement)
  lock timeout (200ms) on statement 1; retrying it in D (1/2)
  dropping INVALID index "t_x" left by a failed concurrent build before running line 1 again
  lock timeout (200ms) on statement 1; retrying it in D (2/2)
  dropping INVALID index "t_x" left by a failed concurrent build before running line 1 again
`
	if got := stable(w.String()); got != wantOut {
		t.Fatalf("output:\n%s\nwant:\n%s", got, wantOut)
	}
	c := connect(t, url)
	if st := oneString(t, c, `SELECT status || ' ' || statements_applied || ' ' || (in_flight->>'failed') FROM sqlreview.history WHERE version = '2'`); st != "failed 0 true" {
		t.Fatalf("history: %s", st)
	}
}

func writeDirFile(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
