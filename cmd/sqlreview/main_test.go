package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/cmd/internal/report"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// runCLI runs the CLI in-process from dir and returns exit code and output.
func runCLI(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		old, _ := os.Getwd()
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(old)
	}
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func decode(t *testing.T, s string) report.JSONReport {
	t.Helper()
	var r report.JSONReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("invalid JSON (%v):\n%s", err, s)
	}
	return r
}

// short renders a finding as "file:L:C-L:C severity rule" for comparisons.
func short(f report.JSONFinding) string {
	s := fmt.Sprintf("%s:%d:%d-%d:%d %s %s", filepath.Base(f.Path), f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, f.Severity, f.Rule)
	if f.Suppressed {
		s += " suppressed"
	}
	return s
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestExampleJSON runs the README's first command with --format json and
// checks every finding, position and severity (renaming-column is lowered
// to a warning by the project's .sqlreview.yaml).
func TestExampleJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "", "", "check", "--format", "json", "../../testdata/examples/migrations")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
	}
	r := decode(t, out)
	var got []string
	for _, f := range r.Findings {
		got = append(got, short(f))
	}
	want := []string{
		"202501160900_add_orders.sql:5:15-5:24 warning prefer-timestamptz",
		"202501160900_add_orders.sql:9:1-9:43 error require-concurrent-index-creation",
		"202501170900_add_org.sql:1:19-1:49 error adding-required-field",
		"202501170900_add_org.sql:1:37-1:40 warning prefer-bigint-over-int",
		"202501170900_add_org.sql:3:20-3:93 error adding-foreign-key-constraint",
		"202501170900_add_org.sql:5:1-5:13 warning require-where-for-update-delete",
		"202501170900_add_org.sql:5:1-5:38 warning expensive-statement-holding-access-exclusive",
		"202501180900_cleanup.sql:2:19-2:39 error ban-drop-column suppressed",
		"202501180900_cleanup.sql:4:20-4:49 warning renaming-column",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files != 4 || r.Statements != 9 {
		t.Errorf("files=%d statements=%d, want 4 and 9", r.Files, r.Statements)
	}
	for _, f := range r.Findings {
		if f.Code == "" || f.Message == "" {
			t.Errorf("finding without code or message: %+v", f)
		}
		if f.Suppressed && f.SuppressionReason != "the app stopped reading nickname in v42" {
			t.Errorf("suppression reason %q", f.SuppressionReason)
		}
	}
}

func TestExitCodes(t *testing.T) {
	clean := writeFiles(t, map[string]string{"001_init.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n"})
	warnOnly := writeFiles(t, map[string]string{"001_init.sql": "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);\n"})
	badCfg := writeFiles(t, map[string]string{
		".sqlreview.yaml": "postgres:\n  version: 16\nfial-on: warning\n",
		"001.sql":         "SELECT 1;\n",
	})
	badRule := writeFiles(t, map[string]string{
		".sqlreview.yaml": "rules:\n  disable:\n    - ban-drop-colum\n",
		"001.sql":         "SELECT 1;\n",
	})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // substring of the one-line error
	}{
		{"clean file", []string{"check", clean}, exitOK, ""},
		{"findings", []string{"check", "../../testdata/examples/migrations"}, exitFindings, ""},
		{"fail-on never", []string{"check", "--fail-on", "never", "../../testdata/examples/migrations"}, exitOK, ""},
		{"warning below error threshold", []string{"check", warnOnly}, exitOK, ""},
		{"warning at warning threshold", []string{"check", "--fail-on", "warning", warnOnly}, exitFindings, ""},
		{"flags after paths", []string{"check", warnOnly, "--fail-on=warning"}, exitFindings, ""},
		{"missing path", []string{"check", "no/such/dir.sql"}, exitError, "no/such/dir.sql: no such file or directory"},
		{"bad format", []string{"check", "--format", "xml", clean}, exitError, `--format "xml"`},
		{"bad fail-on", []string{"check", "--fail-on", "sometimes", clean}, exitError, `--fail-on "sometimes"`},
		{"unknown flag", []string{"check", "--frobnicate", clean}, exitError, "frobnicate"},
		{"unknown rule flag", []string{"check", "--enable", "ban-drop-colum", clean}, exitError, `unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`},
		{"bad pg version", []string{"check", "--pg-version", "8", clean}, exitError, "supported PostgreSQL versions are 9.6, 10 or 11–18"},
		{"config typo", []string{"check", badCfg}, exitError, `.sqlreview.yaml:3: unknown key "fial-on" (did you mean "fail-on"?)`},
		{"config unknown rule", []string{"check", badRule}, exitError, `.sqlreview.yaml:3: unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`},
		{"explicit config missing", []string{"check", "--config", "nope.yaml", clean}, exitError, "nope.yaml"},
		{"unknown command", []string{"lint"}, exitError, `unknown command "lint"`},
		{"explain unknown", []string{"explain", "nope-rule"}, exitError, `unknown rule "nope-rule"`},
		{"version", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			if tt.stderr != "" {
				if !strings.Contains(errOut, tt.stderr) {
					t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
				}
				if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
					t.Errorf("error is not one line: %q", errOut)
				}
			}
		})
	}
}

// TestCatalogReplay: a file is checked against the migrations before it in
// its directory, and a table created in the same file is new.
func TestCatalogReplay(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"V1__create.sql": "CREATE TABLE accounts (id bigint PRIMARY KEY);\n",
		"V2__index.sql": "CREATE INDEX accounts_id_idx ON accounts (id);\n" +
			"CREATE TABLE fresh (id bigint PRIMARY KEY);\nCREATE INDEX fresh_id_idx ON fresh (id);\n",
		"V10__later.sql": "ALTER TABLE fresh ADD COLUMN n bigint NOT NULL;\n",
	})
	// Only V10 is linted, but the catalog still knows "fresh" came from V2:
	// adding a NOT NULL column to it is a finding.
	code, out, _ := runCLI(t, "", "", "check", "--format", "json", filepath.Join(dir, "V10__later.sql"))
	r := decode(t, out)
	if code != exitFindings || len(r.Findings) != 1 || short(r.Findings[0]) != "V10__later.sql:1:19-1:47 error adding-required-field" {
		t.Errorf("exit %d, findings %+v", code, r.Findings)
	}
	// The whole directory: V2's index on the existing table is a finding,
	// the one on the table V2 itself creates is not; V10 sorts after V2.
	_, out, _ = runCLI(t, "", "", "check", "--format", "json", dir)
	r = decode(t, out)
	var got []string
	for _, f := range r.Findings {
		got = append(got, short(f))
	}
	want := "V10__later.sql:1:19-1:47 error adding-required-field\nV2__index.sql:1:1-1:41 error require-concurrent-index-creation"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestStdinAndBadFiles(t *testing.T) {
	code, out, _ := runCLI(t, "", "ALTER TABLE users DROP COLUMN email;\n", "check", "--format", "json", "-")
	r := decode(t, out)
	if code != exitFindings || len(r.Findings) != 1 || r.Findings[0].Path != "<stdin>" || r.Findings[0].Rule != "ban-drop-column" {
		t.Errorf("stdin: exit %d, %+v", code, r.Findings)
	}
	dir := writeFiles(t, map[string]string{
		"001_binary.sql": "\x00\x01\x02\x03binary",
		"002_latin1.sql": "SELECT 'caf\xe9';\n",
		"003_ok.sql":     "DROP TABLE old_things;\n",
	})
	if err := os.Symlink(filepath.Join(dir, "gone.sql"), filepath.Join(dir, "004_dangling.sql")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "", "check", "--format", "json", dir)
	r = decode(t, out)
	var got []string
	for _, f := range r.Findings {
		got = append(got, short(f))
	}
	want := "001_binary.sql:1:1-1:1 error unreadable-file\n002_latin1.sql:1:1-1:1 error unreadable-file\n003_ok.sql:1:12-1:22 error ban-drop-table"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	// The dangling link cannot be read: exit 2, one line naming it, and the
	// other files were still reported above.
	if code != exitError || !strings.Contains(errOut, "004_dangling.sql: cannot read") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestTextOutput(t *testing.T) {
	dir := writeFiles(t, map[string]string{"001.sql": "-- header\nCREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN n int;\nDROP TABLE old;\n"})
	_, out, _ := runCLI(t, "", "", "check", "--config", writeFiles(t, map[string]string{"c.yaml": "rules:\n  default: recommended\n"})+"/c.yaml", dir)
	lines := strings.Split(out, "\n")
	path := filepath.Join(dir, "001.sql")
	// A new table's int column is still worth a bigint warning; the DROP of
	// an existing table is an error with a code frame under "old".
	wantPrefix := []string{
		path + ":3:28: warning: ",
	}
	if !strings.HasPrefix(lines[0], wantPrefix[0]) || !strings.HasSuffix(lines[0], "[prefer-bigint-over-int]") {
		t.Errorf("first line %q", lines[0])
	}
	if lines[1] != " 3 | ALTER TABLE t ADD COLUMN n int;" || lines[2] != "   |                            ^^^" {
		t.Errorf("code frame:\n%s\n%s", lines[1], lines[2])
	}
	if !strings.Contains(out, path+":4:12: error: ") || !strings.Contains(out, " 4 | DROP TABLE old;\n   |            ^^^\n") {
		t.Errorf("drop table frame missing:\n%s", out)
	}
	if !strings.Contains(out, "Found 1 error, 1 warning in 1 file of 1 (3 statements checked).") {
		t.Errorf("summary missing:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

func TestOutputFileAndExplain(t *testing.T) {
	dir := t.TempDir()
	outFile := filepath.Join(dir, "report.json")
	code, stdout, _ := runCLI(t, "", "", "check", "--format", "json", "--output", outFile, "../../testdata/examples/migrations")
	if code != exitFindings || stdout != "" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if r := decode(t, string(data)); len(r.Findings) != 9 {
		t.Errorf("report file has %d findings", len(r.Findings))
	}
	// explain accepts a code, a name or a peer alias, in any case.
	for _, name := range []string{"SR201", "ban-drop-column", "banDropColumn"} {
		code, out, _ := runCLI(t, "", "", "explain", "--format", "json", name)
		var j ruleJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil || code != 0 {
			t.Fatalf("explain %s: exit %d, %v", name, code, err)
		}
		if j.Code != "SR201" || j.Name != "ban-drop-column" || j.Severity != "error" || !j.Default || j.Title == "" || j.Bad == "" {
			t.Errorf("explain %s: %+v", name, j)
		}
	}
	code, out, _ := runCLI(t, "", "", "rules", "--format", "json")
	var list []ruleJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list) < 28 {
		t.Errorf("rules: exit %d, %d rules, %v", code, len(list), err)
	}
}

func TestInitAndVerify(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "init")
	if code != 0 || !strings.Contains(out, "wrote .sqlreview.yaml") {
		t.Fatalf("init: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "init"); code != exitError || !strings.Contains(errOut, "already exists") {
		t.Errorf("second init: %d %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, dir, "", "config", "verify"); code != 0 || out != ".sqlreview.yaml: ok\n" {
		t.Errorf("verify: %d %q %q", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("rules:\n  severity:\n    ban-drop-column: loud\n"), 0o644)
	if code, _, errOut := runCLI(t, dir, "", "config", "verify", bad); code != exitError || !strings.Contains(errOut, "bad.yaml:3") {
		t.Errorf("verify bad: %d %q", code, errOut)
	}
}

// TestCorpusExitCodes: the CLI over PostgreSQL's regression SQL and the four
// migration histories ends with exit 0 or 1, never an internal error.
func TestCorpusExitCodes(t *testing.T) {
	root := shared.Path(t, "corpus")
	for _, dir := range []string{"pg-regress", "migrations"} {
		code, out, errOut := runCLI(t, "", "", "check", "--format", "json", "--enable", "SR001", filepath.Join(root, dir))
		if code != exitOK && code != exitFindings {
			t.Fatalf("%s: exit %d: %s", dir, code, errOut)
		}
		r := decode(t, out)
		syntax := 0
		for _, f := range r.Findings {
			switch f.Rule {
			case "internal-error":
				t.Errorf("%s:%d:%d: %s", f.Path, f.Start.Line, f.Start.Column, f.Message)
			case "syntax-error":
				syntax++
			}
		}
		if dir == "migrations" && (syntax != 0 || r.Files < 1500) {
			t.Errorf("migrations: %d syntax errors in %d files", syntax, r.Files)
		}
		if dir == "pg-regress" && (syntax < 150 || r.Files != 223) {
			t.Errorf("pg-regress: %d syntax errors in %d files", syntax, r.Files)
		}
	}
}
