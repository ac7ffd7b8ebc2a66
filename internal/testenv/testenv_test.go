package testenv

import (
	"fmt"
	"testing"
)

type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(f string, args ...any)  { r.skipped = fmt.Sprintf(f, args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }

func TestNeed(t *testing.T) {
	for _, c := range []struct {
		ci, skipped, failed string
	}{
		{"", "jq is missing; skipped outside CI", ""},
		{"true", "", "jq is missing; CI must run this test (.ci/run installs what the tests need)"},
	} {
		t.Setenv("CI", c.ci)
		r := &recorder{TB: t}
		Need(r, false, "%s is missing", "jq")
		if r.skipped != c.skipped || r.failed != c.failed {
			t.Errorf("CI=%q: skipped %q, failed %q; want %q, %q", c.ci, r.skipped, r.failed, c.skipped, c.failed)
		}
		r = &recorder{TB: t}
		Need(r, true, "never")
		if r.skipped != "" || r.failed != "" {
			t.Errorf("CI=%q: ok reported %q %q", c.ci, r.skipped, r.failed)
		}
	}
}
