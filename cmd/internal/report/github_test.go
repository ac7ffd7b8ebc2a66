package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// awkward is a message with every character the CI formats must escape.
const awkward = "100% sure: a,b\nsecond line\r\n]; ##vso[task.setvariable variable=x]1 ::warning::x <b>|"

// githubUnescape undoes the escaping the way the Actions runner does.
func githubUnescape(s string, property bool) string {
	pairs := []string{"%0D", "\r", "%0A", "\n"}
	if property {
		pairs = append(pairs, "%3A", ":", "%2C", ",")
	}
	pairs = append(pairs, "%25", "%") // last, as the runner does
	for i := 0; i < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

func TestGitHubEscaping(t *testing.T) {
	noStepSummary(t)
	f := testFinding("dir,1/a:b%.sql", 4, rules.Warning, awkward)
	res := &engine.Result{Findings: []engine.Finding{f}, Files: 1}
	var buf bytes.Buffer
	if err := GitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=dir%2C1/a%3Ab%25.sql,line=4,endLine=4,col=3,endColumn=9,title=test-rule%3A A test rule::" +
		"100%25 sure: a,b%0Asecond line%0D%0A]; ##vso[task.setvariable variable=x]1 ::warning::x <b>|\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
	// The runner reads back exactly what was meant.
	cmd := strings.TrimSuffix(buf.String(), "\n")
	props, msg, _ := strings.Cut(strings.TrimPrefix(cmd, "::warning "), "::")
	if got := githubUnescape(msg, false); got != awkward {
		t.Errorf("message reads back as %q", got)
	}
	file, _, _ := strings.Cut(strings.TrimPrefix(props, "file="), ",line=")
	if got := githubUnescape(file, true); got != f.Path {
		t.Errorf("file reads back as %q", got)
	}
}

func TestGitHubLevelsAndRanges(t *testing.T) {
	noStepSummary(t)
	multi := testFinding("m.sql", 2, rules.Error, "spans lines")
	multi.End = source.Position{Line: 5, Column: 4}
	endsAtLineStart := testFinding("m.sql", 7, rules.Info, "ends at the next line's start")
	endsAtLineStart.End = source.Position{Line: 8, Column: 1}
	suppressed := testFinding("m.sql", 9, rules.Error, "accepted")
	suppressed.Suppressed = true
	res := &engine.Result{Findings: []engine.Finding{multi, endsAtLineStart, suppressed}}
	var buf bytes.Buffer
	if err := GitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=m.sql,line=2,endLine=5,title=test-rule%3A A test rule::spans lines\n" +
		"::notice file=m.sql,line=7,endLine=7,col=3,title=test-rule%3A A test rule::ends at the next line's start\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestGitHubStepSummaryAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "step_summary.md")
	const earlier = "## Build\n\nan earlier step wrote this\n"
	if err := os.WriteFile(path, []byte(earlier), 0o644); err != nil {
		t.Fatal(err)
	}
	old := githubSummaryPath
	githubSummaryPath = func() string { return path }
	t.Cleanup(func() { githubSummaryPath = old })

	res := &engine.Result{Files: 2, Statements: 3, Findings: []engine.Finding{
		testFinding("a.sql", 1, rules.Error, "bad | worse\nsecond line"),
		testFinding("<stdin>", 2, rules.Warning, "meh"),
	}}
	var out bytes.Buffer
	if err := GitHub(&out, res, Options{Failed: true, FailOn: "error"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	summary := GitHubSummary(res, Options{Failed: true, FailOn: "error"})
	if string(data) != earlier+summary {
		t.Fatalf("the summary was not appended after the earlier content:\n%s", data)
	}
	for _, want := range []string{
		"Found 1 error, 1 warning in 2 of 2 files (3 statements checked). Merge gate: failed (fail-on error).",
		"| `a.sql:1` | error | `test-rule` | bad \\| worse<br>second line |",
		"| `<stdin>:2` | warning | `test-rule` | meh |",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	// The annotations still go to the writer, not the summary.
	if !strings.HasPrefix(out.String(), "::error file=a.sql,") {
		t.Errorf("annotations: %q", out.String())
	}

	// A second step appends again.
	if err := GitHub(&out, res, Options{Failed: true}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if got := strings.Count(string(data), "### sqlreview"); got != 2 || !strings.HasPrefix(string(data), earlier) {
		t.Errorf("after two runs the summary holds %d sqlreview sections:\n%s", got, data)
	}
}

func TestGitHubStepSummaryError(t *testing.T) {
	dir := t.TempDir() // a directory cannot be appended to
	old := githubSummaryPath
	githubSummaryPath = func() string { return dir }
	t.Cleanup(func() { githubSummaryPath = old })
	err := GitHub(&bytes.Buffer{}, &engine.Result{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "GITHUB_STEP_SUMMARY") {
		t.Fatalf("want an error naming GITHUB_STEP_SUMMARY, got %v", err)
	}
}

func TestGitHubSummaryEmpty(t *testing.T) {
	got := GitHubSummary(&engine.Result{Files: 3, Statements: 5}, Options{})
	want := "### sqlreview\n\nNo problems found in 3 files (5 statements checked). Merge gate: passed.\n\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
