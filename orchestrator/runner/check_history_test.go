package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// TestCheckAgainstHistory: `check --database-url` compares the migrations
// directory with the target's history table, with the checksums apply
// records: a file edited after apply is a finding on it, a CRLF checkout
// is not.
func TestCheckAgainstHistory(t *testing.T) {
	dir := t.TempDir()
	mig := filepath.Join(dir, "migrations")
	os.MkdirAll(mig, 0o755)
	os.WriteFile(filepath.Join(mig, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	os.WriteFile(filepath.Join(mig, "002_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY);\n"), 0o644)
	url := pgtest.NewDB(t)
	if r := runCLI(t, nil, "apply", mig, "--database-url", url); r.Code != 0 {
		t.Fatalf("apply: %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
	check := func() (int, []string, string) {
		t.Helper()
		r := runCLIIn(t, dir, "check", "--format", "json", "--database-url", url, "migrations")
		var rep struct {
			Findings []struct {
				Path, Rule, Message string
				Start               struct{ Line, Column int }
			}
		}
		if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
			t.Fatalf("check: %v\n%s%s", err, r.Stdout, r.Stderr)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Path+" "+f.Rule+": "+f.Message)
		}
		return r.Code, got, r.Stderr
	}
	os.WriteFile(filepath.Join(mig, "002_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY);\r\n"), 0o644)
	if code, got, errOut := check(); code != 0 || len(got) != 0 {
		t.Fatalf("unchanged: exit %d %q %v", code, errOut, got)
	}
	os.WriteFile(filepath.Join(mig, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"), 0o644)
	want := []string{"migrations/001_users.sql edited-applied-migration: migrations/001_users.sql was edited, but version 001 is already applied in the target database with other content; revert the edit and put the change in a new migration"}
	if code, got, errOut := check(); code != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("edited: exit %d %q\ngot  %q\nwant %q", code, errOut, got, want)
	}
}

// runCLIIn runs the binary in dir.
func runCLIIn(t *testing.T, dir string, args ...string) cliRun {
	t.Helper()
	return clitest.Run(t, dir, nil, args...)
}
