package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

var dropFunctionKinds = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_FUNCTION:  "function",
	pg_query.ObjectType_OBJECT_PROCEDURE: "procedure",
	pg_query.ObjectType_OBJECT_ROUTINE:   "routine",
}

// BanDropFunction reports DROP FUNCTION, PROCEDURE and ROUTINE.
var BanDropFunction = &rules.Rule{
	Code: "SR231", Name: "ban-drop-function",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Dropping a function or procedure",
		Why: "Code that still calls the function or procedure fails with undefined_function (42883), the previous release " +
			"too after a rollback. Release code that no longer calls it first, then drop it in a later migration. IF EXISTS " +
			"does not make it safer.",
		Bad:  "DROP FUNCTION IF EXISTS order_total(bigint);",
		Good: "CREATE OR REPLACE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0';",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, dropFunctionKinds, "release code that no longer calls it first, then drop it in a later migration")
	},
}
