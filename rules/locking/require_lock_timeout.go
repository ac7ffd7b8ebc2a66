package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireLockTimeout reports a locking statement with no lock_timeout set.
var RequireLockTimeout = &rules.Rule{
	Code: "SR113", Name: "require-lock-timeout",
	Aliases: []string{
		"require-timeout-settings", // Squawk's deprecated rule, split into require-lock-timeout and require-statement-timeout
		"lockTimeoutWarning",       // postgres-language-server
	},
	Category: rules.Locking, Severity: rules.Warning, Default: false, Fix: rules.FixAlways,
	Settings: map[string]any{"value": "2s"},
	Doc: rules.Doc{
		Title: "Blocking lock taken with no lock_timeout set",
		Why: "A statement waiting for a lock joins the lock queue, and every later query on the table queues behind it: an ALTER TABLE " +
			"that waits one minute for a long-running SELECT blocks all reads and writes of the table for that minute, even when the " +
			"ALTER itself takes milliseconds. With lock_timeout the migration gives up instead and can be retried. The first " +
			"statement of the file that takes a blocking lock on an existing table before any SET lock_timeout is reported. " +
			"Off by default: `sqlreview rollout` and many migration runners set lock_timeout for every session; turn it on when yours does not.",
		Bad:       "ALTER TABLE users ADD COLUMN nickname text;",
		Good:      "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;",
		FixSafety: "Inserts SET lock_timeout (the `value` setting, 2s by default) before the statement. Marked unsafe: the migration can then fail on a busy table and must be retried.",
	},
	Check: func(p *rules.Pass) {
		requireTimeout(p, "lock_timeout", "while it waits for the lock, every later query on the table queues behind it")
	},
}
