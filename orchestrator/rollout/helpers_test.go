package rollout

// Helpers shared with the runner's tests: these tests run rollouts, which
// apply through the runner.

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var writeDir = clitest.WriteDir

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

// cli is the sqlreview binary: the kill tests need a real process to kill.
var cli = clitest.Binary

type cliRun = clitest.Result

func runCLI(t *testing.T, env []string, args ...string) cliRun {
	t.Helper()
	return clitest.Run(t, "", env, args...)
}
