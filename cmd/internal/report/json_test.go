package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// referenceJSON is the report as encoding/json writes JSONReport whole,
// indented: the format JSON must keep byte for byte.
func referenceJSON(t *testing.T, res *engine.Result) []byte {
	out := JSONReport{Findings: JSONFindings(res), Files: res.Files, Statements: res.Statements}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestJSONMatchesWholeEncoding(t *testing.T) {
	dir := t.TempDir()
	sql := "CREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN \"<é&>\u2028\" int NOT NULL;\nSELECT 1 FROM;\n-- sqlreview:ignore ban-drop-table -- \"kept\" <on purpose>\nDROP TABLE t;\n"
	if err := os.WriteFile(filepath.Join(dir, "V1__x.sql"), []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	withFindings, err := engine.Check([]string{dir}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(withFindings.Findings) < 3 {
		t.Fatalf("want several findings, got %d", len(withFindings.Findings))
	}
	hasFix, hasReason := false, false
	for _, f := range withFindings.Findings {
		hasFix = hasFix || f.Fix != nil
		hasReason = hasReason || f.SuppressionReason != ""
	}
	if !hasFix || !hasReason {
		t.Fatalf("want a finding with a fix (%v) and a suppressed one with a reason (%v) in the sample", hasFix, hasReason)
	}
	withErrors := *withFindings
	withErrors.Errors = []error{errors.New("a.sql: cannot read: permission denied"), errors.New("b \"quoted\" <x>")}
	empty := &engine.Result{Files: 2, Statements: 0, Sources: withFindings.Sources}
	// Enough findings for several chunks encoded in parallel.
	many := *withFindings
	many.Findings = nil
	for i := 0; len(many.Findings) < 5000; i++ {
		f := withFindings.Findings[i%len(withFindings.Findings)]
		f.Message = fmt.Sprintf("%s (%d)", f.Message, i)
		many.Findings = append(many.Findings, f)
	}
	for name, res := range map[string]*engine.Result{"findings": withFindings, "errors": &withErrors, "empty": empty, "many": &many} {
		var got bytes.Buffer
		if err := JSON(&got, res); err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, res); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: JSON differs from the whole-value encoding:\n got %s\nwant %s", name, got.Bytes(), want)
		}
	}
}

// TestAppendFindingFixes: fixes of no, one and several edits, with
// characters JSON escapes, come out as encoding/json indents them.
func TestAppendFindingFixes(t *testing.T) {
	pos := func(l, c int) source.Position { return source.Position{Line: l, Column: c} }
	for _, fix := range []*JSONFix{
		{Title: "add CONCURRENTLY", Safe: true, Edits: []JSONEdit{}},
		{Title: "t", Edits: nil},
		{Title: "quote <\"x\"> & \u2028", Safe: false, Edits: []JSONEdit{{Start: pos(1, 2), End: pos(3, 40), NewText: "CONCURRENTLY "}}},
		{Title: "two", Safe: true, Edits: []JSONEdit{{Start: pos(1, 1), End: pos(1, 1), NewText: "BEGIN;\n\t"}, {Start: pos(12, 7), End: pos(120, 1), NewText: ""}}},
	} {
		f := JSONFinding{Path: "a.sql", Rule: "r", Code: "SR1", Severity: "error", Message: "m", Start: pos(1, 1), End: pos(1, 5), Fingerprint: "f", Fix: fix}
		got := appendFinding(nil, &f)
		want, err := json.MarshalIndent(&f, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("fix %q:\n got %s\nwant %s", fix.Title, got, want)
		}
	}
}

// FuzzAppendJSONString: appendJSONString quotes like encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c", "<tag> & </tag>", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "é✓𝄞", "\u2028\u2029", "\xff\xfe bad \xc3", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
