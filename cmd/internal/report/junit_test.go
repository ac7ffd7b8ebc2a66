package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

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
	// fail-on error: the errors fail, the warnings pass.
	if out.Failures != c.bySeverity[rules.Error] || out.Skipped != c.suppressed || out.Errors != 0 {
		t.Errorf("totals: %d failures, %d skipped, %d errors; want %d, %d, 0", out.Failures, out.Skipped, out.Errors, c.bySeverity[rules.Error], c.suppressed)
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
	out := renderJUnit(t, res, Options{FailOn: "warning"})
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

// TestJUnitOnlyBlockingFindingsFail: a finding below fail-on does not fail
// the gate, so it is a passing case whose output carries the finding
// (Azure's Tests tab would otherwise show a passing run red). Every
// element has a time: the run's wall time at the root; 0 for a file and a
// finding, which have no time of their own (files are checked in
// parallel).
func TestJUnitOnlyBlockingFindingsFail(t *testing.T) {
	res := &engine.Result{Files: 1, Findings: []engine.Finding{
		testFinding("a.sql", 1, rules.Error, "bad"),
		testFinding("a.sql", 2, rules.Warning, "meh"),
		testFinding("a.sql", 3, rules.Info, "fyi"),
	}}
	var buf bytes.Buffer
	if err := JUnit(&buf, res, Options{FailOn: "error", Failed: true, Elapsed: 1234567 * time.Microsecond}); err != nil {
		t.Fatal(err)
	}
	const want = xml.Header + `<testsuites name="sqlreview" tests="3" failures="1" errors="0" skipped="0" time="1.235">
  <testsuite name="a.sql" tests="3" failures="1" errors="0" skipped="0" time="0">
    <testcase name="test-rule at 1:3" classname="a.sql" file="a.sql" line="1" time="0">
      <failure message="bad" type="test-rule"><![CDATA[a.sql:1:3: error: bad [test-rule]
test-rule: A test rule
]]></failure>
    </testcase>
    <testcase name="test-rule at 2:3" classname="a.sql" file="a.sql" line="2" time="0">
      <system-out><![CDATA[a.sql:2:3: warning: meh [test-rule]
test-rule: A test rule
below fail-on error: reported, not failing
]]></system-out>
    </testcase>
    <testcase name="test-rule at 3:3" classname="a.sql" file="a.sql" line="3" time="0">
      <system-out><![CDATA[a.sql:3:3: info: fyi [test-rule]
test-rule: A test rule
below fail-on error: reported, not failing
]]></system-out>
    </testcase>
  </testsuite>
</testsuites>
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}

	// fail-on warning: the warning fails too; never: nothing does.
	if out := renderJUnit(t, res, Options{FailOn: "warning"}); out.Failures != 2 {
		t.Errorf("fail-on warning: %d failures, want 2", out.Failures)
	}
	if out := renderJUnit(t, res, Options{FailOn: "never"}); out.Failures != 0 {
		t.Errorf("fail-on never: %d failures, want 0", out.Failures)
	}
	// No --fail-on: the config's (here the default, error).
	if out := renderJUnit(t, res, Options{}); out.Failures != 1 {
		t.Errorf("default fail-on: %d failures, want 1", out.Failures)
	}
}

// TestJUnitThousands: every one of 5,500 findings is a case; the 3,000
// errors fail (fail-on error), the others pass.
func TestJUnitThousands(t *testing.T) {
	out := renderJUnit(t, thousands(3000, 2000, 500), Options{FailOn: "error"})
	if out.Tests != 5500 || out.Failures != 3000 || len(out.Suites) != 20 {
		t.Errorf("tests=%d failures=%d suites=%d; want 5500, 3000, 20", out.Tests, out.Failures, len(out.Suites))
	}
}
