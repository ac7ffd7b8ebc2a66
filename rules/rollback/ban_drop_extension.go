package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropExtension reports DROP EXTENSION.
var BanDropExtension = &rules.Rule{
	Code: "SR230", Name: "ban-drop-extension",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Dropping an extension",
		Why: "DROP EXTENSION removes every function, type, operator and table the extension installed (and, with CASCADE, " +
			"the columns and indexes that use them). Code that calls them fails, the previous release too after a rollback. " +
			"Move the code off the extension first, then drop it in a later migration. IF EXISTS does not make it safer.",
		Bad:  "DROP EXTENSION IF EXISTS hstore;",
		Good: "CREATE EXTENSION IF NOT EXISTS hstore;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_EXTENSION: "extension"},
			"move clients off its objects first, then drop it in a later migration")
	},
}
