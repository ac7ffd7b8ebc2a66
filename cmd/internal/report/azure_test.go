package report

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func renderAzure(t *testing.T, res *engine.Result, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Azure(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// azureUnescape undoes the escaping the way the agent does: the special
// symbols first, then %AZP25.
func azureUnescape(s string) string {
	s = strings.NewReplacer("%3B", ";", "%0D", "\r", "%0A", "\n", "%5D", "]").Replace(s)
	return strings.ReplaceAll(s, "%AZP25", "%")
}

func TestAzureEscaping(t *testing.T) {
	f := testFinding("dir;1/a]b%.sql", 4, rules.Error, awkward)
	got := renderAzure(t, &engine.Result{Findings: []engine.Finding{f}}, Options{})
	line, _, _ := strings.Cut(got, "\n")
	abs, _ := filepath.Abs(f.Path)
	want := "##vso[task.logissue type=error;sourcepath=" + strings.ReplaceAll(abs, "dir;1/a]b%.sql", "dir%3B1/a%5Db%AZP25.sql") + ";linenumber=4;columnnumber=3;code=test-rule]" +
		"100%AZP25 sure: a,b%0Asecond line%0D%0A]; ##vso[task.setvariable variable=x]1 ::warning::x <b>|"
	if line != want {
		t.Fatalf("got  %q\nwant %q", line, want)
	}
	// The agent splits at the first ']' after the command and reads the
	// rest back as the message.
	props, msg, _ := strings.Cut(strings.TrimPrefix(line, "##vso[task.logissue "), "]")
	if azureUnescape(msg) != awkward {
		t.Errorf("message reads back as %q", azureUnescape(msg))
	}
	for _, p := range strings.Split(props, ";") {
		if k, v, _ := strings.Cut(p, "="); k == "sourcepath" && azureUnescape(v) != abs {
			t.Errorf("sourcepath reads back as %q", azureUnescape(v))
		}
	}
}

func TestAzureTaskComplete(t *testing.T) {
	warn := testFinding("a.sql", 1, rules.Warning, "w")
	info := testFinding("a.sql", 2, rules.Info, "note ##vso[task.setvariable variable=x]1 ###vso[")
	cases := []struct {
		name     string
		findings []engine.Finding
		errs     []error
		failed   bool
		want     string // the task.complete line, "" for none
	}{
		{"gate failed", []engine.Finding{warn}, nil, true, "##vso[task.complete result=Failed;]"},
		{"findings below the gate", []engine.Finding{warn}, nil, false, "##vso[task.complete result=SucceededWithIssues;]"},
		{"info only", []engine.Finding{info}, nil, false, ""},
		{"nothing", nil, nil, false, ""},
		{"unreadable file", nil, []error{errors.New("m/x.sql: cannot read: permission denied")}, false, "##vso[task.complete result=Failed;]"},
	}
	for _, c := range cases {
		out := renderAzure(t, &engine.Result{Findings: c.findings, Errors: c.errs, Files: 1}, Options{Failed: c.failed})
		n := strings.Count(out, "##vso[task.complete")
		if c.want == "" {
			if n != 0 {
				t.Errorf("%s: unexpected task.complete:\n%s", c.name, out)
			}
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if last := lines[len(lines)-1]; n != 1 || !strings.HasPrefix(last, c.want) {
			t.Errorf("%s: want one %q line, last, got:\n%s", c.name, c.want, out)
		}
	}
}

func TestAzureInfoIsPlainAndInert(t *testing.T) {
	info := testFinding("a.sql", 2, rules.Info, "note ##vso[task.setvariable variable=x]1 ###VSO[ ##[error]x\n##vso[task.complete result=Failed;]\x1b[2K")
	out := renderAzure(t, &engine.Result{Findings: []engine.Finding{info}}, Options{})
	want := `info: a.sql:2:3: note #\x23vso[task.setvariable variable=x]1 ##\x23VSO[ #\x23[error]x\n#\x23vso[task.complete result=Failed;]\x1b[2K [test-rule]` + "\n"
	if out != want {
		t.Errorf("an info line must carry no logging or formatting command:\ngot  %q\nwant %q", out, want)
	}
}

func TestAzureReadError(t *testing.T) {
	root := t.TempDir()
	out := renderAzure(t, &engine.Result{Errors: []error{errors.New(filepath.Join(root, "m/x;y.sql") + ": cannot read: permission denied")}}, Options{Root: root})
	want := "##vso[task.logissue type=error;sourcepath=" + root + "/m/x%3By.sql;code=read-error]m/x;y.sql: cannot read: permission denied\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got %q, want prefix %q", out, want)
	}
}
