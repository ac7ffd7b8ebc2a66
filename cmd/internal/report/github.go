package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("github", GitHub) }

// githubSummaryPath returns the job summary file to append to ("" = none).
// It is a variable so tests can point it at a temporary file instead of the
// real summary when they themselves run inside GitHub Actions.
var githubSummaryPath = func() string { return os.Getenv("GITHUB_STEP_SUMMARY") }

// GitHub writes GitHub Actions workflow commands, one per unsuppressed
// finding:
//
//	::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=RULE: TITLE::MESSAGE
//
// Errors become ::error, warnings ::warning and info findings ::notice; the
// runner turns each into an annotation on the pull request's diff. col and
// endColumn (exclusive, like sqlreview's own end column) are given only for
// ranges on one line, since GitHub rejects columns on multi-line
// annotations. Suppressed findings are left out. Files that could not be
// read become ::error annotations too.
//
// When GITHUB_STEP_SUMMARY names a file (GitHub sets it in every step), a
// Markdown table of the findings and the totals is appended to it: GitHub
// shows only the first few annotations of each level per step, and the
// summary page lists them all without opening the log.
func GitHub(w io.Writer, res *engine.Result, opt Options) error {
	var b strings.Builder
	for _, f := range ciFindings(res) {
		props := []string{"file=" + githubProperty(Escape(ciPath(opt.Root, f.Path))), fmt.Sprintf("line=%d", f.Start.Line)}
		last := ciLastLine(f)
		if last != f.Start.Line {
			props = append(props, fmt.Sprintf("endLine=%d", last))
		} else {
			props = append(props, fmt.Sprintf("endLine=%d", last), fmt.Sprintf("col=%d", f.Start.Column))
			if f.End.Line == f.Start.Line && f.End.Column > f.Start.Column {
				props = append(props, fmt.Sprintf("endColumn=%d", f.End.Column))
			}
		}
		props = append(props, "title="+githubProperty(ciTitle(f.Rule)))
		msg := escapeCommandData(f.Message)
		if help := helpLine(f); help != "" {
			msg += "\n\nhelp: " + escapeCommandData(help)
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), githubData(msg))
	}
	for _, e := range ciErrors(res, opt.Root) {
		props := "title=" + githubProperty("sqlreview: cannot read file")
		if e.Path != "" {
			props = "file=" + githubProperty(Escape(e.Path)) + "," + props
		}
		fmt.Fprintf(&b, "::error %s::%s\n", props, githubData(escapeCommandData(e.Message)))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if path := githubSummaryPath(); path != "" {
		if err := appendFile(path, GitHubSummary(res, opt)); err != nil {
			return fmt.Errorf("appending the job summary to GITHUB_STEP_SUMMARY: %v", err)
		}
	}
	return nil
}

// GitHubSummary renders the Markdown appended to the job summary: a heading,
// the totals and verdict, and a table of the unsuppressed findings.
func GitHubSummary(res *engine.Result, opt Options) string {
	var b strings.Builder
	b.WriteString("### sqlreview\n\n")
	b.WriteString(markdownText(ciSummary(res)) + " " + ciGate(opt) + "\n\n")
	if len(res.Risk) > 0 {
		b.WriteString("| environment | risk | decided by |\n|---|---|---|\n")
		for _, r := range res.Risk {
			why := strings.Join(r.Reasons, "; ")
			if why == "" {
				why = "no risk rule matched"
			}
			fmt.Fprintf(&b, "| %s | **%s** | %s |\n", markdownText(orNone(r.Env)), r.Level, markdownText(why))
		}
		b.WriteString("\n")
	}
	findings := ciFindings(res)
	errs := ciErrors(res, opt.Root)
	if len(findings) == 0 && len(errs) == 0 {
		return b.String()
	}
	b.WriteString("| location | severity | rule | message |\n|---|---|---|---|\n")
	for _, f := range findings {
		fmt.Fprintf(&b, "| `%s:%d` | %s | `%s` | %s |\n", markdownCode(ciPath(opt.Root, f.Path)), f.Start.Line,
			f.Severity, f.Rule.Name, markdownText(f.Message))
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "| `%s` | error | | %s |\n", markdownCode(e.Path), markdownText(e.Message))
	}
	b.WriteString("\n")
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a workflow command's message the way @actions/core
// does, so the runner restores it exactly and a newline in it cannot start a
// command of its own.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a property value: ':' and ',' also delimit
// properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// markdownText makes s safe in a Markdown table cell: pipes would split the
// cell, newlines end the row, and '<' would start HTML (hiding `<stdin>`).
func markdownText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>").Replace(s)
}

// markdownCode makes s safe inside a code span in a table cell.
func markdownCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\r", " ", "\n", " ").Replace(s)
}

// appendFile appends text to path, creating it if needed; the job summary is
// shared by every step of a job, so it must never be truncated.
func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
