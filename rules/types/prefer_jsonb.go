package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// PreferJsonb reports json columns.
var PreferJsonb = &rules.Rule{
	Code: "SR606", Name: "prefer-jsonb",
	Aliases:  []string{"preferJsonb"}, // postgres-language-server
	Category: rules.Types, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "json column instead of jsonb",
		Why: "json stores the input text and reparses it on every access; it has no equality operator (so no DISTINCT, GROUP BY " +
			"or UNION on it) and no GIN index support. jsonb is parsed once, indexable and comparable. Off by default: json is " +
			"the right choice when the exact input text — key order, duplicate keys, whitespace — must be kept.",
		Bad:       "CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);",
		Good:      "CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL);",
		FixSafety: "Writes jsonb in place of json. Safe for columns the statement creates; for ALTER COLUMN TYPE on an existing table it is unsafe (the table is rewritten and key order and duplicate keys are lost).",
	},
	Check: func(p *rules.Pass) {
		for _, c := range columns(p) {
			if baseName(c.typ) != "json" {
				continue
			}
			sp, ok := spanOf(p.Stmt, c.typ)
			if !ok {
				continue
			}
			p.Report(rules.Diagnostic{Start: sp.start, End: sp.end,
				Message: "column " + rules.Quote(c.name) + " is json, which is reparsed on every access, cannot be compared and has no GIN indexing; use jsonb",
				Fix:     &rules.Fix{Title: "Use jsonb", Safe: c.creating, Edits: []rules.Edit{{Start: sp.start, End: sp.end, NewText: "jsonb" + sp.array}}},
			})
		}
	},
}
