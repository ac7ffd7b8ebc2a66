package safety

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// maxIdentBytes is NAMEDATALEN-1: PostgreSQL truncates longer identifiers.
const maxIdentBytes = 63

// IdentifierTooLong reports identifiers longer than 63 bytes.
var IdentifierTooLong = &rules.Rule{
	Code: "SR902", Name: "identifier-too-long",
	Category: rules.Statements, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Identifier longer than 63 bytes",
		Why: "PostgreSQL silently truncates identifiers to 63 bytes (with only a NOTICE). The object gets a different name than " +
			"the migration says, two long names that share their first 63 bytes collide, and code or later migrations that use " +
			"the full name refer to something else or fail. Bytes count, not characters: a non-ASCII name reaches the limit sooner. " +
			"Only names being defined are reported: a DROP or ALTER that names an existing over-long object is truncated exactly as its CREATE was, so it works, and shortening the name there would break it.",
		Bad:  "CREATE INDEX orders_customer_id_created_at_status_amount_currency_region_country_idx ON orders (customer_id);",
		Good: "CREATE INDEX orders_customer_created_status_idx ON orders (customer_id);\n-- An existing over-long name is truncated as at its CREATE: this drop works.\nDROP INDEX orders_customer_id_created_at_status_amount_currency_region_country_idx;",
	},
	Check: func(p *rules.Pass) {
		s := p.Stmt
		f := s.File()
		// What the statement defines is worked out at its first long
		// name: most statements have none.
		var defines map[string]bool
		only, known := false, false
		for _, t := range s.Tokens() {
			var name string
			switch t.Kind {
			case source.Ident:
				// PostgreSQL folds only ASCII letters of an unquoted
				// name, which keeps its length in bytes.
				if t.End-t.Start <= maxIdentBytes {
					continue
				}
				name = asciiLower(f.TokenText(t))
			case source.QuotedIdent:
				text := f.TokenText(t)
				if strings.HasPrefix(text, `"`) && strings.HasSuffix(text, `"`) && len(text) >= 2 {
					name = strings.ReplaceAll(text[1:len(text)-1], `""`, `"`)
				} else {
					continue // U&"..." and other spellings: not decoded here
				}
			default:
				continue
			}
			if len(name) <= maxIdentBytes {
				continue
			}
			if !known {
				defines, only = definedNames(s.Node)
				known = true
			}
			if !only || defines[truncate(name)] {
				p.Reportf(t.Start, t.End, "identifier %s is %d bytes long; PostgreSQL truncates it to 63 bytes (%s), so the object gets another name than written; shorten it",
					rules.Quote(name), len(name), rules.Quote(truncate(name)))
			}
		}
	},
}

// definedNames returns the names an ALTER or DROP statement gives to
// objects, with only set: its other identifiers name existing objects,
// which PostgreSQL truncates exactly as it did when it created them, so
// the statement works and shortening the name there would break it. For
// other statements only is false: every long identifier is reported.
func definedNames(n *pg_query.Node) (names map[string]bool, only bool) {
	names = map[string]bool{}
	switch x := n.GetNode().(type) {
	case *pg_query.Node_DropStmt:
		return names, true
	case *pg_query.Node_RenameStmt:
		names[x.RenameStmt.GetNewname()] = true
		return names, true
	case *pg_query.Node_AlterTableStmt:
		for _, c := range x.AlterTableStmt.GetCmds() {
			cmd := c.GetAlterTableCmd()
			if col := cmd.GetDef().GetColumnDef(); col != nil && cmd.GetSubtype() == pg_query.AlterTableType_AT_AddColumn {
				names[col.GetColname()] = true
				for _, cc := range col.GetConstraints() {
					names[cc.GetConstraint().GetConname()] = true
				}
			}
			if con := cmd.GetDef().GetConstraint(); con != nil {
				names[con.GetConname()] = true
				names[con.GetIndexname()] = true
			}
		}
		return names, true
	}
	return nil, false
}

// asciiLower folds A-Z to a-z and leaves every other byte, as PostgreSQL
// folds an unquoted identifier.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// truncate cuts name to 63 bytes without splitting a UTF-8 character, as
// PostgreSQL does.
func truncate(name string) string {
	n := maxIdentBytes
	for n > 0 && n < len(name) && name[n]&0xC0 == 0x80 {
		n--
	}
	return name[:n]
}
