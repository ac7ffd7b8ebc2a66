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
	Doc: rules.Doc{
		Title: "Dropping a function or procedure",
		Why: "Code that still calls the function or procedure fails with undefined_function (42883), the previous release " +
			"too after a rollback. Release code that no longer calls it first, then drop it in a later migration. IF EXISTS " +
			"does not make it safer. A function the replay knows RETURNS trigger (or event_trigger) is not reported: only triggers call it, and PostgreSQL refuses the drop while one does.",
		Bad:  "DROP FUNCTION IF EXISTS order_total(bigint);",
		Good: "CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;\n-- a later migration: only triggers called it\nDROP TRIGGER orders_touch ON orders;\nDROP FUNCTION touch_updated_at();",
	},
	Check: func(p *rules.Pass) {
		checkDropExcept(p, dropFunctionKinds, "release code that no longer calls it first, then drop it in a later migration", func(obj *pg_query.Node) bool {
			// Only triggers call a trigger function, and PostgreSQL refuses
			// to drop it while a trigger uses it.
			schema, name := qualName(objectNames(obj))
			return p.Catalog.IsTriggerFunction(schema, name)
		})
	},
}
