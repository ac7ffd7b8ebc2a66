package report

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/internal/textsafe"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("markdown", Markdown) }

// Comment size limits, in characters, of one pull request comment. GitHub
// and GitLab document theirs; Bitbucket and Azure DevOps do not, and these
// are the limits their APIs answer with ("less than 32768 characters", "A
// discussion comment cannot be longer than 150000 characters"). Characters
// are counted in UTF-16 code units, the most any of them counts.
const (
	GitHubCommentMax    = 65536
	GitLabCommentMax    = 1000000
	BitbucketCommentMax = 32767
	AzureCommentMax     = 150000
)

// MarkdownTarget is where a Markdown report is posted.
type MarkdownTarget struct {
	// Platform names it in the report ("GitHub"); "" outside CI.
	Platform string
	// MaxChars is the comment size limit (UTF-16 code units).
	MaxChars int
	// HTML: the platform renders <details> (Bitbucket renders no HTML, so
	// its details are shown open).
	HTML bool
	// FileURL links lines first..last of path (relative to the repository
	// root, with slashes) at the commit under review; nil = no links.
	FileURL func(path string, first, last int) string
}

// MarkdownTargetFromEnv returns the target of the CI platform the
// environment names (each platform sets its own variables in every job),
// with links to the commit under review; outside CI, GitHub's limit and no
// links.
func MarkdownTargetFromEnv(getenv func(string) string) MarkdownTarget {
	switch {
	case getenv("GITHUB_ACTIONS") == "true":
		base := strings.TrimSuffix(getenv("GITHUB_SERVER_URL"), "/") + "/" + getenv("GITHUB_REPOSITORY") + "/blob/" + getenv("GITHUB_SHA") + "/"
		return MarkdownTarget{Platform: "GitHub", MaxChars: GitHubCommentMax, HTML: true, FileURL: func(p string, first, last int) string {
			return base + escapePath(p) + fmt.Sprintf("#L%d-L%d", first, last)
		}}
	case getenv("GITLAB_CI") == "true":
		base := strings.TrimSuffix(getenv("CI_PROJECT_URL"), "/") + "/-/blob/" + getenv("CI_COMMIT_SHA") + "/"
		return MarkdownTarget{Platform: "GitLab", MaxChars: GitLabCommentMax, HTML: true, FileURL: func(p string, first, last int) string {
			return base + escapePath(p) + fmt.Sprintf("#L%d-%d", first, last)
		}}
	case getenv("BITBUCKET_BUILD_NUMBER") != "":
		base := "https://bitbucket.org/" + getenv("BITBUCKET_REPO_FULL_NAME") + "/src/" + getenv("BITBUCKET_COMMIT") + "/"
		return MarkdownTarget{Platform: "Bitbucket", MaxChars: BitbucketCommentMax, FileURL: func(p string, first, last int) string {
			return base + escapePath(p) + fmt.Sprintf("#lines-%d:%d", first, last)
		}}
	case getenv("TF_BUILD") == "True" || getenv("TF_BUILD") == "true":
		base := strings.TrimSuffix(getenv("SYSTEM_COLLECTIONURI"), "/") + "/" + url.PathEscape(getenv("SYSTEM_TEAMPROJECT")) +
			"/_git/" + url.PathEscape(getenv("BUILD_REPOSITORY_NAME"))
		version := getenv("BUILD_SOURCEVERSION")
		return MarkdownTarget{Platform: "Azure DevOps", MaxChars: AzureCommentMax, HTML: true, FileURL: func(p string, first, last int) string {
			q := url.Values{"path": {"/" + p}, "version": {"GC" + version}, "line": {fmt.Sprint(first)}, "lineEnd": {fmt.Sprint(last + 1)},
				"lineStartColumn": {"1"}, "lineEndColumn": {"1"}, "lineStyle": {"plain"}, "_a": {"contents"}}
			return base + "?" + q.Encode()
		}}
	}
	return MarkdownTarget{MaxChars: GitHubCommentMax, HTML: true}
}

// escapePath escapes each segment of a slash-separated path for a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// Markdown writes the report posted as one pull request comment: a heading
// (the first line, which the example pipelines use to find and update
// their comment), the verdict and totals, a table of findings by rule and
// severity, then each finding with a link to its lines and, collapsed, its
// code frame and help. Findings are listed in the order a capped report
// keeps them (Options.KeepFirst: what the pull request changed, then severity). The whole comment stays
// within the target's size limit: findings that do not fit are counted in a
// last line that says where the full report is.
func Markdown(w io.Writer, res *engine.Result, opt Options) error {
	target := MarkdownTargetFromEnv(os.Getenv)
	if opt.Markdown != nil {
		target = *opt.Markdown
	}
	_, err := io.WriteString(w, markdownReport(res, opt, target))
	return err
}

func markdownReport(res *engine.Result, opt Options, target MarkdownTarget) string {
	findings := ciFindings(res)
	findings = keep.Sorted(findings, opt.KeepFirst)
	head := markdownHead(res, opt)
	table := markdownRuleTable(findings, opt)
	errs := markdownReadErrors(res, opt)
	findingsHeading := "#### Findings\n\n"
	if opt.NewOnly != "" {
		findingsHeading = "#### New findings\n\n" + markdownInline(opt.NewOnly) + ".\n\n"
	}
	// The footer is sized for the most findings it may have to count.
	budget := target.MaxChars - commentLen(head) - commentLen(errs) - commentLen(findingsHeading) -
		commentLen(markdownFooter(len(findings), len(findings), target))
	if commentLen(table) <= budget {
		budget -= commentLen(table)
	} else {
		table = ""
	}
	var body strings.Builder
	shown := 0
	for i := range findings {
		block := markdownFinding(res, &findings[i], opt, target)
		n := commentLen(block)
		if n > budget {
			break
		}
		budget -= n
		body.WriteString(block)
		shown++
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(table)
	b.WriteString(errs)
	if len(findings) > 0 {
		b.WriteString(findingsHeading)
		b.WriteString(body.String())
	}
	if shown < len(findings) {
		b.WriteString(markdownFooter(len(findings)-shown, len(findings), target))
	}
	out := b.String()
	if commentLen(out) > target.MaxChars {
		// Only a limit smaller than the heading and read errors gets here.
		out = cutToLen(out, target.MaxChars)
	}
	return out
}

// markdownHead is the heading, then the verdict and the totals.
func markdownHead(res *engine.Result, opt Options) string {
	title := "### sqlreview"
	if opt.Category != "" {
		title += ": " + markdownInline(opt.Category)
	}
	return title + "\n\n**" + ciGate(opt) + "** " + markdownInline(ciSummary(res)) + "\n\n"
}

// markdownRuleTable counts the findings by rule and severity, rules with
// the most severe findings first.
func markdownRuleTable(findings []engine.Finding, opt Options) string {
	if len(findings) == 0 {
		return ""
	}
	type row struct {
		rule   *rules.Rule
		counts [3]int // error, warning, info
	}
	byName := map[string]*row{}
	var rows []*row
	var total [3]int
	for _, f := range findings {
		r := byName[f.Rule.Name]
		if r == nil {
			r = &row{rule: f.Rule}
			byName[f.Rule.Name] = r
			rows = append(rows, r)
		}
		col := severityColumn(f.Severity)
		r.counts[col]++
		total[col]++
	}
	sort.SliceStable(rows, func(i, j int) bool {
		for c := 0; c < 3; c++ {
			if rows[i].counts[c] != rows[j].counts[c] {
				return rows[i].counts[c] > rows[j].counts[c]
			}
		}
		return rows[i].rule.Name < rows[j].rule.Name
	})
	var b strings.Builder
	b.WriteString("| rule | errors | warnings | info |\n|---|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", markdownRule(r.rule, opt), r.counts[0], r.counts[1], r.counts[2])
	}
	fmt.Fprintf(&b, "| **total** | %d | %d | %d |\n\n", total[0], total[1], total[2])
	return b.String()
}

func severityColumn(s rules.Severity) int {
	switch s {
	case rules.Error:
		return 0
	case rules.Warning:
		return 1
	}
	return 2
}

// markdownRule is a rule's name as code, linked to its documentation.
func markdownRule(r *rules.Rule, opt Options) string {
	name := "`" + markdownCode(r.Name) + "`"
	if opt.RuleURL != nil {
		if u := opt.RuleURL(r); u != "" {
			return "[" + name + "](" + u + ")"
		}
	}
	return name
}

// markdownReadErrors lists the files that could not be read.
func markdownReadErrors(res *engine.Result, opt Options) string {
	errs := ciErrors(res, opt.Root)
	if len(errs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("#### Files that could not be read\n\n")
	for _, e := range errs {
		b.WriteString("- " + markdownInline(ciTruncate(e.Message, 1000)) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// markdownFrameMax is the longest code frame a finding shows (a frame of
// three very long lines would fill a comment on its own).
const markdownFrameMax = 2000

// markdownFinding is one finding: severity, location (linked), message and
// rule, then its code frame and help, collapsed where HTML renders.
func markdownFinding(res *engine.Result, f *engine.Finding, opt Options, target MarkdownTarget) string {
	path := ciPath(opt.Root, f.Path)
	loc := markdownInline(fmt.Sprintf("%s:%d:%d", path, f.Start.Line, f.Start.Column))
	if target.FileURL != nil && f.Path != engine.StdinPath {
		loc = "[" + loc + "](" + target.FileURL(path, f.Start.Line, ciLastLine(*f)) + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s: %s (%s)\n\n", f.Severity, loc, markdownInline(ciTruncate(f.Message, 1000)), markdownRule(f.Rule, opt))
	var frameText strings.Builder
	if src := res.Sources[f.Path]; src != nil && src.Problem == nil {
		frame(&frameText, src, *f, func(s string) string { return s })
	}
	code := frameText.String()
	if len(code) > markdownFrameMax {
		code = ""
	}
	help := helpText(*f)
	if code == "" && help == "" {
		return b.String()
	}
	if target.HTML {
		b.WriteString("<details><summary>Code and help</summary>\n\n")
	}
	if code != "" {
		fence := textsafe.CodeFence(code)
		b.WriteString(fence + "\n" + code + fence + "\n\n")
	}
	if help != "" {
		b.WriteString(markdownInline(help) + " (" + explainCommand(*f) + ")\n\n")
	}
	if target.HTML {
		b.WriteString("</details>\n\n")
	}
	return b.String()
}

// markdownFooter says how many findings are not shown, and where they are.
func markdownFooter(omitted, total int, target MarkdownTarget) string {
	where := "this comment"
	if target.Platform != "" {
		where = "a " + target.Platform + " comment"
	}
	return fmt.Sprintf("**%d of %d findings are not shown**: %s holds at most %d characters. The job's log and its other reports list them all.\n",
		omitted, total, where, target.MaxChars)
}

// markdownInline makes user content plain text in Markdown: control
// characters are escaped (Escape), characters that would start markup are
// backslash-escaped, and '<', '>' and '&' become entities so no HTML or
// entity is interpreted; line breaks become spaces.
func markdownInline(s string) string {
	s = Escape(s)
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '#', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// commentLen is the length of s as the platforms count it, in UTF-16 code
// units (Azure DevOps counts .NET string length; the others count
// characters, never more).
func commentLen(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// cutToLen cuts s to at most n UTF-16 code units.
func cutToLen(s string, n int) string {
	used := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if used+w > n {
			return s[:i]
		}
		used += w
	}
	return s
}
