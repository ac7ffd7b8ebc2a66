package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// config verify and check accept and reject the same configs, with the same
// message: unknown setting keys, settings of the wrong kind, and limits of
// zero or less (which used to turn the rule off without a word).
func TestConfigVerifyAgreesWithCheck(t *testing.T) {
	for _, c := range []struct{ settings, want string }{
		{"{comment-maximum-length: {numbr: 10}}", `.sqlreview.yaml: rules.settings: rule comment-maximum-length has no setting "numbr" (known: number)`},
		{"{comment-maximum-length: {number: ten}}", `.sqlreview.yaml: rules.settings: comment-maximum-length.number: expected an integer, got a string`},
		{"{comment-maximum-length: {number: 0}}", `.sqlreview.yaml: rules.settings: comment-maximum-length.number: expected an integer ≥ 1, got 0 (to turn the rule off, disable it)`},
		{"{comment-maximum-length: {number: -5}}", `.sqlreview.yaml: rules.settings: comment-maximum-length.number: expected an integer ≥ 1, got -5 (to turn the rule off, disable it)`},
	} {
		dir := writeFiles(t, map[string]string{
			".sqlreview.yaml": "rules:\n  settings: " + c.settings + "\n",
			"001.sql":         "SELECT 1;\n",
		})
		vcode, vout, verr := runCLI(t, dir, "", "config", "verify")
		ccode, cout, cerr := runCLI(t, dir, "", "check", "001.sql")
		want := "sqlreview: " + filepath.Join(dir, c.want) + "\n"
		if vcode != exitError || verr != want || vout != "" {
			t.Errorf("%s: config verify: exit %d, stdout %q, stderr %q; want 2, %q", c.settings, vcode, vout, verr, want)
		}
		if ccode != exitError || cerr != want || cout != "" {
			t.Errorf("%s: check: exit %d, stdout %q, stderr %q; want 2, %q", c.settings, ccode, cout, cerr, want)
		}
	}
	dir := writeFiles(t, map[string]string{".sqlreview.yaml": "rules:\n  settings: {comment-maximum-length: {number: 80}}\n", "001.sql": "SELECT 1;\n"})
	if code, out, errOut := runCLI(t, dir, "", "config", "verify"); code != exitOK || out != ".sqlreview.yaml: ok\n" {
		t.Errorf("a good config: exit %d %q %q", code, out, errOut)
	}
}

// Standard input can be read once: `check - -` is a usage error, not a
// check of the input and of nothing.
func TestCheckStdinTwice(t *testing.T) {
	code, out, errOut := runCLI(t, t.TempDir(), "ALTER TABLE t DROP COLUMN c;\n", "check", "-", "-")
	if code != exitError || out != "" || errOut != "sqlreview: check: - (standard input) is given twice; it can be read once\n" {
		t.Errorf("check - -: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// A path that cannot be read is reported with the real cause, naming it.
func TestCheckPathErrorCause(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.sql": "SELECT 1;\n"})
	if err := os.Symlink("loop", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"loop", "sqlreview: loop: too many levels of symbolic links\n"},
		{"a.sql/b.sql", "sqlreview: a.sql/b.sql: not a directory\n"},
		{"missing.sql", "sqlreview: missing.sql: no such file or directory; check the path\n"},
	} {
		code, _, errOut := runCLI(t, dir, "", "check", c.path)
		if code != exitError || errOut != c.want {
			t.Errorf("check %s: exit %d, stderr %q; want 2, %q", c.path, code, errOut, c.want)
		}
	}
	if os.Geteuid() != 0 {
		locked := filepath.Join(dir, "locked")
		os.Mkdir(locked, 0o755)
		os.WriteFile(filepath.Join(locked, "x.sql"), []byte("SELECT 1;\n"), 0o644)
		os.Chmod(locked, 0)
		defer os.Chmod(locked, 0o755)
		code, _, errOut := runCLI(t, dir, "", "check", "locked/x.sql")
		if want := "sqlreview: locked/x.sql: permission denied\n"; code != exitError || errOut != want {
			t.Errorf("check locked/x.sql: exit %d, stderr %q; want 2, %q", code, errOut, want)
		}
	}
}

// A UTF-8 byte order mark is not a column: the findings of a file that
// starts with one are where they are in the same file without it, in the
// text, JSON and SARIF reports.
func TestCheckBOMColumns(t *testing.T) {
	const sql = "ALTER TABLE t DROP COLUMN c;\n"
	dir := writeFiles(t, map[string]string{"bom/a.sql": "\uFEFF" + sql, "plain/a.sql": sql})
	for _, sub := range []string{"bom", "plain"} {
		_, text, _ := runCLI(t, dir, "", "check", "--fail-on", "never", sub)
		if !strings.HasPrefix(text, sub+"/a.sql:1:15: error:") || !strings.Contains(text, "\n 1 | ALTER TABLE t DROP COLUMN c;\n   |               ^^^^^^^^^^^^^\n") {
			t.Errorf("%s: text report:\n%s", sub, text)
		}
		_, js, _ := runCLI(t, dir, "", "check", "--format", "json", "--fail-on", "never", sub)
		if !strings.Contains(js, `"column": 15`) || !strings.Contains(js, `"column": 28`) {
			t.Errorf("%s: JSON report:\n%s", sub, js)
		}
		_, sarif, _ := runCLI(t, dir, "", "check", "--format", "sarif", "--fail-on", "never", sub)
		if !strings.Contains(sarif, `"startColumn": 15`) || !strings.Contains(sarif, `"endColumn": 28`) {
			t.Errorf("%s: SARIF report:\n%s", sub, sarif)
		}
	}
}

// A directory that holds no .sql file to check is said so, and is exit 2
// as a check of no input is: a gate that checked nothing vouches for nothing.
func TestCheckDirectoryWithoutSQL(t *testing.T) {
	dir := writeFiles(t, map[string]string{"docs/README.md": "# notes\n", "migrations/001.sql": "SELECT 1;\n"})
	code, out, errOut := runCLI(t, dir, "", "check", "docs")
	if want := "sqlreview: docs: no .sql file here to check\n"; code != exitError || out != "" || errOut != want {
		t.Errorf("check docs: exit %d, stdout %q, stderr %q; want 2, %q", code, out, errOut, want)
	}
	code, _, errOut = runCLI(t, dir, "", "check", "migrations", "docs")
	if want := "sqlreview: docs: no .sql file here to check\n"; code != exitError || errOut != want {
		t.Errorf("check migrations docs: exit %d, stderr %q; want 2, %q", code, errOut, want)
	}
}

// JUnit fails only what fails the gate: a warning under fail-on error is a
// passing case (its finding in system-out), and the report's failures agree
// with the exit code.
func TestJUnitFollowsTheGate(t *testing.T) {
	dir := writeFiles(t, map[string]string{"m/001.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\nCOMMENT ON TABLE t IS 'a comment that is much longer than the limit of sixty-four characters, surely';\n",
		".sqlreview.yaml": "rules:\n  enable: [comment-maximum-length]\n"})
	failures := regexp.MustCompile(`<testsuites name="sqlreview" tests="\d+" failures="(\d+)"`)
	for _, c := range []struct {
		failOn, failures string
		code             int
	}{{"error", "0", exitOK}, {"warning", "1", exitFindings}} {
		code, out, errOut := runCLI(t, dir, "", "check", "--format", "junit", "--fail-on", c.failOn, "m")
		m := failures.FindStringSubmatch(out)
		if code != c.code || m == nil || m[1] != c.failures {
			t.Errorf("--fail-on %s: exit %d, failures %v; want %d, %s\n%s%s", c.failOn, code, m, c.code, c.failures, out, errOut)
		}
		if c.failOn == "error" && (!strings.Contains(out, "<system-out><![CDATA[m/001.sql:2:23: warning:") || strings.Contains(out, "<failure")) {
			t.Errorf("a warning under fail-on error is not a passing case with its finding:\n%s", out)
		}
	}
}

// `check` without a path checks what the config's files.include selects,
// from the config's directory, wherever below it it runs.
func TestCheckWithoutPathUsesConfigFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":     "files:\n  include: [\"db/migrations/**/*.sql\"]\n",
		"db/migrations/1.sql": "ALTER TABLE t DROP COLUMN c;\n",
		"scratch/x.sql":       "DROP TABLE x;\n",
	})
	for _, cwd := range []string{dir, filepath.Join(dir, "scratch")} {
		code, out, errOut := runCLI(t, cwd, "", "check", "--format", "json")
		var r struct {
			Findings []struct{ Path string } `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("from %s: exit %d: %v\n%s%s", cwd, code, err, out, errOut)
		}
		if code != exitFindings || len(r.Findings) != 1 || !strings.HasSuffix(r.Findings[0].Path, "db/migrations/1.sql") {
			t.Errorf("from %s: exit %d, findings %+v; want 1, only db/migrations/1.sql", cwd, code, r.Findings)
		}
	}
	code, _, errOut := runCLI(t, t.TempDir(), "", "check")
	if want := "sqlreview: check: no paths given and no .sqlreview.yaml here or above to take files.include from; try `sqlreview check migrations/` or `-` for standard input\n"; code != exitError || errOut != want {
		t.Errorf("no config: exit %d, stderr %q; want 2, %q", code, errOut, want)
	}
}
