package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// integrityRepo makes a git repository whose main branch holds three
// applied migrations, and checks out a feature branch.
func integrityRepo(t *testing.T) (dir, mergeBase string) {
	t.Helper()
	dir = writeFiles(t, map[string]string{
		"migrations/001_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"migrations/003_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
		"migrations/005_audit.sql":  "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
	})
	gitT(t, dir, "init", "-q")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "base")
	gitT(t, dir, "checkout", "-q", "-b", "feature")
	return dir, gitOut(t, dir, "rev-parse", "--short=7", "HEAD")
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// findingLines renders JSON findings as "path:line:col rule: message".
func findingLines(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, f := range decode(t, out).Findings {
		got = append(got, filepath.ToSlash(f.Path)+":"+itoa(f.Start.Line)+":"+itoa(f.Start.Column)+" "+f.Rule+": "+f.Message)
	}
	return got
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCheckIntegrityAgainstBase: an applied file edited, renamed or deleted,
// and a new file sorting before the newest applied one, are findings of
// `check --new-from-rev main`, on the file as the repository names it.
func TestCheckIntegrityAgainstBase(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string
	}{
		{"edited", func(t *testing.T, dir string) {
			write(t, dir, "migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
		}, "migrations/001_users.sql:1:1 edited-applied-migration: migrations/001_users.sql was edited, but version 001 is already merged at main (merge base MB) with other content; revert the edit and put the change in a new migration"},
		{"renamed", func(t *testing.T, dir string) {
			gitT(t, dir, "mv", "migrations/003_orders.sql", "migrations/003_order_table.sql")
		}, "migrations/003_order_table.sql:1:1 renamed-applied-migration: migrations/003_order_table.sql was renamed from migrations/003_orders.sql, which is already merged at main (merge base MB); rename it back (the history records the name it was applied with)"},
		{"renamed to a new version", func(t *testing.T, dir string) {
			gitT(t, dir, "mv", "migrations/003_orders.sql", "migrations/006_orders.sql")
			gitT(t, dir, "commit", "-q", "-m", "rename")
		}, "migrations/006_orders.sql:1:1 renamed-applied-migration: migrations/006_orders.sql was renamed from migrations/003_orders.sql, which is already merged at main (merge base MB) as version 003; under a new version it would run again: rename it back"},
		{"deleted", func(t *testing.T, dir string) {
			gitT(t, dir, "rm", "-q", "migrations/005_audit.sql")
			gitT(t, dir, "commit", "-q", "-m", "delete")
		}, "migrations/005_audit.sql:1:1 deleted-applied-migration: migrations/005_audit.sql was deleted, but it is already merged at main (merge base MB); restore it, and undo its change in a new migration if needed"},
		{"out of order", func(t *testing.T, dir string) {
			write(t, dir, "migrations/004_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\n")
		}, "migrations/004_items.sql:1:1 out-of-order-migration: migrations/004_items.sql (version 004) sorts before 005, the newest version already merged at main (merge base MB); give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, mb := integrityRepo(t)
			c.change(t, dir)
			want := []string{strings.ReplaceAll(c.want, "MB", mb)}
			code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main")
			if got := findingLines(t, out); code != exitFindings || !reflect.DeepEqual(got, want) {
				t.Errorf("exit %d %q\ngot  %q\nwant %q", code, errOut, got, want)
			}
			// From a subdirectory, naming the directory: the same path.
			code, out, _ = runCLI(t, filepath.Join(dir, "migrations"), "", "check", "--format", "json", "--new-from-rev", "main", ".")
			got := findingLines(t, out)
			for i := range got {
				got[i] = "migrations/" + got[i]
			}
			if code != exitFindings || !reflect.DeepEqual(got, want) {
				t.Errorf("from migrations/: exit %d\ngot  %q\nwant %q", code, got, want)
			}
		})
	}
}

// TestCheckIntegrityOutOfOrderAllowed: migrations.out-of-order: allow lets
// an older new version through; an unchanged branch has no findings.
func TestCheckIntegrityOutOfOrderAllowed(t *testing.T) {
	dir, _ := integrityRepo(t)
	if code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main"); code != exitOK || len(findingLines(t, out)) != 0 {
		t.Fatalf("unchanged: exit %d %q %s", code, errOut, out)
	}
	write(t, dir, "migrations/004_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\n")
	write(t, dir, ".sqlreview.yaml", "migrations:\n  out-of-order: allow\n")
	if code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main"); code != exitOK || len(findingLines(t, out)) != 0 {
		t.Errorf("allowed: exit %d %q %v", code, errOut, findingLines(t, out))
	}
}

// TestCheckIntegrityShallowClone: a depth-1 clone lacks the merge base and
// says how to fetch it; with the history fetched the check runs.
func TestCheckIntegrityShallowClone(t *testing.T) {
	origin, _ := integrityRepo(t)
	write(t, origin, "migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
	gitT(t, origin, "commit", "-q", "-am", "edit")
	gitT(t, origin, "commit", "-q", "--allow-empty", "-m", "more")
	clone := filepath.Join(t.TempDir(), "clone")
	gitT(t, origin, "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+origin, clone)
	want := "sqlreview: base revision main is not in this clone; fetch it (actions/checkout fetch-depth: 0, or git fetch --deepen)\n"
	if code, _, errOut := runCLI(t, clone, "", "check", "--new-from-rev", "main"); code != exitError || errOut != want {
		t.Errorf("no base: exit %d %q", code, errOut)
	}
	gitT(t, clone, "fetch", "-q", "--depth", "1", "origin", "main:main")
	if code, _, errOut := runCLI(t, clone, "", "check", "--new-from-rev", "main"); code != exitError || errOut != want {
		t.Errorf("base branch without the merge base: exit %d %q", code, errOut)
	}
	gitT(t, clone, "fetch", "-q", "--unshallow", "origin")
	code, out, errOut := runCLI(t, clone, "", "check", "--format", "json", "--new-from-rev", "main")
	if got := findingLines(t, out); code != exitFindings || len(got) != 1 || !strings.Contains(got[0], "edited-applied-migration") {
		t.Errorf("unshallowed: exit %d %q %v", code, errOut, got)
	}
}

// TestCheckIntegrityDeletedText: the text report of a deleted file names
// it at line 1 without a code frame.
func TestCheckIntegrityDeletedText(t *testing.T) {
	dir, mb := integrityRepo(t)
	gitT(t, dir, "rm", "-q", "migrations/005_audit.sql")
	code, out, errOut := runCLI(t, dir, "", "check", "--new-from-rev", "main")
	want := "migrations/005_audit.sql:1:1: error: migrations/005_audit.sql was deleted, but it is already merged at main (merge base " + mb +
		"); restore it, and undo its change in a new migration if needed [deleted-applied-migration]\n"
	if code != exitFindings || errOut != "" || !strings.HasPrefix(out, want) || !strings.HasSuffix(out, "\nFound 1 error in 1 file of 1 (0 statements checked).\n") {
		t.Errorf("exit %d %q\n%s", code, errOut, out)
	}
}

// TestCheckIntegrityBaseline: an integrity finding's fingerprint does not
// depend on the merge base its message names, so a baseline outlives new
// commits on the base branch.
func TestCheckIntegrityBaseline(t *testing.T) {
	dir, _ := integrityRepo(t)
	gitT(t, dir, "rm", "-q", "migrations/005_audit.sql")
	gitT(t, dir, "commit", "-q", "-m", "delete")
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errOut := runCLI(t, dir, "", "check", "--new-from-rev", "main", "--write-baseline", baseline); code != exitFindings {
		t.Fatalf("write-baseline: %d %q", code, errOut)
	}
	gitT(t, dir, "checkout", "-q", "main")
	write(t, dir, "README", "moved on\n")
	gitT(t, dir, "add", "README")
	gitT(t, dir, "commit", "-q", "-m", "main moves on")
	gitT(t, dir, "checkout", "-q", "feature")
	gitT(t, dir, "merge", "-q", "--no-edit", "main")
	code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main", "--baseline", baseline)
	if got := findingLines(t, out); code != exitOK || len(got) != 0 {
		t.Errorf("after a new merge base: exit %d %q %v", code, errOut, got)
	}
}

// TestCheckIntegrityOnlyMigrationDirs: below the paths checked, only the
// config's migrations.dir (and directories named on the command line) are
// compared: an edited test fixture with a versioned name is no finding.
func TestCheckIntegrityOnlyMigrationDirs(t *testing.T) {
	dir, _ := integrityRepo(t)
	os.MkdirAll(filepath.Join(dir, "testdata"), 0o755)
	write(t, dir, "testdata/001_fixture.sql", "SELECT 1;\n")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "fixture")
	gitT(t, dir, "branch", "-q", "-f", "main")
	write(t, dir, "testdata/001_fixture.sql", "SELECT 2;\n")
	if code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main"); code != exitOK || len(findingLines(t, out)) != 0 {
		t.Errorf("fixture: exit %d %q %v", code, errOut, findingLines(t, out))
	}
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main", "testdata")
	if got := findingLines(t, out); code != exitFindings || len(got) != 1 || !strings.HasPrefix(got[0], "testdata/001_fixture.sql:1:1 edited-applied-migration:") {
		t.Errorf("named directory: exit %d %v", code, got)
	}
}
