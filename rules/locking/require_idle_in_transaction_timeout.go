package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireIdleInTransactionTimeout reports a locking statement with no
// idle_in_transaction_session_timeout set.
var RequireIdleInTransactionTimeout = &rules.Rule{
	Code: "SR115", Name: "require-idle-in-transaction-timeout",
	Aliases:  []string{"requireIdleInTransactionTimeout"}, // postgres-language-server
	Category: rules.Locking, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Settings: map[string]any{"value": "10s"},
	Doc: rules.Doc{
		Title: "Blocking lock taken with no idle_in_transaction_session_timeout set",
		Why: "Locks are held until the transaction ends. A migration runner that stalls or crashes between statements leaves its " +
			"session idle in transaction, holding the lock and blocking the table indefinitely. " +
			"idle_in_transaction_session_timeout ends such a session. The first statement of the file that takes a blocking " +
			"lock on an existing table before the setting is reported. Off by default, like the other timeout rules.",
		Bad:       "ALTER TABLE users ADD COLUMN nickname text;",
		Good:      "SET idle_in_transaction_session_timeout = '10s';\nALTER TABLE users ADD COLUMN nickname text;",
		FixSafety: "Inserts SET idle_in_transaction_session_timeout (the `value` setting) before the statement. Marked unsafe: a slow client between statements now loses its session.",
	},
	Check: func(p *rules.Pass) {
		requireTimeout(p, "idle_in_transaction_session_timeout", "a stalled session would hold the lock indefinitely")
	},
}
