// Package clitest is the tests' way to run sqlreview as a real process and
// to set up what they run it on: a directory of files, a connection to a
// test database. Tests of several packages (the runner, the rollout) kill,
// time and inspect that process, so it lives here once.
package clitest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds the sqlreview command once per test binary and returns its
// path; Cleanup removes it.
func Binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sqlreview-cli-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "sqlreview")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/sqlreview/sqlreview/cmd/sqlreview").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v: %s", buildErr, binPath)
	}
	return binPath
}

// Cleanup removes the binary Binary built; call it from TestMain.
func Cleanup() {
	if buildErr == nil && binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
}

// Result is what a finished process left.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Exec runs cmd to completion (its output captured) and returns its exit
// code and output; only a process that could not run fails the test.
func Exec(t *testing.T, cmd *exec.Cmd) Result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return Result{code, out.String(), errb.String()}
}

// Run runs the sqlreview binary in dir ("" = the current directory) with
// env added to the environment.
func Run(t *testing.T, dir string, env []string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(Binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return Exec(t, cmd)
}

// WriteDir writes files (name → content) into a new temporary directory.
func WriteDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Connect opens a connection to url, closed when the test ends.
func Connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// QueryStrings returns the first column of every row of a query.
func QueryStrings(t *testing.T, c *pgx.Conn, sql string, args ...any) []string {
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

// EventKinds lists a target's event log as "kind" or "kind:version", oldest
// first.
func EventKinds(t *testing.T, c *pgx.Conn) []string {
	t.Helper()
	return QueryStrings(t, c, `SELECT kind || coalesce(':' || version, '') FROM sqlreview.events ORDER BY id`)
}

// ExampleFindings are the quickstart's findings (`sqlreview check
// testdata/examples/migrations` with the repository's config), as
// "file:line:col: severity [rule]", and ExampleSummary its last line; the
// exit code is 1. Every channel that ships the binary (release archives,
// the container root, npm) is tested against these.
var ExampleFindings = []string{
	"testdata/examples/migrations/202501160900_add_orders.sql:5:15: warning [prefer-timestamptz]",
	"testdata/examples/migrations/202501160900_add_orders.sql:9:1: error [require-concurrent-index-creation]",
	"testdata/examples/migrations/202501170900_add_org.sql:1:19: error [adding-required-field]",
	"testdata/examples/migrations/202501170900_add_org.sql:1:37: warning [prefer-bigint-over-int]",
	"testdata/examples/migrations/202501170900_add_org.sql:3:20: error [adding-foreign-key-constraint]",
	"testdata/examples/migrations/202501170900_add_org.sql:5:1: warning [require-where-for-update-delete]",
	"testdata/examples/migrations/202501170900_add_org.sql:5:1: warning [expensive-statement-holding-access-exclusive]",
	"testdata/examples/migrations/202501180900_cleanup.sql:4:20: warning [renaming-column]",
}

const ExampleSummary = "Found 3 errors, 5 warnings in 3 files of 4 (9 statements checked); 1 suppressed."
