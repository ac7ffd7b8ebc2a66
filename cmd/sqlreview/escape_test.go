package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// hostileName is a file name that, printed raw, starts a GitHub workflow
// command on its own line.
const hostileName = "a\n::error::b.sql"

// hostileSQL fails to parse, and the syntax error quotes the literal: a
// carriage return, an erase-line escape and an Azure logging command.
const hostileSQL = "SELECT 1 'a\r\x1b[2K\n##vso[task.complete result=Succeeded]';\n"

// commandLine matches a line a CI runner would execute or format: GitHub
// "::" at the start, "##[" anywhere, Azure "##vso[" anywhere.
var commandLine = regexp.MustCompile(`(?i)^\s*::|##\[|##vso\[`)

// TestOutputCannotBeHijacked: in every format, user content (a file name, a
// syntax error quoting a literal) reaches the output with its control
// characters escaped, and no line of it is a CI logging command other than
// the format's own.
func TestOutputCannotBeHijacked(t *testing.T) {
	dir := writeFiles(t, map[string]string{hostileName: hostileSQL})
	exact := map[string]string{
		"text": `a\n::error::b.sql:1:10: error: syntax error at or near "'a\r\x1b[2K\n#\x23vso[task.complete result=Succeeded]'" [syntax-error]
 1 | SELECT 1 'a
   |          ^^
 2 | \x1b[2K
   | ^^^^^^^
 3 | #\x23vso[task.complete result=Succeeded]';
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
     = help: PostgreSQL rejects the statement, so the migration fails when it reaches it. (` + "`sqlreview explain syntax-error`" + `)

Found 1 error in 1 file of 1 (1 statement checked).
`,
		"github": `::error file=a\n%3A%3Aerror%3A%3Ab.sql,line=1,endLine=3,title=syntax-error%3A Statement does not parse::syntax error at or near "'a%0D\x1b[2K%0A##vso[task.complete result=Succeeded]'"%0A%0Ahelp: PostgreSQL rejects the statement, so the migration fails when it reaches it. (` + "`sqlreview explain syntax-error`" + `)
`,
		// Azure wants an absolute sourcepath: the directory is the test's.
		"azure": `##vso[task.logissue type=error;sourcepath=$DIR/a\n::error::b.sql;linenumber=1;columnnumber=10;code=syntax-error]syntax error at or near "'a%0D\x1b[2K%0A##vso[task.complete result=Succeeded]'"
##vso[task.complete result=Failed;]Found 1 error in 1 of 1 file (1 statement checked). Merge gate: failed.
`,
	}
	for _, format := range []string{"text", "json", "sarif", "github", "gitlab", "bitbucket", "azure", "junit", "markdown"} {
		t.Setenv("GITHUB_STEP_SUMMARY", "")
		code, out, errOut := runCLI(t, dir, "", "check", "--format", format, ".")
		if code != exitFindings {
			t.Errorf("%s: exit %d; want 1\n%s", format, code, errOut)
		}
		if want, ok := exact[format]; ok && out != strings.ReplaceAll(want, "$DIR", dir) {
			t.Errorf("%s:\ngot  %q\nwant %q", format, out, want)
		}
		if strings.ContainsAny(out, "\r\x1b") {
			t.Errorf("%s: raw control characters in the output:\n%q", format, out)
		}
		for i, line := range strings.Split(out, "\n") {
			own := (format == "github" && regexp.MustCompile(`^::(error|warning|notice) file=`).MatchString(line)) ||
				(format == "azure" && strings.HasPrefix(line, "##vso[task."))
			if !own && commandLine.MatchString(line) {
				t.Errorf("%s: line %d is a CI command: %q", format, i+1, line)
			}
		}
	}
}

// TestHistoryAndStatusEscaped: a migration's name and its error (quoting a
// literal with control characters) are printed escaped by history, history
// --env and status.
func TestHistoryAndStatusEscaped(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeFiles(t, map[string]string{
		"migrations/001_x\x1b[2K.sql": "SELECT 'a\r\x1b[2K\n##vso[task.complete result=Succeeded]'::int;\n",
		".sqlreview.yaml": `migrations: {dir: migrations}
environments:
  - name: staging
    targets: [{name: app, url: "${APP_URL}"}]
`,
	})
	t.Setenv("APP_URL", url)
	// The lines of a multi-line message are joined with a space.
	const wantErr = `/001_x\x1b[2K.sql:1: statement 1 failed: ERROR: invalid input syntax for type integer: "a\r\x1b[2K #\x23vso[task.complete result=Succeeded]" (SQLSTATE 22P02)`
	code, out, errOut := runCLI(t, dir, "", "apply", "--database-url", url, "--no-review")
	if code != exitFindings {
		t.Fatalf("apply: exit %d\n%s", code, errOut)
	}
	if strings.ContainsAny(out+errOut, "\r\x1b") || strings.Contains(errOut, "\n##") || !strings.HasPrefix(out, `applying 001_x\x1b[2K.sql (1 statements, `) {
		t.Errorf("apply's progress or error is not escaped:\n%q\n%q", out, errOut)
	}
	code, out, errOut = runCLI(t, dir, "", "history", "--database-url", url)
	lines := strings.Split(out, "\n")
	if code != 0 || len(lines) < 3 || !strings.HasSuffix(lines[1], ` 001_x\x1b[2K.sql`) ||
		!strings.HasPrefix(lines[2], "    error: /") || !strings.HasSuffix(lines[2], wantErr) {
		t.Errorf("history: exit %d\n%q\n%s", code, out, errOut)
	}
	// A release stores plain file names only (the store refuses any other
	// when it reads a release back), so release create refuses this one.
	code, out, errOut = runCLI(t, dir, "", "release", "create")
	if wantRefusal := `sqlreview: ` + filepath.Join(dir, "migrations") + `/001_x\x1b[2K.sql: a release stores plain migration file names, without control characters; rename the file` + "\n"; code != exitError || out != "" || errOut != wantRefusal {
		t.Errorf("release create: exit %d\n%q\n%q\nwant %q", code, out, errOut, wantRefusal)
	}
	// The state store's target error and the per-environment history.
	if err := os.Rename(filepath.Join(dir, "migrations", "001_x\x1b[2K.sql"), filepath.Join(dir, "migrations", "001_x.sql")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, dir, "", "release", "create")
	if code != 0 {
		t.Fatalf("release create: %d %s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, dir, "", "rollout", "--release", releaseID(t, dir), "--env", "staging", "--no-review")
	if code != exitFindings {
		t.Fatalf("rollout: exit %d\n%s", code, errOut)
	}
	for _, args := range [][]string{{"status"}, {"history", "--env", "staging"}} {
		code, out, errOut = runCLI(t, dir, "", args...)
		const escapedErr = `migrations/001_x.sql:1: statement 1 failed: ERROR: invalid input syntax for type integer: "a\r\x1b[2K #\x23vso[task.complete result=Succeeded]" (SQLSTATE 22P02)`
		if code != 0 || strings.ContainsAny(out, "\r\x1b") || commandLineIn(out) || !strings.Contains(out, escapedErr) {
			t.Errorf("%v: exit %d\n%q\n%s", args, code, out, errOut)
		}
	}
}

func commandLineIn(out string) bool {
	for _, line := range strings.Split(out, "\n") {
		if commandLine.MatchString(line) {
			return true
		}
	}
	return false
}

// releaseID returns the newest release of the project in dir.
func releaseID(t *testing.T, dir string) string {
	t.Helper()
	code, out, errOut := runCLI(t, dir, "", "release", "list")
	if code != 0 {
		t.Fatalf("release list: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return strings.Fields(lines[len(lines)-1])[0]
}
