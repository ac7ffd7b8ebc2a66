package design

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// CharsetAllowlist limits database encodings.
var CharsetAllowlist = &rules.Rule{
	Code: "SR518", Name: "encoding-allowlist",
	Aliases:  []string{"system.charset.allowlist", "SYSTEM_CHARSET_ALLOWLIST"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Database encoding not in the allow-list",
		Why: "A database's encoding is fixed when it is created; a legacy single-byte encoding cannot store most of the world's text " +
			"and converting later means dumping and reloading. CREATE DATABASE ... ENCODING with an encoding outside `list` " +
			"(default UTF8; compared ignoring case) is reported.",
		Bad:  "CREATE DATABASE app ENCODING 'LATIN1';",
		Good: "CREATE DATABASE app ENCODING 'UTF8';",
	},
	Settings: map[string]any{"list": []string{"UTF8"}},
	Check:    checkCharsetAllowlist,
}

func checkCharsetAllowlist(p *rules.Pass) {
	cs := p.Stmt.Node.GetCreatedbStmt()
	if cs == nil {
		return
	}
	for _, o := range cs.GetOptions() {
		d := o.GetDefElem()
		if !strings.EqualFold(d.GetDefname(), "encoding") {
			continue
		}
		enc := defElemText(d)
		if enc == "" || inFold(enc, p.Strings("list")) {
			continue
		}
		start, end := p.Stmt.Start, p.Stmt.End
		if d.GetLocation() >= 0 {
			start = p.Stmt.Abs(d.GetLocation())
			end = optionEnd(p, start)
		}
		p.Reportf(start, end, "database %s uses encoding %s, which is not in the allowed list %v; use one of those", rules.Quote(cs.GetDbname()), rules.Quote(enc), p.Strings("list"))
	}
}

// defElemText returns a DefElem's value as text.
func defElemText(d *pg_query.DefElem) string {
	a := d.GetArg()
	switch {
	case a.GetString_() != nil:
		return a.GetString_().GetSval()
	case a.GetInteger() != nil:
		return strconv.Itoa(int(a.GetInteger().GetIval()))
	case a.GetTypeName() != nil:
		names := a.GetTypeName().GetNames()
		if len(names) > 0 {
			return names[len(names)-1].GetString_().GetSval()
		}
	}
	return ""
}

func inFold(s string, list []string) bool {
	for _, e := range list {
		if strings.EqualFold(strings.TrimSpace(e), s) {
			return true
		}
	}
	return false
}

// CollationAllowlist limits column collations.
var CollationAllowlist = &rules.Rule{
	Code: "SR519", Name: "collation-allowlist",
	Aliases:  []string{"system.collation.allowlist", "SYSTEM_COLLATION_ALLOWLIST"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column collation not in the allow-list",
		Why: "A collation decides sort order and equality of text; a column collated differently from the rest sorts and " +
			"joins inconsistently, and libc collations change between operating-system releases, corrupting indexes. A COLLATE " +
			"clause on a column (CREATE TABLE, ADD COLUMN, ALTER COLUMN ... TYPE) naming a collation outside `list` " +
			"(default C and POSIX) is reported.",
		Bad:  `CREATE TABLE users (id bigint PRIMARY KEY, name text COLLATE "en_US");`,
		Good: `CREATE TABLE users (id bigint PRIMARY KEY, name text COLLATE "C");`,
	},
	Settings: map[string]any{"list": []string{"C", "POSIX"}},
	Check:    checkCollationAllowlist,
}

func checkCollationAllowlist(p *rules.Pass) {
	for _, c := range typedColumns(p) {
		cc := c.def.GetCollClause()
		if cc == nil {
			continue
		}
		names := cc.GetCollname()
		if len(names) == 0 {
			continue
		}
		coll := names[len(names)-1].GetString_().GetSval()
		if inFold(coll, p.Strings("list")) {
			continue
		}
		start, end := c.start, c.end
		if cc.GetLocation() >= 0 {
			start = p.Stmt.Abs(cc.GetLocation())
			end = start
			toks := p.Stmt.Tokens()
			if i := p.Stmt.TokenIndex(start); i >= 0 && i+1 < len(toks) {
				end = p.Stmt.NameEndOffset(toks[i+1].Start)
			}
		}
		p.Reportf(start, end, "column %s of table %s uses collation %s, which is not in the allowed list %v; use one of those",
			rules.Quote(c.name), rules.RelName(c.table), rules.Quote(coll), p.Strings("list"))
	}
}

// CommentLength limits the length of comments.
var CommentLength = &rules.Rule{
	Code: "SR520", Name: "comment-maximum-length",
	Aliases:  []string{"system.comment.length", "SYSTEM_COMMENT_LENGTH"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Comment longer than the limit",
		Why: "Object comments are shown in every schema browser and `\\d+` listing; long ones clutter them, and belong in the " +
			"documentation. A COMMENT ON any object longer than `number` characters (default 64) is reported.",
		Bad:  "COMMENT ON TABLE orders IS 'Orders placed by customers, one row per checkout, including cancelled and refunded ones';",
		Good: "COMMENT ON TABLE orders IS 'Orders placed by customers';",
	},
	Settings: map[string]any{"number": 64},
	Check:    checkCommentMaxLength,
}

func checkCommentMaxLength(p *rules.Pass) {
	cs := p.Stmt.Node.GetCommentStmt()
	max := p.Int("number")
	if cs == nil || max <= 0 || runeLen(cs.GetComment()) <= max {
		return
	}
	start, end := commentRange(p.Stmt)
	p.Reportf(start, end, "this comment is %d characters long, more than %d; shorten it", runeLen(cs.GetComment()), max)
}

// optionEnd returns the end of a NAME [=] value option starting at start.
func optionEnd(p *rules.Pass, start int) int {
	s := p.Stmt
	toks := s.Tokens()
	j := s.TokenIndex(start) + 1
	if j < len(toks) && s.File().IsPunct(toks[j], '=') || j < len(toks) && s.File().TokenText(toks[j]) == "=" {
		j++
	}
	if j <= 0 || j >= len(toks) {
		return s.End
	}
	return toks[j].End
}
