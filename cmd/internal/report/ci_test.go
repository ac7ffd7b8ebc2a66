package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// ciFormats are the formats this file's golden test covers.
var ciFormats = []string{"github", "gitlab", "bitbucket", "azure", "junit"}

// ciRepoRoot is the repository root, seen from this package's directory
// (where `go test` runs).
func ciRepoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var (
	ciExampleOnce sync.Once
	ciExampleRes  *engine.Result
	ciExampleErr  error
)

// ciExample checks testdata/examples/migrations for real, once per test
// binary, with the repository's .sqlreview.yaml.
func ciExample(t *testing.T) *engine.Result {
	t.Helper()
	ciExampleOnce.Do(func() {
		ciExampleRes, ciExampleErr = engine.Check([]string{filepath.Join("..", "..", "..", "testdata", "examples", "migrations")}, engine.Options{})
	})
	if ciExampleErr != nil {
		t.Fatalf("checking the examples: %v", ciExampleErr)
	}
	return ciExampleRes
}

// ciExampleOptions are the options the CLI would pass for the example run:
// it has errors, so the default gate (fail-on error) fails.
func ciExampleOptions(t *testing.T) Options {
	return Options{Version: "test", Root: ciRepoRoot(t), Failed: true, FailOn: "error"}
}

// noStepSummary keeps the github writer away from the real job summary
// when the tests themselves run in GitHub Actions.
func noStepSummary(t *testing.T) {
	t.Helper()
	old := githubSummaryPath
	githubSummaryPath = func() string { return "" }
	t.Cleanup(func() { githubSummaryPath = old })
}

// checkGolden compares got with testdata/report/NAME, rewriting it when
// UPDATE_GOLDEN=1.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(ciRepoRoot(t), "testdata", "report", name)
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale (run with UPDATE_GOLDEN=1 to rewrite it after checking the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestCIGolden(t *testing.T) {
	res := ciExample(t)
	counts := ciCount(res)
	if counts.total != 8 || counts.suppressed != 1 || res.Files != 4 || counts.bySeverity[rules.Error] == 0 {
		t.Fatalf("the example run changed: %d findings (%d suppressed) in %d files; the golden files assume 8 (+1 suppressed) in 4 with errors",
			counts.total, counts.suppressed, res.Files)
	}
	for _, name := range ciFormats {
		t.Run(name, func(t *testing.T) {
			noStepSummary(t)
			fn, ok := Lookup(name)
			if !ok {
				t.Fatalf("format %q is not registered", name)
			}
			var buf bytes.Buffer
			if err := fn(&buf, res, ciExampleOptions(t)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			if name == "azure" {
				// The agent wants absolute file paths: the golden file
				// holds them below $ROOT.
				got = bytes.ReplaceAll(got, []byte(ciRepoRoot(t)+string(filepath.Separator)), []byte("$ROOT/"))
			}
			if bytes.Contains(got, []byte("../")) || bytes.Contains(got, []byte(ciRepoRoot(t))) {
				t.Errorf("paths are not relative to the repository root:\n%s", got)
			}
			checkGolden(t, name+".golden", got)

			// Deterministic: a second rendering is byte-identical.
			var again bytes.Buffer
			if err := fn(&again, res, ciExampleOptions(t)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two renderings of the same result differ")
			}
		})
	}
	t.Run("github-step-summary", func(t *testing.T) {
		checkGolden(t, "github-step-summary.golden", []byte(GitHubSummary(res, ciExampleOptions(t))))
	})
}

// TestCIEmpty renders a run that found nothing in each format.
func TestCIEmpty(t *testing.T) {
	noStepSummary(t)
	res := &engine.Result{Sources: map[string]*source.File{}}
	want := map[string]string{
		"github": "",
		"gitlab": "[]\n",
		"azure":  "",
	}
	for _, name := range ciFormats {
		fn, _ := Lookup(name)
		var buf bytes.Buffer
		if err := fn(&buf, res, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if w, ok := want[name]; ok && buf.String() != w {
			t.Errorf("%s: got %q, want %q", name, buf.String(), w)
		}
		switch name {
		case "bitbucket":
			out := decodeBitbucket(t, buf.Bytes())
			if out.Report.Result != "PASSED" || len(out.Annotations) != 0 || !strings.Contains(buf.String(), `"annotations": []`) {
				t.Errorf("bitbucket: want PASSED and an empty annotations array, got\n%s", buf.String())
			}
		case "junit":
			suites := decodeJUnit(t, buf.Bytes())
			if suites.Tests != 0 || len(suites.Suites) != 0 {
				t.Errorf("junit: want no suites, got\n%s", buf.String())
			}
		}
	}
}

// testRule stands in for a real rule in synthetic results.
var testRule = &rules.Rule{Name: "test-rule", Code: "SR999", Category: rules.Locking, Doc: rules.Doc{Title: "A test rule"}}

// testFinding is an unsuppressed finding on one line of path.
func testFinding(path string, line int, sev rules.Severity, msg string) engine.Finding {
	return engine.Finding{
		Path: path, Rule: testRule, Severity: sev, Message: msg,
		Start: source.Position{Line: line, Column: 3}, End: source.Position{Line: line, Column: 9},
		Fingerprint: fmt.Sprintf("fp-%s-%d-%s", path, line, sev),
	}
}

func TestCIPath(t *testing.T) {
	root := ciRepoRoot(t)
	cases := []struct{ root, path, want string }{
		{root, filepath.Join("..", "..", "..", "testdata", "x.sql"), "testdata/x.sql"},
		{root, filepath.Join(root, "migrations", "a.sql"), "migrations/a.sql"},
		{root, "/elsewhere/b.sql", "/elsewhere/b.sql"}, // outside the repository: as given
		{root, engine.StdinPath, engine.StdinPath},
		{"", filepath.Join("a", "b.sql"), "a/b.sql"},
	}
	for _, c := range cases {
		if got := ciPath(c.root, c.path); got != c.want {
			t.Errorf("ciPath(%q, %q) = %q, want %q", c.root, c.path, got, c.want)
		}
	}
}
