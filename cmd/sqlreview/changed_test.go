package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func gitT(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func findingsOf(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, f := range decode(t, out).Findings {
		got = append(got, short(f))
	}
	return got
}

// TestNewFromRevAndStaged: only files changed since the base are checked,
// against the catalog of every earlier migration.
func TestNewFromRevAndStaged(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\nDROP TABLE legacy;\n",
	})
	gitT(t, dir, "init", "-q")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "base")
	gitT(t, dir, "checkout", "-q", "-b", "feature")
	os.WriteFile(filepath.Join(dir, "migrations/002_index.sql"), []byte("CREATE INDEX users_id_idx ON users (id);\n"), 0o644)
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "index")
	os.WriteFile(filepath.Join(dir, "migrations/003_drop.sql"), []byte("ALTER TABLE users DROP COLUMN id;\n"), 0o644)

	code, out, errOut := runCLI(t, dir, "", "check", "--format", "json", "--new-from-rev", "main")
	want := []string{
		"002_index.sql:1:1-1:35 error require-concurrent-index-creation",
		"003_drop.sql:1:19-1:33 error ban-drop-column",
		// id is the primary key: dropping it leaves users without one.
		"003_drop.sql:1:19-1:33 error require-primary-key",
	}
	if got := findingsOf(t, out); code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--new-from-rev: exit %d %q, got %v", code, errOut, got)
	}
	gitT(t, dir, "add", "migrations/003_drop.sql")
	_, out, _ = runCLI(t, dir, "", "check", "--format", "json", "--staged", "migrations")
	if got := findingsOf(t, out); !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("--staged: got %v", got)
	}
	if code, _, errOut := runCLI(t, dir, "", "check", "--new-from-rev", "no-such-branch"); code != exitError || errOut != "sqlreview: base revision no-such-branch is not in this clone; fetch it (actions/checkout fetch-depth: 0, or git fetch --deepen)\n" {
		t.Errorf("bad rev: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, t.TempDir(), "", "check", "--staged"); code != exitError || !containsAll(errOut, "need a git work tree") {
		t.Errorf("outside git: %d %q", code, errOut)
	}
}

// TestBaseline: a baseline hides today's findings, even after lines move,
// and reports only new ones.
func TestBaseline(t *testing.T) {
	dir := writeFiles(t, map[string]string{"m/001.sql": "DROP TABLE a;\nALTER TABLE b DROP COLUMN c;\n"})
	base := filepath.Join(dir, "baseline.json")
	if code, _, errOut := runCLI(t, dir, "", "check", "--write-baseline", base, "m"); code != exitFindings {
		t.Fatalf("write-baseline: %d %s", code, errOut)
	}
	code, out, _ := runCLI(t, dir, "", "check", "--format", "json", "--baseline", base, "m")
	if got := findingsOf(t, out); code != exitOK || len(got) != 0 {
		t.Errorf("same findings: exit %d, %v", code, got)
	}
	os.WriteFile(filepath.Join(dir, "m/001.sql"), []byte("-- moved down\n\nDROP TABLE a;\nALTER TABLE b DROP COLUMN c;\nDROP TABLE new_one;\n"), 0o644)
	code, out, _ = runCLI(t, dir, "", "check", "--format", "json", "--baseline", base, "./m")
	if got := findingsOf(t, out); code != exitFindings || !reflect.DeepEqual(got, []string{"001.sql:5:12-5:19 error ban-drop-table"}) {
		t.Errorf("new finding only: exit %d, %v", code, got)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{}"), 0o644)
	if code, _, errOut := runCLI(t, dir, "", "check", "--baseline", "bad.json", "m"); code != exitError || !containsAll(errOut, "bad.json: not a sqlreview baseline") {
		t.Errorf("bad baseline: %d %q", code, errOut)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestChangedFirst: a report of every file lists the findings of the files
// changed since the merge base first (--changed-first), so a platform's cap
// keeps what the pull request adds; --new-from-rev reviews only those.
func TestChangedFirst(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "") // outside CI: no links, whatever runs the test
	t.Setenv("GITLAB_CI", "")
	t.Setenv("BITBUCKET_BUILD_NUMBER", "")
	t.Setenv("TF_BUILD", "")
	dir := writeFiles(t, map[string]string{
		"migrations/001_old.sql": "DROP TABLE legacy1;\nDROP TABLE legacy2;\n",
	})
	gitT(t, dir, "init", "-q")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "base")
	gitT(t, dir, "checkout", "-q", "-b", "feature")
	os.WriteFile(filepath.Join(dir, "migrations/002_new.sql"), []byte("CREATE TABLE c (id int PRIMARY KEY);\n"), 0o644)
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "new")

	order := func(args ...string) []string {
		t.Helper()
		code, out, errOut := runCLI(t, dir, "", append([]string{"check", "--format", "markdown"}, args...)...)
		if code == exitError {
			t.Fatalf("%v: exit %d %s", args, code, errOut)
		}
		var got []string
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "**error** ") || strings.HasPrefix(line, "**warning** ") {
				sev, rest, _ := strings.Cut(line, " ")
				loc, _, _ := strings.Cut(rest, ": ")
				got = append(got, strings.Trim(sev, "*")+" "+strings.ReplaceAll(loc, `\_`, "_"))
			}
		}
		return got
	}
	all := []string{"error migrations/001_old.sql:1:12", "error migrations/001_old.sql:2:12", "warning migrations/002_new.sql:1:20"}
	if got := order("migrations"); !reflect.DeepEqual(got, all) {
		t.Errorf("by severity: %v, want %v", got, all)
	}
	changed := []string{all[2], all[0], all[1]}
	if got := order("--changed-first", "main", "migrations"); !reflect.DeepEqual(got, changed) {
		t.Errorf("--changed-first main: %v, want %v", got, changed)
	}
	if got := order("--new-from-rev", "main"); !reflect.DeepEqual(got, all[2:]) {
		t.Errorf("--new-from-rev main: %v, want %v", got, all[2:])
	}
	// The comment says what a limited run leaves out.
	_, out, _ := runCLI(t, dir, "", "check", "--format", "markdown", "--new-from-rev", "main")
	if want := "#### New findings\n\nOnly files changed since the merge base with main.\n\n**warning** "; !strings.Contains(out, want) {
		t.Errorf("--new-from-rev markdown lacks %q:\n%s", want, out)
	}
	_, out, _ = runCLI(t, dir, "", "check", "--format", "markdown", "migrations")
	if !strings.Contains(out, "#### Findings\n\n**error** ") {
		t.Errorf("a review of every file: want the heading Findings:\n%s", out)
	}
	if code, _, errOut := runCLI(t, dir, "", "check", "--changed-first", "no-such-branch", "migrations"); code != exitError ||
		errOut != "sqlreview: --changed-first no-such-branch: base revision no-such-branch is not in this clone; fetch it (actions/checkout fetch-depth: 0, or git fetch --deepen)\n" {
		t.Errorf("bad rev: %d %q", code, errOut)
	}
}

// TestNewOnlyText: what a limited run says it leaves out.
func TestNewOnlyText(t *testing.T) {
	for _, c := range []struct {
		a    checkArgs
		want string
	}{
		{checkArgs{}, ""},
		{checkArgs{newFromRev: "0123456789abcdef0123456789abcdef01234567"}, "Only files changed since the merge base with 0123456789ab"},
		{checkArgs{newFromRev: "origin/main", baseline: "ci/baseline.json"}, "Only files changed since the merge base with origin/main, findings not in the baseline ci/baseline.json"},
		{checkArgs{staged: true}, "Only files staged in git"},
		{checkArgs{baseline: "b.json"}, "Only findings not in the baseline b.json"},
	} {
		if got := newOnly(&c.a); got != c.want {
			t.Errorf("%+v: %q, want %q", c.a, got, c.want)
		}
	}
}
