package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

var dropViewKinds = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_VIEW:    "view",
	pg_query.ObjectType_OBJECT_MATVIEW: "materialized view",
}

// BanDropView reports DROP VIEW and DROP MATERIALIZED VIEW of an existing
// view.
var BanDropView = &rules.Rule{
	Code: "SR237", Name: "ban-drop-view",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a view or materialized view",
		Why: "Queries against a dropped view fail with undefined_table (42P01) in code that still uses it, the previous " +
			"release's too after a rollback. Release code that no longer reads it first, then drop it in a later migration. IF " +
			"EXISTS does not make it safer; views created earlier in the same file are not reported.",
		Bad:  "DROP VIEW IF EXISTS active_accounts;",
		Good: "CREATE VIEW recent_orders AS SELECT 1 AS id;\nDROP VIEW recent_orders;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, dropViewKinds, "release code that no longer reads it first, then drop it in a later migration")
	},
}
