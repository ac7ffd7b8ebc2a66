package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func gitlabIssues(t *testing.T, res *engine.Result, opt Options) []GitLabIssue {
	t.Helper()
	var buf bytes.Buffer
	if err := GitLab(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	var issues []GitLabIssue
	if err := json.Unmarshal(buf.Bytes(), &issues); err != nil {
		t.Fatalf("not a JSON array of issues: %v\n%s", err, buf.Bytes())
	}
	return issues
}

// copyExamples copies the example migrations into dir.
func copyExamples(t *testing.T, dir string) {
	t.Helper()
	src := filepath.Join(ciRepoRoot(t), "testdata", "examples", "migrations")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fingerprints(issues []GitLabIssue) map[string]GitLabIssue {
	out := map[string]GitLabIssue{}
	for _, is := range issues {
		out[is.Fingerprint] = is
	}
	return out
}

// TestGitLabFingerprints checks what GitLab relies on to tell new issues
// from old ones: a fingerprint per issue, unique, and unchanged when lines
// are added above the finding.
func TestGitLabFingerprints(t *testing.T) {
	dir := t.TempDir()
	copyExamples(t, dir)
	check := func() []GitLabIssue {
		res, err := engine.Check([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return gitlabIssues(t, res, Options{Root: dir})
	}
	before := check()
	if len(before) < 5 {
		t.Fatalf("expected the examples to produce findings, got %d issues", len(before))
	}
	fps := fingerprints(before)
	if len(fps) != len(before) {
		t.Fatalf("%d issues but %d distinct fingerprints", len(before), len(fps))
	}
	for _, is := range before {
		if is.Fingerprint == "" || is.CheckName == "" || is.Description == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
			t.Errorf("incomplete issue: %+v", is)
		}
	}

	// Same input, same fingerprints.
	if again := fingerprints(check()); !sameKeys(fps, again) {
		t.Errorf("fingerprints changed between two identical runs")
	}

	// Lines added at the top of every file: same fingerprints, new lines.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append([]byte("-- a comment added later\n\n"), data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	after := fingerprints(check())
	if !sameKeys(fps, after) {
		t.Fatalf("fingerprints changed when lines were added above the findings:\nbefore %v\nafter  %v", keys(fps), keys(after))
	}
	for fp, is := range fps {
		if got := after[fp].Location.Lines.Begin; got != is.Location.Lines.Begin+2 {
			t.Errorf("%s: line %d after the shift, want %d", is.CheckName, got, is.Location.Lines.Begin+2)
		}
	}
}

func TestGitLabSeverities(t *testing.T) {
	res := &engine.Result{Findings: []engine.Finding{
		testFinding("a.sql", 1, rules.Error, "e"),
		testFinding("a.sql", 2, rules.Warning, "w"),
		testFinding("a.sql", 3, rules.Info, "i"),
	}}
	res.Findings = append(res.Findings, testFinding("a.sql", 4, rules.Error, "suppressed"))
	res.Findings[3].Suppressed = true
	issues := gitlabIssues(t, res, Options{})
	var got []string
	for _, is := range issues {
		got = append(got, is.Description+"="+is.Severity)
	}
	want := []string{"e=critical", "w=major", "i=info"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
}

func sameKeys(a, b map[string]GitLabIssue) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func keys(m map[string]GitLabIssue) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
