// Package shared finds ../shared, the directory laid next to every clone of
// the repository on the development machines and in CI. It holds the real
// SQL the tests read (PostgreSQL's regression suite, Bytebase's advisor
// cases, four projects' migration histories) and the SARIF schema; it is
// not part of the repository.
//
// Whether a test without it skips or fails is decided here, once: outside CI
// (CI unset) it skips, naming the missing path, so `go test ./...` works in
// a plain clone; under CI it fails, so CI never passes without the corpus.
package shared

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/internal/testenv"
)

// Path returns the path of ../shared/<parts...> (relative to the repository
// root) after checking that it exists; when it does not, the test skips, or
// fails under CI.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	path, err := locate(parts...)
	if err == nil {
		_, err = os.Stat(path)
	}
	if err != nil {
		Missing(t, err)
	}
	return path
}

// Missing skips the test (or fails it under CI) because something of
// ../shared it needs is not there; err says what.
func Missing(t testing.TB, err error) {
	t.Helper()
	testenv.Need(t, false, "shared: %v; the tests read it from ../shared next to the repository (see README.md, Contributing)", err)
}

// locate joins parts onto the shared directory: the sibling "shared" of the
// directory holding go.mod, found upwards from the current directory (a
// test runs in its package's directory). The path is relative to the
// current directory, as the tests' messages and reports print it.
// startDir is the working directory the test binary started in (its
// package's directory): tests that change directory (t.Chdir) still find
// ../shared from there.
var startDir, startErr = os.Getwd()

func locate(parts ...string) (string, error) {
	if startErr != nil {
		return "", startErr
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := startDir; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			abs := filepath.Join(append([]string{filepath.Dir(dir), "shared"}, parts...)...)
			if rel, err := filepath.Rel(cwd, abs); err == nil {
				return rel, nil
			}
			return abs, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the current directory")
		}
		dir = parent
	}
}
