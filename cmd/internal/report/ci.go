package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// Helpers shared by the CI formats (github, gitlab, bitbucket, azure, junit).
// Their names start with "ci" because other formats live in this package too.

// ciPath returns path relative to root with forward slashes: CI systems
// resolve annotation paths against the repository root, whatever directory
// sqlreview ran in. Paths outside root, and standard input, stay as given.
func ciPath(root, path string) string {
	if root == "" || path == engine.StdinPath || path == "" {
		return filepath.ToSlash(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// ciFindings returns the unsuppressed findings: a suppression is an accepted
// risk with a written reason, so CI annotations would only be noise.
func ciFindings(res *engine.Result) []engine.Finding {
	var out []engine.Finding
	for _, f := range res.Findings {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// ciReadError is an entry of Result.Errors, split into the file it names (""
// when the message does not follow the engine's "PATH: cannot read: CAUSE"
// shape) and the message.
type ciReadError struct {
	Path, Message string
}

// ciErrors splits res.Errors so formats that need a file (annotations, JUnit
// suites) can attach the error to it.
func ciErrors(res *engine.Result, root string) []ciReadError {
	var out []ciReadError
	for _, e := range res.Errors {
		msg := e.Error()
		re := ciReadError{Message: msg}
		if p, _, ok := strings.Cut(msg, ": cannot read: "); ok && p != "" {
			re.Path = ciPath(root, p)
			re.Message = re.Path + strings.TrimPrefix(msg, p)
		}
		out = append(out, re)
	}
	return out
}

// ciErrorID is a stable identifier for a read error (it has no finding
// fingerprint): GitLab and Bitbucket need one per entry.
func ciErrorID(e ciReadError) string {
	sum := sha256.Sum256([]byte("read-error\x00" + e.Message))
	return hex.EncodeToString(sum[:16])
}

// ciTotals counts what a run found, for summaries.
type ciTotals struct {
	bySeverity map[rules.Severity]int
	total      int
	files      int // files with at least one unsuppressed finding
	suppressed int
}

func ciCount(res *engine.Result) ciTotals {
	t := ciTotals{bySeverity: map[rules.Severity]int{}}
	files := map[string]bool{}
	for _, f := range res.Findings {
		if f.Suppressed {
			t.suppressed++
			continue
		}
		t.bySeverity[f.Severity]++
		t.total++
		files[f.Path] = true
	}
	t.files = len(files)
	return t
}

// ciSummary is the one-line outcome of a run, worded like the text format's
// summary line.
func ciSummary(res *engine.Result) string {
	t := ciCount(res)
	var s string
	if t.total == 0 {
		s = fmt.Sprintf("No problems found in %s (%s checked)", plural(res.Files, "file"), plural(res.Statements, "statement"))
	} else {
		var parts []string
		for _, sev := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
			if n := t.bySeverity[sev]; n > 0 {
				parts = append(parts, plural(n, sev.String()))
			}
		}
		s = fmt.Sprintf("Found %s in %d of %s (%s checked)", strings.Join(parts, ", "), t.files,
			plural(res.Files, "file"), plural(res.Statements, "statement"))
	}
	if t.suppressed > 0 {
		s += fmt.Sprintf("; %d suppressed", t.suppressed)
	}
	if n := len(res.Errors); n > 0 {
		s += fmt.Sprintf("; %s could not be read", plural(n, "file"))
	}
	return s + "."
}

// ciGate describes the merge-gate verdict.
func ciGate(opt Options) string {
	threshold := ""
	if opt.FailOn != "" {
		threshold = " (fail-on " + opt.FailOn + ")"
	}
	if opt.Failed {
		return "Merge gate: failed" + threshold + "."
	}
	return "Merge gate: passed" + threshold + "."
}

// ciTitle is a rule's name with its one-line title.
func ciTitle(r *rules.Rule) string {
	if r.Doc.Title == "" {
		return r.Name
	}
	return r.Name + ": " + r.Doc.Title
}

// ciLastLine is the last line a finding covers: a range that ends at the
// start of a line does not cover that line.
func ciLastLine(f engine.Finding) int {
	if f.End.Line > f.Start.Line && f.End.Column == 1 {
		return f.End.Line - 1
	}
	if f.End.Line < f.Start.Line {
		return f.Start.Line
	}
	return f.End.Line
}

// ciTruncate shortens s to at most max characters (not bytes: the APIs that
// limit lengths count characters), ending with "…" when cut.
func ciTruncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// ciFindingsText counts findings by severity: "12 findings (10 errors,
// 2 warnings)".
func ciFindingsText(fs []engine.Finding) string {
	by := map[rules.Severity]int{}
	for _, f := range fs {
		by[f.Severity]++
	}
	var parts []string
	for _, sev := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
		if n := by[sev]; n > 0 {
			parts = append(parts, plural(n, sev.String()))
		}
	}
	s := plural(len(fs), "finding")
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

// ciWhere names where every finding can be read: the platform's own place
// (a step's log; "" when it has none) and the run's full report files.
func ciWhere(own string, opt Options) string {
	var places []string
	if own != "" {
		places = append(places, own)
	}
	places = append(places, opt.FullReport...)
	switch len(places) {
	case 0:
		return "the text or JSON report of `sqlreview check` (--format text, --format json=FILE)"
	case 1:
		return places[0]
	}
	return strings.Join(places[:len(places)-1], ", ") + " and " + places[len(places)-1]
}
