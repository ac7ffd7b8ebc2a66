package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// PreferTextField reports varchar(n) columns.
var PreferTextField = &rules.Rule{
	Code: "SR605", Name: "prefer-text-field",
	Aliases:  []string{"preferTextField"}, // postgres-language-server; Squawk uses the rule name
	Category: rules.Types, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "varchar(n) column instead of text",
		Why: "In PostgreSQL varchar(n) is text with a length check: it is not faster or smaller. Lowering the limit later " +
			"needs ALTER COLUMN TYPE, which scans (or rewrites) the table under an ACCESS EXCLUSIVE lock, while a CHECK " +
			"constraint on length() can be replaced NOT VALID without blocking. Off by default: raising a varchar limit is " +
			"instant, and many teams use varchar(n) deliberately as documentation.",
		Bad:       "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);",
		Good:      "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CHECK (length(email) <= 255));",
		FixSafety: "Writes text in place of varchar(n). Marked unsafe: the length limit is dropped; add a CHECK constraint if it matters.",
	},
	Check: func(p *rules.Pass) {
		for _, c := range columns(p) {
			if baseName(c.typ) != "varchar" || len(c.typ.GetTypmods()) == 0 {
				continue
			}
			sp, ok := spanOf(p.Stmt, c.typ)
			if !ok {
				continue
			}
			p.Report(rules.Diagnostic{Start: sp.start, End: sp.end,
				Message: "column " + rules.Quote(c.name) + " is varchar" + sp.mods + ", whose limit can only be lowered by a blocking ALTER COLUMN TYPE; use text with a CHECK on length()",
				Fix:     &rules.Fix{Title: "Use text", Edits: []rules.Edit{{Start: sp.start, End: sp.end, NewText: "text" + sp.array}}},
			})
		}
	},
}
