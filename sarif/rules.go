package sarif

import (
	"fmt"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sqlreview/sqlreview/internal/textsafe"
	"github.com/sqlreview/sqlreview/rules"
)

// maxDescription is GitHub's limit on shortDescription and fullDescription.
const maxDescription = 1024

// ruleDescriptor describes one rule for tool.driver.rules, from the same
// metadata `sqlreview explain` prints.
func ruleDescriptor(r *rules.Rule) *gosarif.ReportingDescriptor {
	short := truncate(firstNonEmpty(r.Doc.Title, r.Name))
	full := truncate(firstNonEmpty(r.Doc.Why, r.Doc.Title, r.Name))
	d := gosarif.NewRule(r.Name).
		WithName(r.Name).
		WithShortDescription(gosarif.NewMultiformatMessageString(short)).
		WithFullDescription(gosarif.NewMultiformatMessageString(full)).
		// The rule's own entry in the rule reference; the full text
		// travels in help.
		WithHelpURI(r.DocURL()).
		WithHelp(gosarif.NewMultiformatMessageString(helpText(r)).WithMarkdown(helpMarkdown(r))).
		WithDefaultConfiguration(gosarif.NewReportingConfiguration().WithLevel(level(r.Severity)))
	props := gosarif.Properties{
		"code":     r.Code,
		"category": string(r.Category),
		// GitHub filters alerts by tag; the category is the useful facet.
		"tags": []string{string(r.Category)},
		// Rules decide from the parse tree, not heuristics on text.
		"precision": "very-high",
		// Without this GitHub may treat results as security alerts; none of
		// our rules is about security.
		"problem.severity": problemSeverity(r.Severity),
	}
	if len(r.Aliases) > 0 {
		props["aliases"] = r.Aliases
	}
	d.WithProperties(props)
	return d
}

// problemSeverity is GitHub's non-security severity vocabulary.
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "recommendation"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// truncate keeps s within GitHub's description limit, cutting at a word
// boundary so a long rationale still reads as text.
func truncate(s string) string {
	if len(s) <= maxDescription {
		return s
	}
	cut := maxDescription - len("…")
	for cut > 0 && (s[cut]&0xC0) == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > maxDescription/2 {
		cut = i
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// helpText renders the rule documentation as plain text, in the layout of
// `sqlreview explain`.
func helpText(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n", r.Code, r.Name, r.Doc.Title)
	section := func(title, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n%s\n", title, indent(body))
	}
	section("Why", r.Doc.Why)
	section("Bad", r.Doc.Bad)
	section("Good", r.Doc.Good)
	section("Fix", r.Doc.FixSafety)
	fmt.Fprintf(&b, "\nSuppress with: -- sqlreview:ignore %s -- <reason>\n", r.Name)
	return b.String()
}

// helpMarkdown renders the rule documentation as Markdown; GitHub shows it
// instead of help.text.
func helpMarkdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (`%s`, %s)\n", mdEscape(r.Doc.Title), r.Code, r.Category)
	if why := strings.TrimSpace(r.Doc.Why); why != "" {
		fmt.Fprintf(&b, "\n%s\n", mdEscape(why))
	}
	sql := func(title, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		fence := textsafe.CodeFence(body)
		fmt.Fprintf(&b, "\n#### %s\n\n%ssql\n%s\n%s\n", title, fence, strings.TrimRight(body, "\n"), fence)
	}
	sql("Bad", r.Doc.Bad)
	sql("Good", r.Doc.Good)
	if fs := strings.TrimSpace(r.Doc.FixSafety); fs != "" {
		fmt.Fprintf(&b, "\n#### Fix\n\n%s\n", mdEscape(fs))
	}
	fmt.Fprintf(&b, "\n#### Suppress\n\n```sql\n-- sqlreview:ignore %s -- <reason>\n```\n\n"+
		"Run `sqlreview explain %s` for this text in a terminal.\n", r.Name, r.Name)
	return b.String()
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// mdEscape renders rule prose, which is plain text written for the
// terminal, literally: SQL in it (a_b_c, count(*), <type>) must not turn
// into emphasis, links or HTML.
func mdEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '`', '*', '_', '<', '>', '[', ']':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
