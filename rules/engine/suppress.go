package engine

import (
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/source"
)

// suppression is one "sqlreview:ignore" comment.
type suppression struct {
	comment source.Token
	file    bool // ignore-file
	rules   []suppressedRule
	reason  string
	// stmt is the statement covered (-1 for file-wide or when none follows).
	stmt int
}

type suppressedRule struct {
	name string      // as written
	rule *rules.Rule // nil when unknown
	used bool
}

const (
	ignoreDirective     = "sqlreview:ignore"
	ignoreFileDirective = "sqlreview:ignore-file"
)

// parseSuppressions finds the suppression comments of a file and the
// statement each covers. Problems with them become findings via report.
func parseSuppressions(f *source.File, report func(r *rules.Rule, start, end int, msg string)) []*suppression {
	var out []*suppression
	for _, fd := range f.Directives() {
		if fd.Name != source.DirectiveIgnore && fd.Name != source.DirectiveIgnoreFile {
			continue
		}
		c := fd.Comment
		s := &suppression{comment: c, stmt: -1, file: fd.Name == source.DirectiveIgnoreFile, reason: fd.Reason}
		hasReason := fd.HasReason
		for _, arg := range fd.Args {
			n := arg.Text
			r := all.Lookup(n)
			if r == nil {
				report(all.Lookup("malformed-suppression"), c.Start, c.End, "unknown rule \""+n+"\" in suppression; run `sqlreview rules` for the list")
			}
			s.rules = append(s.rules, suppressedRule{name: n, rule: r})
		}
		switch {
		case len(s.rules) == 0:
			report(all.Lookup("malformed-suppression"), c.Start, c.End, "suppression names no rule; write `-- sqlreview:ignore RULE -- reason`")
			continue
		case !hasReason || s.reason == "":
			report(all.Lookup("malformed-suppression"), c.Start, c.End, "suppression gives no reason; add ` -- why it is safe` after the rule names")
		}
		if !s.file {
			s.stmt = coveredStatement(f, c)
		}
		out = append(out, s)
	}
	return out
}

// coveredStatement returns the statement a suppression comment covers: the
// statement on whose line the comment trails, or else the next statement.
func coveredStatement(f *source.File, c source.Token) int {
	lines := f.Lines()
	line := lines.Position(c.Start).Line
	lineStart := lines.LineStart(line - 1)
	ownLine := strings.TrimSpace(f.Text[lineStart:c.Start]) == ""
	prev := -1
	for _, s := range f.Statements {
		if s.Start > c.Start {
			if ownLine || prev < 0 {
				return s.Index
			}
			break
		}
		prev = s.Index
	}
	if ownLine || prev < 0 {
		return -1
	}
	p := f.Statements[prev]
	end := p.End
	if p.Semi >= 0 {
		end = p.Semi + 1
	}
	if c.Start < p.End || lines.Position(end).Line == line {
		return prev
	}
	if prev+1 < len(f.Statements) {
		return prev + 1
	}
	return -1
}

// suppress marks findings covered by suppressions; it returns the
// unused-suppression findings.
func suppress(f *source.File, sups []*suppression, findings []Finding) []rawFinding {
	for i := range findings {
		fd := &findings[i]
		if fd.Rule.Category == rules.Meta && fd.Rule.Name != "syntax-error" {
			continue
		}
		for _, s := range sups {
			if !s.file && (s.stmt < 0 || fd.stmt != s.stmt) {
				continue
			}
			for k := range s.rules {
				if s.rules[k].rule == fd.Rule {
					s.rules[k].used = true
					fd.Suppressed = true
					fd.SuppressionReason = s.reason
				}
			}
		}
	}
	var unused []rawFinding
	for _, s := range sups {
		for _, r := range s.rules {
			if r.rule != nil && !r.used {
				unused = append(unused, rawFinding{
					rule: all.Lookup("unused-suppression"), start: s.comment.Start, end: s.comment.End, stmt: -1, subject: r.rule, sup: s,
					msg: "suppression of " + r.rule.Name + " matches no finding; remove it",
				})
			}
		}
	}
	return unused
}

// removalFix builds the fix for the unused names of one suppression: the
// comment without them, or no comment at all (and no line, when the comment
// had it to itself) when none is left.
func removalFix(f *source.File, s *suppression, unused map[*rules.Rule]bool) *rules.Fix {
	var keep []string
	for _, r := range s.rules {
		if r.rule == nil || !unused[r.rule] {
			keep = append(keep, r.name)
		}
	}
	c := s.comment
	if len(keep) == 0 {
		start, end := c.Start, c.End
		lines := f.Lines()
		ln := lines.Position(start).Line
		lineStart := lines.LineStart(ln - 1)
		if strings.TrimSpace(f.Text[lineStart:start]) == "" && strings.TrimSpace(f.Text[end:lineEndOffset(f, end)]) == "" {
			// Alone on its line: remove the line.
			start, end = lineStart, lineEndOffset(f, end)
			if end < len(f.Text) && f.Text[end] == '\r' {
				end++
			}
			if end < len(f.Text) && f.Text[end] == '\n' {
				end++
			}
		} else {
			for start > lineStart && (f.Text[start-1] == ' ' || f.Text[start-1] == '\t') {
				start--
			}
		}
		return &rules.Fix{Title: "Remove the unused suppression", Safe: true, Edits: []rules.Edit{{Start: start, End: end}}}
	}
	directive := ignoreDirective
	if s.file {
		directive = ignoreFileDirective
	}
	text := directive + " " + strings.Join(keep, ", ")
	if s.reason != "" {
		text += " -- " + s.reason
	}
	if strings.HasPrefix(f.Text[c.Start:c.End], "/*") {
		text = "/* " + text + " */"
	} else {
		text = "-- " + text
	}
	return &rules.Fix{Title: "Remove the unused rule names from the suppression", Safe: true,
		Edits: []rules.Edit{{Start: c.Start, End: c.End, NewText: text}}}
}

// lineEndOffset returns the offset of the end of the line holding off,
// before its terminator.
func lineEndOffset(f *source.File, off int) int {
	for off < len(f.Text) && f.Text[off] != '\n' && f.Text[off] != '\r' {
		off++
	}
	return off
}
