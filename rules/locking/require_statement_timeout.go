package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireStatementTimeout reports a locking statement with no
// statement_timeout set.
var RequireStatementTimeout = &rules.Rule{
	Code: "SR114", Name: "require-statement-timeout",
	Aliases:  []string{"requireStatementTimeout"}, // Squawk kebab name is the rule name
	Category: rules.Locking, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Settings: map[string]any{"value": "5min"},
	Doc: rules.Doc{
		Title: "Blocking lock taken with no statement_timeout set",
		Why: "A statement holding a blocking lock keeps every other query on the table waiting for as long as it runs; a rewrite or " +
			"scan of a table larger than expected can hold it for hours. statement_timeout bounds that. The first statement of the " +
			"file that takes a blocking lock on an existing table before any SET statement_timeout is reported. Off by default: " +
			"`sqlreview rollout` and many migration runners set statement_timeout for every session.",
		Bad:       "ALTER TABLE users ADD COLUMN nickname text;",
		Good:      "SET statement_timeout = '5min';\nALTER TABLE users ADD COLUMN nickname text;",
		FixSafety: "Inserts SET statement_timeout (the `value` setting, 5min by default) before the statement. Marked unsafe: a long statement now fails instead of finishing.",
	},
	Check: func(p *rules.Pass) {
		requireTimeout(p, "statement_timeout", "nothing bounds how long it blocks the table")
	},
}
