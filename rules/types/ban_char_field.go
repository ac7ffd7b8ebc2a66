package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanCharField reports char(n) / character(n) columns.
var BanCharField = &rules.Rule{
	Code: "SR603", Name: "ban-char-field",
	Aliases:  []string{"banCharField"}, // postgres-language-server; Squawk uses the rule name
	Category: rules.Types, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "char(n) column instead of text or varchar",
		Why: "char(n) pads every value with spaces to n characters, so it stores more, compares surprisingly (trailing spaces " +
			"are ignored in some operations and not in others) and is no faster than text in PostgreSQL. Use text, with a CHECK " +
			"on length() when a limit matters. Off by default: a style choice without a locking or correctness cost of its own.",
		Bad:       "CREATE TABLE countries (code char(2) PRIMARY KEY);",
		Good:      "CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2));",
		FixSafety: "Writes text in place of char(n). Marked unsafe: values are no longer padded, which changes comparisons and what the application reads back.",
	},
	Check: func(p *rules.Pass) {
		for _, c := range columns(p) {
			if baseName(c.typ) != "bpchar" {
				continue
			}
			sp, ok := spanOf(p.Stmt, c.typ)
			if !ok {
				continue
			}
			p.Report(rules.Diagnostic{Start: sp.start, End: sp.end,
				Message: "column " + rules.Quote(c.name) + " is char(n), which pads values with spaces; use text (with a CHECK on length() if the limit matters)",
				Fix:     &rules.Fix{Title: "Use text", Edits: []rules.Edit{{Start: sp.start, End: sp.end, NewText: "text" + sp.array}}},
			})
		}
	},
}
