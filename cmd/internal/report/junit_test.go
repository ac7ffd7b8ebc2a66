package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

func decodeJUnit(t *testing.T, data []byte) JUnitSuites {
	t.Helper()
	var out JUnitSuites
	if err := xml.Unmarshal(data, &out); err != nil {
		t.Fatalf("not valid JUnit XML: %v\n%s", err, data)
	}
	return out
}

func renderJUnit(t *testing.T, res *engine.Result, opt Options) JUnitSuites {
	t.Helper()
	var buf bytes.Buffer
	if err := JUnit(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), xml.Header) {
		t.Errorf("no XML declaration:\n%s", buf.String())
	}
	return decodeJUnit(t, buf.Bytes())
}

// TestJUnitExample parses the report of the real example run back and
// checks its counts against the result.
func TestJUnitExample(t *testing.T) {
	res := ciExample(t)
	out := renderJUnit(t, res, ciExampleOptions(t))
	c := ciCount(res)
	if out.Failures != c.total || out.Skipped != c.suppressed || out.Errors != 0 {
		t.Errorf("totals: %d failures, %d skipped, %d errors; want %d, %d, 0", out.Failures, out.Skipped, out.Errors, c.total, c.suppressed)
	}
	if len(out.Suites) != res.Files {
		t.Fatalf("%d suites for %d checked files", len(out.Suites), res.Files)
	}
	tests := 0
	for _, s := range out.Suites {
		var failures, skipped int
		for _, tc := range s.Cases {
			if tc.Classname != s.Name {
				t.Errorf("case %q has classname %q in suite %q", tc.Name, tc.Classname, s.Name)
			}
			if tc.Failure != nil {
				failures++
				if tc.Failure.Type == "" || tc.Failure.Message == "" || !strings.HasPrefix(tc.Failure.Text, s.Name+":") {
					t.Errorf("incomplete failure %+v", tc.Failure)
				}
			}
			if tc.Skipped != nil {
				skipped++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != failures || s.Skipped != skipped {
			t.Errorf("suite %s says tests=%d failures=%d skipped=%d; it holds %d cases, %d failures, %d skipped",
				s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), failures, skipped)
		}
		tests += s.Tests
		if s.Name == "testdata/examples/migrations/202501150900_create_users.sql" {
			if len(s.Cases) != 1 || s.Cases[0].Name != JUnitCleanCase || s.Cases[0].Failure != nil {
				t.Errorf("the clean file should have one passing case, got %+v", s.Cases)
			}
		}
		if strings.HasSuffix(s.Name, "_cleanup.sql") {
			if skipped != 1 || !strings.Contains(s.Cases[0].Skipped.Message, "the app stopped reading nickname") {
				t.Errorf("the suppressed finding should be skipped with its reason: %+v", s.Cases)
			}
		}
	}
	if out.Tests != tests {
		t.Errorf("testsuites tests=%d, the suites hold %d", out.Tests, tests)
	}
}

func TestJUnitErrorsAndOddText(t *testing.T) {
	f := testFinding("a.sql", 3, rules.Warning, "odd \x01 text ]]> <&> \"q\"")
	res := &engine.Result{
		Files:    1,
		Sources:  map[string]*source.File{"a.sql": nil},
		Findings: []engine.Finding{f},
		Errors:   []error{errors.New("b.sql: cannot read: permission denied"), errors.New("something odd")},
	}
	out := renderJUnit(t, res, Options{})
	if out.Tests != 3 || out.Failures != 1 || out.Errors != 2 {
		t.Fatalf("got tests=%d failures=%d errors=%d, want 3, 1, 2", out.Tests, out.Failures, out.Errors)
	}
	byName := map[string]JUnitSuite{}
	for _, s := range out.Suites {
		byName[s.Name] = s
	}
	a := byName["a.sql"].Cases[0].Failure
	if a == nil || a.Message != "odd \uFFFD text ]]> <&> \"q\"" || !strings.Contains(a.Text, "]]> <&>") {
		t.Errorf("failure %+v", a)
	}
	if e := byName["b.sql"].Cases[0].Error; e == nil || e.Message != "b.sql: cannot read: permission denied" {
		t.Errorf("b.sql: %+v", byName["b.sql"])
	}
	if e := byName["sqlreview"].Cases[0].Error; e == nil || e.Message != "something odd" {
		t.Errorf("an error without a file belongs to the sqlreview suite: %+v", out.Suites)
	}
}
