package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// thousands is a run with errors, warnings and infos findings (in that
// order within each file), spread over 20 files, each message long enough
// that the step summary of 5,500 findings passes GitHub's 1 MiB.
func thousands(errors, warnings, infos int) *engine.Result {
	res := &engine.Result{Files: 20, Statements: errors + warnings + infos}
	pad := strings.Repeat("x", 200)
	n := 0
	add := func(count int, sev rules.Severity) {
		for i := 0; i < count; i++ {
			n++
			res.Findings = append(res.Findings, testFinding(fmt.Sprintf("m/%02d.sql", n%20), n, sev, fmt.Sprintf("%s %d %s", sev, i, pad)))
		}
	}
	add(errors, rules.Error)
	add(warnings, rules.Warning)
	add(infos, rules.Info)
	return res
}

// linesStarting returns the lines of s that start with prefix.
func linesStarting(s, prefix string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// TestGitHubThousands: GitHub shows 10 annotations of each level per step
// and drops the rest silently, and drops a step summary above 1 MiB whole.
// With 5,500 findings the github format writes 10 errors, 10 warnings, 9
// info notices and one notice saying what was left out and where it is;
// every other finding is a plain log line; the summary stays within 1 MiB
// (counting what the step wrote before) and says how many rows it left out.
func TestGitHubThousands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "step_summary.md")
	earlier := strings.Repeat("an earlier command of this step wrote this\n", 1000)
	if err := os.WriteFile(path, []byte(earlier), 0o644); err != nil {
		t.Fatal(err)
	}
	old := githubSummaryPath
	githubSummaryPath = func() string { return path }
	t.Cleanup(func() { githubSummaryPath = old })

	res := thousands(3000, 2000, 500)
	var buf bytes.Buffer
	opt := Options{Failed: true, FailOn: "error", FullReport: []string{"sqlreview.json"}}
	if err := GitHub(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	errs, warns, notices := linesStarting(out, "::error "), linesStarting(out, "::warning "), linesStarting(out, "::notice ")
	if len(errs) != 10 || len(warns) != 10 || len(notices) != 10 {
		t.Fatalf("%d error, %d warning, %d notice annotations; GitHub shows 10 of each per step", len(errs), len(warns), len(notices))
	}
	// The most severe first; among equals, report order.
	if !strings.HasPrefix(errs[0], "::error file=m/01.sql,line=1,") || !strings.Contains(errs[9], "::error 9 x") {
		t.Errorf("first and last error annotations:\n%s\n%s", errs[0], errs[9])
	}
	const wantNotice = "::notice title=sqlreview%3A 5471 findings not annotated::5471 findings (2990 errors, 1990 warnings, 491 infos) " +
		"are not annotated: GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job) and drops the rest. " +
		"Every finding is in this step's log and sqlreview.json."
	if notices[9] != wantNotice {
		t.Errorf("last notice:\n got %s\nwant %s", notices[9], wantNotice)
	}
	plain := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(l, "::") {
			plain++
		}
	}
	if plain != 5471 {
		t.Errorf("%d plain log lines, want the 5471 findings not annotated", plain)
	}
	if want := "m/10.sql:5010:3: info: info 9 " + strings.Repeat("x", 200) + " [test-rule]\n"; !strings.Contains(out, "\n"+want) {
		t.Errorf("the log lacks the plain line %q", want)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > GitHubSummaryMax {
		t.Fatalf("the step summary is %d bytes; GitHub drops it above %d", len(data), GitHubSummaryMax)
	}
	summary := strings.TrimPrefix(string(data), earlier)
	// Each row is about 270 bytes: 3,924 fit, every error and the first
	// 924 warnings (the most severe), in report order.
	rows := linesStarting(summary, "| `m/")
	if len(rows) != 3924 || !strings.Contains(rows[3923], "| warning | `test-rule` | warning 923 ") {
		t.Fatalf("%d rows in the summary, the last %q; want 3924, the last warning 923", len(rows), rows[len(rows)-1])
	}
	const wantEnd = "\n\n1576 findings (1076 warnings, 500 infos) are not in this table: GitHub drops a job summary above 1 MiB per step. " +
		"Every finding is in this step's log and sqlreview.json.\n\n"
	if !strings.HasSuffix(summary, wantEnd) {
		t.Errorf("the summary ends with\n%q\nwant\n%q", summary[len(summary)-300:], wantEnd)
	}
	if len(data) < GitHubSummaryMax-300 {
		t.Errorf("the summary is %d bytes; it should fill the 1 MiB budget nearly", len(data))
	}
}

// TestAzureThousands: the agent keeps 10 errors and 10 warnings per task
// as issues. With 5,500 findings the azure format writes 9 error issues
// and the issue that says what was left out (the most severe type cut
// takes it), 10 warning issues with absolute paths, and every other
// finding as a plain log line.
func TestAzureThousands(t *testing.T) {
	res := thousands(3000, 2000, 500)
	out := renderAzure(t, res, Options{Failed: true, FailOn: "error", FullReport: []string{"sqlreview.json"}})
	errs := linesStarting(out, "##vso[task.logissue type=error;")
	warns := linesStarting(out, "##vso[task.logissue type=warning;")
	if len(errs) != 10 || len(warns) != 10 {
		t.Fatalf("%d error and %d warning issues; the agent keeps 10 of each per task", len(errs), len(warns))
	}
	abs, _ := filepath.Abs("m/01.sql")
	if want := "##vso[task.logissue type=error;sourcepath=" + abs + ";linenumber=1;columnnumber=3;code=test-rule]error 0 "; !strings.HasPrefix(errs[0], want) {
		t.Errorf("first issue %q, want prefix %q", errs[0], want)
	}
	const wantNotice = "##vso[task.logissue type=error;code=sqlreview-left-out]4981 findings (2991 errors, 1990 warnings) are not issues: " +
		"Azure Pipelines keeps 10 errors and 10 warnings per task as issues. Every finding is in this task's log and sqlreview.json."
	if errs[9] != wantNotice {
		t.Errorf("last error issue:\n got %s\nwant %s", errs[9], wantNotice)
	}
	plain := len(linesStarting(out, "error: ")) + len(linesStarting(out, "warning: ")) + len(linesStarting(out, "info: "))
	if plain != 5500-19 {
		t.Errorf("%d plain lines, want the %d findings that are not issues", plain, 5500-19)
	}
	if !strings.Contains(out, "\nerror: m/10.sql:10:3: error 9 ") {
		t.Error("the tenth error is not a plain line")
	}

	// Warnings alone over the limit: the warning type takes the notice.
	out = renderAzure(t, thousands(0, 30, 0), Options{})
	if n := len(linesStarting(out, "##vso[task.logissue type=warning;sourcepath=")); n != 9 {
		t.Errorf("%d warning issues for findings, want 9 and the notice", n)
	}
	if want := "##vso[task.logissue type=warning;code=sqlreview-left-out]21 findings (21 warnings) are not issues: "; !strings.Contains(out, "\n"+want) {
		t.Errorf("no notice %q in\n%s", want, out)
	}
}

// TestBitbucketThousands: a report takes 1,000 annotations; of 5,500
// findings the 1,000 kept are errors (the most severe) and the details say
// what the rest are and where to read them.
func TestBitbucketThousands(t *testing.T) {
	_, out := renderBitbucket(t, thousands(3000, 2000, 500), Options{Failed: true, FailOn: "error"})
	if len(out.Annotations) != 1000 {
		t.Fatalf("%d annotations, want 1000", len(out.Annotations))
	}
	for _, a := range out.Annotations {
		if a.Severity != "HIGH" {
			t.Fatalf("annotation %+v kept while errors were left out", a)
		}
	}
	const want = "Found 3000 errors, 2000 warnings, 500 infos in 20 of 20 files (5500 statements checked). Merge gate: failed (fail-on error). " +
		"4500 findings (2000 errors, 2000 warnings, 500 infos) are not annotated: Bitbucket accepts 1000 annotations per report. " +
		"Every finding is in the text or JSON report of `sqlreview check` (--format text, --format json=FILE)."
	if out.Report.Details != want {
		t.Errorf("details\n%q\nwant\n%q", out.Report.Details, want)
	}
}

// TestGitLabThousands: GitLab documents no count limit for a Code Quality
// report (only the instance's artifact size limit), so every finding is
// an entry, each with its own fingerprint.
func TestGitLabThousands(t *testing.T) {
	issues := gitlabIssues(t, thousands(3000, 2000, 500), Options{})
	if len(issues) != 5500 {
		t.Fatalf("%d issues, want 5500", len(issues))
	}
	if fps := fingerprints(issues); len(fps) != 5500 {
		t.Errorf("%d distinct fingerprints for 5500 issues", len(fps))
	}
}
