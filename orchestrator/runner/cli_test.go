package runner

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// cli is the sqlreview binary: the kill tests need a real process to kill.
var cli = clitest.Binary

type cliRun = clitest.Result

func runCLI(t *testing.T, env []string, args ...string) cliRun {
	t.Helper()
	return clitest.Run(t, "", env, args...)
}

// startUntilSleeping starts apply and returns once its session runs the
// pg_sleep statement.
func startUntilSleeping(t *testing.T, url, dir string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(cli(t), "apply", dir, "--database-url", url, "--no-review")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := connect(t, url)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		n := queryStrings(t, c, `SELECT pid::text FROM pg_stat_activity WHERE application_name = 'sqlreview' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`)
		if len(n) > 0 {
			return cmd, &out
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("apply never reached pg_sleep:\n%s", out.String())
	return nil, nil
}

func logRows(t *testing.T, url string) string {
	return strings.Join(queryStrings(t, connect(t, url), `SELECT n::text FROM log ORDER BY n`), ",")
}

func TestKillDuringTransactionalFile(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_log.sql":  "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);",
		"002_slow.sql": "INSERT INTO log VALUES (2);\nSELECT pg_sleep(3);\nINSERT INTO log VALUES (3);",
		"003_more.sql": "INSERT INTO log VALUES (4);",
	})
	cmd, _ := startUntilSleeping(t, url, dir)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if got := logRows(t, url); got != "1" {
		t.Fatalf("after kill: log = %s, want 1 (002 rolled back)", got)
	}
	r := runCLI(t, nil, "apply", dir, "--database-url", url, "--no-review")
	if r.Code != 0 {
		t.Fatalf("rerun: %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if got := logRows(t, url); got != "1,2,3,4" {
		t.Fatalf("after rerun: log = %s", got)
	}
	st := queryStrings(t, connect(t, url), `SELECT version || ':' || status FROM sqlreview.history ORDER BY version`)
	if strings.Join(st, " ") != "1:applied 2:applied 3:applied" {
		t.Fatalf("history: %v", st)
	}
}

func TestKillDuringNonTransactionalFileResumes(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_log.sql":  "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);",
		"002_slow.sql": "-- sqlreview:txmode none\nINSERT INTO log VALUES (2);\nCREATE INDEX CONCURRENTLY log_n ON log (n);\nSELECT pg_sleep(3);\nINSERT INTO log VALUES (3);",
		"003_more.sql": "INSERT INTO log VALUES (4);",
	})
	cmd, _ := startUntilSleeping(t, url, dir)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	c := connect(t, url)
	if st := queryStrings(t, c, `SELECT status || ' ' || statements_applied || '/' || statements_total FROM sqlreview.history WHERE version = '2'`); len(st) != 1 || st[0] != "running 2/4" {
		t.Fatalf("progress after kill: %v", st)
	}
	r := runCLI(t, nil, "plan", dir, "--database-url", url, "--no-review", "--format", "json")
	if r.Code != 0 || !strings.Contains(r.Stdout, `"resumeAt": 2`) {
		t.Fatalf("plan: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	r = runCLI(t, nil, "apply", dir, "--database-url", url, "--no-review")
	if r.Code != 0 || !strings.Contains(r.Stdout, "resuming at statement 3") {
		t.Fatalf("rerun: %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if got := logRows(t, url); got != "1,2,3,4" {
		t.Fatalf("after rerun: log = %s (a statement ran twice or not at all)", got)
	}
	if v := queryStrings(t, c, `SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'log_n'::regclass`); len(v) != 1 || v[0] != "true" {
		t.Fatalf("index: %v", v)
	}
	if st := queryStrings(t, c, `SELECT status || ' ' || statements_applied FROM sqlreview.history WHERE version = '2'`); st[0] != "applied 4" {
		t.Fatalf("history: %v", st)
	}
}

func TestSigintCancelsAndRecordsFailure(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_log.sql":  "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);",
		"002_slow.sql": "INSERT INTO log VALUES (2);\nSELECT pg_sleep(30);",
	})
	cmd, out := startUntilSleeping(t, url, dir)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if time.Since(start) > 10*time.Second {
		t.Fatalf("SIGINT took %s: the statement was not cancelled", time.Since(start))
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "interrupted while applying 002_slow.sql") {
		t.Fatalf("output:\n%s", out)
	}
	c := connect(t, url)
	st := queryStrings(t, c, `SELECT status || ' | ' || error || ' | ' || failing_statement FROM sqlreview.history WHERE version = '2'`)
	if len(st) != 1 || !strings.HasPrefix(st[0], "failed | ") || !strings.Contains(st[0], "canceling statement due to user request") ||
		!strings.HasSuffix(st[0], "| SELECT pg_sleep(30)") {
		t.Fatalf("history: %v", st)
	}
	if got := logRows(t, url); got != "1" {
		t.Fatalf("log = %s", got)
	}
}

func TestReviewGateUsesLiveCatalog(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);"})
	if r := runCLI(t, nil, "apply", dir, "--database-url", url); r.Code != 0 {
		t.Fatalf("first apply: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	// Indexing a table that exists in the database blocks; indexing a table
	// created in the same file does not.
	os.WriteFile(filepath.Join(dir, "002_idx.sql"), []byte("CREATE TABLE t2 (id bigint PRIMARY KEY, x int);\nCREATE INDEX t2_x ON t2 (x);\nCREATE INDEX users_email ON users (email);\n"), 0o644)
	r := runCLI(t, nil, "apply", dir, "--database-url", url)
	if r.Code != 1 || !strings.Contains(r.Stdout, "002_idx.sql:3:1: error") || strings.Contains(r.Stdout, "002_idx.sql:2:") ||
		!strings.Contains(r.Stderr, "review failed") {
		t.Fatalf("review gate: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	c := connect(t, url)
	if n := queryStrings(t, c, `SELECT relname::text FROM pg_class WHERE relname = 't2'`); len(n) != 0 {
		t.Fatal("a blocked file ran")
	}
	r = runCLI(t, nil, "plan", dir, "--database-url", url, "--format", "json")
	if r.Code != 1 || !strings.Contains(r.Stdout, `"rule": "require-concurrent-index-creation"`) || !strings.Contains(r.Stdout, `"lock": "SHARE"`) {
		t.Fatalf("plan: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	r = runCLI(t, nil, "apply", dir, "--database-url", url, "--no-review")
	if r.Code != 0 || !strings.Contains(r.Stderr, "WARNING: --no-review") {
		t.Fatalf("--no-review: %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
}

// TestSecretsNeverShown runs every command, successful and failing, with a
// password in the URL and checks the password appears nowhere: not in any
// output, history row or event.
func TestSecretsNeverShown(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_a.sql": "CREATE TABLE a (id int);",
		"002_b.sql": "CREATE TABLE b (id int);\nSELECT no_such_function();",
	})
	s := pgtest.Shared(t)
	badPort := strings.Replace(url, ":"+itoa(s.Port)+"/", ":1/", 1)
	badPass := strings.Replace(url, pgtest.Password, pgtest.Password+"x", 1)
	var all strings.Builder
	for _, args := range [][]string{
		{"apply", dir, "--database-url", url, "--no-review"},
		{"apply", dir, "--database-url", url},
		{"plan", dir, "--database-url", url, "--format", "json"},
		{"plan", dir, "--database-url", url},
		{"history", "--database-url", url, "--format", "json", "--events"},
		{"history", "--database-url", url, "--events"},
		{"drift", "--database-url", url},
		{"schema", "dump", "--database-url", url},
		{"apply", dir, "--database-url", badPort},
		{"apply", dir, "--database-url", badPass},
		{"plan", dir, "--database-url", "postgres://postgres:" + pgtest.Password + "@127.0.0.1:" + itoa(s.Port) + "/nosuchdb"},
		{"apply", dir, "--database-url", url + "&bogus_option=1"},
	} {
		r := runCLI(t, nil, args...)
		all.WriteString(r.Stdout + r.Stderr)
		if strings.Contains(r.Stdout+r.Stderr, pgtest.Password) {
			t.Errorf("%s %s: password in output:\n%s%s", args[0], args[len(args)-1][:10], r.Stdout, r.Stderr)
		}
	}
	r := runCLI(t, []string{"SQLREVIEW_DATABASE_URL=" + badPort}, "apply", dir)
	all.WriteString(r.Stderr)
	if r.Code != 2 || strings.Contains(r.Stderr, pgtest.Password) || !strings.Contains(r.Stderr, "postgres@127.0.0.1:1/") {
		t.Errorf("env URL: %d %s", r.Code, r.Stderr)
	}
	if !strings.Contains(all.String(), "no_such_function") {
		t.Errorf("the failing apply was not exercised:\n%s", all.String())
	}
	c := connect(t, url)
	dump := strings.Join(queryStrings(t, c, `SELECT h::text FROM sqlreview.history h UNION ALL SELECT e::text FROM sqlreview.events e`), "\n")
	if strings.Contains(dump, pgtest.Password) || !strings.Contains(dump, "no_such_function") {
		t.Errorf("history/events leak or lack the failure:\n%s", dump)
	}
	_ = context.Background
}
