package report

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("github", GitHub) }

// githubSummaryPath returns the job summary file to append to ("" = none).
// It is a variable so tests can point it at a temporary file instead of the
// real summary when they themselves run inside GitHub Actions.
var githubSummaryPath = func() string { return os.Getenv("GITHUB_STEP_SUMMARY") }

// GitHub's limits on what a step shows.
const (
	// GitHubAnnotationsPerLevel is how many annotations of each level
	// (error, warning, notice) GitHub shows per step; it drops the rest
	// silently (and shows at most 50 per job).
	GitHubAnnotationsPerLevel = 10
	// GitHubSummaryMax is the size of a step's job summary GitHub accepts;
	// above it the whole summary is dropped.
	GitHubSummaryMax = 1 << 20
)

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
// GitHub shows GitHubAnnotationsPerLevel annotations of each level per
// step and drops the others without a word. So no more are written: the
// ones Options.KeepFirst puts first (the most severe by default) are
// annotations, the others plain lines of the log, and one ::notice says
// how many were left out and where they all are.
//
// When GITHUB_STEP_SUMMARY names a file (GitHub sets it in every step), a
// Markdown table of the findings and the totals is appended to it, within
// GitHubSummaryMax (see GitHubSummary).
func GitHub(w io.Writer, res *engine.Result, opt Options) error {
	var b strings.Builder
	findings := ciFindings(res)
	errs := ciErrors(res, opt.Root)
	annotate, left := githubAnnotated(findings, len(errs), opt.KeepFirst)
	for i, f := range findings {
		if annotate[i] {
			b.WriteString(githubAnnotation(f, opt))
		}
	}
	for _, e := range errs {
		props := "title=" + githubProperty("sqlreview: cannot read file")
		if e.Path != "" {
			props = "file=" + githubProperty(Escape(e.Path)) + "," + props
		}
		fmt.Fprintf(&b, "::error %s::%s\n", props, githubData(escapeCommandData(e.Message)))
	}
	if len(left) > 0 {
		// The log keeps what the annotations cannot: plain lines, which
		// the runner does not read as commands.
		for _, f := range left {
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", EscapeLineStart(ciPath(opt.Root, f.Path)), f.Start.Line, f.Start.Column,
				f.Severity, Escape(f.Message), f.Rule.Name)
		}
		fmt.Fprintf(&b, "::notice title=%s::%s\n", githubProperty("sqlreview: "+plural(len(left), "finding")+" not annotated"),
			githubData(githubLeftOut(left, opt)))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if path := githubSummaryPath(); path != "" {
		if err := appendSummary(path, res, opt); err != nil {
			return fmt.Errorf("appending the job summary to GITHUB_STEP_SUMMARY: %v", err)
		}
	}
	return nil
}

// githubAnnotated chooses the findings that become annotations, at most
// GitHubAnnotationsPerLevel of each level, by order; readErrors ::error
// annotations come first. When some are left out, one notice slot is kept
// for the line that says so.
func githubAnnotated(findings []engine.Finding, readErrors int, order keep.Order) (annotate []bool, left []engine.Finding) {
	levels := []string{"error", "warning", "notice"}
	byLevel := make([][]int, len(levels))
	for i, f := range findings {
		l := slices.Index(levels, githubLevel(f.Severity))
		byLevel[l] = append(byLevel[l], i)
	}
	budget := []int{GitHubAnnotationsPerLevel - readErrors, GitHubAnnotationsPerLevel, GitHubAnnotationsPerLevel}
	overflow := false
	for l, idx := range byLevel {
		overflow = overflow || len(idx) > budget[l]
	}
	if overflow {
		budget[2]-- // the notice that says what was left out
	}
	annotate = keep.MarkGroups(findings, byLevel, budget, order)
	for i, f := range findings {
		if !annotate[i] {
			left = append(left, f)
		}
	}
	return annotate, left
}

// githubAnnotation is the workflow command of one finding.
func githubAnnotation(f engine.Finding, opt Options) string {
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
	return fmt.Sprintf("::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), githubData(msg))
}

// githubLeftOut is the notice about findings beyond the annotation limit.
func githubLeftOut(left []engine.Finding, opt Options) string {
	return fmt.Sprintf("%s are not annotated: GitHub shows at most %d error, %d warning and %d notice annotations per step (50 per job) "+
		"and drops the rest. Every finding is in %s.", ciFindingsText(left),
		GitHubAnnotationsPerLevel, GitHubAnnotationsPerLevel, GitHubAnnotationsPerLevel, ciWhere("this step's log", opt))
}

// appendSummary appends the job summary within what is left of the step's
// GitHubSummaryMax (an earlier command of the step may have written some).
func appendSummary(path string, res *engine.Result, opt Options) error {
	used := int64(0)
	if st, err := os.Stat(path); err == nil {
		used = st.Size()
	}
	return appendFile(path, githubSummary(res, opt, GitHubSummaryMax-int(used)))
}

// GitHubSummary renders the Markdown appended to the job summary: a heading,
// the totals and verdict, and a table of the unsuppressed findings, within
// GitHubSummaryMax bytes.
func GitHubSummary(res *engine.Result, opt Options) string {
	return githubSummary(res, opt, GitHubSummaryMax)
}

// githubSummary is GitHubSummary within budget bytes. When the table would
// not fit, it keeps the rows of the findings Options.KeepFirst puts first
// (in report order) and ends with a line saying how many it left out and
// where they are.
func githubSummary(res *engine.Result, opt Options, budget int) string {
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
	const header = "| location | severity | rule | message |\n|---|---|---|---|\n"
	var errRows strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&errRows, "| `%s` | error | | %s |\n", markdownCode(e.Path), markdownText(e.Message))
	}
	rows := make([]string, len(findings))
	size := b.Len() + len(header) + errRows.Len() + len("\n")
	for i, f := range findings {
		rows[i] = fmt.Sprintf("| `%s:%d` | %s | `%s` | %s |\n", markdownCode(ciPath(opt.Root, f.Path)), f.Start.Line,
			f.Severity, f.Rule.Name, markdownText(f.Message))
		size += len(rows[i])
	}
	shown := make([]bool, len(findings))
	var left []engine.Finding
	if size <= budget {
		for i := range shown {
			shown[i] = true
		}
	} else {
		// Room for the closing line, whose counts have at most this
		// many digits.
		room := budget - (size - rowsLen(rows)) - len(githubSummaryLeftOut(findings, opt))
		for _, i := range keep.Indexes(findings, opt.KeepFirst) {
			if len(rows[i]) > room {
				break
			}
			room -= len(rows[i])
			shown[i] = true
		}
		for i, f := range findings {
			if !shown[i] {
				left = append(left, f)
			}
		}
	}
	b.WriteString(header)
	for i := range findings {
		if shown[i] {
			b.WriteString(rows[i])
		}
	}
	b.WriteString(errRows.String())
	b.WriteString("\n")
	if len(left) > 0 {
		b.WriteString(githubSummaryLeftOut(left, opt))
	}
	return b.String()
}

// githubSummaryLeftOut is the summary's line about rows left out.
func githubSummaryLeftOut(left []engine.Finding, opt Options) string {
	return markdownText(fmt.Sprintf("%s are not in this table: GitHub drops a job summary above 1 MiB per step. Every finding is in %s.",
		ciFindingsText(left), ciWhere("this step's log", opt))) + "\n\n"
}

func rowsLen(rows []string) int {
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	return n
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
