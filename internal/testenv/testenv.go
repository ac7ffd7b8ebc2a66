// Package testenv decides, in one place, what a test does when something it
// needs is not on this machine (a tool, a client, the shared corpus, a
// platform): outside CI it skips, saying what is missing; under CI (CI set)
// it fails, since .ci/run installs everything the tests need and a skipped
// test there would pass without having run.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// Need does nothing when ok; otherwise it skips the test outside CI and
// fails it under CI, with the message format gives.
func Need(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI must run this test (.ci/run installs what the tests need)", msg)
		return
	}
	t.Skipf("%s; skipped outside CI", msg)
}
