// Package report renders engine results for people and tools: text with code
// frames, and the stable JSON contract.
package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/risk"
	"github.com/sqlreview/sqlreview/rules/source"
)

// JSONFinding is one finding in the JSON report.
type JSONFinding struct {
	Path              string          `json:"path"`
	Rule              string          `json:"rule"`
	Code              string          `json:"code"`
	Severity          string          `json:"severity"`
	Message           string          `json:"message"`
	Start             source.Position `json:"start"`
	End               source.Position `json:"end"`
	Suppressed        bool            `json:"suppressed"`
	SuppressionReason string          `json:"suppressionReason,omitempty"`
	Fingerprint       string          `json:"fingerprint"`
	Fix               *JSONFix        `json:"fix,omitempty"`
}

// JSONFix is a finding's automatic fix.
type JSONFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"`
	Edits []JSONEdit `json:"edits"`
}

// JSONEdit replaces the text between Start and End.
type JSONEdit struct {
	Start   source.Position `json:"start"`
	End     source.Position `json:"end"`
	NewText string          `json:"newText"`
}

// JSONReport is the whole JSON document.
type JSONReport struct {
	Findings   []JSONFinding `json:"findings"`
	Files      int           `json:"files"`
	Statements int           `json:"statements"`
	Errors     []string      `json:"errors,omitempty"`
}

// Options are what every report writer may use.
type Options struct {
	// Color enables ANSI colours (text, on a terminal only).
	Color bool
	// ShowSuppressed reports suppressed findings too (text; SARIF, as
	// results with suppressions).
	ShowSuppressed bool
	// Version is sqlreview's version.
	Version string
	// Root is the directory paths are reported relative to (the repository
	// root for CI formats); "" keeps paths as given.
	Root string
	// Category tells runs of several configurations apart (SARIF
	// automationDetails.id).
	Category string
	// Failed is the merge-gate verdict: some finding is at or above fail-on.
	Failed bool
	// FailOn is the threshold the verdict used.
	FailOn string
	// KeepFirst decides which findings a platform's cap keeps (annotations
	// per step, per report, a summary's size): those first by it. nil keeps
	// the most severe (keep.BySeverity).
	KeepFirst keep.Order
	// Elapsed is how long the run took (JUnit's time).
	Elapsed time.Duration
	// FullReport lists the files this run also writes with every finding
	// (text, JSON, JUnit, Code Quality): a capped format names them as
	// where to read what it left out.
	FullReport []string
	// Markdown is where the markdown report is posted; nil = the platform
	// the CI environment names (MarkdownTargetFromEnv).
	Markdown *MarkdownTarget
	// NewOnly says which findings a run limited to what is new reports
	// ("Files changed since the merge base with main"); "" = every finding.
	NewOnly string
	// RuleURL links a rule to its documentation; nil = no link.
	RuleURL func(r *rules.Rule) string
}

// Writer renders a result in one format.
type Writer func(w io.Writer, res *engine.Result, opt Options) error

var writers = map[string]Writer{
	"text": Text,
	"json": func(w io.Writer, res *engine.Result, _ Options) error { return JSON(w, res) },
}

// complete are the formats that list every finding, whatever the number:
// where a capped format sends its reader for what it left out.
var complete = map[string]bool{"text": true, "json": true, "junit": true, "gitlab": true}

// Complete reports whether the format lists every finding, with no
// platform cap.
func Complete(name string) bool { return complete[name] }

// Register adds a format; the CLI registers formats whose encoders live
// outside this package (SARIF).
func Register(name string, fn Writer) { writers[name] = fn }

// Lookup returns the writer of a format.
func Lookup(name string) (Writer, bool) {
	fn, ok := writers[name]
	return fn, ok
}

// Names lists the formats, sorted.
func Names() []string {
	var out []string
	for n := range writers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// JSON writes the stable JSON report: JSONReport, indented by two spaces.
// Findings are encoded one at a time (appendFinding) into a buffered
// writer: encoding and indenting the whole report as one value grew a
// buffer the size of the output several times, the largest cost of a run
// with many findings.
func JSON(w io.Writer, res *engine.Result) error {
	js := NewJSONStream(w)
	for i := range res.Findings {
		if err := js.Findings(res.Sources[res.Findings[i].Path], res.Findings[i:i+1]); err != nil {
			return err
		}
	}
	return js.End(res)
}

// JSONStream writes the JSON report of JSON while the check runs: findings
// as the engine emits them (engine.Options.Emit), then the counts, errors
// and risk once it is done. The output is byte for byte JSON's.
type JSONStream struct {
	bw      *bufio.Writer
	b       []byte // one encoded finding, reused
	started bool
}

// NewJSONStream starts a JSON report on w.
func NewJSONStream(w io.Writer) *JSONStream {
	return &JSONStream{bw: bufio.NewWriterSize(w, 64<<10)}
}

// Findings writes findings of the report, in report order; src is the file
// of those whose path it has (for the positions of fixes), or nil.
func (js *JSONStream) Findings(src *source.File, fs []engine.Finding) error {
	for i := range fs {
		f := &fs[i]
		s := src
		if s != nil && s.Path != f.Path {
			s = nil
		}
		jf := jsonFindingIn(s, f)
		js.b = appendFinding(js.b[:0], &jf)
		if js.started {
			js.bw.WriteString(",\n    ")
		} else {
			js.bw.WriteString("{\n  \"findings\": [\n    ")
			js.started = true
		}
		if _, err := js.bw.Write(js.b); err != nil {
			return err
		}
	}
	return nil
}

// End writes the rest of the report (res's counts, errors and risk) and
// flushes it.
func (js *JSONStream) End(res *engine.Result) error {
	bw := js.bw
	if js.started {
		bw.WriteString("\n  ],\n")
	} else {
		bw.WriteString("{\n  \"findings\": [],\n")
	}
	fmt.Fprintf(bw, "  \"files\": %d,\n  \"statements\": %d", res.Files, res.Statements)
	if len(res.Errors) > 0 {
		errs := make([]string, len(res.Errors))
		for i, e := range res.Errors {
			errs[i] = e.Error()
		}
		b, err := json.MarshalIndent(errs, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString(",\n  \"errors\": ")
		bw.Write(b)
	}
	if len(res.Risk) > 0 {
		b, err := json.MarshalIndent(res.Risk, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString(",\n  \"risk\": ")
		bw.Write(b)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// JSONFindings converts findings to their JSON shape (never nil), for every
// command that reports findings in JSON.
func JSONFindings(res *engine.Result) []JSONFinding {
	out := make([]JSONFinding, 0, len(res.Findings))
	for i := range res.Findings {
		out = append(out, jsonFinding(res, &res.Findings[i]))
	}
	return out
}

// jsonFinding is one finding in its JSON shape.
func jsonFinding(res *engine.Result, f *engine.Finding) JSONFinding {
	return jsonFindingIn(res.Sources[f.Path], f)
}

// jsonFindingIn is one finding of the file src (nil if unknown) in its
// JSON shape.
func jsonFindingIn(src *source.File, f *engine.Finding) JSONFinding {
	jf := JSONFinding{
		Path: f.Path, Rule: f.Rule.Name, Code: f.Rule.Code, Severity: f.Severity.String(), Message: f.Message,
		Start: f.Start, End: f.End, Suppressed: f.Suppressed, SuppressionReason: f.SuppressionReason,
		Fingerprint: f.Fingerprint,
	}
	if f.Fix != nil {
		jfix := &JSONFix{Title: f.Fix.Title, Safe: f.Fix.Safe, Edits: []JSONEdit{}}
		for _, e := range f.Fix.Edits {
			je := JSONEdit{NewText: e.NewText}
			if src != nil {
				je.Start, je.End = src.Position(e.Start), src.Position(e.End)
			}
			jfix.Edits = append(jfix.Edits, je)
		}
		jf.Fix = jfix
	}
	return jf
}

const (
	colRed    = "\x1b[31m"
	colYellow = "\x1b[33m"
	colBlue   = "\x1b[34m"
	colBold   = "\x1b[1m"
	colDim    = "\x1b[2m"
	colReset  = "\x1b[0m"
)

// Text writes findings as `path:line:col: severity: message [rule]`, each
// followed by a code frame and the rule's help, then a summary line.
func Text(w io.Writer, res *engine.Result, opt Options) error {
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + colReset
	}
	counts := map[rules.Severity]int{}
	files := map[string]bool{}
	suppressed := 0
	var b strings.Builder
	for _, f := range res.Findings {
		if f.Suppressed {
			suppressed++
			if !opt.ShowSuppressed {
				continue
			}
		} else {
			counts[f.Severity]++
			files[f.Path] = true
		}
		sevCol := colBlue
		switch f.Severity {
		case rules.Error:
			sevCol = colRed
		case rules.Warning:
			sevCol = colYellow
		}
		sev := f.Severity.String()
		if f.Suppressed {
			sev = "suppressed " + sev
		}
		fmt.Fprintf(&b, "%s: %s: %s %s\n",
			paint(colBold, fmt.Sprintf("%s:%d:%d", EscapeLineStart(f.Path), f.Start.Line, f.Start.Column)),
			paint(sevCol, sev), Escape(f.Message), paint(colDim, "["+f.Rule.Name+"]"))
		if src := res.Sources[f.Path]; src != nil && src.Problem == nil {
			frame(&b, src, f, func(s string) string { return paint(sevCol, s) })
		}
		if help := helpLine(f); help != "" {
			fmt.Fprintf(&b, "     = %s %s\n", paint(colBold, "help:"), Escape(help))
		}
		b.WriteString("\n")
	}
	total := counts[rules.Error] + counts[rules.Warning] + counts[rules.Info]
	var parts []string
	for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
		if n := counts[s]; n > 0 {
			parts = append(parts, plural(n, s.String()))
		}
	}
	summary := ""
	if total == 0 {
		summary = fmt.Sprintf("No problems found in %s (%s checked)", plural(res.Files, "file"), plural(res.Statements, "statement"))
	} else {
		// A finding may be on a file that was not checked (a migration
		// deleted since the base revision): it still counts as a file.
		summary = fmt.Sprintf("Found %s in %s of %s (%s checked)", strings.Join(parts, ", "), plural(len(files), "file"),
			fmt.Sprint(max(res.Files, len(files))), plural(res.Statements, "statement"))
	}
	if suppressed > 0 {
		summary += fmt.Sprintf("; %d suppressed", suppressed)
	}
	b.WriteString(paint(colBold, summary) + ".\n")
	// Low risk is the normal case: the text report names the risk only
	// where it asks for care (JSON, SARIF and the job summary always do).
	for _, r := range res.Risk {
		if r.Level > risk.Low {
			b.WriteString(Escape(riskLine(r)) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// riskLine is the risk of the checked files in one environment:
// "Risk in prod: high: drop-existing-column (m/2.sql:1)".
func riskLine(r risk.EnvAssessment) string {
	if r.Env == "" {
		return "Risk: " + r.Text()
	}
	return "Risk in " + r.Env + ": " + r.Text()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// helpLine returns the rule's fix title, or the first sentence of its
// rationale, with the command that explains the rule.
func helpLine(f engine.Finding) string {
	help := helpText(f)
	if help == "" {
		return ""
	}
	return help + " (" + explainCommand(f) + ")"
}

// helpText is helpLine without the command.
func helpText(f engine.Finding) string {
	if f.Fix != nil && f.Fix.Title != "" {
		return f.Fix.Title
	}
	why := f.Rule.Doc.Why
	if i := strings.Index(why, ". "); i > 0 {
		why = why[:i+1]
	}
	return why
}

// explainCommand is the command that explains a finding's rule, as code.
func explainCommand(f engine.Finding) string { return "`sqlreview explain " + f.Rule.Name + "`" }

// frame prints the lines of the finding's range (at most 3) with the range
// underlined.
func frame(b *strings.Builder, src *source.File, f engine.Finding, paint func(string) string) {
	lines := src.Lines()
	last := f.End.Line
	if f.End.Column == 1 && last > f.Start.Line {
		last-- // a range ending at a line start does not cover that line
	}
	if last-f.Start.Line > 2 {
		last = f.Start.Line + 2
	}
	width := len(fmt.Sprint(last))
	for ln := f.Start.Line; ln <= last; ln++ {
		text := strings.ReplaceAll(lines.LineText(ln), "\t", " ")
		fmt.Fprintf(b, " %*d | %s\n", width, ln, Escape(text))
		from, to := 1, utf8.RuneCountInString(text)+1
		if ln == f.Start.Line {
			from = f.Start.Column
		}
		if ln == f.End.Line {
			to = f.End.Column
		}
		// The carets stand under the escaped text.
		from, to = escapedColumn(text, from), escapedColumn(text, to)
		if to <= from {
			to = from + 1
		}
		fmt.Fprintf(b, " %*s | %s%s\n", width, "", strings.Repeat(" ", from-1), paint(strings.Repeat("^", to-from)))
	}
}

// escapedColumn is where column col (1-based, in characters) of text
// stands once text is escaped.
func escapedColumn(text string, col int) int {
	prefix := text
	for i := range text {
		if col--; col == 0 {
			prefix = text[:i]
			break
		}
	}
	if col > 0 {
		return utf8.RuneCountInString(Escape(text)) + col
	}
	return utf8.RuneCountInString(Escape(prefix)) + 1
}
