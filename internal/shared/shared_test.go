package shared

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a skip or a failure instead of
// ending the test, so both outcomes of Path can be checked.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(f string, args ...any)  { r.skipped = fmt.Sprintf(f, args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }

// TestPathMissing: a missing part of ../shared skips the test outside CI
// and fails it under CI, naming the path either way.
func TestPathMissing(t *testing.T) {
	missing := filepath.Join("..", "..", "..", "shared", "corpus", "no-such-dir")
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		got := Path(r, "corpus", "no-such-dir")
		if got != missing {
			t.Errorf("CI=%q: path %q, want %q", ci, got, missing)
		}
		outcome, other := r.skipped, r.failed
		if ci != "" {
			outcome, other = r.failed, r.skipped
		}
		if !strings.Contains(outcome, "stat "+missing+": no such file or directory") || !strings.Contains(outcome, "../shared next to the repository") || other != "" {
			t.Errorf("CI=%q: skipped %q, failed %q", ci, r.skipped, r.failed)
		}
	}
}

// TestPathPresent: an existing part is returned relative to the test's
// directory, with neither skip nor failure.
func TestPathPresent(t *testing.T) {
	r := &recorder{TB: t}
	// The repository itself stands beside shared: ../<repo>/go.mod is
	// reached the same way, through the parent directory.
	got := Path(r, "..", filepath.Base(repoDir(t)), "go.mod")
	if r.skipped != "" || r.failed != "" || got != filepath.Join("..", "..", "go.mod") {
		t.Errorf("path %q, skipped %q, failed %q", got, r.skipped, r.failed)
	}
}

func repoDir(t *testing.T) string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
