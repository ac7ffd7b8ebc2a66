// Package naming holds the naming-convention rules (Bytebase's naming.*):
// table, column and key names checked against a configurable pattern, with
// {{table}}, {{column_list}}, {{referencing_table}}, … templates, a maximum
// length, and schema-qualified object references.
package naming

import (
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Template tokens of key naming formats, as Bytebase spells them.
const (
	tokTable        = "{{table}}"
	tokColumnList   = "{{column_list}}"
	tokRefingTable  = "{{referencing_table}}"
	tokRefingColumn = "{{referencing_column}}"
	tokRefedTable   = "{{referenced_table}}"
	tokRefedColumn  = "{{referenced_column}}"
)

// defaultMaxLength is Bytebase's default maximum identifier length.
const defaultMaxLength = 64

// formatRE compiles a naming format with its template tokens replaced by
// vars (quoted, so a table name is matched literally). It returns nil when
// the format is not a valid regular expression.
func formatRE(format string, vars map[string]string) *regexp.Regexp {
	for k, v := range vars {
		format = strings.ReplaceAll(format, k, regexp.QuoteMeta(v))
	}
	return rules.Regexp(format)
}

// suggestion derives a conforming name from a template format such as
// `^$|^pk_{{table}}_{{column_list}}$`: the last alternative without anchors,
// with the tokens filled in; "" when the result would not match.
func suggestion(format string, vars map[string]string, re *regexp.Regexp) string {
	alts := strings.Split(format, "|")
	s := strings.TrimSuffix(strings.TrimPrefix(alts[len(alts)-1], "^"), "$")
	for k, v := range vars {
		s = strings.ReplaceAll(s, k, v)
	}
	if s == "" || strings.ContainsAny(s, `\[](){}*+?^$|`) || !re.MatchString(s) {
		return ""
	}
	return s
}

// checkName reports name when it does not match the rule's format or is
// longer than its maxLength. what is the kind of object ("table", "primary
// key") and of says whose it is (` of table "t"`, or "").
func checkName(p *rules.Pass, name, what, of string, vars map[string]string, start, end int) {
	if name == "" {
		return
	}
	format := p.String("format")
	if re := formatRE(format, vars); re != nil && !re.MatchString(name) {
		msg := what + " " + rules.Quote(name) + of + " does not match the naming convention " + rules.Quote(re.String())
		if s := suggestion(format, vars, re); s != "" {
			msg += "; name it " + rules.Quote(s)
		} else {
			msg += "; rename it to match"
		}
		p.Reportf(start, end, "%s", msg)
	}
	if max := p.Int("maxLength"); max > 0 && len(name) > max {
		p.Reportf(start, end, "%s %s%s is %d characters long, more than the naming convention's %d; use a shorter name", what, rules.Quote(name), of, len(name), max)
	}
}

// lastToken returns the range of the statement's last token: the new name
// of ALTER ... RENAME ... TO name.
func lastToken(s *source.Statement) (int, int) {
	toks := s.Tokens()
	if len(toks) == 0 {
		return s.Start, s.End
	}
	t := toks[len(toks)-1]
	return t.Start, t.End
}

// nameRange returns the range of the (possibly qualified) name at a RangeVar.
func nameRange(s *source.Statement, rv *pg_query.RangeVar) (int, int) {
	if rv.GetLocation() < 0 {
		return s.Start, s.End
	}
	start := s.Abs(rv.GetLocation())
	return start, s.NameEndOffset(start)
}
