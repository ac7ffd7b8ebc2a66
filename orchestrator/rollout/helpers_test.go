package rollout

// Helpers shared with the runner's tests: these tests run rollouts, which
// apply through the runner.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// writeDir writes migration files into a new directory.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type runOpt func(*runner.Options)

func open(t *testing.T, url, dir string, opts ...runOpt) (*runner.Runner, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	o := runner.Options{DatabaseURL: url, Dir: dir, NoReview: true, Out: &out, Warn: &out, ToolVersion: "test",
		LockWait: time.Minute, RetryBase: 50 * time.Millisecond}
	for _, f := range opts {
		f(&o)
	}
	r, err := runner.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r, &out
}

func apply(t *testing.T, url, dir string, opts ...runOpt) (*runner.Result, string, error) {
	t.Helper()
	r, out := open(t, url, dir, opts...)
	res, err := r.Apply(context.Background())
	return res, out.String(), err
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func queryStrings(t *testing.T, c *pgx.Conn, sql string, args ...any) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func eventKinds(t *testing.T, c *pgx.Conn) []string {
	return queryStrings(t, c, `SELECT kind || coalesce(':' || version, '') FROM sqlreview.events ORDER BY id`)
}

func count(kinds []string, k string) int {
	n := 0
	for _, x := range kinds {
		if x == k {
			n++
		}
	}
	return n
}

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cli builds the sqlreview binary once per test binary: the kill tests
// need a real process to kill.
func cli(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sqlreview-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "sqlreview")
		out, err := exec.Command("go", "build", "-o", cliPath, "github.com/sqlreview/sqlreview/cmd/sqlreview").CombinedOutput()
		if err != nil {
			cliErr = err
			cliPath = string(out)
		}
	})
	if cliErr != nil {
		t.Fatalf("go build: %v: %s", cliErr, cliPath)
	}
	return cliPath
}

type cliRun struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env []string, args ...string) cliRun {
	t.Helper()
	cmd := exec.Command(cli(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliRun{code, out.String(), errb.String()}
}

func mig(t *testing.T, name, sql string) *migration.Migration {
	t.Helper()
	m, err := migration.Load("/m/"+name, []byte(sql), 15)
	if err != nil {
		t.Fatalf("Load %s: %v", name, err)
	}
	return m
}
