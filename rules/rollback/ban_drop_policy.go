package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropPolicy reports DROP POLICY and DROP RULE.
var BanDropPolicy = &rules.Rule{
	Code: "SR234", Name: "ban-drop-policy",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Dropping a row-level security policy or a rewrite rule",
		Why: "Dropping a permissive policy hides the rows it granted, dropping a restrictive one exposes rows it hid; dropping " +
			"a rewrite rule changes what inserts, updates, deletes or selects on its table actually do. Code that did not change " +
			"sees the difference, the previous release too after a rollback. Off by default. Policies and rules on tables " +
			"created earlier in the same file are not reported.",
		Bad:  "DROP POLICY IF EXISTS owner_only ON accounts;",
		Good: "CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE POLICY owner_only ON accounts USING (true);\nDROP POLICY owner_only ON accounts;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_POLICY: "policy", pg_query.ObjectType_OBJECT_RULE: "rule"},
			"update the clients that depend on it first")
	},
}
